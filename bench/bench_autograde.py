"""Benchmark of the course's autograde engine against nbgrader's kernel-executing pipeline.

Run:  .venv/bin/python bench/bench_autograde.py [--sizes 20 200] [--baseline-size N] [--no-docs]

Both pipelines grade the same synthetic class of exercise 03 in the same run, through the same
command (``submissions.grade_assignment``: staging + one ``nbgrader autograde`` for the class):
the engine with the course's nbgrader_config.py (RebuildFromSource + GradeFromAnswers, no
kernel), the baseline with a copy of it without the two ``c.Autograde.*_preprocessors`` lines
(nbgrader's defaults: every notebook executed in a kernel). Each time is the wall time of the
whole autograde of the class, on a fresh gradebook (the one left by generate_assignment), with
the CPU time of nbgrader and its kernels beside it (steadier on a shared machine). Sizes: an
empty class (the fixed cost, median of 3), N1 and N2; the kernel baseline's large class is N2,
or 100 when N2 would take more than ~6 minutes (estimated from its N1 run). It also checks
that both pipelines give every submission the same scores, cell by cell, and that those are
the scores of the hand-worked reference answers (exit status 1 if not). The figures are
printed and written into docs/rendimiento.md (between the markers below).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import nbformat  # noqa: E402
from docs_section import replace_block  # noqa: E402 (bench/ is on sys.path: this script's folder)
from nbgrader.api import Gradebook  # noqa: E402 (imported now, so no timed run pays for it)

from course_utils.core.lessons import exercise_notebook  # noqa: E402
from course_utils.grading.release import nbgrader_env  # noqa: E402
from course_utils.grading.submissions import grade_assignment  # noqa: E402

ASSIGNMENT = "03-cultura-2-0-interna"
SEED = 20261124
DOCS = ROOT / "docs" / "rendimiento.md"
BEGIN = "<!-- bench_autograde: inicio -->"
END = "<!-- bench_autograde: fin -->"
COMMAND = ".venv/bin/python bench/bench_autograde.py"
#: the two lines the baseline's config drops (an assignment may span several lines)
PREPROCESSOR_LINES = re.compile(
    r"^c\.Autograde\.(sanitize|autograde)_preprocessors\s*=\s*\[.*?\]\s*$\n",
    re.MULTILINE | re.DOTALL,
)


# -- the throw-away course ---------------------------------------------------------------------


def baseline_config(text: str) -> str:
    """The course's config without the engine: nbgrader's default autograde preprocessors."""
    stripped, count = PREPROCESSOR_LINES.subn("", text)
    if count != 2 or "Autograde.sanitize" in stripped or "Autograde.autograde_pre" in stripped:
        raise SystemExit(
            "nbgrader_config.py: could not remove the two autograde preprocessor lines"
        )
    return stripped


def make_template(folder: Path) -> Path:
    """A course with the exercise generated and a gradebook that knows it (no submissions)."""
    course = folder / "plantilla"
    course.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(
        ROOT / "solutions" / ASSIGNMENT,
        course / "solutions" / ASSIGNMENT,
        ignore=shutil.ignore_patterns("respuestas-*", "*.lock", ".ipynb_checkpoints"),
    )
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", ASSIGNMENT, "--force"],
        cwd=course,
        env=nbgrader_env(),
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return course


def grade_cells() -> dict[str, float]:
    """The automatically graded cells of the exercise and their points (from the source)."""
    nb = nbformat.read(
        ROOT / "solutions" / ASSIGNMENT / exercise_notebook(ASSIGNMENT), as_version=4
    )
    return {
        c.metadata["nbgrader"]["grade_id"]: float(c.metadata["nbgrader"]["points"])
        for c in nb.cells
        if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")
    }


def student_name(i: int) -> str:
    return f"alumno{i:03d}"


def choices(student: str, questions: list[str]) -> dict[str, str]:
    """Which reference answer ("perfect" or "partial") a student gives to each question."""
    rng = random.Random(f"{SEED}:{student}")
    return {qid: rng.choice(("perfect", "partial")) for qid in questions}


def answers_document(student: str, reference: dict) -> dict:
    """A deterministic answers file mixing the reference's perfect and partial answers."""
    perfect, partial = reference["perfect"], reference["partial"]["answers"]
    rng = random.Random(f"{SEED}:{student}:hora")
    moment = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
    answers = {}
    for qid, pick in choices(student, list(perfect)).items():
        moment += timedelta(seconds=rng.randint(30, 600))
        answers[qid] = {
            "value": perfect[qid] if pick == "perfect" else partial[qid],
            "saved_at": moment.isoformat(timespec="seconds"),
            "attempts": 1,
        }
    return {"schema": 1, "notebook": ASSIGNMENT, "answers": answers}


