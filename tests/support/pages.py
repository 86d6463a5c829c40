"""Pages in tests: the owner's Voilà pages started as `curso abrir` starts them, fetched and read
(titles, foreign loads); and checks computed inside a real page for the phone and accessibility
tests: content past the screen's edge, boxes of controls that scroll sideways, option labels drawn
over each other, labels that cut their text, touch targets under 44 px, and axe-core's findings
(axe-core from node_modules, `npm ci`)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

from support import ROOT, free_port

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
    "locale": "es-ES",
}
DESKTOP = {"viewport": {"width": 1200, "height": 900}, "locale": "es-ES"}
# The controls a finger must hit: what is clicked is the label around a radio or a check box.
TARGETS = (
    ".widget-radio-box label, .widget-checkbox .widget-label-basic, "
    "button:not([disabled]), select, .curso-barra a"
)

# A box that scrolls sideways hides what is past its edge: content "past the edge" inside it is
# not past the screen's, so the box itself is the fault. ipywidgets' own 2 px margins around a
# full-width text box make a box scroll by 4 px, which hides nothing; 8 px is a real overflow.
# Tables are left to scroll inside their own box (the template gives them a keyboard stop and
# tells a screen reader to slide).
SCROLL_SLACK = 8

LAYOUT_JS = """([targets, slack]) => {
  const width = document.documentElement.clientWidth;
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none";
  };
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o === "auto" || o === "scroll" || o === "hidden") {
        const r = a.getBoundingClientRect();
        if (r.right <= width + 1) { return true; }
      }
    }
    return false;
  };
  const name = (el) => (el.className && el.className.toString().slice(0, 60)) + " «" +
    (el.innerText || el.value || "").trim().slice(0, 50) + "»";
  const out = { pageWidth: document.documentElement.scrollWidth, width: width,
                pastEdge: [], scrolls: [], overlapping: [], cut: [], small: [] };
  for (const el of document.querySelectorAll("#rendered_cells *, .curso-barra *")) {
    if (!visible(el)) { continue; }
    const r = el.getBoundingClientRect();
    if (r.right > width + 1 && !clipped(el)) { out.pastEdge.push(el.tagName + " " + name(el)); }
    const o = getComputedStyle(el).overflowX;
    if ((o === "auto" || o === "scroll") && el.scrollWidth > el.clientWidth + slack &&
        !el.closest("table")) {
      out.scrolls.push(name(el) + " " + el.scrollWidth + "/" + el.clientWidth + " px");
    }
  }
  const groups = document.querySelectorAll(".widget-radio-box, .curso-pregunta");
  for (const group of groups) {
    const labels = Array.from(group.querySelectorAll(
      ":scope > label, :scope .widget-checkbox .widget-label-basic")).filter(visible);
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) {
        const a = labels[i].getBoundingClientRect(), b = labels[j].getBoundingClientRect();
        const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (x > 1 && y > 1) { out.overlapping.push(name(labels[i]) + " / " + name(labels[j])); }
      }
    }
  }
  const labels = document.querySelectorAll(
    ".widget-radio-box label, .widget-checkbox .widget-label-basic, " +
    ".widget-checkbox .widget-label-basic span, .widget-label, button, .widget-html-content");
  for (const el of labels) {
    if (!visible(el)) { continue; }
    if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) {
      const s = getComputedStyle(el);
      if (s.overflow !== "visible" || s.textOverflow === "ellipsis") { out.cut.push(name(el)); }
    }
  }
  for (const el of document.querySelectorAll(targets)) {
    if (!visible(el)) { continue; }
    const r = el.getBoundingClientRect();
    if (r.height < 44 - 0.5 || r.width < 44 - 0.5) {
      out.small.push(name(el) + " " + Math.round(r.width) + "×" + Math.round(r.height));
    }
  }
  return out;
}"""


def layout(page) -> dict:
    """What is past the edge, overlapping, cut or too small on the page as drawn now."""
    return page.evaluate(LAYOUT_JS, [TARGETS, SCROLL_SLACK])


def assert_fits(page, where: str) -> None:
    found = layout(page)
    assert found["pageWidth"] <= found["width"], f"{where}: the page scrolls sideways {found}"
    for key, what in (
        ("pastEdge", "past the screen's right edge"),
        ("scrolls", "boxes of controls that scroll sideways"),
        ("overlapping", "option labels drawn over each other"),
        ("cut", "labels that cut their text"),
        ("small", "touch targets under 44×44 px"),
    ):
        assert not found[key], f"{where}: {what}: {found[key][:8]}"


def axe(page) -> list[dict]:
    """axe-core's WCAG 2.2 A/AA violations on the page: [{id, impact, nodes, help}]."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=Path(AXE).read_text(encoding="utf-8"))
    return page.evaluate(
        """async () => {
          const result = await axe.run(document, {
            runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                             "wcag22aa", "best-practice"] },
            resultTypes: ["violations"] });
          return result.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.length,
            where: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " " +
                                                 (n.failureSummary || "").slice(0, 160)) }));
        }"""
    )


