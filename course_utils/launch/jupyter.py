"""Launching Jupyter for the course: JupyterLab's and Voilà's commands, environments and the server-wide JupyterLab settings `curso abrir` writes (Spanish, no news, keys on questions)."""

from __future__ import annotations

import errno
import json
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any

from course_utils.core.errors import CourseError
from course_utils.core.files import write_atomic
from course_utils.launch.lab_keys import lab_app_dir, widget_safe_shortcuts

LOCALE = "es_ES"
WELCOME = "lessons/00-bienvenida.ipynb"
# The owner's course home, opened as an app page by Voilà (lessons/inicio.ipynb).
HOME = "lessons/inicio.ipynb"
TRANSLATION_PLUGIN = "@jupyterlab/translation-extension:plugin"
NOTIFICATION_PLUGIN = "@jupyterlab/apputils-extension:notification"
TRACKER_PLUGIN = "@jupyterlab/notebook-extension:tracker"
SHORTCUTS_PLUGIN = "@jupyterlab/shortcuts-extension:shortcuts"
# nbgrader's instructor tools: hidden from owners working alone, shown with --formador.
INSTRUCTOR_EXTENSIONS = (
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:course-list",
)
# nbgrader's learner panels (exchange list, menu, Validate button): English, and without an
# exchange they only show errors, so an owner alone on a laptop does not see them either.
EXCHANGE_EXTENSIONS = (
    "@jupyter/nbgrader:assignment-list",
    "@jupyter/nbgrader:menu",
    "@jupyter/nbgrader:validate-assignment",
)
NBGRADER_EXTENSIONS = INSTRUCTOR_EXTENSIONS + EXCHANGE_EXTENSIONS
# Keeps the course's notebooks as committed when JupyterLab saves them (outputs stripped).
PRE_SAVE_HOOK = "course_utils.launch.notebook_files.pre_save_hook"
# Where `curso abrir` keeps its JupyterLab settings, as a prefix laid out like an environment's
# (<prefix>/share/jupyter/lab/settings/overrides.json, <prefix>/etc/jupyter/labconfig/
# page_config.json). Unset: this environment's own folders, so that every JupyterLab started
# from it is in Spanish. Set (tests, or an administrator whose environment is read-only): a
# folder of one's own, which the JupyterLab that `curso abrir` starts is then told to read.
#
# Why an explicit variable and not JUPYTER_CONFIG_DIR / JUPYTER_DATA_DIR: JupyterLab reads
# overrides.json ONLY from LabApp.app_settings_dir, which defaults to <app_dir>/settings with
# app_dir = $JUPYTERLAB_DIR or <sys.prefix>/share/jupyter/lab (jupyterlab/labapp.py
# _default_app_settings_dir, jupyterlab/commands.py get_app_dir, jupyterlab_server/
# settings_utils.py _get_overrides); no user-level overrides.json exists, and JUPYTERLAB_DIR
# moves the whole built application. labconfig/page_config.json IS read from every folder of
# jupyter_config_path() (jupyterlab_server/config.py get_static_page_config), the user's
# JUPYTER_CONFIG_DIR included, but in a virtual environment the user owns, the environment's
# folder comes first (jupyter_core.paths.prefer_environment_over_user), so a user-level
# "show the instructor tools" loses against the environment's "hide them". Hence: one prefix,
# and for a prefix other than the environment's, `--LabApp.app_settings_dir` and a leading
# JUPYTER_CONFIG_PATH entry (the highest priority) for the JupyterLab we start.
PREFIX_ENV = "CURSO_JUPYTER_PREFIX"


class SettingsNotSaved(CourseError):
    """A settings file `curso abrir` could not write; the message says, in Spanish, what that
    means for the person (JupyterLab opens anyway)."""


def settings_prefix() -> Path | None:
    """The prefix chosen with CURSO_JUPYTER_PREFIX, or None for this environment's folders."""
    value = os.environ.get(PREFIX_ENV, "").strip()
    return Path(value).expanduser().resolve() if value else None


def overrides_path(prefix: Path | None = None) -> Path:
    """The overrides.json the JupyterLab of this environment (or of `prefix`) reads."""
    if prefix is not None:
        return Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    return lab_app_dir() / "settings" / "overrides.json"


