"""The Littlest JupyterHub plugin for the course: installs it in the user environment, Spanish JupyterLab and hub pages, the course's Voilà pages, the nbgrader exchange and grader service, limits and idle culling."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

try:
    from tljh.hooks import hookimpl
except ImportError:  # tested without TLJH: the same marker, by name
    import pluggy

    hookimpl = pluggy.HookimplMarker("tljh")

COURSE = "redes-pymes"
GRADER = f"grader-{COURSE}"
HERE = Path(__file__).resolve().parent
USER_ENV = Path("/opt/tljh/user")  # TLJH's shared user environment
EXCHANGE = Path("/srv/nbgrader/exchange")
GRADER_PORT = 9999
#: Where the course package comes from when the plugin was not installed from git.
SOURCE_ENV = "CURSO_FUENTE"


def course_requirement() -> str:
    """The pip requirement for the course package: the same repository and commit the plugin
    was installed from (pip's direct_url.json), or CURSO_FUENTE."""
    if os.environ.get(SOURCE_ENV):
        return os.environ[SOURCE_ENV]
    try:
        text = metadata.distribution("tljh-redes-pymes").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        text = None
    info = json.loads(text) if text else {}
    vcs = info.get("vcs_info", {})
    if info.get("url") and vcs.get("vcs") == "git":
        commit = vcs.get("commit_id") or vcs.get("requested_revision") or ""
        return f"redes-pymes @ git+{info['url']}" + (f"@{commit}" if commit else "")
    raise RuntimeError(
        "No sé de dónde instalar el curso: instala el plugin desde git "
        "(--plugin git+https://…/redes-pymes.git#subdirectory=deploy/tljh) o define CURSO_FUENTE."
    )


@hookimpl
def tljh_extra_user_pip_packages() -> list[str]:
    """The course (lessons' package, nbgrader, Voilà…) in the learners' environment."""
    return [course_requirement(), "nbgitpuller>=1.2"]


@hookimpl
def tljh_extra_apt_packages() -> list[str]:
    return ["git"]


@hookimpl
def tljh_config_post_install(config: dict) -> None:
    """Defaults a trainer can still change with tljh-config: JupyterLab, 1 GB and one core
    per person at most, servers stopped after an hour without use."""
    config.setdefault("user_environment", {}).setdefault("default_app", "jupyterlab")
    limits = config.setdefault("limits", {})
    limits.setdefault("memory", "1G")
    limits.setdefault("cpu", 1)
    cull = config.setdefault("services", {}).setdefault("cull", {})
    cull.setdefault("enabled", True)
    cull.setdefault("timeout", 3600)
    cull.setdefault("every", 300)


KERNEL_CULLING = [
    "--MappingKernelManager.cull_idle_timeout=120",
    "--MappingKernelManager.cull_interval=30",
    "--MappingKernelManager.cull_connected=False",
]


#: The variables through which a server finds the course's Voilà template and settings.
JUPYTER_PATHS = ("JUPYTER_PATH", "JUPYTER_CONFIG_PATH")


def course_pages(user_env: Path, environment: dict[str, str]) -> dict:
    """Ask the course installed in the user environment (course_utils.hub_pages, which this hub
    environment does not have) for the learners' servers' environment (``environment`` with the
    folders of the course's Voilà template and settings added) and the folders of the hub's
    Spanish templates. {} when the course is not there (yet): the hub starts anyway."""
    command = [str(user_env / "bin" / "python"), "-m", "course_utils.hub_pages"]
    try:
        run = subprocess.run(
            [*command, "--entorno", json.dumps(environment)],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        pages = json.loads(run.stdout)
    except (OSError, subprocess.SubprocessError, ValueError) as problem:
        print(
            f"AVISO: el curso no está instalado en {user_env} ({problem}): las lecciones se "
            "verán con la plantilla de Voilà y el hub, en inglés. Vuelve a ejecutar "
            "`tljh-config reload hub` cuando termine la instalación.",
            file=sys.stderr,
        )
        return {}
    return pages if isinstance(pages, dict) else {}


def hub_config(c, user_env: Path = USER_ENV, exchange: Path = EXCHANGE) -> None:
    """The grader service, its groups and roles, each server's environment (the nbgrader
    exchange, the course's Voilà pages) and the hub's pages in Spanish."""
    bin_dir = user_env / "bin"
    env = {"CURSO_EXCHANGE": str(exchange)}
    environment = {**_current(c.Spawner, "environment", {}), **env}
    pages = course_pages(user_env, environment)
    c.Spawner.environment = pages.get("environment") or environment
    c.JupyterHub.template_paths = [
        *pages.get("template_paths", []),
        *_current(c.JupyterHub, "template_paths", []),
    ]
    # a lesson page's kernel ends two minutes after its page is left (voila#1458)
    args = list(_current(c.Spawner, "args", []))
    c.Spawner.args = args + [a for a in KERNEL_CULLING if a not in args]
    c.JupyterHub.services = services = list(_current(c.JupyterHub, "services", []))
    c.JupyterHub.load_roles = roles = list(_current(c.JupyterHub, "load_roles", []))
    services.append(
        {
            "name": COURSE,
            "url": f"http://127.0.0.1:{GRADER_PORT}",
            "command": [str(bin_dir / "jupyterhub-singleuser")],
            "user": GRADER,
            "cwd": f"/home/{GRADER}",
            "environment": {
                **env,
                **{k: v for k, v in c.Spawner.environment.items() if k in JUPYTER_PATHS},
                "CURSO_FORMADOR": "1",
                "JUPYTERHUB_DEFAULT_URL": "/lab",
            },
        }
    )
    roles.extend(
        [
            {
                "name": f"formgrade-{COURSE}",
                "groups": [f"formgrade-{COURSE}"],
                "scopes": [f"access:services!service={COURSE}"],
            },
            {
                "name": f"nbgrader-{COURSE}",
                "groups": [f"nbgrader-{COURSE}"],
                "scopes": [f"read:groups!group=nbgrader-{COURSE}"],
            },
            {"name": "server", "scopes": ["inherit"]},
        ]
    )
    groups = dict(_current(c.JupyterHub, "load_groups", {}))
    groups.setdefault(f"formgrade-{COURSE}", {"users": [GRADER]})
    groups.setdefault(f"nbgrader-{COURSE}", {"users": []})
    c.JupyterHub.load_groups = groups


def _current(section, name: str, default):
    """A value already set in a traitlets Config section (TLJH's own), or ``default``."""
    return section[name] if name in section else default


@hookimpl
def tljh_custom_jupyterhub_config(c) -> None:
    hub_config(c)


def install_files(user_env: Path = USER_ENV, exchange: Path = EXCHANGE) -> list[Path]:
    """Spanish JupyterLab and nbgrader's configuration in the user environment, and the
    exchange (world-writable with the sticky bit, as nbgrader needs)."""
    written = []
    settings = user_env / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    # the course's own server-wide settings (course_utils.hub_pages.write_lab_settings), or,
    # when the course is not installed there, this plugin's copy of the essential ones
    command = [str(user_env / "bin" / "python"), "-m", "course_utils.hub_pages"]
    try:
        subprocess.run(
            [*command, "--ajustes-lab", str(user_env)], capture_output=True, timeout=120, check=True
        )
    except (OSError, subprocess.SubprocessError):
        settings.parent.mkdir(parents=True, exist_ok=True)
        current = json.loads(settings.read_text(encoding="utf-8")) if settings.is_file() else {}
        for plugin, values in json.loads((HERE / "overrides.json").read_text("utf-8")).items():
            for key, value in values.items():
                current.setdefault(plugin, {}).setdefault(key, value)
        settings.write_text(json.dumps(current, indent=2, ensure_ascii=False) + "\n", "utf-8")
    written.append(settings)
    config = user_env / "etc" / "jupyter" / "nbgrader_config.py"
    config.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(HERE / "nbgrader_config.py", config)
    written.append(config)
    exchange.mkdir(parents=True, exist_ok=True)
    exchange.chmod(0o1777)
    written.append(exchange)
    return written


@hookimpl
def tljh_post_install() -> None:
    install_files()
    if shutil.which("useradd"):
        subprocess.run(["useradd", "--create-home", GRADER], check=False)
