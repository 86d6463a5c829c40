"""The learner's commands: `curso abrir`, `curso progreso`, `curso plan`, `curso certificado` and `curso verificar`."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from course_utils.core.paths import course_root
from course_utils.figures import png as charts
from course_utils.launch.jupyter import (
    apply_lab_settings,
    lab_command,
    lab_env,
    settings_prefix,
    voila_command,
)
from course_utils.launch.pages import voila_env


def _root() -> Path:
    return course_root()


def run_plan(salida: str | None, root: Path, write: Callable[..., Path]) -> int:
    """Write the plan (``write(plan, path)`` picks PDF or HTML by extension); exit status."""
    from course_utils.owner.plan import HTML_NAME, PDF_NAME, build_plan

    plan = build_plan(root / "lessons")
    targets = [Path(salida)] if salida else [Path(PDF_NAME), Path(HTML_NAME)]
    if targets[0].suffix.lower() not in (".pdf", ".html", ".htm"):
        print("curso plan: el archivo de --salida debe acabar en .pdf o .html.", file=sys.stderr)
        return 2
    for target in targets:
        try:
            written = write(plan, target)
        except OSError as exc:
            reason = exc.strerror or exc
            print(f"curso plan: no he podido escribir {target} ({reason}).", file=sys.stderr)
            return 2
        print(f"Tu plan está en {written.resolve()}")
    for problem in plan.problems:
        print(f"AVISO: {problem}")
    if plan.missing:
        print(
            f"Le faltan {len(plan.missing)} respuestas: cada parte dice cuál y en qué lección "
            "se pregunta (o abre la lección 06, «Mi plan»)."
        )
    return 0


def run_calendar(target: str, root: Path) -> int:
    """Write the plan's 90 days and lesson 07's month as .ics (and a .csv beside it); exit status."""
    from course_utils.core.errors import CourseError
    from course_utils.owner.calendar import write_owner_calendar
    from course_utils.owner.plan import build_plan

    path = Path(target)
    if path.suffix.lower() not in (".ics", ".csv"):
        print("curso plan: el archivo de --calendario debe acabar en .ics o .csv.", file=sys.stderr)
        return 2
    lessons = root / "lessons"
    plan = build_plan(lessons)
    paths = [path, path.with_suffix(".csv")] if path.suffix.lower() == ".ics" else [path]
    for each in paths:
        try:
            written = write_owner_calendar(plan, lessons, each)
        except CourseError as exc:
            print(f"curso plan: {exc}", file=sys.stderr)
            return 1
        except OSError as exc:
            print(
                f"curso plan: no he podido escribir {each} ({exc.strerror or exc}).",
                file=sys.stderr,
            )
            return 2
        print(f"Tu calendario está en {written.resolve()}")
    if path.suffix.lower() == ".ics":
        print(
            "Ábrelo con el calendario de tu móvil o impórtalo en Google Calendar, Apple "
            "Calendar u Outlook: cada tarea trae un aviso una hora antes."
        )
    return 0


def cmd_certificate(args: argparse.Namespace) -> int:
    from course_utils.owner import certificate

    try:
        issued = certificate.issue(_root(), Path(args.salida), args.nombre)
    except certificate.CertificateRefused as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Certificado de {issued.name} en {issued.path.resolve()}")
    print(f"Código de verificación: {issued.code} (fecha {issued.date.isoformat()}).")
    print(certificate.HONESTY)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from course_utils.owner import certificate

    if certificate.verify(args.codigo, args.nombre, args.fecha, _root()):
        print("Válido: el código corresponde a ese nombre, esa fecha y esta versión del curso.")
        return 0
    print(
        "No coincide: revisa el código, el nombre y la fecha (AAAA-MM-DD), o puede que el "
        "certificado sea de otra versión del curso."
    )
    return 1


def add_commands(sub, cmd_plan: Callable[[argparse.Namespace], int]) -> None:
    """Add `curso plan`, `curso certificado` and `curso verificar` to the CLI's subparsers."""
    pl = sub.add_parser(
        "plan",
        help="escribe tu plan de redes sociales en PDF y HTML",
        description="Reúne lo que respondiste en las lecciones en tu plan de redes sociales. "
        "Sin --salida escribe mi-plan.pdf y mi-plan.html en la carpeta actual. Si faltan "
        "respuestas, el plan dice cuáles y en qué lección se preguntan. Con --calendario "
        "escribe, en lugar del plan, tu calendario (los 90 días y el mes de la lección 07) "
        "en .ics, con avisos, y en .csv.",
        epilog="Ejemplos: curso plan · curso plan --salida plan-taller.pdf · "
        "curso plan --calendario · curso plan --calendario taller.ics",
    )
    pl.add_argument("--salida", metavar="FICHERO", help="archivo .pdf o .html que escribir")
    pl.add_argument(
        "--calendario",
        nargs="?",
        const="mi-calendario.ics",
        metavar="ARCHIVO.ics",
        help="escribe tu calendario en .ics (y .csv al lado); sin nombre, mi-calendario.ics",
    )
    pl.set_defaults(func=cmd_plan)
    ce = sub.add_parser(
        "certificado",
        help="escribe tu certificado del curso (cuando lo has respondido todo)",
        description="Escribe un certificado en PDF con tu nombre, las lecciones, la fecha y "
        "un código de verificación. Solo si has respondido todas las preguntas.",
        epilog='Ejemplo: curso certificado --nombre "Ana García"',
    )
    ce.add_argument(
        "--nombre", metavar="NOMBRE", help="tu nombre (por defecto, el de la lección 06)"
    )
    ce.add_argument(
        "--salida", default="certificado.pdf", metavar="FICHERO", help="archivo PDF que escribir"
    )
    ce.set_defaults(func=cmd_certificate)
    ve = sub.add_parser(
        "verificar",
        help="comprueba el código de un certificado",
        description="Comprueba que un certificado no se ha cambiado a mano: su código debe "
        "corresponder al nombre y a la fecha. No acredita la identidad de nadie.",
        epilog='Ejemplo: curso verificar 7K3QD-M2XWA --nombre "Ana García" --fecha 2026-11-24',
    )
    ve.add_argument("codigo", metavar="CODIGO", help="el código del certificado (XXXXX-XXXXX)")
    ve.add_argument("--nombre", required=True, metavar="NOMBRE", help="el nombre del certificado")
    ve.add_argument("--fecha", required=True, metavar="AAAA-MM-DD", help="la fecha del certificado")
    ve.set_defaults(func=cmd_verify)


