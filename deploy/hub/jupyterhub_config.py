"""JupyterHub for a workshop of the course on one machine: real Unix users, the nbgrader exchange, the grader service with its groups and roles; settings come from CURSO_* variables (defaults for a server)."""

import os
import secrets
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)


def setting(name: str, default: str) -> str:
    return os.environ.get(name, "").strip() or default


def names(name: str) -> list[str]:
    return [n.strip() for n in os.environ.get(name, "").split(",") if n.strip()]


COURSE = "redes-pymes"
GRADER = setting("CURSO_GRADER", f"grader-{COURSE}")  # the Unix user that grades
TRAINERS = names("CURSO_FORMADORES")  # hub users who see formgrader
LEARNERS = names("CURSO_ALUMNADO")  # empty: anyone the authenticator lets in
STATE = Path(setting("CURSO_HUB_ESTADO", "/srv/jupyterhub"))
EXCHANGE = setting("CURSO_EXCHANGE", "/srv/nbgrader/exchange")
# The folder holding the hub-side nbgrader_config.py (deploy/hub/nbgrader_config.py)
NBGRADER_CONFIG_DIR = setting("CURSO_CONFIG_NBGRADER", str(Path(__file__).resolve().parent))
BIN = Path(sys.executable).parent  # the environment JupyterHub (and the course) runs from

# --- where it listens: the proxy on PORT, the hub and its services on 127.0.0.1 only
c.JupyterHub.ip = setting("CURSO_HUB_IP", "0.0.0.0")
c.JupyterHub.port = int(setting("CURSO_HUB_PUERTO", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(setting("CURSO_HUB_PUERTO_INTERNO", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{setting('CURSO_PROXY_API', '8001')}"
c.ConfigurableHTTPProxy.command = [setting("CURSO_CHP", "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")

# --- who gets in: PAM (the machine's users and passwords), or one shared workshop password
if setting("CURSO_HUB_AUTENTICACION", "pam") == "clave-comun":
    c.JupyterHub.authenticator_class = "dummy"
    c.DummyAuthenticator.password = setting("CURSO_HUB_CLAVE", secrets.token_urlsafe(12))
if LEARNERS or TRAINERS:
    c.Authenticator.allowed_users = set(LEARNERS) | set(TRAINERS)
else:
    c.Authenticator.allow_all = True
c.Authenticator.admin_users = set(TRAINERS)

# --- each person's server: a process of their own Unix user, in their home folder
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = setting("CURSO_PAGINA_INICIO", "/lab")
c.Spawner.environment = {
    "CURSO_EXCHANGE": EXCHANGE,
    "JUPYTER_CONFIG_PATH": NBGRADER_CONFIG_DIR,
    "PATH": f"{BIN}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
}
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
            "command": [str(BIN / "jupyterhub-singleuser")],
            "user": GRADER,
            "cwd": setting("CURSO_CARPETA_CORRECTOR", f"/home/{GRADER}"),
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

c.JupyterHub.load_groups = {
    f"formgrade-{COURSE}": {"users": [*TRAINERS, GRADER]},
    f"nbgrader-{COURSE}": {"users": [*LEARNERS, *TRAINERS]},
}
c.JupyterHub.load_roles = [
    # trainers (and only they) reach the grader's server and formgrader
    {
        "name": f"formgrade-{COURSE}",
        "groups": [f"formgrade-{COURSE}"],
        "scopes": [f"access:services!service={COURSE}"],
    },
    # nbgrader's course list (JupyterHubAuthPlugin) reads the user's groups
    {
        "name": f"nbgrader-{COURSE}",
        "groups": [f"nbgrader-{COURSE}"],
        "scopes": [f"read:groups!group=nbgrader-{COURSE}"],
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

# --- idle culling: a server nobody uses for an hour stops (its files stay)
try:
    import jupyterhub_idle_culler  # noqa: F401

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
except ImportError:
    pass