def serious(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in ("critical", "serious")]


# Voilà app pages as `curso abrir` serves them: started, fetched, read.
CURSO = Path(sys.executable).parent / "curso"


def page_title(page: str) -> str:
    """The tab title the course template sets (a JSON string in a script)."""
    found = re.search(r"document\.title = (\".*?\");</script>", page)
    return json.loads(found.group(1)) if found else ""


_URL = re.compile(r"""(?:https?|wss?):(?://|\\/\\/)[^\s"'<>)\\]+""")


class _Loads(HTMLParser):
    """Every URL a page makes its browser load: attributes (src, link href, srcset, poster,
    data, style…) and the text of its scripts and styles. A link the reader may click
    (<a href>, the lesson's «Fuentes») and an SVG's namespace names are not loads."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._tag = ""

    def handle_starttag(self, tag, attrs):
        self._tag = tag
        for name, value in attrs:
            if not value or (tag == "a" and name == "href"):
                continue
            if name.startswith("xmlns") or name.startswith("rdf:"):
                continue
            self.urls += _URL.findall(value)
            if value.startswith("//"):
                self.urls.append(value)

    def handle_data(self, data):
        if self._tag in ("script", "style"):
            self.urls += _URL.findall(data)


def foreign_loads(page: str, host: str = "127.0.0.1") -> list[str]:
    """The URLs in ``page`` its browser would load from anywhere but ``host``."""
    parser = _Loads()
    parser.feed(page)
    return [
        url
        for url in parser.urls
        if urllib.parse.urlsplit(url.replace("\\/", "/")).hostname not in (host, None)
    ]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def start_pages(root: Path, home: Path) -> tuple[subprocess.Popen, str, Path]:
    port = free_port()
    env = dict(
        os.environ,
        BROWSER="false",
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        # a cache of its own, empty, as on an owner's first day
        REDES_PYMES_CACHE_DIR=str(home / "cache"),
    )
    log = home / "voila.log"
    proc = subprocess.Popen(
        [str(CURSO), "abrir", "--no-navegador", f"--puerto={port}"],
        cwd=root,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/", timeout=5).close()
            return proc, base, log
        except (urllib.error.URLError, ConnectionError, OSError):
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("Voilà did not start:\n" + log.read_text(errors="replace")[-3000:])
            time.sleep(0.3)


# An owner's pages in a real browser: started, waited for, and read for English and code.
SHOTS = ROOT / "build" / "capturas"  # screenshots, kept as test artefacts


# Words of Jupyter's, Voilà's or the widgets' own interface that must never reach an owner.
ENGLISH = re.compile(
    r"\b(Run|Running|Executing|Reading|Kernel|Loading|Save|Submit|Validate|Idle|Busy|Tabs|"
    r"Settings|Traceback|undefined|NaN|Select items)\b|Error displaying|model not found|"
    r"There was an error"
)
CODE = re.compile(r"\bimport \w|course_utils|\bdef \w+\(|curso\.store|=\s*\{")


def ready(page) -> None:
    """The page has run (Voilà removes its loading message) and its widgets are drawn."""
    page.wait_for_selector("#loading", state="detached", timeout=90_000)
    page.wait_for_selector("#rendered_cells", state="visible", timeout=30_000)


def assert_spanish_and_codeless(page, where: str) -> None:
    text = page.inner_text("body")
    english = ENGLISH.search(text)
    assert not english, f"{where}: an English interface word: {english.group(0)!r}"
    code = CODE.search(text)
    assert not code, f"{where}: code on screen: {code.group(0)!r}"
    assert not page.locator(".jp-InputArea-editor:visible").count(), f"{where}: a code cell"


def wait_for(predicate, what: str, timeout: float = 20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


def serve(course: Path, home: Path):
    home.mkdir(parents=True, exist_ok=True)
    proc, base, _log = start_pages(course, home)
    return proc, base


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
