"""The course's own pages wherever it runs: Voilà's settings and template folders for `curso abrir` and a hub's servers, JupyterHub's Spanish templates, the feedback template, server-wide Spanish JupyterLab settings."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
#: A Jupyter data folder (JUPYTER_PATH): voila/templates/curso, nbconvert/templates/…
JUPYTER_DATA = PACKAGE / "data" / "jupyter"
#: A Jupyter config folder (JUPYTER_CONFIG_PATH): voila.json, read by standalone Voilà
#: (`curso abrir`) and by Voilà's server extension (a hub), and jupyter_server_config.py.
JUPYTER_CONFIG = JUPYTER_DATA / "config"
VOILA_SETTINGS = JUPYTER_CONFIG / "voila.json"
# What voila.json sets, and why (JSON has no comments):
# - VoilaConfiguration.template «curso» (data/jupyter/voila/templates/curso): Spanish, nothing
#   loaded from the internet, the lesson's tab title and the bar back to the course home.
# - extension_denylist: JupyterLab extensions an app page must not load (nbgrader's, Notebook's,
#   Voilà's preview): they fail there, with English errors, and a page has no use for them.
# - file_allowlist: the only files of the course folder a page may link to (figures, the plan,
#   its calendar, the certificate); answers files and the course's configuration are never served.
# - VoilaExecutor.cell_error_instruction: the Spanish line shown where a cell failed.
# - MappingKernelManager culling (standalone Voilà only; a hub's configuration sets its own): a
#   page's kernel ends a minute after its page is left, since Voilà's own shutdown request is
#   refused by the server's XSRF check (voila-dashboards/voila#1458).
#: JupyterHub's pages in Spanish (c.JupyterHub.template_paths), and NativeAuthenticator's
#: (sign-in, sign-up, approval, passwords: the z2jh values' sign-in), which these override.
HUB_TEMPLATES = PACKAGE / "data" / "jupyterhub" / "templates"
#: nbgrader's feedback page for learners (HTMLExporter settings in nbgrader_config.py).
FEEDBACK_TEMPLATES = JUPYTER_DATA / "nbconvert" / "templates"
FEEDBACK_TEMPLATE = "feedback-curso"
#: Where the z2jh values put the hub's Spanish templates inside the hub's pod.
Z2JH_TEMPLATES = "/usr/local/share/jupyterhub/curso/templates"


def hub_nbgrader_dir() -> Path:
    """The folder with the learners' and grader's nbgrader_config.py on a plain hub
    (JUPYTER_CONFIG_PATH): no secret, readable by everyone, apart from the course's solutions."""
    return JUPYTER_DATA / "hub"


def voila_settings() -> dict:
    """The course's Voilà settings (voila.json), as `curso abrir` and a hub's servers read them."""
    return json.loads(VOILA_SETTINGS.read_text(encoding="utf-8"))


def _with_entry(value: str | None, entry: str) -> str:
    """A path list (os.pathsep) with ``entry`` added at its end, unless it is there already."""
    entries = [p for p in (value or "").split(os.pathsep) if p]
    if entry not in entries:
        entries.append(entry)
    return os.pathsep.join(entries)


def spawner_environment(environment: Mapping[str, str] | None = None) -> dict[str, str]:
    """``environment`` (e.g. the hub's current ``c.Spawner.environment``) with this package's
    folders added to JUPYTER_PATH (Voilà's «curso» template) and JUPYTER_CONFIG_PATH (voila.json,
    jupyter_server_config.py). Entries already there are kept, in front (first wins in Jupyter's
    search paths); every other variable is returned unchanged."""
    env = dict(environment or {})
    env["JUPYTER_PATH"] = _with_entry(env.get("JUPYTER_PATH"), str(JUPYTER_DATA))
    env["JUPYTER_CONFIG_PATH"] = _with_entry(env.get("JUPYTER_CONFIG_PATH"), str(JUPYTER_CONFIG))
    return env


def voila_environment(environment: Mapping[str, str]) -> dict[str, str]:
    """The environment for standalone Voilà (`curso abrir`): the course's folders first."""
    env = dict(environment)
    for name, entry in (("JUPYTER_PATH", JUPYTER_DATA), ("JUPYTER_CONFIG_PATH", JUPYTER_CONFIG)):
        rest = [p for p in env.get(name, "").split(os.pathsep) if p and p != str(entry)]
        env[name] = os.pathsep.join([str(entry), *rest])
    return env


