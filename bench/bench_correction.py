"""Benchmark of the instructor's command `curso corregir` against plain nbgrader commands.

Run:  .venv/bin/python bench/bench_correction.py [--sizes 30 300] [--repeats 3] [--no-kernel]
      [--no-docs]

``course_utils.grading.correction.correct`` (what `curso corregir EJERCICIO` runs) takes a course's
submitted/ to grades, feedback, notas/notas.csv and nbgrader's export: it stages the submissions
(regular files only, no links), runs one ``nbgrader autograde`` over the staged copies, records
rejects, runs ``nbgrader generate_feedback``, reads the gradebook into notas/notas.csv and runs
``nbgrader export``. The baseline is the same work as an instructor would type it in the course
folder: ``nbgrader autograde 00-primeros-pasos --force``, ``nbgrader generate_feedback
00-primeros-pasos --force`` and ``nbgrader export --to=...``, with the same nbgrader_config.py
(the course's engine, no kernel) and the same launcher (``python -m nbgrader`` with
``nbgrader_env()``), so the difference is the command's own work: staging and checks, the
report of rejects, reading the gradebook, the CSV and the log.

Both are timed in the same run, on identical fresh copies of a throw-away course (exercise 00
generated, a class of N synthetic learners: the released notebook, an answers file mixing the
reference "perfect" and "partial" answers with a fixed seed, and timestamp.txt), for each size
(30 and 300), the median of ``--repeats`` runs in alternating order. ``correct`` runs in this
process, so its own start-up (Python, course_utils, nbgrader's gradebook) is measured apart.
Optionally, the plain commands with nbgrader's default config (every notebook executed in a
kernel) at the small size only: the picture before the course's engine. It checks that every
run gives every learner the scores of the hand-worked reference answers, that both ways export
the same CSV and write one feedback page per learner (exit status 1 if not). The figures are
printed and written into docs/rendimiento.md (between the markers below). The course helpers
come from bench_autograde.py, pointed at exercise 00.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bench_autograde as ba  # noqa: E402 (bench/ is on sys.path: this script's folder)
from docs_section import replace_block  # noqa: E402

from course_utils.grading import correction  # noqa: E402
from course_utils.grading.release import nbgrader_env  # noqa: E402
from course_utils.grading.submissions import nbgrader  # noqa: E402

ASSIGNMENT = "00-primeros-pasos"
#: bench_autograde's helpers (make_template, make_class, answers_document, grade_cells, scores,
#: expected_scores) read the exercise from this module global: point them at exercise 00
ba.ASSIGNMENT = ASSIGNMENT
BEGIN = "<!-- bench_correction: inicio -->"
END = "<!-- bench_correction: fin -->"
COMMAND = ".venv/bin/python bench/bench_correction.py"
PLAIN_EXPORT = "nbgrader-export.csv"
#: the plain commands, as an instructor types them in the course folder (phase, arguments)
PLAIN = [
    ("autograde", ["autograde", ASSIGNMENT, "--force"]),
    ("devoluciones", ["generate_feedback", ASSIGNMENT, "--force"]),
    ("export", ["export", f"--to={PLAIN_EXPORT}"]),
]
#: the command's steps, by the name of the function of course_utils.grading.correction that does them
STEPS = {
    "unexpected_folders": "preparar",
    "stage_assignment": "preparar",
    "_autograde": "autograde",
    "record_rejects": "rechazos",
    "results": "leer notas",
    "write_grades": "notas.csv",
}
NBGRADER_STEPS = {"generate_feedback": "devoluciones", "export": "export"}
PHASES = ["preparar", "autograde", "rechazos", "devoluciones", "leer notas", "notas.csv", "export"]
PHASE_NAMES = {
    "preparar": "Preparar y comprobar las entregas (copia sin enlaces)",
    "autograde": "`nbgrader autograde`",
    "rechazos": "Anotar las entregas rechazadas",
    "devoluciones": "`nbgrader generate_feedback`",
    "leer notas": "Leer el libro de notas (y lo que anotó el motor)",
    "notas.csv": "Escribir `notas/notas.csv`",
    "export": "`nbgrader export`",
    "resto": "Resto (registro, carpetas)",
}


# -- timing ------------------------------------------------------------------------------------


def clock() -> tuple[float, float]:
    """Wall time, and CPU time of this process and of the children it waited for."""
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return time.perf_counter(), me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


@contextmanager
def step_times(phases: dict[str, float]) -> Iterator[None]:
    """Add the wall time of each step of ``correction.correct`` into ``phases`` while inside."""
    originals: dict[str, Callable] = {}

    def wrap(name: str, phase_of: Callable[[tuple], str]) -> None:
        original = originals[name] = getattr(correction, name)

        def timed_step(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                phase = phase_of(args)
                phases[phase] = phases.get(phase, 0.0) + time.perf_counter() - start

        setattr(correction, name, timed_step)

    try:
        for name, phase in STEPS.items():
            wrap(name, lambda args, phase=phase: phase)
        wrap("nbgrader", lambda args: NBGRADER_STEPS.get(args[1], args[1]))
        yield
    finally:
        for name, original in originals.items():
            setattr(correction, name, original)


def outcome(course: Path, export: Path) -> dict:
    """What a run left: scores by learner, feedback pages, the export's rows."""
    with export.open(encoding="utf-8", newline="") as fh:
        rows = sorted(tuple(sorted(r.items())) for r in csv.DictReader(fh))
    return {
        "scores": ba.scores(course),
        "feedback": len(list((course / "feedback").glob(f"*/{ASSIGNMENT}/*.html"))),
        "export": rows,
    }