def make_class(template: Path, dest: Path, n: int, reference: dict, config: str) -> Path:
    """A copy of the template (fresh gradebook) with ``n`` submissions and the given config."""
    shutil.copytree(template, dest)
    (dest / "nbgrader_config.py").write_text(config, encoding="utf-8")
    release = template / "exercises" / ASSIGNMENT / exercise_notebook(ASSIGNMENT)
    for i in range(n):
        student = student_name(i)
        folder = dest / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        shutil.copyfile(release, folder / release.name)
        (folder / f"respuestas-{ASSIGNMENT}.json").write_text(
            json.dumps(answers_document(student, reference), ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
        (folder / "timestamp.txt").write_text("2026-11-23 12:00:00.000000 UTC")
    return dest


# -- timing and reading the grades -------------------------------------------------------------


def scores(course: Path) -> dict[str, dict[str, float | None]]:
    """Automatic score of each graded code cell, by student."""
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {
            s.student.id: {
                g.name: g.auto_score
                for nb in s.notebooks
                for g in nb.grades
                if g.cell_type == "code"
            }
            for s in gb.assignment_submissions(ASSIGNMENT)
        }


def timed(template: Path, folder: Path, label: str, n: int, reference: dict, config: str) -> dict:
    """Grade a class of ``n`` through grade_assignment; wall time and what the gradebook got."""
    course = make_class(template, folder / label, n, reference, config)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    checks, log = grade_assignment(course, ASSIGNMENT)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU of nbgrader and of the kernels it started and waited for (less sensitive than the
    # wall time to other work on the machine); staging runs in this process and is not in it
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    got = scores(course)
    missing = sorted(set(checks) - set(got))
    if len(got) != n or missing:
        raise SystemExit(f"{label}: {len(got)} of {n} submissions graded\n{log[-3000:]}")
    shutil.rmtree(course)
    print(f"  {label}: {n} entregas en {seconds:.2f} s ({cpu:.1f} s de CPU)", flush=True)
    return {"n": n, "seconds": seconds, "cpu": cpu, "scores": got}


def expected_scores(student: str, reference: dict, points: dict[str, float]) -> dict[str, float]:
    """The scores the hand-worked reference gives this student's mix of answers."""
    picks = choices(student, list(reference["perfect"]))
    partial = reference["partial"]["expected"]
    out = {}
    for cell, full in points.items():
        qid = cell.removeprefix("prueba_")
        out[cell] = full if picks[qid] == "perfect" else float(partial[cell])
    return out


def differences(a: dict, b: dict, label_a: str, label_b: str) -> list[str]:
    """Every (student, cell) whose score differs between two gradings, in words."""
    lines = []
    for student in sorted(set(a) & set(b)):
        for cell in sorted(set(a[student]) | set(b[student])):
            x, y = a[student].get(cell), b[student].get(cell)
            if x is None or y is None or abs(x - y) > 1e-9:
                lines.append(f"{student} {cell}: {label_a} {x} / {label_b} {y}")
    return lines


# -- the report --------------------------------------------------------------------------------


def es(value: float, digits: int = 2) -> str:
    """A number written the Spanish way (comma for decimals, dot for thousands)."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def per_submission(run: dict, fixed: float = 0.0, key: str = "seconds") -> float:
    return (run[key] - fixed) / run["n"]


def linearity(small: dict, large: dict, empty: dict, key: str = "seconds") -> tuple[float, float]:
    """Time per submission at the large size over the small one: raw, and without the fixed cost."""
    return (
        per_submission(large, 0.0, key) / per_submission(small, 0.0, key),
        per_submission(large, empty[key], key) / per_submission(small, empty[key], key),
    )


def median_run(runs: list[dict]) -> dict:
    """The median wall and CPU times of repeated runs of the same class."""
    return {
        "n": runs[0]["n"],
        "seconds": statistics.median(r["seconds"] for r in runs),
        "cpu": statistics.median(r["cpu"] for r in runs),
        "scores": runs[0]["scores"],
    }


def write_docs(section: str) -> None:
    replace_block(DOCS, BEGIN, END, section)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[20, 200], metavar=("N1", "N2"))
    parser.add_argument(
        "--baseline-size",
        type=int,
        help="size of the larger kernel run (default: N2, or 100 if N2 would take more "
        "than --baseline-limit seconds, estimated from the N1 run)",
    )
    parser.add_argument("--baseline-limit", type=float, default=360.0)
    parser.add_argument("--no-docs", action="store_true", help="do not touch docs/rendimiento.md")
    args = parser.parse_args()
    small, large = args.sizes

    reference = json.loads(
        (ROOT / "tests" / "data" / "reference" / f"{ASSIGNMENT}.json").read_text(encoding="utf-8")
    )
    points = grade_cells()
    engine_config = (ROOT / "nbgrader_config.py").read_text(encoding="utf-8")
    kernel_config = baseline_config(engine_config)
    load_before = os.getloadavg()[0]

    with tempfile.TemporaryDirectory(prefix="bench-autograde-") as tmp:
        tmp = Path(tmp)
        template = make_template(tmp)

        def run(pipeline: str, n: int) -> dict:
            config = engine_config if pipeline == "motor" else kernel_config
            if n:
                return timed(template, tmp, f"{pipeline}-{n}", n, reference, config)
            # the fixed cost is small and noisy on a shared machine: median of a few runs
            return median_run(
                [timed(template, tmp, f"{pipeline}-0-{i}", 0, reference, config) for i in range(3)]
            )

        print("nbgrader por defecto (un kernel por cuaderno):", flush=True)
        kernel = {n: run("kernel", n) for n in (0, small)}
        big = args.baseline_size
        if big is None:
            fixed = kernel[0]["seconds"]
            estimate = fixed + per_submission(kernel[small], fixed) * large
            big = large if estimate <= args.baseline_limit else min(100, large)
            if big != large:
                print(f"  ({large} con kernel tardarían unos {estimate:.0f} s: se miden {big})")
        print("Motor del curso (sin kernel):", flush=True)
        engine = {n: run("motor", n) for n in sorted({0, small, big, large})}
        print("nbgrader por defecto, clase grande:", flush=True)
        kernel[big] = run("kernel", big)
    load_after = os.getloadavg()[0]

    # -- the grades: both pipelines, the reference and the engine's runs must all agree
    expected = {s: expected_scores(s, reference, points) for s in engine[large]["scores"]}
    problems = []
    for n in sorted({small, big}):
        problems += differences(engine[n]["scores"], kernel[n]["scores"], "motor", "kernel")
        problems += differences(kernel[n]["scores"], expected, "kernel", "referencia")
    for n in sorted({small, big, large}):
        problems += differences(engine[n]["scores"], expected, f"motor-{n}", "referencia")
    compared = len(set(engine[big]["scores"]) & set(kernel[big]["scores"]))
    totals = [sum(v or 0.0 for v in c.values()) for c in engine[large]["scores"].values()]

    # -- the figures
    cells = len(points)
    e_lin = linearity(engine[small], engine[large], engine[0]) + linearity(
        engine[small], engine[large], engine[0], "cpu"
    )
    k_lin = linearity(kernel[small], kernel[big], kernel[0]) + linearity(
        kernel[small], kernel[big], kernel[0], "cpu"
    )
    fastest = kernel[big]["seconds"] / engine[big]["seconds"]
    net = per_submission(kernel[big], kernel[0]["seconds"]) / per_submission(
        engine[big], engine[0]["seconds"]
    )

    def cell(r: dict | None) -> str:
        return f"{es(r['seconds'], 1)} s ({es(r['cpu'], 1)} s)" if r else "no medido"

    def rate(r: dict | None) -> str:
        return es(cells * r["n"] / r["seconds"], 1) if r and r["n"] else "—"

    table = [
        "| Clase | Motor del curso: pared (CPU) | nbgrader con kernel: pared (CPU) "
        "| Kernel ÷ motor (pared) | Kernel ÷ motor (CPU) | Notas/s motor | Notas/s kernel |",
        "|---|---|---|---|---|---|---|",
    ]
    for n in sorted(engine):
        e, k = engine[n], kernel.get(n)
        name = "vacía (0 entregas: coste fijo; mediana de 3)" if n == 0 else f"{n} entregas"
        table.append(
            f"| {name} | {cell(e)} | {cell(k)} | "
            + (f"{es(k['seconds'] / e['seconds'], 1)}×" if k else "—")
            + " | "
            + (f"{es(k['cpu'] / e['cpu'], 1)}×" if k else "—")
            + f" | {rate(e)} | {rate(k)} |"
        )
    lin = [
        "| Tiempo por entrega, clase grande ÷ pequeña | Pared, bruto | Pared, restando la clase "
        "vacía | CPU, bruto | CPU, restando la clase vacía |",
        "|---|---|---|---|---|",
        f"| Motor ({large} ÷ {small}) | " + " | ".join(es(x) for x in e_lin) + " |",
        f"| nbgrader con kernel ({big} ÷ {small}) | " + " | ".join(es(x) for x in k_lin) + " |",
    ]

    def within(x: float) -> str:
        return "sí" if abs(x - 1) <= 0.15 else "no"

    goals = (
        f"Objetivos: motor al menos 10 veces más rápido que nbgrader con kernel: "
        f"{'cumplido' if fastest >= 10 else 'no cumplido'} ({es(fastest, 1)}× con {big} "
        "entregas). Tiempo por entrega de la clase grande a menos de un 15 % del de la pequeña, "
        f"restando la clase vacía: motor {es(e_lin[1])} en pared ({within(e_lin[1])}) y "
        f"{es(e_lin[3])} en CPU ({within(e_lin[3])}); nbgrader con kernel {es(k_lin[1])} en "
        f"pared ({within(k_lin[1])}) y {es(k_lin[3])} en CPU ({within(k_lin[3])}). Si la CPU "
        "por entrega es constante y la pared no, la diferencia es tiempo de espera (otros "
        "procesos de la máquina, el disco), no trabajo de la corrección."
    )
    verdict = (
        f"**Mismas notas** en los dos procesos: las {cells} celdas automáticas de las "
        f"{compared} entregas corregidas por ambos (y de la clase de {small}) coinciden una a una, "
        "y son las que dan las respuestas de referencia "
        f"(`tests/data/reference/{ASSIGNMENT}.json`) a cada mezcla; el total automático por "
        f"entrega va de {es(min(totals))} a {es(max(totals))} de {es(sum(points.values()))} puntos."
        if not problems
        else f"**Notas distintas** en {len(problems)} celdas: " + "; ".join(problems[:20])
    )
    note_big = (
        ""
        if big == large
        else f"\n\nCon kernel, la clase grande es de {big} entregas y no de {large}: {large} "
        "habrían tardado más de 6 minutos en esta máquina (estimado con la clase pequeña)."
    )
    section = f"""
## Corrección automática (motor del curso frente a nbgrader con kernel)

Medido con `{COMMAND}` el {date.today().strftime("%d/%m/%Y")} (Python {sys.version.split()[0]},
{os.cpu_count()} núcleos, carga media de la máquina {es(load_before, 1)} al empezar y
{es(load_after, 1)} al acabar). Una clase sintética del ejercicio 03: cada entrega es el cuaderno
publicado y un archivo de respuestas que mezcla, pregunta a pregunta y con semilla fija, las
respuestas «perfect» y «partial» de referencia. Los dos procesos se miden en la misma ejecución,
con la misma orden (`submissions.grade_assignment`: preparar las entregas y un solo
`nbgrader autograde` para la clase) y un libro de notas recién creado cada vez: el motor del curso
con `nbgrader_config.py` (`RebuildFromSource` y `GradeFromAnswers`, sin kernel) y la base con una
copia sin las dos líneas `c.Autograde.*_preprocessors` (lo de nbgrader por defecto: cada cuaderno
se ejecuta en un kernel). Cada tiempo es el de corregir la clase entera (pared); entre paréntesis,
la CPU de nbgrader y de sus kernels, que depende menos de lo que haga a la vez la máquina. Las
notas por segundo son las {cells} celdas corregidas automáticamente × entregas ÷ tiempo.{note_big}

{chr(10).join(table)}

Con {big} entregas, el motor corrige la clase {es(fastest, 1)} veces más deprisa que nbgrader con
kernel ({es(net, 1)} veces por entrega, restando a cada uno su clase vacía).

{chr(10).join(lin)}

Un valor de 1 es una corrección lineal (cada entrega cuesta lo mismo en una clase grande que en
una pequeña). La clase vacía mide el coste fijo de cada `nbgrader autograde` (arrancar Python,
nbgrader y el libro de notas), que en la clase pequeña se reparte entre menos entregas.

{goals}

{verdict}
"""
    print()
    print(section.strip())
    if problems:
        print("\nNotas distintas (alumno, celda):", *problems, sep="\n  ")
    if not args.no_docs:
        write_docs(section)
        print(f"\nEscrito en {DOCS.relative_to(ROOT)}")
    if problems:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
