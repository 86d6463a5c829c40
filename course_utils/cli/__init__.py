"""The `curso` command line, in Spanish: learners' commands (cli.learner) and trainers' (cli.trainer) on one Spanish parser (cli.spanish); entry point ``course_utils.cli:main``."""

from __future__ import annotations

import argparse
import sys

from course_utils.cli import learner, trainer
from course_utils.cli.spanish import SpanishParser
from course_utils.core.errors import CourseError


def parser() -> argparse.ArgumentParser:
    p = SpanishParser(
        prog="curso",
        description="Curso «Redes sociales con estrategia para pymes».",
        epilog="Ejemplo: curso abrir",
    )
    sub = p.add_subparsers(dest="orden", metavar="ORDEN", parser_class=SpanishParser)
    o = sub.add_parser(
        "abrir",
        help="abre el curso en tu navegador (páginas sin código)",
        description="Abre el curso en tu navegador: cada lección es una página en la que "
        "respondes con clics y texto; tus respuestas se guardan solas.",
        epilog="Ejemplos: curso abrir · curso abrir --cuadernos · curso abrir --formador",
    )
    o.add_argument(
        "--puerto", type=int, default=None, help="puerto (por defecto, el primero libre)"
    )
    o.add_argument("--ip", default="127.0.0.1", help="dirección en la que escucha (127.0.0.1)")
    o.add_argument("--no-navegador", action="store_true", help="no abrir el navegador")
    o.add_argument(
        "--cuadernos",
        action="store_true",
        help="abre los cuadernos en JupyterLab (con el código a la vista) en vez de las páginas",
    )
    o.add_argument(
        "--formador",
        action="store_true",
        help="abre JupyterLab con las herramientas de nbgrader para crear y corregir",
    )
    o.set_defaults(func=learner.cmd_open)
    g = sub.add_parser("progreso", help="muestra qué lecciones has respondido")
    g.set_defaults(func=learner.cmd_progress)
    c = sub.add_parser(
        "corregir",
        help="corrige ejercicios entregados (para quien forma)",
        description="Corrige las entregas: revisa cada una, pone las notas, "
        "escribe las devoluciones y exporta la hoja de notas. Ejecútala en la "
        "carpeta del curso.",
        epilog="Ejemplos: curso corregir 01-despersonalizar-la-critica · "
        "curso corregir --todos · curso corregir 03-cultura-2-0-interna "
        "--alumno ana",
    )
    c.add_argument("ejercicios", nargs="*", metavar="EJERCICIO", help="ejercicios que corregir")
    c.add_argument("--todos", action="store_true", help="corrige todos los ejercicios del curso")
    c.add_argument("--alumno", metavar="NOMBRE", help="vuelve a corregir solo a esta persona")
    c.add_argument(
        "--recoger",
        action="store_true",
        help="recoge antes las entregas del intercambio (en un hub se hace solo)",
    )
    c.add_argument(
        "--no-recoger", action="store_true", help="no recoge nada: usa lo que ya hay en submitted/"
    )
    c.add_argument(
        "--publicar",
        action="store_true",
        help="deja las devoluciones en el intercambio para que cada persona las recoja",
    )
    c.set_defaults(func=trainer.cmd_correct)
    r = sub.add_parser(
        "informe",
        help="informe de la clase: lo que más costó (para quien forma)",
        description="Escribe informe/index.html con las figuras de la clase.",
        epilog="Ejemplo: curso informe --todos",
    )
    r.add_argument("ejercicios", nargs="*", metavar="EJERCICIO", help="ejercicios del informe")
    r.add_argument("--todos", action="store_true", help="todos los ejercicios del curso")
    r.set_defaults(func=trainer.cmd_report)
    learner.add_commands(sub, learner.cmd_plan)  # curso plan, curso certificado, curso verificar
    trainer.add_link_commands(sub)  # curso edicion, curso enlace (a JupyterHub workshop)
    trainer.add_workshop_commands(sub)  # curso taller … (accounts, codes, folders of a hub)
    return p


def main(argv: list[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if not getattr(args, "func", None):
        p.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except CourseError as problem:  # library code raises; only here does it become an exit
        print(f"curso {args.orden}: {problem}", file=sys.stderr)
        return 2