def run_command(course: Path, n: int) -> dict:
    """`curso corregir 00-primeros-pasos` on the course: ``correction.correct``, timed."""
    said: list[str] = []
    phases: dict[str, float] = {}
    with step_times(phases):
        wall, cpu = clock()
        rows = correction.correct(course, [ASSIGNMENT], say=said.append)
        wall2, cpu2 = clock()
    seconds = wall2 - wall
    phases["resto"] = seconds - sum(phases.values())
    with (course / correction.GRADES_FOLDER / "notas.csv").open(encoding="utf-8") as fh:
        sheet = list(csv.DictReader(fh))
    got = outcome(course, course / correction.GRADES_FOLDER / "nbgrader-export.csv")
    return {
        "n": n,
        "seconds": seconds,
        "cpu": cpu2 - cpu,
        "phases": phases,
        "rows": rows,
        "sheet": sheet,
        "said": said,
        **got,
    }


def run_plain(course: Path, n: int) -> dict:
    """The three nbgrader commands, one after the other, as an instructor would type them."""
    phases: dict[str, float] = {}
    wall, cpu = clock()
    for phase, args in PLAIN:
        start = time.perf_counter()
        done = nbgrader(course, *args)
        phases[phase] = time.perf_counter() - start
        if done.returncode:
            raise SystemExit(f"nbgrader {' '.join(args)}:\n{(done.stdout + done.stderr)[-3000:]}")
    wall2, cpu2 = clock()
    return {
        "n": n,
        "seconds": wall2 - wall,
        "cpu": cpu2 - cpu,
        "phases": phases,
        **outcome(course, course / PLAIN_EXPORT),
    }


def median_of(runs: list[dict]) -> dict:
    """Median wall and CPU times (and per phase) of repeated runs; the first run's outcome."""
    phases = {p for r in runs for p in r["phases"]}
    return {
        **runs[0],
        "seconds": statistics.median(r["seconds"] for r in runs),
        "cpu": statistics.median(r["cpu"] for r in runs),
        "phases": {p: statistics.median(r["phases"].get(p, 0.0) for r in runs) for p in phases},
        "runs": [r["seconds"] for r in runs],
    }


