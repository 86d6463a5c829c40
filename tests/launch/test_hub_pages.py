"""The course's pages on a hub (course_utils/launch/pages.py): a learner's server shows the lessons with the course's Voilà template and settings, the hub's own pages are Spanish, nothing is loaded from outside the server; the TLJH and z2jh wiring; server-wide JupyterLab settings."""

from __future__ import annotations

import contextlib
import copy
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest
import yaml

from course_utils.launch import jupyter
from course_utils.launch import pages as hub_pages
from support import CHROME_ARGS, CHROMIUM, ROOT, copy_course, free_port
from support.pages import fetch, foreign_loads, page_title

LESSON = "01-despersonalizar-la-critica"
HUB_SIDE_CONFIG = hub_pages.hub_nbgrader_dir()  # the hub-side nbgrader_config.py's folder
BASE = "/user/ana/"  # where a hub puts a learner's server
# Words of Jupyter's and JupyterHub's own screens that must not reach a learner.
ENGLISH = re.compile(
    r"\b(Sign in|Username|Password|Login|Logout|Running|Executing|Your server|Server not "
    r"running|Authorize|Start My Server|Stop My Server|Successfully|Warning|Token expires)\b"
)


# --- the learners' servers' environment ------------------------------------------------------


def test_spawner_environment_adds_the_course_folders_and_keeps_every_entry():
    given = {"JUPYTER_CONFIG_PATH": "/srv/hub", "JUPYTER_PATH": "/a:/b", "PATH": "/usr/bin"}
    env = hub_pages.spawner_environment(given)
    assert env["JUPYTER_CONFIG_PATH"].split(os.pathsep) == [
        "/srv/hub",
        str(hub_pages.JUPYTER_CONFIG),
    ]
    assert env["JUPYTER_PATH"].split(os.pathsep) == ["/a", "/b", str(hub_pages.JUPYTER_DATA)]
    assert env["PATH"] == "/usr/bin"
    assert given["JUPYTER_CONFIG_PATH"] == "/srv/hub", "the hub's dict is not changed"
    assert hub_pages.spawner_environment(env) == env, "adding twice adds nothing"
    alone = hub_pages.spawner_environment()
    assert alone == {
        "JUPYTER_PATH": str(hub_pages.JUPYTER_DATA),
        "JUPYTER_CONFIG_PATH": str(hub_pages.JUPYTER_CONFIG),
    }


def test_the_folders_hold_the_template_and_settings_the_servers_read():
    settings = hub_pages.voila_settings()
    template = settings["VoilaConfiguration"]["template"]
    assert (hub_pages.JUPYTER_DATA / "voila" / "templates" / template / "index.html.j2").is_file()
    assert (hub_pages.JUPYTER_CONFIG / "jupyter_server_config.py").is_file()
    assert hub_pages.hub_template_paths() == [str(hub_pages.HUB_TEMPLATES)]
    assert (hub_pages.HUB_TEMPLATES / "login.html").is_file()


def test_the_servers_configuration_takes_voilas_sections_of_voila_json():
    """Voilà's server extension reads only VoilaConfiguration from voila.json: the page's
    language and the Spanish line of a failed cell come through the server's own config."""
    from traitlets.config import Config

    c = Config()
    path = hub_pages.JUPYTER_CONFIG / "jupyter_server_config.py"
    exec(
        compile(path.read_text("utf-8"), str(path), "exec"),
        {"get_config": lambda: c, "__file__": str(path)},
    )
    settings = hub_pages.voila_settings()
    assert (
        c.VoilaExecutor.cell_error_instruction
        == settings["VoilaExecutor"]["cell_error_instruction"]
    )
    assert c.VoilaExporter.language_code == "es"
    assert c.VoilaConfiguration.template == "curso"
    assert "MappingKernelManager" not in c, "kernel culling stays with each hub's configuration"


def test_comprobar_says_in_spanish_what_a_server_misses():
    command = [sys.executable, "-m", "course_utils.launch.pages", "--comprobar"]
    clean = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    missing = subprocess.run(command, env=clean, capture_output=True, text=True)
    assert (
        missing.returncode == 1 and "Falta" in missing.stderr and "JUPYTER_PATH" in missing.stderr
    )
    ready = subprocess.run(
        command, env={**clean, **hub_pages.spawner_environment()}, capture_output=True, text=True
    )
    assert ready.returncode == 0, ready.stderr


