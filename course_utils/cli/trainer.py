"""The trainer's and instructor's commands: `curso corregir`, `curso informe`, `curso edicion`, `curso enlace` and `curso taller`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from course_utils.core.paths import course_root
from course_utils.workshop import access_codes
from course_utils.workshop.access_codes import AccessError
from course_utils.workshop.accounts import (
    TLJH_PREFIX,
    Places,
    WorkshopError,
    add_people,
    check,
    names_from,
    prepare,
    revoke,
    running_in_tljh,
    tljh_prefix,
)


def _course_and_assignments(args: argparse.Namespace, command: str):
    """(course folder, exercises) for an instructor's command, or None after a Spanish error."""
    from course_utils.grading import correction

    try:
        course = correction.find_course()
        return course, correction.check_assignments(course, args.ejercicios, args.todos)
    except correction.CorrectionError as exc:
        print(f"curso {command}: {exc}", file=sys.stderr)
        return None


def cmd_correct(args: argparse.Namespace) -> int:
    from course_utils.grading import correction

    found = _course_and_assignments(args, "corregir")
    if found is None:
        return 2
    course, assignments = found
    collect = not args.no_recoger and (args.recoger or _exchange_ready(course))
    rows = correction.correct(
        course,
        assignments,
        student=args.alumno,
        collect_first=collect,
        release_feedback=args.publicar,
        say=lambda line: print(line, flush=True),
    )
    if not rows:
        print("No había entregas que corregir en submitted/.")
        return 0
    print(correction.summary_table(rows))
    print(f"\nNotas: {course / correction.GRADES_FOLDER / 'notas.csv'}")
    print(f"Devoluciones: {course / 'feedback'}")
    print("Para el informe de la clase: curso informe " + " ".join(assignments))
    return 0


def _exchange_ready(course: Path) -> bool:
    """On a hub (JUPYTERHUB_USER set) submissions arrive through nbgrader's exchange."""
    return bool(os.environ.get("JUPYTERHUB_USER"))


def cmd_report(args: argparse.Namespace) -> int:
    from course_utils.grading import class_report

    found = _course_and_assignments(args, "informe")
    if found is None:
        return 2
    course, assignments = found
    page = class_report.build(course, assignments)
    print(f"Informe de la clase escrito en {page} (ábrelo en el navegador o imprímelo).")
    return 0


def cmd_edition(args: argparse.Namespace) -> int:
    from course_utils.grading import edition

    try:
        files = edition.build(course_root(), Path(args.salida), regenerate=args.regenerar)
    except edition.EditionError as exc:
        print(f"curso edicion: {exc}", file=sys.stderr)
        return 2
    print(f"Edición para el alumnado en {Path(args.salida).resolve()} ({len(files)} archivos).")
    print("Sin claves: ni solutions/, ni pruebas ocultas, ni rúbricas, ni respuestas de nadie.")
    print("Publícala en un repositorio git y reparte el enlace con «curso enlace».")
    return 0


def cmd_link(args: argparse.Namespace) -> int:
    from course_utils.workshop import links as hub

    try:
        path = ""
        if args.ejercicio:
            path = hub.find_page(course_root(), args.ejercicio, "exercise")
        elif args.leccion:
            path = hub.find_page(course_root(), args.leccion, "lesson")
        print(hub.pull_link(args.hub, args.repo, args.rama, path, args.vista))
    except hub.LinkError as exc:
        print(f"curso enlace: {exc}", file=sys.stderr)
        return 2
    return 0


