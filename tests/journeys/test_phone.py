"""The owner's path on a 390×844 touch phone in Debian's Chromium: the home, lesson 01
answered by tapping and typing, its exercise corrected alone, and lesson 06's plan downloaded;
on every screen, computed in the page, nothing past the right edge, no two options drawn over
each other, no label cut, and every radio, check box, button and drop-down at least 44×44 px.

Screenshots go to build/capturas/telefono-*.png (kept as test artefacts)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from support.pages import (
    PHONE,
    SHOTS,
    assert_fits,
    assert_spanish_and_codeless,
    axe,
    ready,
    serious,
    serve,
    stop,
)

pytestmark = pytest.mark.browser

LESSON = "01-despersonalizar-la-critica"
EXERCISE = f"exercises/{LESSON}/ejercicio-{LESSON}.ipynb"


def shot(target, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    target.screenshot(path=str(SHOTS / f"telefono-{name}.png"))


def test_an_owner_on_a_phone(course, browser, tmp_path):
    proc, base = serve(course, tmp_path / "casa")
    try:
        context = browser.new_context(**PHONE)
        page = context.new_page()
        page.goto(base + "/")
        page.wait_for_url("**/voila/render/lessons/inicio.ipynb", timeout=30_000)
        ready(page)
        assert_fits(page, "home")
        assert_spanish_and_codeless(page, "home")
        shot(page, "01-inicio")
        page.locator(".curso-barra, #rendered_cells").first.wait_for()
        table = page.locator("table").first
        if table.count():
            shot(table, "02-inicio-tabla")

        page.get_by_role("link", name="Despersonalizar la crítica").first.tap()
        page.wait_for_url(f"**/voila/render/lessons/{LESSON}.ipynb", timeout=30_000)
        ready(page)
        page.wait_for_selector(".widget-radio-box[role=radiogroup] input[name]")
        assert_fits(page, "lesson 01")
        assert_spanish_and_codeless(page, "lesson 01")

        # a long single-choice question: tap the text of an option, not the tiny circle
        question = page.locator(".curso-pregunta", has=page.locator(".widget-radio-box")).first
        question.scroll_into_view_if_needed()
        option = question.locator(".widget-radio-box label").nth(1)
        option.tap()
        expect(option.locator("input")).to_be_checked()
        expect(question.locator(".curso-estado")).to_contain_text("Guardado", timeout=20_000)
        assert_fits(page, "lesson 01, answered")
        shot(question, "03-leccion-01-una-opcion")

        # multiple choice: whole labels, each a finger-sized target
        several = page.locator(".curso-pregunta", has=page.locator(".widget-checkbox")).first
        several.scroll_into_view_if_needed()
        box = several.locator(".widget-checkbox .widget-label-basic").first
        box.tap()
        expect(box.locator("input")).to_be_checked()
        shot(several, "04-leccion-01-varias")

        text = page.locator(".curso-pregunta", has_text="quejas recibe tu negocio").locator(
            "textarea"
        )
        text.scroll_into_view_if_needed()
        text.tap()
        text.fill("Nos dicen que tardamos en servir los sábados.")
        page.locator(".curso-pregunta", has_text="quejas recibe tu negocio").get_by_role(
            "button", name="Guardar"
        ).tap()
        expect(
            page.locator(".curso-pregunta", has_text="quejas recibe tu negocio").locator(
                ".curso-estado"
            )
        ).to_contain_text("Guardado", timeout=20_000)

        # the exercise, corrected by one person alone
        page.goto(f"{base}/voila/render/{EXERCISE}")
        ready(page)
        page.wait_for_selector(".widget-dropdown select")
        assert_fits(page, "exercise 01")
        for select in page.locator(".widget-dropdown select").all()[:4]:
            select.scroll_into_view_if_needed()
            select.select_option(index=1)
        page.get_by_role("button", name="Corregir mi ejercicio").tap()
        result = page.locator(".curso-autocorreccion")
        expect(result).to_contain_text("Tu resultado", timeout=60_000)
        expect(result).to_contain_text("Valora tu respuesta")
        body = page.inner_text("body")
        assert not re.search(r"formador|Entregar a mi|lo corregirá|Assignments", body), "alone"
        assert_fits(page, "exercise 01, corrected")
        assert not serious(axe(page)), "the self-check's result passes axe"
        shot(result, "05-ejercicio-01-corregido")

        # lesson 06: the plan, downloaded with a finger
        page.goto(f"{base}/voila/render/lessons/06-mi-plan.ipynb")
        ready(page)
        assert_fits(page, "lesson 06")
        assert_spanish_and_codeless(page, "lesson 06")
        download = page.get_by_role("button", name="Descargar mi plan (PDF)")
        download.scroll_into_view_if_needed()
        box = download.bounding_box()
        assert box["height"] >= 44 and box["width"] <= PHONE["viewport"]["width"]
        assert download.evaluate("b => b.scrollWidth <= b.clientWidth + 1"), "label not cut"
        download.tap()
        link = page.get_by_role("link", name="mi-plan.pdf")
        expect(link).to_be_visible(timeout=60_000)
        shot(page.locator(".curso-estado", has=link), "06-mi-plan-listo")
        page.get_by_role("button", name="Obtener mi certificado").scroll_into_view_if_needed()
        shot(page.get_by_role("button", name="Obtener mi certificado"), "07-certificado-boton")
        assert_fits(page, "lesson 06, plan ready")
        context.close()
    finally:
        stop(proc)