def page_config_path(prefix: Path | None = None) -> Path:
    """The page_config.json at the level `jupyter labextension disable --level=sys_prefix`
    writes (of this environment, or of `prefix`)."""
    return Path(prefix or sys.prefix) / "etc" / "jupyter" / "labconfig" / "page_config.json"


# What each default does for a person, said for when it could not be set.
_NEWS = (
    "los avisos de Jupyter: puede aparecer uno que pregunta si quieres recibir noticias o que "
    "anuncia una versión nueva; responde «No» o ciérralo"
)
_DEFAULT_MEANING = {
    (TRANSLATION_PLUGIN, "locale"): (
        "el idioma: JupyterLab puede abrirse en inglés; cámbialo en el menú Settings → "
        "Language → «Spanish (Spain) - Español (España)»"
    ),
    (NOTIFICATION_PLUGIN, "fetchNews"): _NEWS,
    (NOTIFICATION_PLUGIN, "checkForUpdates"): _NEWS,
    (TRACKER_PLUGIN, "autoStartDefaultKernel"): (
        "el arranque de Python: al abrir un cuaderno, JupyterLab puede preguntarte qué "
        "«kernel» usar; elige «Python 3 (ipykernel)»"
    ),
    (SHORTCUTS_PLUGIN, "shortcuts"): (
        "las flechas en las preguntas: en JupyterLab, ↑ y ↓ pueden saltar de celda en vez de "
        "cambiar la opción elegida; usa el ratón para elegir"
    ),
}


def set_lab_defaults(prefix: Path | None = None) -> Path:
    """JupyterLab defaults for owners in this environment (overrides.json): Spanish, no news
    pop-up, the notebook's own kernel started without asking which one, and the keys pressed
    on a question's widgets (↑/↓ on a radio button…) left to the widget (see
    lab_keys.WIDGET_SAFE_SELECTOR).

    Only adds what is missing (an administrator's values stay) and writes nothing when nothing
    is missing. A learner can still switch the language in JupyterLab: Configuración → Idioma
    (Settings → Language); their choice is a user setting and wins over these defaults.
    Raises SettingsNotSaved when the file cannot be written.
    """
    path = overrides_path(prefix)
    wanted: dict[str, dict[str, Any]] = {
        TRANSLATION_PLUGIN: {"locale": LOCALE},
        NOTIFICATION_PLUGIN: {"fetchNews": "false", "checkForUpdates": False},
        TRACKER_PLUGIN: {"autoStartDefaultKernel": True},
        SHORTCUTS_PLUGIN: {"shortcuts": widget_safe_shortcuts()},
    }
    overrides = _read_config(path)
    missing = []
    for plugin, values in wanted.items():
        current = overrides.setdefault(plugin, {})
        if not isinstance(current, dict):
            raise _not_saved(path, "no tiene el formato que espera JupyterLab", [])
        for key, value in values.items():
            if key not in current:
                current[key] = value
                if _DEFAULT_MEANING[(plugin, key)] not in missing:
                    missing.append(_DEFAULT_MEANING[(plugin, key)])
    if missing:
        try:
            _write_config(path, overrides)
        except OSError as error:
            raise _not_saved(path, _reason(error), missing) from error
    return path


def set_instructor_tools(visible: bool, prefix: Path | None = None) -> Path:
    """Show or hide nbgrader's instructor panels (page_config.json, as `jupyter labextension
    disable --level=sys_prefix` writes it). Writes nothing when they already are as wanted;
    raises SettingsNotSaved when the file cannot be written."""
    path = page_config_path(prefix)
    config = _read_config(path)
    disabled = config.get("disabledExtensions")
    if not isinstance(disabled, dict):
        disabled = {}
    wanted = {name: not visible for name in NBGRADER_EXTENSIONS}
    if all(disabled.get(name) is value for name, value in wanted.items()):
        return path
    disabled.update(wanted)
    config["disabledExtensions"] = disabled
    try:
        _write_config(path, config)
    except OSError as error:
        meaning = (
            "las herramientas de formador de nbgrader: puede que no las veas; pide a quien "
            "administra el entorno que las active (jupyter labextension enable "
            "@jupyter/nbgrader:formgrader)"
            if visible
            else "las herramientas de formador de nbgrader («Formgrader», «Create Assignment»…) "
            "pueden seguir en los menús: no las necesitas para el curso, ignóralas"
        )
        raise _not_saved(path, _reason(error), [meaning]) from error
    return path


