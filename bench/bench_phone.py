"""Benchmark of the owner's pages on a phone (issue 22): page ready time of lessons 01, 03 and
05 against an empty page in the same run, on a 390×844 touch phone whose CPU Chromium slows
4× (DevTools protocol, Emulation.setCPUThrottlingRate) and on a desktop.

    .venv/bin/python bench/bench_phone.py [--veces 3] [--escribir]

The same measure as bench/bench_pages.py (from the click on a link in the home to the page
shown with its first question drawn), run in one `curso abrir` for both profiles, the pages
interleaved so that they all see the same machine. Aim: at most 1.5× the empty page on the
throttled phone and 1.3× on the desktop. With --escribir the figures go to
docs/rendimiento.md (replacing the section this script wrote before).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pages import (
    CHROME_ARGS,
    CHROMIUM,
    DOC,
    EMPTY,
    LESSONS,
    click_to_ready,
    course_copy,
    start_pages,
)
from docs_section import replace_section

HEADING = "## Páginas en un móvil (CPU 4× más lenta) y en el escritorio"
THROTTLE = 4
PROFILES = {
    "móvil": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 3,
        "is_mobile": True,
        "has_touch": True,
        "locale": "es-ES",
    },
    "escritorio": {"viewport": {"width": 1200, "height": 900}, "locale": "es-ES"},
}
AIM = {"móvil": 1.5, "escritorio": 1.3}


def run(times: int) -> dict:
    figures: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = course_copy(Path(tmp))
        home = Path(tmp) / "home"
        home.mkdir()
        server, base, _log = start_pages(root, home)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
                for name, profile in PROFILES.items():
                    context = browser.new_context(**profile)
                    page = context.new_page()
                    if name == "móvil":
                        cdp = context.new_cdp_session(page)
                        cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
                    print(name, flush=True)
                    click_to_ready(page, base, EMPTY, widget=False)  # warm-up
                    empty, lessons = [], {stem: [] for stem in LESSONS}
                    for _ in range(times):
                        empty.append(click_to_ready(page, base, EMPTY, widget=False))
                        for stem in LESSONS:
                            lessons[stem].append(click_to_ready(page, base, stem, widget=True))
                    context.close()
                    figures[name] = {
                        "empty": statistics.median(x for x in empty if x is not None),
                        "lessons": {
                            s: statistics.median(x for x in v if x is not None)
                            for s, v in lessons.items()
                        },
                        "stuck": sum(x is None for x in [*empty, *sum(lessons.values(), [])]),
                    }
                browser.close()
        finally:
            server.terminate()
            server.wait(15)
    return {"times": times, "profiles": figures}


def report(figures: dict) -> str:
    def num(x: float, d: int = 2) -> str:
        return f"{x:.{d}f}".replace(".", ",")

    lines = [
        HEADING,
        "",
        f"`.venv/bin/python bench/bench_phone.py --veces {figures['times']} --escribir` "
        "(medianas; Chromium de Debian, 2 núcleos compartidos). Del clic en el enlace del inicio "
        "a la página lista con su primera pregunta dibujada, frente a una página vacía en la "
        f"misma ejecución. Móvil: 390×844, táctil, CPU {THROTTLE}× más lenta "
        "(`Emulation.setCPUThrottlingRate` por el protocolo DevTools). Objetivo: como mucho "
        "1,5× la vacía en el móvil y 1,3× en el escritorio.",
        "",
        "| Página | Móvil (s) | Móvil / vacía | Escritorio (s) | Escritorio / vacía |",
        "|---|---|---|---|---|",
    ]
    phone, desk = figures["profiles"]["móvil"], figures["profiles"]["escritorio"]
    lines.append(f"| vacía | {num(phone['empty'])} | 1,00× | {num(desk['empty'])} | 1,00× |")
    for stem in LESSONS:
        p, d = phone["lessons"][stem], desk["lessons"][stem]
        lines.append(
            f"| {stem} | {num(p)} | {num(p / phone['empty'])}× | {num(d)} | "
            f"{num(d / desk['empty'])}× |"
        )
    stuck = phone["stuck"] + desk["stuck"]
    lines += [
        "",
        f"Cargas que no terminaron: {stuck}.",
        "",
        "Medido el 6/12/2026 en la máquina de desarrollo, con otras cuatro personas pasando "
        "pruebas en los mismos 2 núcleos: entre tres ejecuciones la página vacía varió de 3,4 a "
        "5,9 s en el móvil y de 1,2 a 1,8 s en el escritorio, y las razones de 1,0× a 2,5× "
        "(con la plantilla anterior, 1,0–1,2× en el móvil y 2,0–2,3× en el escritorio en la "
        "misma tanda). No es una medida fiable de la meta: hay que repetirla con la máquina "
        "tranquila antes de darla por cumplida o no.",
        "",
    ]
    return "\n".join(lines)


def write(section: str) -> None:
    replace_section(DOC, HEADING, section)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--veces", type=int, default=3)
    parser.add_argument("--escribir", action="store_true")
    args = parser.parse_args()
    section = report(run(args.veces))
    print(section)
    if args.escribir:
        write(section)


if __name__ == "__main__":
    main()
