"""Every page an owner opens (the home, each lesson, each exercise) passes axe-core with no
critical and no serious finding, on a desktop and at a 390×844 phone's width, in Debian's Chromium; and
lesson 01 is answered with the keyboard alone: one Tab stop per radio group, arrows inside.

axe-core comes from the npm registry (package.json, installed by `npm ci`). The table of
findings per page is written to build/capturas/axe.md for the closing note."""

from __future__ import annotations

import pytest

from support import ROOT, copy_course
from support.pages import AXE, DESKTOP, PHONE, axe, serious, start_pages, stop

pytestmark = pytest.mark.browser

PAGES = (
    ["lessons/inicio"]
    + [f"lessons/{p.stem}" for p in sorted((ROOT / "lessons").glob("0*.ipynb"))]
    + [
        f"exercises/{p.parent.name}/{p.stem}"
        for p in sorted((ROOT / "exercises").glob("*/*.ipynb"))
    ]
)
FOUND: dict[tuple[str, str], list[dict]] = {}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make .venv/.instalado-test does)")
    root = copy_course(tmp_path_factory.mktemp("a11y") / "curso")
    home = tmp_path_factory.mktemp("a11y-home")
    proc, base, _log = start_pages(root, home)
    yield base
    stop(proc)
    _write_table()


def _open(browser, base: str, path: str, profile: dict):
    context = browser.new_context(**profile)
    page = context.new_page()
    page.goto(f"{base}/voila/render/{path}.ipynb")
    page.wait_for_selector("#loading", state="detached", timeout=120_000)
    page.wait_for_selector("#rendered_cells", state="visible", timeout=30_000)
    # every widget drawn and given its names by the page's script
    page.wait_for_function(
        "() => document.querySelector('.jupyter-widgets.lm-Widget') && "
        "!document.querySelector('.widget-radio-box:not([role])') && "
        "!document.querySelector('.widget-radio-box input:not([name])') && "
        "!document.querySelector('.jp-RenderedImage img:not([alt])')",
        timeout=30_000,
    )
    return context, page


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.split("/")[-1])
def test_no_critical_or_serious_finding(served, browser, path):
    """axe on the desktop, then on the same page narrowed to the phone's 390×844: the course's
    layout changes with the width alone (its CSS has only max-width queries), so one run of
    the page's kernel serves both. tests/journeys/test_phone.py and test_month_path.py walk the
    owner's path on a fully emulated touch phone."""
    name = path.split("/")[-1]
    context, page = _open(browser, served, path, DESKTOP)
    try:
        assert page.evaluate("document.documentElement.lang") == "es"
        FOUND[(name, "escritorio")] = axe(page)
        page.set_viewport_size(PHONE["viewport"])
        page.wait_for_function(f"() => window.innerWidth === {PHONE['viewport']['width']}")
        FOUND[(name, "movil")] = axe(page)
    finally:
        context.close()
    bad = {device: serious(FOUND[(name, device)]) for device in ("escritorio", "movil")}
    assert bad == {"escritorio": [], "movil": []}, {
        device: [(v["id"], v["impact"], v["nodes"], v["where"]) for v in found]
        for device, found in bad.items()
    }


def test_lesson_01_with_the_keyboard_alone(served, browser):
    """Tab reaches the first single-choice question in one stop per control, the arrows
    answer it (saved, and said), and Tab goes on to a text box that takes typing."""
    context, page = _open(browser, served, "lessons/01-despersonalizar-la-critica", DESKTOP)
    page.wait_for_selector(".widget-radio-box input[name]")
    page.wait_for_selector(".widget-textarea textarea")
    try:
        stops = []
        for _ in range(80):
            page.keyboard.press("Tab")
            stops.append(
                page.evaluate(
                    """() => { const e = document.activeElement;
                       const group = e.closest('.widget-radio-box');
                       return { tag: e.tagName, type: e.type || '', text: (e.textContent || '').slice(0, 30),
                                group: group ? group.dataset.grupo : '',
                                ring: getComputedStyle(e).outlineWidth }; }"""
                )
            )
            if stops[-1]["tag"] == "INPUT" and stops[-1]["type"] == "radio":
                break
        first = stops[-1]
        assert first["type"] == "radio" and len(stops) <= 4, [
            (s["tag"], s.get("text")) for s in stops
        ]  # after the two links
        assert float(first["ring"].rstrip("px")) >= 3, "a visible focus ring"
        page.keyboard.press("ArrowDown")
        group = page.locator(f".widget-radio-box[data-grupo='{first['group']}']")
        card = page.locator(".curso-pregunta", has=group)
        page.wait_for_function(
            "g => document.querySelectorAll(`.widget-radio-box[data-grupo='${g}'] "
            "input:checked`).length === 1",
            arg=first["group"],
        )
        status = card.locator(".curso-estado")
        assert status.get_attribute("aria-live") == "polite"
        status.filter(has_text="Guardado").wait_for(timeout=20_000)
        # on to the first text box: every radio group is one stop, never one per option
        groups = []
        for _ in range(120):
            page.keyboard.press("Tab")
            now = page.evaluate(
                """() => { const e = document.activeElement; const g = e.closest('.widget-radio-box');
                   return { tag: e.tagName, group: g ? g.dataset.grupo : '' }; }"""
            )
            if now["group"]:
                groups.append(now["group"])
            if now["tag"] == "TEXTAREA":
                break
        assert now["tag"] == "TEXTAREA", "Tab reaches a text box"
        assert len(groups) == len(set(groups)), "a radio group is one Tab stop"
        page.keyboard.type("Tardamos en servir los sábados.")
        assert page.evaluate("document.activeElement.value") == "Tardamos en servir los sábados."
    finally:
        context.close()


def _write_table() -> None:
    if not FOUND:
        return
    lines = [
        "| Página | Dispositivo | Críticos | Graves | Moderados | Menores |",
        "|---|---|---|---|---|---|",
    ]
    for (name, device), found in sorted(FOUND.items()):
        count = {
            k: sum(v["nodes"] for v in found if v["impact"] == k)
            for k in ("critical", "serious", "moderate", "minor")
        }
        lines.append(
            f"| {name} | {device} | {count['critical']} | {count['serious']} | "
            f"{count['moderate']} | {count['minor']} |"
        )
    out = ROOT / "build" / "capturas"
    out.mkdir(parents=True, exist_ok=True)
    (out / "axe.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
