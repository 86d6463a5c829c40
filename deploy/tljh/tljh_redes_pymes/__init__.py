"""The Littlest JupyterHub plugin for the course: the course in the hub's and learners' environments, sign-in with personal access codes, private homes and files, Spanish JupyterLab and hub pages, the course's Voilà pages, the nbgrader exchange and grader service, limits and idle culling."""

from __future__ import annotations

import importlib.util
import json
import os
import pwd
import shutil
import stat
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
TLJH = Path(os.environ.get("TLJH_INSTALL_PREFIX", "/opt/tljh"))  # what TLJH's unit sets
USER_ENV = TLJH / "user"  # TLJH's shared user environment
#: TLJH's own state folder (root only, 0700): the workshop's codes file lives there.
CODES = TLJH / "state" / "codigos-acceso.json"
HOMES = Path("/home")  # where TLJH's `useradd --create-home` and `curso taller` put homes
EXCHANGE = Path("/srv/nbgrader/exchange")
GRADER_PORT = 9999
#: TLJH's Unix user for hub user «ana» is «jupyter-ana» (tljh/user_creating_spawner.py).
USER_PREFIX = "jupyter-"
#: The course's sign-in (course_utils/workshop/hub_auth.py), installed in the hub's environment.
AUTHENTICATOR = "course_utils.workshop.hub_auth.AccessCodeAuthenticator"
#: What tljh-config's auth.type is when nobody set it (tljh/configurer.py).
TLJH_DEFAULT_AUTH = "firstuseauthenticator.FirstUseAuthenticator"
#: Packages of the course's `hub` extra the learners' environment needs besides the course
#: (TLJH brings JupyterHub and the idle culler itself): links and the cards' QR codes.
USER_EXTRAS = ["nbgitpuller>=1.2", "segno>=1.6"]
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
    """The course (lessons' package, nbgrader, Voilà, `curso`…) in the learners' environment."""
    return [course_requirement(), *USER_EXTRAS]


@hookimpl
def tljh_extra_hub_pip_packages() -> list[str]:
    """The course in the hub's environment too: JupyterHub imports its sign-in from there."""
    return [course_requirement()]


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
    """Ask the course installed in the user environment (course_utils.launch.pages, which this hub
    environment does not have) for the learners' servers' environment (``environment`` with the
    folders of the course's Voilà template and settings added) and the folders of the hub's
    Spanish templates. {} when the course is not there (yet): the hub starts anyway."""
    command = [str(user_env / "bin" / "python"), "-m", "course_utils.launch.pages"]
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


