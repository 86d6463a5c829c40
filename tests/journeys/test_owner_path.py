"""The owner's whole path in a real browser, as `make curso` starts it (`curso abrir`, Voilà):
open the home, open lesson 01 by clicking, answer by clicking and typing, close everything,
start again "the next day" with a new server and find the answers there, with nothing to run;
then build the plan in lesson 06 and download it. On every screen: no English word of the
interface, no code. Screenshots of each step go to build/capturas/ (kept as test artefacts).

Debian's Chromium through Playwright (the CHROMIUM executable; never downloads a browser).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from course_utils.core.store import answers_path, read_answers
from support.pages import SHOTS, assert_spanish_and_codeless, ready, serve, stop, wait_for

pytestmark = pytest.mark.browser

LESSON = "01-despersonalizar-la-critica"
TYPED = "Nos dicen que tardamos en servir los sábados <b>y</b> que la terraza está sucia."


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_owner_answers_today_and_finds_everything_tomorrow(course, browser, tmp_path):
    answers_file = answers_path(LESSON, course / "lessons")
    # --- day 1 -------------------------------------------------------------------------------
    proc, base = serve(course, tmp_path / "dia1")
    try:
        context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="es-ES")
        page = context.new_page()
        page.goto(base + "/")
        page.wait_for_url("**/voila/render/lessons/inicio.ipynb", timeout=30_000)
        ready(page)
        expect(page.get_by_text("Empieza por aquí")).to_be_visible()
        assert page.title().startswith("Inicio")
        shot(page, "01-inicio")
        assert_spanish_and_codeless(page, "home")

        page.get_by_role("link", name="Despersonalizar la crítica").first.click()
        page.wait_for_url(f"**/voila/render/lessons/{LESSON}.ipynb", timeout=30_000)
        ready(page)
        assert page.title() == "Lección 01 · Despersonalizar la crítica"
        shot(page, "02-leccion-01")
        assert_spanish_and_codeless(page, "lesson 01")

        first = page.locator(".widget-radio-box").first
        first.scroll_into_view_if_needed()
        first.locator("input[type=radio]").nth(1).check()
        box = page.locator(".curso-pregunta", has_text="quejas recibe tu negocio").locator(
            "textarea"
        )
        box.scroll_into_view_if_needed()
        box.fill(TYPED)
        box.blur()
        saved = wait_for(
            lambda: _answers_with(
                answers_file,
                lambda a: (
                    any(
                        isinstance(r.get("value"), str) and "terraza" in r["value"]
                        for r in a.values()
                    )
                    and len(a) >= 2
                ),
            ),
            "the click and the text in the answers file",
        )
        shot(page, "03-leccion-01-respondida")
        assert_spanish_and_codeless(page, "lesson 01 answered")
        context.close()
    finally:
        stop(proc)
    chosen = [
        qid
        for qid, r in saved.items()
        if not isinstance(r.get("value"), str) or "terraza" not in r["value"]
    ]
    assert chosen, saved

    # --- day 2: a new server, a new browser session ----------------------------------------
    proc, base = serve(course, tmp_path / "dia2")
    try:
        context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="es-ES")
        page = context.new_page()
        page.goto(base + "/")
        page.wait_for_url("**/inicio.ipynb", timeout=30_000)
        ready(page)
        expect(page.get_by_text("Sigue por aquí")).to_be_visible()
        expect(page.get_by_role("row", name=re.compile("Despersonalizar")).first).to_contain_text(
            "En curso: 2 de"
        )
        shot(page, "04-inicio-dia-2")
        assert_spanish_and_codeless(page, "home, day 2")
        page.get_by_role("link", name="Despersonalizar la crítica").first.click()
        ready(page)
        first = page.locator(".widget-radio-box").first
        first.scroll_into_view_if_needed()
        expect(first.locator("input[type=radio]").nth(1)).to_be_checked()
        box = page.locator(".curso-pregunta", has_text="quejas recibe tu negocio").locator(
            "textarea"
        )
        expect(box).to_have_value(TYPED)
        shot(page, "05-leccion-01-dia-2")
        assert_spanish_and_codeless(page, "lesson 01, day 2")

        # --- lesson 06: the plan, with what was answered, downloaded as a PDF ---------------
        page.get_by_role("link", name="Mi plan").first.click()
        page.wait_for_url("**/voila/render/lessons/06-mi-plan.ipynb", timeout=30_000)
        ready(page)
        part = page.locator("details", has=page.locator("summary", has_text="Comentarios y"))
        part.first.evaluate("element => { element.open = true; }")
        expect(page.get_by_text("tardamos en servir los sábados").first).to_be_visible()
        shot(page, "06-mi-plan")
        assert_spanish_and_codeless(page, "lesson 06")
        page.get_by_role("button", name="Descargar mi plan (PDF)").click()
        link = page.get_by_role("link", name="mi-plan.pdf")
        expect(link).to_be_visible(timeout=60_000)
        shot(page, "07-plan-listo")
        with page.expect_download(timeout=30_000) as download:
            link.click()
        pdf = tmp_path / "descargado.pdf"
        download.value.save_as(pdf)
        context.close()
    finally:
        stop(proc)
    assert read_answers(answers_file)[0] == saved, "reopening changed nothing"
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Plan de redes sociales" in text
    assert "tardamos en servir los sábados" in " ".join(text.split()), text[:2000]
    for number, picture in enumerate(_pdf_pictures(pdf), start=1):
        shutil.copy(picture, SHOTS / f"08-plan-pagina-{number}.png")


def _pdf_pictures(pdf: Path) -> list[Path]:
    """The plan's pages as PNG (pdftoppm, when the machine has it) for the closing note."""
    if not shutil.which("pdftoppm"):
        return []
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(pdf.with_suffix(""))], check=True)
    return sorted(pdf.parent.glob(pdf.stem + "-*.png"))


def _answers_with(path: Path, predicate):
    answers, problem = read_answers(path)
    return answers if not problem and predicate(answers) else None
