"""Benchmarks of the answers store, imports and autograding, as ratios against baselines.

Run: .venv/bin/python bench/bench_core.py   (prints a Markdown table; not a test)
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from course_utils.core.store import AnswerStore  # noqa: E402
from course_utils.grading.release import nbgrader_env  # noqa: E402
from tools.nb import code, test, write  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def bench_save(folder: Path, stored: int = 1000, samples: int = 200) -> dict:
    store = AnswerStore("bench", folder)
    for i in range(stored):
        store.save(f"q{i}", {"texto": f"respuesta {i} ñ", "n": i})
    # baseline: a plain json.dump of the same document to a file, no lock, no fsync
    doc = json.loads(store.path.read_text(encoding="utf-8"))
    plain = folder / "plain.json"
    base, ours = [], []
    for i in range(samples):
        t = time.perf_counter()
        plain.write_text(json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True))
        base.append(time.perf_counter() - t)
        t = time.perf_counter()
        store.save(f"q{i % stored}", {"texto": "nueva", "n": i})
        ours.append(time.perf_counter() - t)
    return {
        "p50_ms": statistics.median(ours) * 1000,
        "p99_ms": percentile(ours, 0.99) * 1000,
        "baseline_p50_ms": statistics.median(base) * 1000,
    }


def import_time(statement: str, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", statement], check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def autograde_time(folder: Path, assignment: str, notebook: Path, answers: dict | None) -> float:
    course = folder / assignment
    course.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", course)
    (course / "solutions" / assignment).mkdir(parents=True)
    shutil.copy(notebook, course / "solutions" / assignment / notebook.name)
    env = nbgrader_env()
    run = [sys.executable, "-m", "nbgrader"]
    subprocess.run(
        run + ["generate_assignment", assignment, "--log-level=ERROR"],
        cwd=course,
        env=env,
        check=True,
    )
    sub = course / "submitted" / "ana" / assignment
    shutil.copytree(course / "exercises" / assignment, sub)
    if answers is not None:
        (sub / f"respuestas-{assignment}.json").write_text(
            json.dumps({"schema": 1, "answers": {k: {"value": v} for k, v in answers.items()}})
        )
    t = time.perf_counter()
    done = subprocess.run(
        run + ["autograde", assignment, "--log-level=ERROR"],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(done.stderr[-2000:])
    return time.perf_counter() - t


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        save = bench_save(tmp)
        trivial = write([code("x = 1", **test("t", 1))], tmp / "trivial.ipynb")
        ref = json.loads((ROOT / "tests/data/reference/00-primeros-pasos.json").read_text())[
            "perfect"
        ]
        t_trivial = autograde_time(tmp, "trivial", trivial, None)
        t_ex00 = autograde_time(
            tmp,
            "00-primeros-pasos",
            ROOT / "solutions/00-primeros-pasos/ejercicio-00-primeros-pasos.ipynb",
            ref,
        )
    imp_ours = import_time("import course_utils.ui.widgets")
    imp_widgets = import_time("import ipywidgets")
    imp_store = import_time("import course_utils.core.store, course_utils.grading")
    imp_python = import_time("pass")
    rows = [
        (
            "Guardar una respuesta con 1.000 guardadas, p50",
            f"{save['p50_ms']:.2f} ms",
            f"{save['p50_ms'] / save['baseline_p50_ms']:.1f}× un json.dump sin bloqueo ni fsync",
        ),
        (
            "Guardar una respuesta con 1.000 guardadas, p99",
            f"{save['p99_ms']:.2f} ms",
            f"{save['p99_ms'] / save['baseline_p50_ms']:.1f}× (misma base)",
        ),
        (
            "Importar course_utils.ui.widgets",
            f"{imp_ours * 1000:.0f} ms",
            f"{imp_ours / imp_widgets:.2f}× importar solo ipywidgets",
        ),
        (
            "Importar store + grading (sin interfaz)",
            f"{imp_store * 1000:.0f} ms",
            f"{imp_store / imp_python:.2f}× arrancar Python sin importar nada",
        ),
        (
            "Autograde del ejercicio 00 (1 entrega)",
            f"{t_ex00:.2f} s",
            f"{t_ex00 / t_trivial:.2f}× una tarea trivial de una celda",
        ),
    ]
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} núcleos\n")
    print("| Medida | Valor | Relación con la base (misma ejecución) |\n|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