def add_link_commands(sub) -> None:
    """`curso edicion` and `curso enlace`: the trainer's commands for a JupyterHub workshop."""
    e = sub.add_parser(
        "edicion",
        help="crea la edición del curso para el alumnado, sin claves (para quien forma)",
        description="Copia las lecciones y los ejercicios publicados en una carpeta aparte, "
        "sin soluciones, pruebas ocultas, rúbricas ni respuestas: la que publicas para "
        "nbgitpuller. Comprueba que no queda ninguna clave antes de terminar.",
        epilog="Ejemplo: curso edicion --salida ../redes-pymes-alumnado",
    )
    e.add_argument("--salida", required=True, metavar="CARPETA", help="carpeta de la edición")
    e.add_argument(
        "--regenerar",
        action="store_true",
        help="genera los ejercicios desde solutions/ en vez de copiar exercises/",
    )
    e.set_defaults(func=cmd_edition)
    k = sub.add_parser(
        "enlace",
        help="escribe el enlace de nbgitpuller a una lección o ejercicio (para quien forma)",
        description="Escribe el enlace que repartes: al abrirlo, cada persona recibe (o "
        "actualiza) la edición publicada en su carpeta del hub y ve la página pedida. Sus "
        "cambios nunca se pierden.",
        epilog="Ejemplo: curso enlace --hub https://taller.ejemplo.es --repo "
        "https://github.com/tu-cuenta/redes-pymes-alumnado --leccion 01 --vista voila",
    )
    k.add_argument("--hub", required=True, metavar="URL", help="dirección del JupyterHub")
    k.add_argument("--repo", required=True, metavar="URL", help="repositorio de la edición")
    k.add_argument("--rama", default="main", help="rama publicada (main)")
    k.add_argument("--leccion", metavar="N", help="lección que se abre: 01 o su nombre")
    k.add_argument("--ejercicio", metavar="N", help="ejercicio que se abre: 00 o su nombre")
    k.add_argument(
        "--vista",
        choices=["lab", "voila"],
        default="lab",
        help="lab: el cuaderno en JupyterLab; voila: la página, sin código (lab)",
    )
    k.set_defaults(func=cmd_link)


def _cards_out(cards: list[tuple[str, str]], hub: str | None, out: str | None, say) -> None:
    if not cards:
        return
    width = max(len(n) for n, _ in cards)
    say("Nombre".ljust(width) + "  Código")
    for name, code in cards:
        say(name.ljust(width) + "  " + code)
    if hub:
        from course_utils.workshop.cards import write_cards

        path = write_cards(cards, hub, out or "tarjetas-acceso.pdf")
        say(
            f"Tarjetas para imprimir: {path.resolve()} (solo tú puedes leerlas; bórralas al repartir)."
        )
    else:
        say("Apunta los códigos: no se pueden volver a ver (con --hub URL se imprimen tarjetas).")


def cmd_workshop(args: argparse.Namespace) -> int:
    tljh = bool(getattr(args, "tljh", False))
    if not tljh and running_in_tljh():
        tljh = True
        print(
            f"(The Littlest JupyterHub: los códigos van en {tljh_prefix() / 'state'} y cada "
            f"cuenta será el usuario «{TLJH_PREFIX}NOMBRE» que crea TLJH.)",
            file=sys.stderr,
        )
    places = Places.from_env(tljh=tljh)
    try:
        if args.accion == "preparar":
            prepare(Path(args.fuente), places)
        elif args.accion in ("alta", "codigo"):
            role = (
                access_codes.TRAINER if getattr(args, "formador", False) else access_codes.LEARNER
            )
            names = names_from(args.nombres, getattr(args, "lista", None))
            if args.accion == "codigo":
                known = access_codes.read_accounts(places.codes)
                missing = [n for n in map(access_codes.account_name, names) if n not in known]
                if missing:
                    raise WorkshopError(f"«{missing[0]}» no tiene cuenta: dale de alta primero.")
                cards = []
                with access_codes.editing(places.codes) as accounts:
                    for name in map(access_codes.account_name, names):
                        cards.append(
                            (name, access_codes.issue(accounts, name, accounts[name].role))
                        )
            else:
                cards = add_people(names, role, places)
            _cards_out(cards, args.hub, args.tarjetas, print)
        elif args.accion == "baja":
            revoke(args.nombres, places)
        elif args.accion == "lista":
            accounts = access_codes.read_accounts(places.codes)
            for account in sorted(accounts.values(), key=lambda a: (a.role, a.name)):
                print(f"{account.name}\t{account.role}\t{account.created}")
            print(f"{len(accounts)} cuentas.")
        elif args.accion == "comprobar":
            results = check(places, Path(args.fuente) if args.fuente else None)
            for ok, line in results:
                print(("✓ " if ok else "✗ ") + line)
            failed = sum(not ok for ok, _ in results)
            print("Todo listo." if not failed else f"{failed} puntos por resolver.")
            return 1 if failed else 0
    except (WorkshopError, AccessError) as exc:
        print(f"curso taller {args.accion}: {exc}", file=sys.stderr)
        return 2
    return 0