def apply_lab_settings(formador: bool, prefix: Path | None = None) -> list[str]:
    """Everything `curso abrir` sets before JupyterLab starts. Returns the Spanish warnings for
    what could not be set (empty when all went well); never raises for an unwritable folder."""
    warnings = []
    for step in (lambda: set_lab_defaults(prefix), lambda: set_instructor_tools(formador, prefix)):
        try:
            step()
        except SettingsNotSaved as problem:
            warnings.append(str(problem))
    return warnings


def _not_saved(path: Path, reason: str, meanings: list[str]) -> SettingsNotSaved:
    lines = [f"AVISO: no he podido guardar los ajustes de JupyterLab en {path} ({reason})."]
    if meanings:
        lines.append("JupyterLab se abre igualmente, pero sin estos ajustes del curso:")
        lines += [f"  - {meaning}." for meaning in meanings]
    lines.append(
        "Si el curso lo ha instalado otra persona (un taller, un JupyterHub), "
        "avísale: no es un fallo tuyo."
    )
    return SettingsNotSaved("\n".join(lines))


def _reason(error: OSError) -> str:
    if error.errno == errno.EROFS:
        return "la carpeta es de solo lectura"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "no tienes permiso para escribir ahí"
    return error.strerror or str(error)


def _read_config(path: Path) -> dict:
    """A JSON settings file as a dict ({} when missing). A file that exists but cannot be read
    or is not a JSON object is left alone: SettingsNotSaved rather than overwrite it."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise _not_saved(path, f"no puedo leerlo: {_reason(error)}", []) from error
    try:
        data = json.loads(text) if text.strip() else {}
    except json.JSONDecodeError as error:
        raise _not_saved(
            path, "no es un JSON válido; no lo toco para no perder lo que tiene", []
        ) from error
    if not isinstance(data, dict):
        raise _not_saved(path, "no tiene el formato que espera JupyterLab", [])
    return data


def _write_config(path: Path, data: dict) -> None:
    """Write atomically (core.files): whoever reads the file (a JupyterLab starting, another
    `curso abrir`) sees the old or the new version, never half of one; an existing file keeps
    its permissions, a new one is read by everyone who uses the environment."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o644
    write_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n", mode, durable=True)


def lab_command(
    root: Path, port: int | None, browser: bool, ip: str, prefix: Path | None = None
) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        f"--ServerApp.root_dir={root}",
        f"--ServerApp.ip={ip}",
        f"--LabApp.default_url=/lab/tree/{WELCOME}",
        f"--FileContentsManager.pre_save_hook={PRE_SAVE_HOOK}",
    ]
    if prefix is not None:
        command.append(f"--LabApp.app_settings_dir={overrides_path(prefix).parent}")
    if port:
        command += [f"--ServerApp.port={port}", "--ServerApp.port_retries=0"]
    if not browser:
        command.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    return command


def lab_env(prefix: Path | None = None) -> dict[str, str]:
    """The environment for JupyterLab: with a prefix, its etc/jupyter goes first in
    JUPYTER_CONFIG_PATH, so its labconfig/page_config.json wins over the environment's."""
    env = dict(os.environ)
    if prefix is not None:
        first = str(page_config_path(prefix).parent.parent)
        rest = env.get("JUPYTER_CONFIG_PATH")
        env["JUPYTER_CONFIG_PATH"] = first + (os.pathsep + rest if rest else "")
    return env


def voila_command(root: Path, port: int | None, browser: bool, ip: str) -> list[str]:
    """Voilà serving the course folder as app pages. Its settings (the course's Spanish
    template, the files a page may link to, kernel culling…) are the course's voila.json,
    which voila_env() puts first in Voilà's config path: the same file a hub's servers read
    (course_utils/launch/pages.py). Only what belongs to this one launch is set here."""
    command = [sys.executable, "-m", "voila", str(root), f"--Voila.ip={ip}"]
    if port:
        command += [f"--port={port}", "--Voila.port_retries=0"]
    if not browser:
        command.append("--no-browser")
    if os.name == "posix":
        # Kernels over Unix sockets in a folder of their own: over TCP, a kernel started while
        # others run (another page, another program) sometimes lost a reply and its page kept
        # «Preparando la página…» for good (seen in bench/bench_pages.py and in the tests).
        sockets = tempfile.mkdtemp(prefix="curso-nucleos-")
        command += ["--KernelManager.transport=ipc", f"--KernelManager.ip={sockets}/k"]
    return command
