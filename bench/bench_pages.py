"""Benchmark of the owner's app pages (issue 12): click on a lesson -> page interactive, against
an empty page of the same kind in the same run, and the memory of one owner's server with one
lesson open.

    .venv/bin/python bench/bench_pages.py [--veces 5] [--escribir]

Starts `curso abrir` (Voilà) over a copy of the course plus an empty notebook, drives Debian's
Chromium with Playwright (CHROMIUM, /usr/bin/chromium by default): from the course home, click
the link, wait until Voilà has removed its loading message and the first widget is drawn.
Memory: resident set size (psutil) of the Voilà server and of the lesson's kernel, read while
the lesson is open. With --escribir the figures go to docs/rendimiento.md (replacing the
section this script wrote before).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import nbformat
import psutil
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from docs_section import replace_section  # noqa: E402

from support import CHROME_ARGS, CHROMIUM  # noqa: E402
from support.pages import start_pages  # noqa: E402  (the tests' own way to start curso abrir)

LESSONS = ["01-despersonalizar-la-critica", "03-cultura-2-0-interna", "05-desde-dentro-o-delegar"]
EMPTY = "vacia"
DOC = ROOT / "docs" / "rendimiento.md"
HEADING = "## Páginas del curso (Voilà): de un clic a la página lista"


def course_copy(folder: Path) -> Path:
    root = folder / "curso"
    ignore = shutil.ignore_patterns("respuestas-*", ".respuestas-*", "*.lock", "mi-plan.*")
    for name in ("lessons", "exercises", "solutions"):
        shutil.copytree(ROOT / name, root / name, ignore=ignore)
    empty = nbformat.v4.new_notebook()
    empty.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    empty.metadata["language_info"] = {"name": "python"}
    # a heading and one empty code cell: the least a page of the course has (a kernel)
    empty.cells = [nbformat.v4.new_markdown_cell("# Página vacía"), nbformat.v4.new_code_cell("")]
    nbformat.write(empty, root / "lessons" / f"{EMPTY}.ipynb")
    return root


STUCK = 40.0  # seconds: a load that has not finished by then is counted as stuck


def wait_ready(page) -> None:
    """Until Voilà has shown the page's cells (it removes «Preparando la página…» as it does).

    Waiting only for the loading message to go is not enough: before the streamed page has
    reached it, it is not there either.
    """
    page.wait_for_selector("#rendered_cells", state="visible", timeout=int(STUCK * 1000))


def click_to_ready(page, base: str, stem: str, widget: bool) -> float | None:
    """Seconds from the click on a link to ``stem`` in the home to the page being usable;
    None when the page was still «Preparando la página…» after STUCK seconds."""
    try:
        return _click_to_ready(page, base, stem, widget)
    except PlaywrightTimeout:
        print(f"  {stem}: stuck", flush=True)
        return None


def _click_to_ready(page, base: str, stem: str, widget: bool) -> float:
    page.goto(f"{base}/voila/render/lessons/inicio.ipynb")
    wait_ready(page)
    page.evaluate(
        "(stem) => { const a = document.createElement('a'); a.id = 'bench-link';"
        " a.href = stem + '.ipynb'; a.textContent = 'ir'; document.body.prepend(a); }",
        stem,
    )
    start = time.perf_counter()
    page.click("#bench-link")
    page.wait_for_url(f"**/{stem}.ipynb", timeout=60_000, wait_until="commit")
    wait_ready(page)
    if widget:
        page.wait_for_selector(".widget-radio-box, .widget-textarea", timeout=60_000)
    seconds = time.perf_counter() - start
    print(f"  {stem}: {seconds:.2f} s", flush=True)
    return seconds


def memory_mb(server: subprocess.Popen) -> tuple[float, float]:
    """(server, the newest kernel: the open lesson's) resident memory in MB.

    Kernels of pages left earlier may still be alive (they are culled after a minute)."""
    proc = psutil.Process(server.pid)
    kernels = [p for p in proc.children(recursive=True) if "ipykernel" in " ".join(p.cmdline())]
    newest = max(kernels, key=lambda k: k.create_time(), default=None)
    return proc.memory_info().rss / 2**20, (newest.memory_info().rss if newest else 0) / 2**20


@contextmanager
def pages_in_browser():
    """A fresh `curso abrir` over a copy of the course, and a Chromium page: (server, base, page)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = course_copy(Path(tmp))
        home = Path(tmp) / "home"
        home.mkdir()
        server, base, _log = start_pages(root, home)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
                yield server, base, browser.new_page()
                browser.close()
        finally:
            server.terminate()
            server.wait(15)


def owner_memory() -> tuple[float, float]:
    """(server, lesson kernel) MB for one owner: a fresh `curso abrir`, the home, then a click
    on lesson 01, read a second after the lesson is ready (the kernels of pages left are
    culled after a minute, so the home's kernel is still counted in the server's children but
    not in these two figures)."""
    with pages_in_browser() as (server, base, page):
        time.sleep(5)  # what `curso abrir` draws in the background is done
        _click_to_ready(page, base, LESSONS[0], widget=True)
        time.sleep(1)
        return memory_mb(server)


def run(times: int) -> dict:
    with pages_in_browser() as (server, base, page):
        _click_to_ready(page, base, EMPTY, widget=False)  # warm-up: imports on disk cache
        empty, lessons = [], {stem: [] for stem in LESSONS}
        for _ in range(times):  # interleaved, so both see the same machine
            empty.append(click_to_ready(page, base, EMPTY, widget=False))
            for stem in LESSONS:
                lessons[stem].append(click_to_ready(page, base, stem, widget=True))
        page.goto(f"{base}/voila/render/lessons/{LESSONS[0]}.ipynb")
        wait_ready(page)
        time.sleep(1)
        busy_mb = memory_mb(server)
    loads = [*empty, *(x for v in lessons.values() for x in v)]
    server_mb, kernel_mb = owner_memory()
    return {
        "stuck": sum(x is None for x in loads),
        "loads": len(loads),
        "empty": statistics.median(x for x in empty if x is not None),
        "lessons": {
            stem: statistics.median(x for x in v if x is not None) for stem, v in lessons.items()
        },
        "server_mb": server_mb,
        "kernel_mb": kernel_mb,
        "busy_mb": busy_mb,
        "times": times,
    }


def report(figures: dict) -> str:
    def num(x: float, d: int = 2) -> str:
        return f"{x:.{d}f}".replace(".", ",")

    lines = [
        HEADING,
        "",
        "`.venv/bin/python bench/bench_pages.py --veces "
        f"{figures['times']} --escribir` (medianas; Chromium de Debian, 2 núcleos). Del clic en "
        "el enlace del inicio a la página lista (sin el mensaje «Preparando la página…» y con "
        "la primera pregunta dibujada), frente a una página vacía del mismo tipo en la misma "
        "ejecución. Objetivo: como mucho 1,5×.",
        "",
        "| Página | Segundos | Frente a la vacía |",
        "|---|---|---|",
        f"| vacía (un título y una celda de código vacía) | {num(figures['empty'])} | 1,00× |",
    ]
    for stem, seconds in figures["lessons"].items():
        lines.append(f"| {stem} | {num(seconds)} | {num(seconds / figures['empty'])}× |")
    total = figures["server_mb"] + figures["kernel_mb"]
    busy_server, busy_kernel = figures["busy_mb"]
    lines += [
        "",
        "Antes de las figuras en caché y los widgets ligeros (23/11/2026, misma medida con 5 "
        "vueltas): 2,72, 2,65 y 2,75 s frente a 1,09 s (2,4–2,5×) y 256 MB. Lo que ha bajado: "
        "las figuras se dibujan una vez y se guardan (`course_utils/figures/png.py`; `curso abrir` "
        "las prepara al arrancar), así que una página con sus figuras en caché no importa "
        "matplotlib; el HTML, las cajas y los desplegables comparten una sola Layout y un solo "
        "estilo (`ui/lean.py`: la lección 01 pasa de 401 a 175 modelos de widget); el contenido "
        "YAML se lee con libyaml. Lo que queda por encima de la página vacía es sobre todo "
        "ejecutar las celdas de la lección (unos 0,4 s de núcleo) y el trabajo de Voilà con "
        "cada celda y cada mensaje de widget.",
        "",
        f"Cargas que no terminaron en {STUCK:.0f} s: {figures['stuck']} de {figures['loads']}. "
        "Con paneles que escribían en widgets Output, 5 de 20 se quedaban en «Preparando la "
        "página…» (ver CHANGELOG); la plantilla ofrece recargar a los 20 s.",
        "",
        f"Memoria con la lección {LESSONS[0]} abierta: servidor Voilà "
        f"{num(figures['server_mb'], 0)} MB + núcleo de la lección {num(figures['kernel_mb'], 0)} MB "
        f"= {num(total, 0)} MB (objetivo: como mucho 200 MB), en un `curso abrir` recién "
        "empezado: el inicio y un clic en la lección. Después de las "
        f"{figures['loads'] + 1} cargas de arriba, el mismo servidor ocupa "
        f"{num(busy_server, 0)} MB y el núcleo de la lección {num(busy_kernel, 0)} MB: Python no "
        "siempre devuelve al sistema la memoria liberada, y el servidor guarda lo de las "
        "páginas ya dejadas hasta que sus núcleos se cierran (al minuto).",
        "",
    ]
    return "\n".join(lines)


def write(section: str) -> None:
    replace_section(DOC, HEADING, section)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--veces", type=int, default=5)
    parser.add_argument("--escribir", action="store_true")
    args = parser.parse_args()
    section = report(run(args.veces))
    print(section)
    if args.escribir:
        write(section)


if __name__ == "__main__":
    main()
