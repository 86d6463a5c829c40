"""Command line: `curso abrir` opens the course in JupyterLab in Spanish; `curso progreso`."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

LOCALE = "es_ES"
WELCOME = "lessons/00-bienvenida.ipynb"
TRANSLATION_PLUGIN = "@jupyterlab/translation-extension:plugin"
# nbgrader's instructor tools: hidden from owners working alone, shown with --formador.
INSTRUCTOR_EXTENSIONS = (
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:course-list",
)


def course_root(start: Path | None = None) -> Path:
    """The course folder (the one with lessons/): from the current folder up, or the package's."""
    candidates = [Path(start or Path.cwd()).resolve()]
    candidates += list(candidates[0].parents)
    candidates.append(Path(__file__).resolve().parent.parent)
    for folder in candidates:
        if (folder / "lessons").is_dir():
            return folder
    raise SystemExit(
        "No encuentro la carpeta del curso (la que contiene «lessons/»). "
        "Entra en la carpeta del curso y vuelve a ejecutar la orden."
    )


def set_lab_defaults(prefix: Path | None = None) -> Path:
    """JupyterLab defaults for owners in this environment (overrides.json): Spanish, no news
    pop-up, and the notebook's own kernel started without asking which one.

    A learner can still switch the language in JupyterLab: Configuración → Idioma (Settings →
    Language); their choice is a user setting and wins over these defaults.
    """
    settings = Path(prefix or sys.prefix) / "share" / "jupyter" / "lab" / "settings"
    path = settings / "overrides.json"
    overrides = _read_config(path)
    wanted = {
        TRANSLATION_PLUGIN: {"locale": LOCALE},
        "@jupyterlab/apputils-extension:notification": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
        "@jupyterlab/notebook-extension:tracker": {"autoStartDefaultKernel": True},
    }
    changed = False
    for plugin, values in wanted.items():
        current = overrides.setdefault(plugin, {})
        for key, value in values.items():
            if key not in current:
                current[key] = value
                changed = True
    if changed:
        _write_config(path, overrides)
    return path


def set_instructor_tools(visible: bool, prefix: Path | None = None) -> Path:
    """Show or hide nbgrader's instructor panels (page_config.json, as `jupyter labextension
    disable --level=sys_prefix` writes it)."""
    path = Path(prefix or sys.prefix) / "etc" / "jupyter" / "labconfig" / "page_config.json"
    config = _read_config(path)
    disabled = config.get("disabledExtensions")
    if not isinstance(disabled, dict):
        disabled = {}
    for name in INSTRUCTOR_EXTENSIONS:
        disabled[name] = not visible
    config["disabledExtensions"] = disabled
    _write_config(path, config)
    return path


def _read_config(path: Path) -> dict:
    """A JSON settings file as a dict ({} when missing or unreadable: we only add to it)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_config(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")


def lab_command(root: Path, port: int | None, browser: bool, ip: str) -> list[str]:
    command = [
        sys.executable, "-m", "jupyter", "lab",
        f"--ServerApp.root_dir={root}",
        f"--ServerApp.ip={ip}",
        f"--LabApp.default_url=/lab/tree/{WELCOME}",
    ]
    if port:
        command += [f"--ServerApp.port={port}", "--ServerApp.port_retries=0"]
    if not browser:
        command.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    return command


def cmd_open(args: argparse.Namespace) -> int:
    root = course_root()
    set_lab_defaults()
    set_instructor_tools(visible=args.formador)
    command = lab_command(root, args.puerto, not args.no_navegador, args.ip)
    print(f"Abriendo el curso en JupyterLab (carpeta: {root}). Para cerrarlo, pulsa Ctrl+C aquí.",
          flush=True)
    if os.name == "posix":
        # Become JupyterLab: Ctrl+C and a stop signal reach it directly, no orphan is left.
        os.chdir(root)
        os.execv(command[0], command)
    try:
        return subprocess.call(command, cwd=root)
    except KeyboardInterrupt:
        return 0


def cmd_progress(args: argparse.Namespace) -> int:
    from .progress import progress_table

    print(progress_table(course_root()))
    return 0


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "uso: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with Spanish help and errors."""

    def __init__(self, **kwargs) -> None:
        super().__init__(formatter_class=_Formatter, add_help=False, **kwargs)
        self._positionals.title = "órdenes"
        self._optionals.title = "opciones"
        self.add_argument("-h", "--ayuda", action="help", help="muestra esta ayuda y termina")

    def error(self, message: str) -> None:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: no entiendo la orden ({message}). Prueba «curso --ayuda».\n")


def parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="curso",
        description="Curso «Redes sociales con estrategia para pymes».",
        epilog="Ejemplo: curso abrir",
    )
    sub = p.add_subparsers(dest="orden", metavar="ORDEN", parser_class=_Parser)
    o = sub.add_parser("abrir", help="abre el curso en JupyterLab, en español")
    o.add_argument("--puerto", type=int, default=None, help="puerto (por defecto, el primero libre)")
    o.add_argument("--ip", default="127.0.0.1", help="dirección en la que escucha (127.0.0.1)")
    o.add_argument("--no-navegador", action="store_true", help="no abrir el navegador")
    o.add_argument("--formador", action="store_true",
                   help="muestra también las herramientas de nbgrader para crear y corregir")
    o.set_defaults(func=cmd_open)
    g = sub.add_parser("progreso", help="muestra qué lecciones has respondido")
    g.set_defaults(func=cmd_progress)
    return p


def main(argv: list[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if not getattr(args, "func", None):
        p.print_help()
        return 0
    return int(args.func(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