def start_up(imports: str, runs: int = 3) -> float:
    """Median wall time of a new Python that imports ``imports`` and does nothing else."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", f"import {imports}"], check=True, cwd=ROOT, env=nbgrader_env()
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# -- checks ------------------------------------------------------------------------------------


def problems_of(label: str, run: dict, expected: dict, n: int) -> list[str]:
    """What is wrong with a run: a learner missing, a score off the reference, feedback missing."""
    found = []
    if len(run["scores"]) != n:
        found.append(f"{label}: {len(run['scores'])} de {n} entregas en el libro de notas")
    want = {s: expected[s] for s in run["scores"]}
    found += [f"{label}: {d}" for d in ba.differences(run["scores"], want, label, "referencia")]
    if run["feedback"] != n:
        found.append(f"{label}: {run['feedback']} devoluciones de {n}")
    if len(run["export"]) != n:
        found.append(f"{label}: {len(run['export'])} filas exportadas de {n}")
    if "sheet" in run:
        rejected = [r.student for r in run["rows"] if r.rejected]
        if len(run["sheet"]) != n or rejected:
            found.append(f"{label}: notas.csv con {len(run['sheet'])} filas, rechazadas {rejected}")
        for row in run["sheet"]:
            total = sum(expected[row["alumno"]].values())
            if abs(float(row["total"]) - total) > 1e-6:
                found.append(f"{label}: notas.csv, {row['alumno']} total {row['total']} ≠ {total}")
    return found


# -- the report --------------------------------------------------------------------------------


def write_docs(section: str) -> None:
    replace_block(ba.DOCS, BEGIN, END, section)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[30, 300], metavar=("N1", "N2"))
    parser.add_argument("--repeats", type=int, default=3, help="runs of each, median (default 3)")
    parser.add_argument(
        "--no-kernel", action="store_true", help="skip nbgrader's default config (kernel) at N1"
    )
    parser.add_argument("--no-docs", action="store_true", help="do not touch docs/rendimiento.md")
    args = parser.parse_args()
    sizes = sorted(set(args.sizes))
    small = sizes[0]

    reference = json.loads(
        (ROOT / "tests" / "data" / "reference" / f"{ASSIGNMENT}.json").read_text(encoding="utf-8")
    )
    points = ba.grade_cells()
    scored = {c: p for c, p in points.items() if p}  # «pendientes» is worth no points: score 0
    engine_config = (ROOT / "nbgrader_config.py").read_text(encoding="utf-8")
    kernel_config = ba.baseline_config(engine_config)
    load_before = os.getloadavg()[0]

    command: dict[int, dict] = {}
    plain: dict[int, dict] = {}
    kernel: dict | None = None
    with tempfile.TemporaryDirectory(prefix="bench-correction-") as tmp:
        tmp = Path(tmp)
        template = ba.make_template(tmp)
        # what `curso corregir` pays before ``correct`` (this process has it all loaded):
        # Python and the command, then nbgrader's gradebook (record_rejects and results)
        print("Arranque de la orden (sin corregir nada):", flush=True)
        boot = start_up("course_utils.cli, course_utils.grading.correction, nbgrader.api")
        boot_own = start_up("course_utils.cli, course_utils.grading.correction")
        print(f"  {boot:.2f} s ({boot_own:.2f} s sin nbgrader.api)", flush=True)
        for n in sizes:
            print(f"{n} entregas:", flush=True)
            runs: dict[str, list[dict]] = {"orden": [], "nbgrader": []}
            for rep in range(args.repeats):
                # identical fresh copies of the course, made before either is timed
                courses = {
                    way: ba.make_class(
                        template, tmp / f"{way}-{n}-{rep}", n, reference, engine_config
                    )
                    for way in runs
                }
                order = ["orden", "nbgrader"] if rep % 2 == 0 else ["nbgrader", "orden"]
                for way in order:
                    run = (run_command if way == "orden" else run_plain)(courses[way], n)
                    runs[way].append(run)
                    shutil.rmtree(courses[way])
                    print(
                        f"  {way}: {run['seconds']:.2f} s ({run['cpu']:.1f} s de CPU)", flush=True
                    )
            command[n], plain[n] = median_of(runs["orden"]), median_of(runs["nbgrader"])
            plain[n]["all"], command[n]["all"] = runs["nbgrader"], runs["orden"]
        if not args.no_kernel:
            print(f"{small} entregas, nbgrader por defecto (un kernel por cuaderno):", flush=True)
            course = ba.make_class(
                template, tmp / f"kernel-{small}", small, reference, kernel_config
            )
            kernel = run_plain(course, small)
            kernel["all"] = [kernel]
            shutil.rmtree(course)
            print(f"  nbgrader: {kernel['seconds']:.2f} s ({kernel['cpu']:.1f} s de CPU)")
    load_after = os.getloadavg()[0]

    # -- checks: every run against the reference; both ways export the same rows
    largest = max(sizes)
    students = [ba.student_name(i) for i in range(largest)]
    expected = {
        s: ba.expected_scores(s, reference, scored) | {c: 0.0 for c in points if c not in scored}
        for s in students
    }
    problems: list[str] = []
    for n in sizes:
        for way, results in (("orden", command[n]), ("nbgrader", plain[n])):
            for i, run in enumerate(results["all"]):
                problems += problems_of(f"{way}-{n}-{i}", run, expected, n)
        if command[n]["export"] != plain[n]["export"]:
            problems.append(f"{n}: la exportación de la orden y la de nbgrader no coinciden")
    if kernel:
        problems += problems_of(f"kernel-{small}", kernel, expected, small)
    engine_notes = sum(1 for r in command[largest]["rows"] if r.problems)
    totals = [sum(expected[s].values()) for s in students]

    # -- the figures
    today = date.today().strftime("%d/%m/%Y")
    own_steps = ["preparar", "rechazos", "leer notas", "notas.csv", "resto"]
    own = {n: sum(command[n]["phases"].get(p, 0.0) for p in own_steps) for n in sizes}

    def ms(seconds: float, n: int) -> str:
        return f"{ba.es(seconds / n * 1000, 1 if seconds / n < 0.1 else 0)} ms"

    def wall_cpu(run: dict) -> str:
        return f"{ba.es(run['seconds'], 1)} s ({ba.es(run['cpu'], 1)} s)"

    def ratio(a: float, b: float) -> str:
        return f"{ba.es(a / b, 2)}×"

    table = [
        "| Entregas | `curso corregir`: pared (CPU) | nbgrader a mano, 3 órdenes: pared (CPU) "
        "| Orden ÷ nbgrader (pared) | Orden ÷ nbgrader (CPU) | Por entrega: orden "
        "| Por entrega: nbgrader |",
        "|---|---|---|---|---|---|---|",
    ]
    rows = [(str(n), command[n], plain[n]) for n in sizes]
    if kernel:
        rows.append((f"{small}, «antes»: nbgrader por defecto (kernel)", command[small], kernel))
    for name, c, p in rows:
        table.append(
            f"| {name} | {wall_cpu(c)} | {wall_cpu(p)} | {ratio(c['seconds'], p['seconds'])} "
            f"| {ratio(c['cpu'], p['cpu'])} | {ms(c['seconds'], c['n'])} "
            f"| {ms(p['seconds'], p['n'])} |"
        )
    overhead = [
        "| Entregas | Trabajo propio de la orden | Por entrega | Sobre nbgrader a mano "
        "| Con el arranque de la orden | (nbgrader + trabajo propio + arranque) ÷ nbgrader |",
        "|---|---|---|---|---|---|",
    ]
    for n in sizes:
        base = plain[n]["seconds"]
        overhead.append(
            f"| {n} | {ba.es(own[n], 2)} s | {ms(own[n], n)} | {ba.es(own[n] / base * 100, 1)} % "
            f"| {ba.es(own[n] + boot, 2)} s | {ratio(base + own[n] + boot, base)} |"
        )

    header = " | ".join(f"Orden, {n} | nbgrader, {n}" for n in sizes)
    phases = [f"| Paso (pared, s) | {header} |", "|---" * (1 + 2 * len(sizes)) + "|"]
    for phase in [*PHASES, "resto"]:
        cells = []
        for n in sizes:
            for run in (command[n], plain[n]):
                value = run["phases"].get(phase)
                cells.append("—" if value is None else ba.es(value, 2))
        phases.append(f"| {PHASE_NAMES[phase]} | " + " | ".join(cells) + " |")

    repeats = (
        f"la mediana de {args.repeats} ejecuciones, alternando cuál va primero"
        if args.repeats > 1
        else "una sola ejecución"
    )
    spread = "; ".join(
        f"{n} entregas: orden {' / '.join(ba.es(s, 1) for s in command[n]['runs'])} s, "
        f"nbgrader {' / '.join(ba.es(s, 1) for s in plain[n]['runs'])} s"
        for n in sizes
    )
    before = (
        "\n\nLa última fila es la foto de **antes** del motor del curso: las mismas tres órdenes "
        "con la configuración de nbgrader por defecto (una copia de `nbgrader_config.py` sin las "
        "dos líneas `c.Autograde.*_preprocessors`: cada cuaderno se ejecuta en un kernel), con "
        f"{small} entregas y una sola vez. No mide lo que cuesta la orden, sino lo que ahorra "
        f"corregir sin kernel: la orden completa tarda "
        f"{ba.es(kernel['seconds'] / command[small]['seconds'], 1)} veces menos que entonces "
        "las tres órdenes de nbgrader."
        if kernel
        else ""
    )
    # how much the same way of grading varies from run to run, against the command's own work
    jitter = max(max(r[n]["runs"]) - min(r[n]["runs"]) for r in (command, plain) for n in sizes)
    noise = (
        "Una misma forma de corregir, repetida sobre clases idénticas, varía hasta "
        f"{ba.es(jitter, 1)} s de una ejecución a otra en esta máquina compartida, más que todo el "
        "trabajo propio de la orden: el cociente de los totales es ruidoso (puede salir por debajo "
        "de 1 aunque la orden hace más trabajo, y la CPU también sube con la máquina cargada)."
        if jitter > max(own.values())
        else f"Una misma forma de corregir varía hasta {ba.es(jitter, 1)} s de una ejecución a "
        "otra, menos que el trabajo propio de la orden."
    )
    notes = (
        "ninguna fila lleva problemas anotados"
        if not engine_notes
        else f"{engine_notes} filas llevan problemas anotados"
    )
    verdict = (
        f"**Mismas notas**: en todas las ejecuciones, las {len(points)} celdas automáticas de "
        "cada entrega son las que dan las respuestas de referencia "
        f"(`tests/data/reference/{ASSIGNMENT}.json`) a su mezcla (total automático de "
        f"{ba.es(min(totals))} a {ba.es(max(totals))} de {ba.es(sum(points.values()))} puntos), "
        "la orden y nbgrader a mano exportan el mismo CSV, hay una devolución por entrega y "
        f"`notas/notas.csv` tiene una fila por entrega, ninguna rechazada ({notes})."
        if not problems
        else f"**Problemas** ({len(problems)}): " + "; ".join(problems[:20])
    )
    section = f"""
