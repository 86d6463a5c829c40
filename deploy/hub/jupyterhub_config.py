"""JupyterHub for a workshop of the course on one machine: personal access codes, private homes, real Unix users, the nbgrader exchange and the grader service; settings come from CURSO_* variables (docs/guia-formador.md, section 2)."""

import os
import sys
from pathlib import Path

from course_utils.launch.pages import hub_nbgrader_dir, hub_template_paths, spawner_environment

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)


def setting(name: str, default: str) -> str:
    return os.environ.get(name, "").strip() or default


def names(name: str) -> list[str]:
    return [n.strip() for n in os.environ.get(name, "").split(",") if n.strip()]


COURSE = "redes-pymes"
GRADER = setting("CURSO_GRADER", f"grader-{COURSE}")  # the Unix user that grades
STATE = Path(setting("CURSO_HUB_ESTADO", "/srv/jupyterhub"))
CODES = setting("CURSO_CODIGOS", str(STATE / "codigos-acceso.json"))
HOMES = Path(setting("CURSO_CASAS", "/home"))
EXCHANGE = setting("CURSO_EXCHANGE", "/srv/nbgrader/exchange")
# What learners' and the grader's servers read: the hub-side nbgrader settings, shipped inside
# the installed package (readable by everyone, no secret, apart from the course's solutions)
NBGRADER_CONFIG_DIR = setting("CURSO_CONFIG_NBGRADER", str(hub_nbgrader_dir()))
BIN = Path(sys.executable).parent  # the environment JupyterHub (and the course) runs from