def hub_config(
    c,
    user_env: Path = USER_ENV,
    exchange: Path = EXCHANGE,
    codes: Path = CODES,
    homes: Path = HOMES,
) -> None:
    """Who gets in (the course's codes), private servers, the grader service, its groups and
    roles, each server's environment (the nbgrader exchange, the course's Voilà pages) and the
    hub's pages in Spanish."""
    bin_dir = user_env / "bin"
    trainers = sign_in(c, codes)
    private_servers(c)
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
            # its terminals are not login shells, so `curso` and `nbgrader` stay on PATH
            "command": [
                str(bin_dir / "jupyterhub-singleuser"),
                "--ServerApp.terminado_settings={'shell_command': ['/bin/bash']}",
            ],
            "user": GRADER,
            # formgrader lists the exercises of the folder it starts in: the grader's private
            # copy of the course (`curso taller preparar --tljh`)
            "cwd": str(homes / GRADER / COURSE),
            "environment": {
                **env,
                **{k: v for k, v in c.Spawner.environment.items() if k in JUPYTER_PATHS},
                "CURSO_FORMADOR": "1",
                # `curso corregir --recoger`: learner «ana» is TLJH's Unix user «jupyter-ana»
                "CURSO_PREFIJO_USUARIOS": USER_PREFIX,
                "JUPYTERHUB_DEFAULT_URL": "/lab",
                "PATH": f"{bin_dir}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
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
    formgrade = dict(groups.get(f"formgrade-{COURSE}", {}))
    formgrade["users"] = sorted({*formgrade.get("users", []), *trainers})
    groups[f"formgrade-{COURSE}"] = formgrade
    groups.setdefault(f"nbgrader-{COURSE}", {"users": []})
    c.JupyterHub.load_groups = groups


def sign_in(c, codes: Path = CODES) -> list[str]:
    """Each person signs in with the name and personal code of their card (`curso taller alta
    --tljh`), as on the course's own hub: nobody else, no shared password, no system account.
    Trainers (accounts made with --formador) are admins. Returns the trainers' names.

    Replaces tljh-config's auth.type (a shared password would let anyone be anyone). While the
    course is not yet in the hub's environment (the first minutes of an install), nobody can
    sign in at all."""
    current = _current(c.JupyterHub, "authenticator_class", TLJH_DEFAULT_AUTH)
    if importlib.util.find_spec("course_utils") is None:
        print(
            "AVISO: el curso aún no está instalado en el entorno del hub: nadie puede entrar "
            "hasta que termine la instalación y ejecutes `sudo tljh-config reload hub`.",
            file=sys.stderr,
        )
        c.JupyterHub.authenticator_class = "null"
        return []
    from course_utils.workshop import access_codes

    if current not in (TLJH_DEFAULT_AUTH, AUTHENTICATOR):
        print(
            f"AVISO: el plugin del curso sustituye auth.type «{current}» por los códigos "
            "personales del curso. Para otra forma de entrar, configúrala en "
            f"{TLJH}/config/jupyterhub_config.d/ (se lee después del plugin).",
            file=sys.stderr,
        )
    c.JupyterHub.authenticator_class = AUTHENTICATOR
    c.AccessCodeAuthenticator.codes_file = str(codes)
    # a code removed with `curso taller baja` ends that person's session within a minute
    c.Authenticator.auth_refresh_age = 60
    c.Authenticator.refresh_pre_spawn = True
    try:
        trainers = sorted(
            a.name
            for a in access_codes.read_accounts(codes).values()
            if a.role == access_codes.TRAINER
        )
    except access_codes.AccessError as problem:
        print(f"AVISO: {problem} Nadie podrá entrar hasta que lo corrijas.", file=sys.stderr)
        trainers = []
    c.Authenticator.admin_users = {*_current(c.Authenticator, "admin_users", set()), *trainers}
    return trainers


#: systemd's UMask for each learner's server (SystemdSpawner.unit_extra_properties): answers,
#: notebooks, pulled lessons and feedback are written readable by their owner only.
SERVER_UMASK = "0077"


def private_servers(c) -> None:
    """Every learner's server (TLJH's SystemdSpawner) writes private files and has a /tmp of
    its own, whatever the machine's defaults."""
    properties = dict(_current(c.SystemdSpawner, "unit_extra_properties", {}))
    properties["UMask"] = SERVER_UMASK
    c.SystemdSpawner.unit_extra_properties = properties
    c.SystemdSpawner.isolate_tmp = True


def _current(section, name: str, default):
    """A value already set in a traitlets Config section (TLJH's own), or ``default``."""
    return section[name] if name in section else default


@hookimpl
def tljh_custom_jupyterhub_config(c) -> None:
    hub_config(c)


def make_home_private(username: str) -> Path | None:
    """Mode 0700 on the home of a Unix user (TLJH's `useradd` leaves it 0750 at best): nobody
    else lists or reads it. Returns the home, or None when there is nothing safe to change."""
    try:
        user = pwd.getpwnam(username)
    except KeyError:
        return None
    home = Path(user.pw_dir)
    try:
        info = os.lstat(home)
    except FileNotFoundError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != user.pw_uid:
        print(f"AVISO: la carpeta personal {home} de {username} no es suya: no la toco.")
        return None
    os.chmod(home, 0o700)
    return home


@hookimpl
def tljh_new_user_create(username: str) -> None:
    """TLJH has just made the Unix user of someone's first server (`jupyter-<name>`)."""
    make_home_private(username)


#: The user environment's nbgrader_config.py: it loads the course's hub-side settings from the
#: installed package (course_utils/data/jupyter/hub/nbgrader_config.py), never a copy of them.
NBGRADER_LOADER = """# Written by the course's TLJH plugin (tljh_redes_pymes): the course's hub-side nbgrader
# settings, loaded from the installed package so they never drift from the course's.
from course_utils.launch.pages import hub_nbgrader_dir

load_subconfig(str(hub_nbgrader_dir() / "nbgrader_config.py"))  # noqa: F821 (traitlets)
"""


def install_files(user_env: Path = USER_ENV, exchange: Path = EXCHANGE) -> list[Path]:
    """Spanish JupyterLab and nbgrader's configuration in the user environment, and the
    exchange (world-writable with the sticky bit, as nbgrader needs)."""
    written = []
    settings = user_env / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    # the course's own server-wide settings (course_utils.launch.pages.write_lab_settings), or,
    # when the course is not installed there, this plugin's copy of the essential ones
    command = [str(user_env / "bin" / "python"), "-m", "course_utils.launch.pages"]
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
    config.write_text(NBGRADER_LOADER, encoding="utf-8")
    written.append(config)
    exchange.mkdir(parents=True, exist_ok=True)
    exchange.chmod(0o1777)
    written.append(exchange)
    return written


@hookimpl
def tljh_post_install() -> None:
    install_files()
    if shutil.which("useradd"):
        # the grader's private home (`curso taller preparar --tljh` puts the course there)
        subprocess.run(
            ["useradd", "--create-home", "--shell", "/bin/bash", "--key", "UMASK=077", GRADER],
            check=False,
        )
        make_home_private(GRADER)