def add_workshop_commands(sub) -> None:
    """`curso taller …`: the trainer's commands that make a workshop hub on one machine."""
    t = sub.add_parser(
        "taller",
        help="prepara un JupyterHub de taller: cuentas, códigos y permisos (para quien forma)",
        description="Prepara un JupyterHub en una máquina para un taller: carpetas con sus "
        "permisos, la copia privada del curso para corregir, las cuentas con código personal "
        "y las tarjetas para repartir. Se ejecuta como root. Lugares: CURSO_HUB_ESTADO, "
        "CURSO_EXCHANGE, CURSO_CASAS, CURSO_GRADER (mira la guía del formador).",
        epilog="Ejemplo: curso taller alta --lista alumnado.txt --hub https://taller.ejemplo.es",
    )
    actions = t.add_subparsers(dest="accion", metavar="ACCIÓN", required=True)
    p = actions.add_parser(
        "preparar",
        help="carpetas, usuario corrector, copia privada del curso, figuras",
        description="Crea la carpeta privada del hub, el intercambio de nbgrader, el usuario "
        "que corrige con su copia privada del curso (las soluciones solo están ahí), "
        "JupyterLab en español y las figuras de las lecciones.",
    )
    p.add_argument("--fuente", required=True, metavar="CARPETA", help="carpeta del curso")
    _tljh_option(p)
    for name, helptext in (
        ("alta", "da de alta a personas: usuario, carpeta privada y código personal"),
        ("codigo", "da un código nuevo a quien perdió su tarjeta (el viejo deja de valer)"),
    ):
        a = actions.add_parser(
            name, help=helptext, description=helptext[0].upper() + helptext[1:] + "."
        )
        a.add_argument("nombres", nargs="*", metavar="NOMBRE", help="nombre de pila o cuenta")
        a.add_argument("--lista", metavar="ARCHIVO", help="archivo con un nombre por línea")
        a.add_argument("--hub", metavar="URL", help="dirección del hub: imprime tarjetas con QR")
        a.add_argument(
            "--tarjetas", metavar="PDF", help="archivo de tarjetas (tarjetas-acceso.pdf)"
        )
        if name == "alta":
            a.add_argument("--formador", action="store_true", help="cuentas de formador (admin)")
        _tljh_option(a)
    b = actions.add_parser("baja", help="retira el código de alguien (sus archivos se quedan)")
    b.add_argument("nombres", nargs="+", metavar="NOMBRE")
    _tljh_option(b)
    _tljh_option(actions.add_parser("lista", help="las cuentas del taller y su rol (sin códigos)"))
    c = actions.add_parser("comprobar", help="comprueba permisos y piezas antes del taller")
    c.add_argument("--fuente", metavar="CARPETA", help="carpeta con las soluciones a proteger")
    _tljh_option(c)
    t.set_defaults(func=cmd_workshop)


def _tljh_option(parser) -> None:
    parser.add_argument(
        "--tljh",
        action="store_true",
        help="el hub es The Littlest JupyterHub: códigos en su carpeta de estado "
        "(/opt/tljh/state), usuarios «jupyter-NOMBRE» que crea TLJH al entrar (se detecta solo "
        "si ejecutas el «curso» de /opt/tljh/user)",
    )