## La orden `curso corregir` ({" y ".join(str(n) for n in sizes)} entregas)

Medido con `{COMMAND}` el {today} (Python {sys.version.split()[0]},
{os.cpu_count()} núcleos, carga media de la máquina {ba.es(load_before, 1)} al empezar y
{ba.es(load_after, 1)} al acabar). Compara la orden del profesorado (`correction.correct`, lo
que hace `curso corregir {ASSIGNMENT}`) con los mismos pasos escritos a mano en la carpeta
del curso: `nbgrader autograde {ASSIGNMENT} --force`,
`nbgrader generate_feedback {ASSIGNMENT} --force` y `nbgrader export --to={PLAIN_EXPORT}`.
Las dos usan el mismo `nbgrader_config.py` (el motor del curso, sin kernel) y lanzan nbgrader
igual (`python -m nbgrader`), así que la diferencia es el trabajo propio de la orden: copiar y
comprobar las entregas sin enlaces, anotar las rechazadas, leer el libro de notas, escribir
`notas/notas.csv` y el registro. Cada tamaño se mide sobre copias idénticas y recién hechas de un
curso de usar y tirar (el ejercicio 00 generado y una clase sintética: el cuaderno publicado, un
archivo de respuestas que mezcla con semilla fija las respuestas «perfect» y «partial» de
referencia, y `timestamp.txt`). Cada cifra es {repeats}; entre paréntesis, la CPU de este
proceso y de los de nbgrader.

{chr(10).join(table)}

Tiempos de cada ejecución (pared): {spread}.{before}

{noise} El trabajo propio de la orden, medido paso a paso (lo que hace en su proceso, fuera de
las tres órdenes de nbgrader que comparte con quien las escribe a mano):

{chr(10).join(overhead)}

El arranque de `curso corregir` no está en `correct`, que se mide dentro de este proceso, con
Python, `course_utils` y el libro de notas de nbgrader ya cargados: son {ba.es(boot, 2)} s
(mediana de 3), de los que solo {ba.es(boot_own, 2)} s son Python y la orden; el resto es importar
`nbgrader.api` (la orden lo usa para anotar los rechazos y leer las notas), lo mismo que paga
cada orden de nbgrader al arrancar.

Por pasos (mediana, segundos de pared):

{chr(10).join(phases)}

{verdict}
"""
    print()
    print(section.strip())
    if problems:
        print("\nProblemas:", *problems, sep="\n  ")
    if not args.no_docs:
        write_docs(section)
        print(f"\nEscrito en {ba.DOCS.relative_to(ROOT)}")
    if problems:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