# --- where it listens: the proxy on PORT, the hub and its services on 127.0.0.1 only
c.JupyterHub.ip = setting("CURSO_HUB_IP", "0.0.0.0")
c.JupyterHub.port = int(setting("CURSO_HUB_PUERTO", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(setting("CURSO_HUB_PUERTO_INTERNO", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{setting('CURSO_PROXY_API', '8001')}"
# the proxy `npm ci` installs beside this file's checkout, else one on PATH
LOCAL_CHP = (
    Path(__file__).resolve().parents[2] / "node_modules" / ".bin" / "configurable-http-proxy"
)
c.ConfigurableHTTPProxy.command = [
    setting("CURSO_CHP", str(LOCAL_CHP) if LOCAL_CHP.exists() else "configurable-http-proxy")
]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")

# --- who gets in: each person with the name and personal code of their card (`curso taller
# alta`); nobody else, whatever the machine's accounts. Trainers are admins. With
# CURSO_HUB_AUTENTICACION=pam, the machine's passwords of the course's accounts instead.
TRAINERS = names("CURSO_FORMADORES")
if setting("CURSO_HUB_AUTENTICACION", "codigos") == "pam":
    c.JupyterHub.authenticator_class = "pam"
    c.PAMAuthenticator.allowed_groups = {f"curso-{COURSE}"}
else:
    from course_utils.workshop import access_codes

    c.JupyterHub.authenticator_class = "course_utils.workshop.hub_auth.AccessCodeAuthenticator"
    c.AccessCodeAuthenticator.codes_file = CODES
    try:  # trainers with a code at start-up see formgrader (`curso taller alta --formador`)
        TRAINERS += sorted(
            a.name
            for a in access_codes.read_accounts(CODES).values()
            if a.role == access_codes.TRAINER
        )
    except access_codes.AccessError as problem:
        sys.exit(f"curso: {problem}")
    # a code removed with `curso taller baja` ends that person's session within a minute
    c.Authenticator.auth_refresh_age = 60
    c.Authenticator.refresh_pre_spawn = True
c.Authenticator.admin_users = set(TRAINERS)

# --- each person's server: a process of their own Unix user, in their home folder
c.JupyterHub.spawner_class = "course_utils.workshop.hub_auth.PrivateSpawner"  # umask 077
c.Spawner.notebook_dir = "~"
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = setting("CURSO_PAGINA_INICIO", "/lab")
# the course's own Voilà pages (template «curso», voila.json) as on a laptop, and the hub-side
# nbgrader settings (course_utils/launch/pages.py)
c.Spawner.environment = spawner_environment(
    {
        "CURSO_EXCHANGE": EXCHANGE,
        "JUPYTER_CONFIG_PATH": NBGRADER_CONFIG_DIR,
        "PATH": f"{BIN}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
    }
)
# the hub's own pages (sign-in, errors, waiting) in Spanish
c.JupyterHub.template_paths = hub_template_paths()
# A lesson page's kernel ends a minute after its page is left (Voilà's own shutdown request
# fails the server's XSRF check, voila-dashboards/voila#1458): otherwise every page a learner
# opens keeps a kernel of about 120 MB until the server stops.
c.Spawner.args = [
    "--MappingKernelManager.cull_idle_timeout=120",
    "--MappingKernelManager.cull_interval=30",
    "--MappingKernelManager.cull_connected=False",
]
c.Spawner.start_timeout = 60
c.Spawner.http_timeout = 60
# 30 people starting at 10:00: at most 10 starts at once, the rest wait a few seconds
c.JupyterHub.concurrent_spawn_limit = 10
c.JupyterHub.active_server_limit = int(setting("CURSO_MAX_SERVIDORES", "60"))

# --- the grader: a Jupyter server of its own Unix user, reached at /services/redes-pymes/
c.JupyterHub.services = []
if setting("CURSO_SERVICIO_CORRECTOR", "1") == "1":
    c.JupyterHub.services.append(
        {
            "name": COURSE,
            "url": f"http://127.0.0.1:{setting('CURSO_PUERTO_CORRECTOR', '9999')}",
            # its terminals are not login shells, so `curso` and `nbgrader` stay on PATH
            "command": [
                str(BIN / "jupyterhub-singleuser"),
                "--ServerApp.terminado_settings={'shell_command': ['/bin/bash']}",
            ],
            "user": GRADER,
            # formgrader lists the exercises of the folder it starts in: the grader's course copy
            "cwd": setting("CURSO_CARPETA_CORRECTOR", str(HOMES / GRADER / COURSE)),
            "environment": {
                "CURSO_FORMADOR": "1",
                "CURSO_EXCHANGE": EXCHANGE,
                "JUPYTER_CONFIG_PATH": NBGRADER_CONFIG_DIR,
                "JUPYTERHUB_DEFAULT_URL": "/lab",
                "PATH": f"{BIN}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
            },
        }
    )
# automation (creating users, starting servers) with a token of the trainer's choosing
if os.environ.get("CURSO_TOKEN_ADMIN"):
    c.JupyterHub.services.append(
        {"name": "curso-admin", "api_token": os.environ["CURSO_TOKEN_ADMIN"]}
    )

c.JupyterHub.load_groups = {f"formgrade-{COURSE}": {"users": [*TRAINERS]}}
c.JupyterHub.load_roles = [
    # trainers (and only they) reach the grader's server and formgrader
    {
        "name": f"formgrade-{COURSE}",
        "groups": [f"formgrade-{COURSE}"],
        "scopes": [f"access:services!service={COURSE}"],
    },
    {"name": "server", "scopes": ["inherit"]},
]
if os.environ.get("CURSO_TOKEN_ADMIN"):
    c.JupyterHub.load_roles.append(
        {
            "name": "curso-admin",
            "services": ["curso-admin"],
            "scopes": ["admin:users", "admin:servers", "access:servers", "tokens"],
        }
    )

# --- idle culling: a server nobody uses for an hour stops (its files stay); part of the
# course's `hub` extra, so a hub without it is a broken install, not a quieter hub
try:
    import jupyterhub_idle_culler  # noqa: F401
except ImportError:
    sys.exit("curso: falta jupyterhub-idle-culler: pip install 'redes-pymes[hub]' en el entorno")
c.JupyterHub.services.append(
    {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=3600"],
    }
)
c.JupyterHub.load_roles.append(
    {
        "name": "idle-culler",
        "services": ["idle-culler"],
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    }
)