def voila_env() -> dict[str, str]:
    """This process's environment for `curso abrir`'s Voilà: the course's folders first."""
    return voila_environment(os.environ)


def hub_template_paths() -> list[str]:
    """Folders for ``c.JupyterHub.template_paths``: the hub's login, error, waiting and
    authorization pages in Spanish (JupyterHub's own templates fill in the rest)."""
    return [str(HUB_TEMPLATES)]


def z2jh_values() -> dict:
    """Helm values for Zero to JupyterHub that mount the Spanish hub templates in the hub's pod
    (its image has JupyterHub but not the course). Written out by ``python -m
    course_utils.launch.pages --z2jh`` as JSON, which Helm reads as YAML."""
    files = {
        f"curso-{path.stem.replace('_', '-')}": {
            "mountPath": f"{Z2JH_TEMPLATES}/{path.name}",
            "stringData": path.read_text(encoding="utf-8"),
        }
        for path in sorted(HUB_TEMPLATES.glob("*.html"))
    }
    return {"hub": {"templatePaths": [Z2JH_TEMPLATES], "extraFiles": files}}


def write_lab_settings(prefix: str | os.PathLike) -> Path:
    """Server-wide JupyterLab settings for every learner of an environment: Spanish (es_ES),
    no news or update pop-up, the notebook's kernel started without asking, ↑/↓ left to the
    questions' widgets. Writes ``<prefix>/share/jupyter/lab/settings/overrides.json``, adding
    only what is missing (values already there stay), atomically, mode 0644 for a new file.
    Returns the file's path; raises ``cli.SettingsNotSaved`` (a Spanish message) when the file
    cannot be read or written, and leaves a damaged file untouched."""
    from course_utils.launch.jupyter import set_lab_defaults

    return set_lab_defaults(Path(prefix))


def _check_environment(environment: Mapping[str, str]) -> list[str]:
    """What is missing from an environment for a server to show the course's pages (Spanish)."""
    problems = []
    for name, entry in (("JUPYTER_PATH", JUPYTER_DATA), ("JUPYTER_CONFIG_PATH", JUPYTER_CONFIG)):
        if str(entry) not in environment.get(name, "").split(os.pathsep):
            problems.append(f"Falta {entry} en la variable {name}.")
    if not VOILA_SETTINGS.is_file():
        problems.append(f"Falta el archivo {VOILA_SETTINGS}.")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m course_utils.launch.pages",
        description="Las páginas del curso en un JupyterHub.",
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument(
        "--z2jh",
        action="store_true",
        help="escribe los valores de Helm con las plantillas del hub en español",
    )
    action.add_argument(
        "--entorno",
        metavar="JSON",
        help="el entorno de los servidores (JSON) con las carpetas del curso añadidas",
    )
    action.add_argument(
        "--ajustes-lab",
        metavar="PREFIJO",
        help="escribe los ajustes de JupyterLab en español para todo el entorno PREFIJO",
    )
    action.add_argument(
        "--comprobar",
        action="store_true",
        help="comprueba que JUPYTER_PATH y JUPYTER_CONFIG_PATH llevan a las páginas del curso",
    )
    args = parser.parse_args(argv)
    if args.z2jh:
        print(json.dumps(z2jh_values(), indent=2, ensure_ascii=False))
        return 0
    if args.ajustes_lab:
        from course_utils.launch.jupyter import SettingsNotSaved

        try:
            print(write_lab_settings(args.ajustes_lab))
        except SettingsNotSaved as not_saved:
            print(not_saved, file=sys.stderr)
            return 1
        return 0
    if args.comprobar:
        problems = _check_environment(os.environ)
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    try:
        given = json.loads(args.entorno) if args.entorno else {}
    except ValueError:
        given = None
    if not isinstance(given, dict):
        print('--entorno espera un objeto JSON: {"NOMBRE": "valor"}.', file=sys.stderr)
        return 2
    pages = {"environment": spawner_environment(given), "template_paths": hub_template_paths()}
    print(json.dumps(pages, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