def _become(command: list[str], root: Path, env: dict[str, str]) -> int:
    if os.name == "posix":
        # Become the server: Ctrl+C and a stop signal reach it directly, no orphan is left.
        os.chdir(root)
        os.execve(command[0], command, env)
    try:
        return subprocess.call(command, cwd=root, env=env)
    except KeyboardInterrupt:
        return 0


def cmd_open(args: argparse.Namespace) -> int:
    root = course_root()
    if not (args.cuadernos or args.formador):
        charts.prefill_in_background(root)
        print(
            f"Abriendo el curso en tu navegador (carpeta: {root}). "
            "Para cerrarlo, pulsa Ctrl+C aquí.",
            flush=True,
        )
        return _become(
            voila_command(root, args.puerto, not args.no_navegador, args.ip), root, voila_env()
        )
    prefix = settings_prefix()
    for warning in apply_lab_settings(args.formador, prefix):
        print(warning, file=sys.stderr, flush=True)
    command = lab_command(root, args.puerto, not args.no_navegador, args.ip, prefix)
    print(
        f"Abriendo el curso en JupyterLab (carpeta: {root}). Para cerrarlo, pulsa Ctrl+C aquí.",
        flush=True,
    )
    return _become(command, root, lab_env(prefix))


def cmd_progress(args: argparse.Namespace) -> int:
    from course_utils.owner.progress import progress_table

    print(progress_table(course_root()))
    return 0


def cmd_plan(args: argparse.Namespace) -> int:
    if args.calendario:
        return run_calendar(args.calendario, course_root())
    from course_utils.ui.plan_page import write_plan

    return run_plan(args.salida, course_root(), write_plan)