# --- server-wide JupyterLab settings (for `curso taller preparar`) ----------------------------


def test_write_lab_settings_adds_spanish_and_no_news_and_keeps_what_is_there(tmp_path):
    path = tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    path.parent.mkdir(parents=True)
    path.write_text(
        json.dumps(
            {
                jupyter.TRANSLATION_PLUGIN: {"locale": "ca_ES"},  # the administrator's choice stays
                "@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"},
            }
        ),
        encoding="utf-8",
    )
    assert hub_pages.write_lab_settings(tmp_path) == path
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written[jupyter.TRANSLATION_PLUGIN]["locale"] == "ca_ES"
    assert written["@jupyterlab/apputils-extension:themes"] == {"theme": "JupyterLab Dark"}
    assert written[jupyter.NOTIFICATION_PLUGIN] == {"fetchNews": "false", "checkForUpdates": False}
    fresh = tmp_path / "nuevo"
    settings = json.loads(hub_pages.write_lab_settings(fresh).read_text(encoding="utf-8"))
    assert settings[jupyter.TRANSLATION_PLUGIN] == {"locale": "es_ES"}
    assert (fresh / "share/jupyter/lab/settings/overrides.json").stat().st_mode & 0o777 == 0o644


def test_write_lab_settings_leaves_a_damaged_file_alone_with_a_spanish_message(tmp_path):
    path = tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    path.parent.mkdir(parents=True)
    path.write_text("{ esto no es json", encoding="utf-8")
    with pytest.raises(jupyter.SettingsNotSaved, match="no es un JSON válido"):
        hub_pages.write_lab_settings(tmp_path)
    assert path.read_text(encoding="utf-8") == "{ esto no es json"
    run = subprocess.run(
        [sys.executable, "-m", "course_utils.launch.pages", "--ajustes-lab", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1 and "no he podido guardar" in run.stderr


# --- JupyterHub's pages in Spanish, rendered by JupyterHub's own Jinja environment ------------


def hub_environment():
    """The Jinja environment JupyterHub 5 builds (app.py init_tornado_settings) with the course's
    template folder in c.JupyterHub.template_paths."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader
    from jupyterhub.app import JupyterHub

    base = JupyterHub()._template_paths_default()[0]
    loader = ChoiceLoader(
        [
            PrefixLoader({"templates": FileSystemLoader([base])}, "/"),
            FileSystemLoader([*hub_pages.hub_template_paths(), base]),
        ]
    )
    return Environment(loader=loader, autoescape=True)


def render(name: str, **namespace) -> str:
    user = SimpleNamespace(
        name="ana",
        json_escaped_name="ana",
        spawner=SimpleNamespace(options_form=None),
        all_spawners=lambda include_default=False: [],
        server_url=lambda name: "/user/ana/",
    )
    context = {
        "static_url": lambda path, include_version=True: "/hub/static/" + path,
        "base_url": "/hub/",
        "prefix": "/",
        "login_url": "/hub/login",
        "logout_url": "/hub/logout",
        "xsrf_token": "x",
        "xsrf": "x",
        "parsed_scopes": set(),
        "services": [],
        "user": user,
        **namespace,
    }
    return hub_environment().get_template(name).render(**context)


def visible_text(page: str) -> str:
    text = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", page)
    return re.sub(r"<[^>]+>", " ", text)


def assert_spanish_page(page: str, where: str) -> None:
    assert '<html lang="es">' in page, where
    english = ENGLISH.search(visible_text(page))
    assert not english, f"{where}: {english.group(0)!r}"
    assert foreign_loads(page, host="") == [], where


@pytest.mark.parametrize(
    ("name", "namespace", "wanted"),
    [
        ("login.html", {"authenticator": SimpleNamespace(request_otp=False), "user": None,
                        "authenticator_login_url": "/hub/login"}, "Código de acceso"),
        ("spawn_pending.html", {"progress_url": "/hub/api/users/ana/server/progress"},
         "Estamos preparando tu espacio de trabajo"),
        ("not_running.html", {"failed": False, "server_name": "", "spawn_url": "/hub/spawn/ana",
                              "implicit_spawn_seconds": 0}, "Tu espacio de trabajo está parado"),
        ("not_running.html", {"failed": True, "server_name": "", "spawn_url": "/hub/spawn/ana",
                              "failed_message": "x"}, "No se ha podido poner en marcha"),
        ("stop_pending.html", {}, "se está parando"),
        ("oauth.html", {"oauth_client": SimpleNamespace(
            description="JupyterHub service redes-pymes", redirect_uri="/services/redes-pymes/"),
            "scope_descriptions": [{"scope": "", "description": "Identify the owner.", "filter": ""},
                                   {"scope": "access:services", "description": "Access services.",
                                    "filter": "service redes-pymes"}],
            "allowed_scopes": ["access:services!service=redes-pymes"]}, "¿Das permiso?"),
        ("home.html", {"default_server": SimpleNamespace(active=False), "url": "/hub/spawn",
                       "allow_named_servers": False}, "Poner en marcha mi espacio de trabajo"),
        ("token.html", {"api_tokens": [], "oauth_clients": [],
                        "token_expires_in_options_html": ""}, "Pedir un token nuevo"),
        ("logout.html", {"user": None}, "Has salido del curso"),
        ("spawn.html", {"for_user": None, "url": "/hub/spawn", "spawner_options_form": ""},
         "Opciones del espacio de trabajo"),
    ],
)  # fmt: skip
def test_the_hubs_pages_are_spanish_and_load_nothing_from_outside(name, namespace, wanted):
    page = render(name, **namespace)
    assert wanted in page, name
    assert_spanish_page(page, name)


# NativeAuthenticator 1.3's own messages (nativeauthenticator/handlers.py), as it passes them
# to its templates on Zero to JupyterHub (deploy/z2jh/values.yaml): each reaches a learner or a
# trainer only in Spanish.
NATIVE_TOO_SHORT = (
    "Something went wrong!\nBe sure your username does not contain spaces, commas or slashes, "
    "your password has at least 8 characters and is not too common."
)
NATIVE_PAGES = [
    ("native-login.html", {"login_error": "Invalid username or password.", "username": "ana",
                           "enable_signup": True, "next": ""},
     "El nombre o la contraseña no son correctos"),
    ("native-login.html", {"login_error": "User ana has not been authorized by an administrator "
                           "yet.", "username": "ana", "enable_signup": True, "next": ""},
     "Tu cuenta aún no está aprobada"),
    ("native-login.html", {"enable_signup": True, "next": "", "user": None}, "Crea tu cuenta"),
    ("signup.html", {"result_message": "Your information has been sent to the admin.",
                     "alert": "alert-info", "user": None}, "Tu cuenta está pendiente"),
    ("signup.html", {"result_message": "Something went wrong!\nIt appears that this username is "
                     "already in use. Please try again with a different username.",
                     "alert": "alert-danger", "user": None}, "Ese nombre ya está en uso"),
    ("signup.html", {"result_message": NATIVE_TOO_SHORT, "alert": "alert-danger", "user": None},
     "la contraseña necesita al menos 8 caracteres"),
    ("signup.html", {"result_message": "Your password did not match the confirmation. Please "
                     "try again.", "alert": "alert-danger", "user": None},
     "Las dos contraseñas no coinciden"),
    ("signup.html", {"result_message": "The signup was successful! You can now go to the home "
                     "page and log in to the system.", "alert": "alert-success", "user": None},
     "¡Cuenta creada!"),
    ("authorization-area.html", {"users": [SimpleNamespace(username="ana", is_authorized=False),
                                           SimpleNamespace(username="luis", is_authorized=True)]},
     "Aprobar cuentas"),
    ("change-password.html", {"user_name": "ana", "alert": "alert-success",
                              "result_message": "Your password has been changed successfully!"},
     "¡Contraseña cambiada!"),
    ("change-password.html", {"user_name": "ana", "alert": "alert-danger",
                              "result_message": "Your current password was incorrect. Please "
                              "try again."}, "La contraseña actual no es correcta"),
    ("change-password-admin.html", {"user_name": "ana", "alert": "alert-success",
                                    "result_message": "The password for ana has been changed "
                                    "successfully"}, "dísela a ana en persona"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "namespace", "wanted"), NATIVE_PAGES)
def test_nativeauthenticators_pages_are_spanish(name, namespace, wanted):
    """Sign-in, sign-up, approval and password pages of NativeAuthenticator (z2jh's sign-in):
    the course's templates win over its own (they come first in the hub's template path)."""
    page = render(name, **namespace)
    assert wanted in page, name
    assert_spanish_page(page, name)
    message = namespace.get("login_error") or namespace.get("result_message")
    assert not message or message.split("\n")[-1][:30] not in page, "its English is not shown"


def test_nativeauthenticators_forms_post_the_fields_it_reads():
    """The names NativeAuthenticator's handlers read from each form, and where they post."""
    login = render("native-login.html", next="", enable_signup=True, user=None)
    assert 'name="username"' in login and 'name="password"' in login
    signup = render("signup.html", user=None)
    for field in ("username", "signup_password", "signup_password_confirmation", "_xsrf"):
        assert f'name="{field}"' in signup, field
    assert 'action="/hub/signup"' in signup
    area = render(
        "authorization-area.html", users=[SimpleNamespace(username="ana", is_authorized=False)]
    )
    assert 'href="/hub/authorize/ana"' in area and 'href="/hub/discard/ana"' in area
    mine = render("change-password.html", user_name="ana")
    for field in ("old_password", "new_password", "new_password_confirmation"):
        assert f'name="{field}"' in mine, field
    assert 'action="/hub/change-password/ana"' in render(
        "change-password-admin.html", user_name="ana"
    )


def test_the_oauth_page_says_what_each_permission_allows_in_spanish():
    page = render(
        "oauth.html",
        oauth_client=SimpleNamespace(description="Server at /user/ana/", redirect_uri="/u/"),
        scope_descriptions=[{"scope": "access:services", "description": "Access services via API.",
                             "filter": "service redes-pymes"}],
        allowed_scopes=["access:services!service=redes-pymes"],
    )  # fmt: skip
    text = visible_text(page)
    assert "Entrar en servicios del curso" in text and "el servicio redes-pymes" in text
    assert "El espacio de trabajo en /user/ana/" in text and "Access services" not in text


@pytest.mark.parametrize(
    ("status", "title"),
    [
        (403, "No tienes permiso para ver esta página"),
        (404, "Esta página no existe"),
        (429, "Hay muchas personas entrando a la vez"),
        (500, "Algo ha fallado en el servidor del curso"),
        (503, "Tu espacio de trabajo no está disponible ahora mismo"),
        (418, "No se ha podido abrir esta página"),
    ],
)
def test_error_pages_say_in_spanish_what_happened_and_what_to_do(status, title):
    name = "404.html" if status == 404 else "error.html"  # JupyterHub looks for <code>.html first
    page = render(
        name,
        status_code=status,
        status_message="Whatever",
        message="Action is not authorized <script>",
        message_html="",
        extra_error_html="",
    )
    assert f"<h1>{title}</h1>" in page
    assert "Volver al inicio" in page
    # JupyterHub's own English message, escaped and folded, for whoever runs the workshop
    assert "<details" in page and "Action is not authorized &lt;script&gt;" in page
    assert '<html lang="es">' in page and foreign_loads(page, host="") == []
    assert "moons" not in page


def test_the_login_page_translates_jupyterhubs_errors_and_escapes_the_rest():
    login = {
        "authenticator": SimpleNamespace(request_otp=False),
        "user": None,
        "authenticator_login_url": "/hub/login",
        "username": "<b>ana</b>",
    }
    page = render("login.html", login_error="Invalid username or password", **login)
    assert "El nombre o el código de acceso no son correctos" in page
    assert "Invalid username" not in page and 'value="&lt;b&gt;ana&lt;/b&gt;"' in page
    assert ">Nombre:</label>" in page and ">Código de acceso:</label>" in page
    own = render("login.html", login_error="Tu código ha caducado <script>", **login)
    assert "Tu código ha caducado &lt;script&gt;" in own


# --- Zero to JupyterHub and TLJH --------------------------------------------------------------


def _merge(base: dict, extra: dict) -> dict:
    """Helm's merge of two values files."""
    merged = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _optional(node, choice: bool = False):
    """The chart's schema without `required` (the chart merges its own defaults first, see
    test_deploy.py), except inside oneOf/anyOf, where it says which of the choices is taken."""
    if isinstance(node, list):
        return [_optional(item, choice) for item in node]
    if not isinstance(node, dict):
        return node
    return {
        key: _optional(value, key in ("oneOf", "anyOf"))
        for key, value in node.items()
        if key != "required" or choice
    }


def test_z2jh_values_mount_the_spanish_hub_pages_and_follow_the_schema():
    z2jh = ROOT / "deploy" / "z2jh"
    schema = yaml.safe_load((z2jh / "values.schema.yaml").read_text(encoding="utf-8"))
    values = yaml.safe_load((z2jh / "values.yaml").read_text(encoding="utf-8"))
    run = subprocess.run(
        [sys.executable, "-m", "course_utils.launch.pages", "--z2jh"],
        cwd=tempfile.gettempdir(),
        capture_output=True,
        text=True,
        check=True,
    )
    pages = yaml.safe_load(run.stdout)  # JSON is YAML: Helm reads it as it is
    merged = _merge(values, pages)
    validator = jsonschema.Draft7Validator(_optional(schema))
    assert [e.message for e in validator.iter_errors(merged)] == []
    broken = copy.deepcopy(merged)
    first = next(iter(broken["hub"]["extraFiles"].values()))
    first["stringDate"] = first.pop("stringData")
    assert list(validator.iter_errors(broken)), "the check catches a file without its content"
    assert merged["hub"]["templatePaths"] == [hub_pages.Z2JH_TEMPLATES]
    files = merged["hub"]["extraFiles"]
    mounted = {Path(f["mountPath"]).name: f["stringData"] for f in files.values()}
    for template in hub_pages.HUB_TEMPLATES.glob("*.html"):
        assert mounted[template.name] == template.read_text(encoding="utf-8")
    assert all(
        Path(f["mountPath"]).parent == Path(hub_pages.Z2JH_TEMPLATES) for f in files.values()
    )
    assert merged["hub"]["config"]["JupyterHub"]["authenticator_class"] == "native", "kept"


def test_the_z2jh_image_points_its_servers_at_the_course_pages():
    """The image sets JUPYTER_PATH and JUPYTER_CONFIG_PATH (the values do not override them)
    as spawner_environment() gives them for the package installed in the image's Python."""
    dockerfile = (ROOT / "deploy" / "z2jh" / "Dockerfile").read_text(encoding="utf-8")
    assert dockerfile.startswith("#") and "FROM python:3.11-slim" in dockerfile
    env_block = re.search(r"^ENV (.+?)(?<!\\)\n", dockerfile, re.M | re.S).group(1)
    image = dict(re.findall(r"(\w+)=(\S+)", env_block.replace("\\\n", " ")))
    installed = "/usr/local/lib/python3.11/site-packages/course_utils"
    wanted = {
        name: value.replace(str(hub_pages.PACKAGE), installed)
        for name, value in hub_pages.spawner_environment(
            {"JUPYTER_CONFIG_PATH": "/etc/curso"}
        ).items()
    }
    assert image == wanted
    assert dockerfile.index("ENV JUPYTER_PATH") < dockerfile.index("launch.pages --comprobar")
    assert "launch.pages --ajustes-lab /usr/local" in dockerfile
    values = yaml.safe_load((ROOT / "deploy" / "z2jh" / "values.yaml").read_text("utf-8"))
    assert not {"JUPYTER_PATH", "JUPYTER_CONFIG_PATH"} & set(values["singleuser"]["extraEnv"])


@pytest.fixture
def plugin():
    sys.path.insert(0, str(ROOT / "deploy" / "tljh"))
    try:
        import importlib

        yield importlib.import_module("tljh_redes_pymes")
    finally:
        sys.path.remove(str(ROOT / "deploy" / "tljh"))


def test_tljh_asks_the_course_in_the_user_environment_for_its_pages(plugin, tmp_path):
    from traitlets.config import Config

    user_env = tmp_path / "user"
    (user_env / "bin").mkdir(parents=True)
    (user_env / "bin" / "python").symlink_to(sys.executable)  # this environment has the course
    c = Config()
    c.Spawner.environment = {"JUPYTER_CONFIG_PATH": "/opt/tljh/config", "TZ": "Europe/Madrid"}
    c.JupyterHub.template_paths = ["/srv/mis-plantillas"]
    plugin.hub_config(c, user_env=user_env, exchange=tmp_path / "intercambio")
    env = c.Spawner.environment
    assert env["JUPYTER_CONFIG_PATH"].split(os.pathsep) == [
        "/opt/tljh/config",
        str(hub_pages.JUPYTER_CONFIG),
    ]
    assert env["JUPYTER_PATH"] == str(hub_pages.JUPYTER_DATA)
    assert env["TZ"] == "Europe/Madrid" and env["CURSO_EXCHANGE"] == str(tmp_path / "intercambio")
    assert c.JupyterHub.template_paths == [str(hub_pages.HUB_TEMPLATES), "/srv/mis-plantillas"]
    grader = next(s for s in c.JupyterHub.services if s["name"] == "redes-pymes")
    assert grader["environment"]["JUPYTER_PATH"] == env["JUPYTER_PATH"]
    assert "TZ" not in grader["environment"]


def test_tljh_without_the_course_installed_yet_still_configures_the_hub(plugin, tmp_path, capsys):
    from traitlets.config import Config

    c = Config()
    plugin.hub_config(c, user_env=tmp_path / "vacio", exchange=tmp_path / "intercambio")
    assert c.Spawner.environment == {"CURSO_EXCHANGE": str(tmp_path / "intercambio")}
    assert c.JupyterHub.template_paths == []
    assert "AVISO: el curso no está instalado" in capsys.readouterr().err


def test_tljh_writes_the_courses_lab_settings_when_the_course_is_there(plugin, tmp_path):
    user_env = tmp_path / "user"
    (user_env / "bin").mkdir(parents=True)
    (user_env / "bin" / "python").symlink_to(sys.executable)
    plugin.install_files(user_env, tmp_path / "intercambio")
    settings = json.loads(
        (user_env / "share/jupyter/lab/settings/overrides.json").read_text(encoding="utf-8")
    )
    assert settings[jupyter.TRANSLATION_PLUGIN]["locale"] == "es_ES"
    assert jupyter.SHORTCUTS_PLUGIN in settings, "the course's full set, not the plugin's copy"


# --- a learner's real server, as a hub starts it -----------------------------------------------


def server_environment(home: Path) -> dict[str, str]:
    """What a learner's server gets: the hub's environment for it (the hub-side nbgrader
    configuration, as deploy/hub does) plus the course's pages, and folders of its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update(hub_pages.spawner_environment({"JUPYTER_CONFIG_PATH": str(HUB_SIDE_CONFIG)}))
    env.update(
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        REDES_PYMES_CACHE_DIR=str(home / "cache"),
        HOME=str(home),
    )
    return env


@pytest.fixture(scope="module")
def learner_server(tmp_path_factory):
    """A Jupyter server with Voilà's extension at /user/ana/, as a hub starts a learner's
    (jupyterhub-singleuser is this server plus the hub's login), with the course in a folder of
    the learner's home as nbgitpuller leaves it, and a page whose cell fails."""
    home = tmp_path_factory.mktemp("ana")
    course = home / "redes-pymes-alumnado"
    copy_course(course, "lessons", "exercises", config=False)
    import nbformat

    broken = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0")])
    nbformat.write(broken, home / "rota.ipynb")
    port = free_port()
    sockets = tempfile.mkdtemp(prefix="k", dir="/tmp" if Path("/tmp").is_dir() else None)
    command = [
        sys.executable, "-m", "jupyter", "server", "--no-browser", "--ip=127.0.0.1",
        f"--port={port}", "--port-retries=0", f"--ServerApp.root_dir={home}",
        f"--ServerApp.base_url={BASE}", "--IdentityProvider.token=", "--ServerApp.password=",
        "--KernelManager.transport=ipc", f"--KernelManager.ip={sockets}/k",
    ]  # fmt: skip
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = home / "server.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            command, cwd=home, env=server_environment(home), stdout=out, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}{BASE}"
    deadline = time.monotonic() + 90
    while True:
        with contextlib.suppress(OSError):
            urllib.request.urlopen(base + "api", timeout=5).close()
            break
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the server did not start:\n" + log.read_text(errors="replace")[-3000:])
        time.sleep(0.3)
    yield SimpleNamespace(base=base, home=home, log=log)
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()


def lesson_url(server) -> str:
    return server.base + f"voila/render/redes-pymes-alumnado/lessons/{LESSON}.ipynb"


@pytest.mark.launch
def test_a_lesson_on_a_learners_server_uses_the_course_template(learner_server):
    status, page = fetch(lesson_url(learner_server))
    assert status == 200, learner_server.log.read_text(errors="replace")[-3000:]
    assert '<html lang="es">' in page
    assert page_title(page) == "Lección 01 · Despersonalizar la crítica"
    assert "Preparando la página" in page and "Executing" not in page and "Running" not in page
    assert '<a href="inicio.ipynb">← Inicio del curso</a>' in page, "the bar, relative to the page"
    assert "from course_utils" not in page, "no code"
    assert foreign_loads(page) == [], "nothing from outside the server"


@pytest.mark.launch
def test_an_exercise_on_a_learners_server_has_its_title_and_a_bar_back(learner_server):
    folder = "01-despersonalizar-la-critica"
    status, page = fetch(
        learner_server.base
        + f"voila/render/redes-pymes-alumnado/exercises/{folder}/ejercicio-{folder}.ipynb"
    )
    assert status == 200
    assert page_title(page) == "Ejercicio 01 · Despersonalizar la crítica"
    assert '<a href="../../lessons/inicio.ipynb">← Inicio del curso</a>' in page


@pytest.mark.launch
def test_a_learners_server_applies_every_voila_setting_of_the_course(learner_server):
    base = learner_server.base
    # the Spanish line of a failed cell (VoilaExecutor, through jupyter_server_config.py)
    status, page = fetch(base + "voila/render/rota.ipynb")
    assert (
        status == 200
        and hub_pages.voila_settings()["VoilaExecutor"]["cell_error_instruction"] in page
    )
    assert "ZeroDivisionError" not in page, "no traceback"
    # only the files a page may link to are served (file_allowlist), never the answers
    (learner_server.home / "redes-pymes-alumnado" / "lessons" / "respuestas-x.json").write_text(
        "{}"
    )
    status, _ = fetch(base + "voila/files/redes-pymes-alumnado/lessons/respuestas-x.json")
    assert status in (403, 404)
    # the home folder lists the course folder, in Spanish; the course folder opens the home page
    status, page = fetch(base + "voila/tree")
    assert status == 200 and "Elige qué abrir" in page and "redes-pymes-alumnado" in page
    status, page = fetch(base + "voila/tree/redes-pymes-alumnado")
    assert f"url={BASE}voila/render/redes-pymes-alumnado/lessons/inicio.ipynb" in page
    status, page = fetch(base + "voila/render/no-existe.ipynb")
    assert status == 404 and "Esta página no existe" in page and '<html lang="es">' in page


# --- a real JupyterHub's own pages --------------------------------------------------------------

CHP = ROOT / "node_modules" / ".bin" / "configurable-http-proxy"


@pytest.fixture(scope="module")
def tiny_hub(tmp_path_factory):
    """A JupyterHub on 127.0.0.1 with the course's templates (c.JupyterHub.template_paths =
    hub_pages.hub_template_paths()) and a shared password; nobody's server is started."""
    if not CHP.exists():
        pytest.fail(f"{CHP} is missing: run `npm ci` (make .venv/.instalado-test does)")
    state = tmp_path_factory.mktemp("hub")
    port, password = free_port(), "clave-de-prueba"
    config = state / "jupyterhub_config.py"
    config.write_text(
        "from course_utils import hub_pages\n"
        "c = get_config()\n"
        f"c.JupyterHub.ip = '127.0.0.1'\nc.JupyterHub.port = {port}\n"
        f"c.JupyterHub.hub_ip = '127.0.0.1'\nc.JupyterHub.hub_port = {free_port()}\n"
        f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{free_port()}'\n"
        f"c.ConfigurableHTTPProxy.command = [{str(CHP)!r}]\n"
        f"c.ConfigurableHTTPProxy.pid_file = {str(state / 'proxy.pid')!r}\n"
        f"c.JupyterHub.db_url = 'sqlite:///{state / 'hub.sqlite'}'\n"
        f"c.JupyterHub.cookie_secret_file = {str(state / 'cookie_secret')!r}\n"
        "c.JupyterHub.authenticator_class = 'dummy'\n"
        f"c.DummyAuthenticator.password = {password!r}\n"
        "c.Authenticator.allow_all = True\n"
        "c.JupyterHub.default_url = '/hub/home'\n"
        "c.JupyterHub.template_paths = hub_pages.hub_template_paths()\n",
        encoding="utf-8",
    )
    log = state / "hub.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)],
            cwd=state, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        with contextlib.suppress(OSError):
            urllib.request.urlopen(url + "/hub/api/", timeout=5).close()
            break
        if proc.poll() is not None or time.monotonic() > deadline:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, 9)
            pytest.fail("the hub did not start:\n" + log.read_text(errors="replace")[-3000:])
        time.sleep(0.3)
    yield SimpleNamespace(url=url, password=password, log=log)
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, 9)  # the proxy, started in the hub's session


@pytest.mark.hub
def test_a_real_hubs_login_error_and_home_pages_are_spanish(tiny_hub):
    from support.hub import Browser

    browser = Browser(tiny_hub.url)
    status, page = browser.get("/hub/login")
    assert status == 200
    assert_spanish_page(page, "login")
    assert ">Nombre:</label>" in page and ">Código de acceso:</label>" in page
    form = {"username": "ana", "password": "mal", "_xsrf": browser.cookie("_xsrf")}
    status, page = browser.get("/hub/login", form=form)
    assert status == 403 and "El nombre o el código de acceso no son correctos" in page
    assert_spanish_page(page, "failed login")
    status, page = browser.get("/hub/no-existe")
    assert status == 404 and "<h1>Esta página no existe</h1>" in page
    assert_spanish_page(page, "404")
    form["password"] = tiny_hub.password
    status, page = browser.get("/hub/login", form=form)
    assert status == 200 and browser.last_url.endswith("/hub/home"), browser.last_url
    assert "Poner en marcha mi espacio de trabajo" in page
    assert_spanish_page(page, "home")
    status, page = browser.get("/hub/admin")
    assert status == 403 and "<h1>No tienes permiso para ver esta página</h1>" in page
    assert_spanish_page(page, "403")


# --- in a real browser: nothing requested outside the server ------------------------------------


@pytest.mark.browser
def test_a_lesson_page_on_a_learners_server_requests_nothing_outside(learner_server, tiny_hub):
    from playwright.sync_api import sync_playwright

    requested: list[str] = []
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        try:
            context = chromium.new_context(locale="es-ES")
            context.on("request", lambda request: requested.append(request.url))
            page = context.new_page()
            page.goto(lesson_url(learner_server))
            page.wait_for_selector("#loading", state="detached", timeout=90_000)
            page.wait_for_selector("#rendered_cells", state="visible", timeout=30_000)
            page.wait_for_selector(".widget-radio-box, .widget-dropdown", timeout=30_000)
            page.wait_for_load_state("networkidle", timeout=30_000)
            assert page.title() == "Lección 01 · Despersonalizar la crítica"
            assert page.locator("nav.curso-barra").inner_text().startswith("← Inicio del curso")
            page.goto(tiny_hub.url + "/hub/login")
            page.wait_for_load_state("networkidle", timeout=30_000)
            assert page.locator("label[for=username_input]").inner_text() == "Nombre:"
        finally:
            chromium.close()
    hosts = {urllib.parse.urlsplit(url).hostname for url in requested}
    assert requested and hosts == {"127.0.0.1"}, sorted(
        u for u in requested if "127.0.0.1" not in u
    )
    assert any("/voila/" in url for url in requested) and any("/hub/" in url for url in requested)
