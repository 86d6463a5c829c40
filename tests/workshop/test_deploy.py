"""Deployment files: the Zero to JupyterHub values against the chart's schema, the TLJH plugin's hooks, the hub-side nbgrader configuration."""

from __future__ import annotations

import ast
import importlib
import json
import os
import sys
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest
import yaml

from support import ROOT

DEPLOY = ROOT / "deploy"
TLJH_HOOKS = {  # TLJH 2.0's hook specifications (tljh/hooks.py)
    "tljh_extra_user_pip_packages",
    "tljh_extra_user_conda_packages",
    "tljh_extra_apt_packages",
    "tljh_extra_hub_pip_packages",
    "tljh_custom_jupyterhub_config",
    "tljh_config_post_install",
    "tljh_post_install",
    "tljh_new_user_create",
}


def _without_required(node):
    """The schema minus `required`: the chart validates values merged with its own defaults
    (which set every required key); this file holds only the course's overrides."""
    if isinstance(node, dict):
        return {k: _without_required(v) for k, v in node.items() if k != "required"}
    if isinstance(node, list):
        return [_without_required(v) for v in node]
    return node


@pytest.fixture(scope="module")
def values() -> dict:
    return yaml.safe_load((DEPLOY / "z2jh" / "values.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator():
    schema = yaml.safe_load((DEPLOY / "z2jh" / "values.schema.yaml").read_text(encoding="utf-8"))
    assert schema["$schema"].startswith("http://json-schema.org/draft-07")
    return jsonschema.Draft7Validator(_without_required(schema))


def test_z2jh_values_follow_the_chart_schema(values, validator):
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(values)]
    assert errors == []


def test_the_schema_check_catches_a_typo(values, validator):
    broken = json.loads(json.dumps(values))
    broken["singleuser"]["memroy"] = {"limit": "1G"}
    assert list(validator.iter_errors(broken))


def test_z2jh_values_size_a_workshop(values):
    single = values["singleuser"]
    assert single["memory"]["guarantee"] and single["memory"]["limit"]
    assert single["cpu"]["limit"] >= 0.5
    assert values["cull"]["enabled"] and values["cull"]["timeout"] <= 7200
    assert values["scheduling"]["userPlaceholder"]["replicas"] >= 5
    assert single["extraEnv"]["CURSO_EXCHANGE"].startswith("/srv/nbgrader/exchange")
    mounts = {m["mountPath"]: m for m in single["storage"]["extraVolumeMounts"]}
    assert mounts["/srv/nbgrader/exchange/redes-pymes/outbound"]["readOnly"] is True


def _walk(node, path=()):
    """Every (path, value) of a values tree."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*path, str(key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, (*path, str(index)))
    else:
        yield path, node


def test_z2jh_signs_in_one_person_per_account_without_a_shared_password(values):
    """NativeAuthenticator (in the chart's hub image): each person's own password, and an
    account enters only once a trainer approved it. No shared password anywhere."""
    config = values["hub"]["config"]
    assert config["JupyterHub"]["authenticator_class"] == "native"
    native = config["NativeAuthenticator"]
    assert native["open_signup"] is False  # a trainer approves every account
    assert native["minimum_password_length"] >= 8 and native["check_common_password"] is True
    assert native["allowed_failed_logins"] > 0
    assert "DummyAuthenticator" not in config and "SharedPasswordAuthenticator" not in config
    assert not [
        p
        for p, _ in _walk(values)
        if "password" in p[-1].lower() and "NativeAuthenticator" not in p
    ]
    import re

    pattern = re.compile(config["Authenticator"]["username_pattern"])
    assert pattern.match("ana") and pattern.match("inigo-perez")
    for bad in ("Ana", "íñigo", "ana lópez", "../root", "a" * 25):
        assert not pattern.match(bad), bad
    guide = (ROOT / "docs" / "guia-formador.md").read_text(encoding="utf-8")
    for shared in ("DummyAuthenticator.password", "auth.type dummy", "clave-del-taller"):
        assert shared not in guide, shared


def test_z2jh_trainers_servers_mount_the_whole_exchange_and_learners_do_not(values):
    """The hook in hub.extraConfig, run as the hub runs it, on the mounts as the chart 4 builds
    them (a dict): a trainer's server gets the exchange with write access and the variables
    of the grader; a learner's server keeps the course's read-only mounts."""
    from traitlets.config import Config

    c = Config()
    for _, code in sorted(values["hub"]["extraConfig"].items()):
        exec(compile(code, "extraConfig", "exec"), {"c": c})
    hook = c.KubeSpawner.pre_spawn_hook
    single = values["singleuser"]
    chart_mounts = {
        "home": {"mountPath": "/home/jovyan", "name": "home", "subPath": ""},
        **{f"{i}-{m['name']}": m for i, m in enumerate(single["storage"]["extraVolumeMounts"])},
    }
    volumes = {v["name"] for v in single["storage"]["extraVolumes"]}

    def spawner(admin: bool, groups: tuple[str, ...] = ()):
        user = SimpleNamespace(admin=admin, groups=[SimpleNamespace(name=g) for g in groups])
        return SimpleNamespace(
            user=user, volume_mounts=dict(chart_mounts), environment={"CURSO_EXCHANGE": "x"}
        )

    learner = spawner(False, ("nbgrader-redes-pymes",))
    hook(learner)
    assert learner.volume_mounts == chart_mounts and "CURSO_FORMADOR" not in learner.environment
    for trainer in (spawner(True), spawner(False, ("formgrade-redes-pymes",))):
        hook(trainer)
        exchange = [m for m in trainer.volume_mounts if "exchange" in m["mountPath"]]
        assert exchange == [{"name": "intercambio", "mountPath": "/srv/nbgrader/exchange"}]
        assert exchange[0]["name"] in volumes and not exchange[0].get("readOnly")
        assert chart_mounts["home"] in trainer.volume_mounts
        assert trainer.environment["CURSO_FORMADOR"] == "1"
        assert trainer.environment["CURSO_CUENTA_COMPARTIDA"] == "1"
        assert trainer.environment["CURSO_EXCHANGE"] == "x"


def test_the_learners_image_draws_the_lessons_figures_for_everyone():
    """So that no learner's first visit to a lesson draws (charts.system_dir)."""
    dockerfile = (DEPLOY / "z2jh" / "Dockerfile").read_text(encoding="utf-8")
    assert "COPY lessons /tmp/curso/lessons" in dockerfile
    assert "python -m course_utils.ui.warm_charts --sistema /tmp/curso/lessons" in dockerfile
    run = dockerfile.index("warm_charts --sistema")
    assert dockerfile.index('pip install --no-cache-dir "/tmp/curso"') < run
    assert run < dockerfile.index("rm -rf /tmp/curso")


def test_the_learners_image_never_copies_keys():
    dockerfile = (DEPLOY / "z2jh" / "Dockerfile").read_text(encoding="utf-8")
    copied = [line for line in dockerfile.splitlines() if line.startswith("COPY")]
    assert copied
    for line in copied:
        for source in line.split()[1:-1]:
            assert (ROOT / source).exists(), source
            assert source not in (".", "nbgrader_config.py"), line
            assert not source.startswith(("solutions", "tests", "exercises")), line


@pytest.fixture(scope="module")
def plugin():
    sys.path.insert(0, str(DEPLOY / "tljh"))
    try:
        yield importlib.import_module("tljh_redes_pymes")
    finally:
        sys.path.remove(str(DEPLOY / "tljh"))


def test_tljh_hooks_are_tljh_hooks(plugin):
    hooks = {n for n in dir(plugin) if hasattr(getattr(plugin, n), "tljh_impl")}
    assert hooks and hooks <= TLJH_HOOKS


def test_tljh_installs_the_course_from_the_plugins_commit(plugin, monkeypatch):
    monkeypatch.delenv("CURSO_FUENTE", raising=False)
    direct = {
        "url": "https://github.com/ejemplo/redes-pymes.git",
        "vcs_info": {"vcs": "git", "commit_id": "abc123"},
        "subdirectory": "deploy/tljh",
    }
    fake = SimpleNamespace(read_text=lambda name: json.dumps(direct))
    monkeypatch.setattr(plugin.metadata, "distribution", lambda name: fake)
    packages = plugin.tljh_extra_user_pip_packages()
    assert packages[0] == "redes-pymes @ git+https://github.com/ejemplo/redes-pymes.git@abc123"
    assert any(p.startswith("nbgitpuller") for p in packages)
    monkeypatch.setenv("CURSO_FUENTE", "redes-pymes==0.1.0")
    assert plugin.tljh_extra_user_pip_packages()[0] == "redes-pymes==0.1.0"


def test_tljh_config_defaults_never_override_the_trainer(plugin):
    config = {"limits": {"memory": "2G"}}
    plugin.tljh_config_post_install(config)
    assert config["limits"] == {"memory": "2G", "cpu": 1}
    assert config["services"]["cull"]["enabled"] is True
    assert config["user_environment"]["default_app"] == "jupyterlab"


def _codes(folder: Path) -> tuple[Path, dict[str, str]]:
    """A codes file as `curso taller alta --tljh` leaves it: a trainer and a learner."""
    from course_utils.workshop import access_codes

    codes = folder / "codigos-acceso.json"
    with access_codes.editing(codes) as accounts:
        given = {
            "marta": access_codes.issue(accounts, "marta", access_codes.TRAINER),
            "ana": access_codes.issue(accounts, "ana", access_codes.LEARNER),
        }
    return codes, given


def _tljh_config(plugin, tmp_path: Path, codes: Path, c=None):
    from traitlets.config import Config

    c = c if c is not None else Config()
    plugin.hub_config(
        c,
        user_env=tmp_path / "sin-curso",  # the pages' part is tested in test_hub_pages.py
        exchange=tmp_path / "intercambio",
        codes=codes,
        homes=Path("/casas"),
    )
    return c


def test_tljh_hub_config_adds_the_grader_and_its_roles(plugin, tmp_path):
    from traitlets.config import Config

    codes, _ = _codes(tmp_path)
    c = Config()
    c.JupyterHub.services = [{"name": "cull"}]  # what TLJH sets before the plugin
    plugin.tljh_custom_jupyterhub_config(c)  # TLJH's own places: it runs as it will there
    assert c.JupyterHub.services[0] == {"name": "cull"}
    c = _tljh_config(plugin, tmp_path, codes, Config({"JupyterHub": {"services": []}}))
    (service,) = c.JupyterHub.services
    assert service["name"] == "redes-pymes" and service["user"] == "grader-redes-pymes"
    env = service["environment"]
    assert env["CURSO_FORMADOR"] == "1"
    # `curso corregir --recoger` maps learner «ana» to TLJH's Unix user «jupyter-ana»
    assert env["CURSO_PREFIJO_USUARIOS"] == "jupyter-"
    assert env["PATH"].split(os.pathsep)[0] == str(tmp_path / "sin-curso" / "bin")
    # formgrader starts in the grader's private copy of the course (`curso taller preparar`)
    assert service["cwd"] == "/casas/grader-redes-pymes/redes-pymes"
    roles = {r["name"]: r for r in c.JupyterHub.load_roles}
    assert roles["formgrade-redes-pymes"]["scopes"] == ["access:services!service=redes-pymes"]
    assert c.JupyterHub.load_groups["formgrade-redes-pymes"]["users"] == ["marta"]


def test_tljh_signs_in_with_the_courses_codes_and_nothing_else(plugin, tmp_path, capsys):
    """TLJH's config as tljh-config leaves it with a shared password (the old guide): the
    plugin replaces it with the course's codes, read from the codes file it names."""
    import asyncio

    from traitlets.config import Config

    from course_utils.workshop.hub_auth import AccessCodeAuthenticator

    codes, given = _codes(tmp_path)
    c = Config()
    c.JupyterHub.authenticator_class = "dummy"
    c.DummyAuthenticator.password = "clave-del-taller"
    c.Authenticator.admin_users = {"formadora"}  # tljh's `--admin`: kept, adds nothing
    c = _tljh_config(plugin, tmp_path, codes, c)
    assert (
        c.JupyterHub.authenticator_class == "course_utils.workshop.hub_auth.AccessCodeAuthenticator"
    )
    assert c.AccessCodeAuthenticator.codes_file == str(codes)
    assert "allow_all" not in c.Authenticator
    assert c.Authenticator.admin_users == {"formadora", "marta"}
    assert c.Authenticator.auth_refresh_age == 60 and c.Authenticator.refresh_pre_spawn
    assert "sustituye auth.type «dummy»" in capsys.readouterr().err
    auth = AccessCodeAuthenticator(config=c)

    def login(name: str, code: str):
        return asyncio.run(auth.get_authenticated_user(None, {"username": name, "password": code}))

    assert login("Ana", given["ana"]) == {"name": "ana", "admin": False, "auth_state": None}
    assert login("marta", given["marta"])["admin"] is True
    for name, code in (
        ("ana", "clave-del-taller"),  # the old shared password
        ("ana", given["marta"]),  # a classmate's or the trainer's code
        ("marta", given["ana"]),
        ("root", given["ana"]),
        ("grader-redes-pymes", given["ana"]),
        ("formadora", given["marta"]),  # admin in tljh-config, but with no code
    ):
        assert login(name, code) is None, name


def test_tljh_lets_nobody_in_until_the_course_is_in_the_hubs_environment(
    plugin, tmp_path, monkeypatch, capsys
):
    """During TLJH's install the hub starts before the course is in its environment: no
    sign-in at all then (never TLJH's default, which lets anyone make an account)."""
    codes, _ = _codes(tmp_path)
    monkeypatch.setitem(sys.modules, "course_utils", None)  # not importable
    c = _tljh_config(plugin, tmp_path, codes)
    assert c.JupyterHub.authenticator_class == "null"
    assert "nadie puede entrar" in capsys.readouterr().err
    assert c.JupyterHub.load_groups["formgrade-redes-pymes"]["users"] == []


def test_tljh_learners_servers_write_private_files(plugin, tmp_path):
    """SystemdSpawner's unit gets UMask=0077 (systemd applies it to the server and everything
    it starts) and a /tmp of its own; properties already set stay."""
    from traitlets.config import Config

    codes, _ = _codes(tmp_path)
    c = Config()
    c.SystemdSpawner.unit_extra_properties = {"LimitNOFILE": "16384"}
    c = _tljh_config(plugin, tmp_path, codes, c)
    assert c.SystemdSpawner.unit_extra_properties == {"LimitNOFILE": "16384", "UMask": "0077"}
    assert c.SystemdSpawner.isolate_tmp is True


def test_tljh_learners_environment_has_what_the_hub_extra_adds(plugin, monkeypatch):
    """The course's `hub` extra, minus what TLJH brings itself (JupyterHub, the idle culler):
    `curso taller alta --hub` prints QR cards from TLJH's user environment."""
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib

    monkeypatch.setenv("CURSO_FUENTE", "redes-pymes==0.1.0")
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"][
        "optional-dependencies"
    ]["hub"]
    tljh_brings = ("jupyterhub>", "jupyterhub-idle-culler")
    wanted = {p.split(">")[0] for p in extra if not p.startswith(tljh_brings)}
    user = plugin.tljh_extra_user_pip_packages()
    assert user[0] == "redes-pymes==0.1.0"
    assert {p.split(">")[0] for p in user[1:]} == wanted
    assert plugin.tljh_extra_hub_pip_packages() == ["redes-pymes==0.1.0"]


def test_the_guides_tljh_section_uses_the_courses_sign_in_in_order(plugin):
    """Section 3 of the trainer's guide, as written: every `curso taller` command is a valid
    command in TLJH mode, in the order that works (folders, then accounts, then the check,
    with the hub reloaded after the accounts), the full repository goes to a root-only folder,
    and the places it names are the plugin's."""
    import shlex

    from course_utils import cli
    from support.hub import guide_commands

    lines = [line for block in guide_commands(section="## 3. ") for line in block.splitlines()]
    text = "\n".join(lines)
    assert "auth.type" not in text and "password" not in text.lower()
    assert "subdirectory=deploy/tljh" in text and "--admin" not in text
    taller = [i for i, line in enumerate(lines) if "/curso taller " in line]
    actions = [shlex.split(lines[i])[3] for i in taller]
    assert actions == ["preparar", "alta", "alta", "comprobar"]
    for i in taller:
        words = shlex.split(lines[i])
        assert words[:2] == ["sudo", str(plugin.USER_ENV / "bin" / "curso")], lines[i]
        args = cli.parser().parse_args(words[2:])
        assert args.tljh, lines[i]
    source = "/opt/redes-pymes/fuente"
    clone = next(i for i, line in enumerate(lines) if "git clone" in line)
    assert lines[clone].endswith(source) and lines[clone + 1] == f"sudo chmod 700 {source}"
    assert clone < taller[0]
    reloads = [i for i, line in enumerate(lines) if line == "sudo tljh-config reload hub"]
    assert reloads and reloads[0] < taller[0] and taller[2] < reloads[-1] < taller[3]
    assert "sudo su - grader-redes-pymes" in lines[-1]
    guide = (ROOT / "docs" / "guia-formador.md").read_text(encoding="utf-8")
    assert (
        f"`{plugin.CODES}`" in guide and f"`{plugin.TLJH / 'config'}/jupyterhub_config.d/`" in guide
    )


def test_the_guides_z2jh_section_names_what_the_values_set(values):
    """Section 4 of the trainer's guide: the settings it explains are the values' own, the
    exchange's volume claim is the one the values mount, and the limits are said plainly."""
    from support.hub import guide_commands

    commands = "\n".join(guide_commands(section="## 4. "))
    assert "--values deploy/z2jh/values.yaml --values paginas-hub.yaml" in commands
    assert "enable_signup=false" in commands and "DummyAuthenticator" not in commands
    claim = yaml.safe_load((DEPLOY / "z2jh" / "intercambio.yaml").read_text(encoding="utf-8"))
    assert claim["kind"] == "PersistentVolumeClaim"
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    (volume,) = values["singleuser"]["storage"]["extraVolumes"]
    assert volume["persistentVolumeClaim"]["claimName"] == claim["metadata"]["name"]
    assert "kubectl apply --namespace taller -f deploy/z2jh/intercambio.yaml" in commands
    guide = (ROOT / "docs" / "guia-formador.md").read_text(encoding="utf-8")
    section = guide[guide.index("\n## 4. ") : guide.index("\n## 5. ")]
    for said in ("open_signup: false", "allowed_failed_logins: 5", "curso-formador",
                 "nbexchange", "Si las notas cuentan", "sí es posible"):  # fmt: skip
        assert said in section, said
    native = values["hub"]["config"]["NativeAuthenticator"]
    assert native["open_signup"] is False and native["allowed_failed_logins"] == 5


root_only = pytest.mark.skipif(
    os.geteuid() != 0, reason="crea usuarios del sistema: hace falta root (en CI se ejecuta)"
)


@root_only
def test_tljh_new_users_get_a_private_home(plugin, tmp_path):
    """What TLJH does at a first spawn (tljh/user.py ensure_user: useradd --create-home,
    chmod o-rwx, then the hook), with a real Unix user: the home ends 0700."""
    import pwd
    import stat
    import subprocess

    from support.hub import USER_PREFIX, machine_lock, remove_user

    name = f"{USER_PREFIX}tljh{os.urandom(3).hex()}"
    home = tmp_path / "casas" / name
    home.parent.mkdir()
    with machine_lock():
        try:
            subprocess.run(
                ["useradd", "--create-home", "--home-dir", str(home), name],
                check=True,
                capture_output=True,
            )
            home.chmod(0o755)  # Debian's default
            subprocess.run(["chmod", "o-rwx", str(home)], check=True)  # TLJH's own step
            plugin.tljh_new_user_create(username=name)
            assert stat.S_IMODE(home.stat().st_mode) == 0o700
            assert home.stat().st_uid == pwd.getpwnam(name).pw_uid
            # a home that is not the user's own folder is left alone
            home.rename(tmp_path / "otra")
            home.symlink_to(tmp_path / "otra")
            (tmp_path / "otra").chmod(0o755)
            assert plugin.make_home_private(name) is None
            assert stat.S_IMODE((tmp_path / "otra").stat().st_mode) == 0o755
            assert plugin.make_home_private("nadie-con-este-nombre") is None
        finally:
            remove_user(name)


def test_tljh_post_install_files(plugin, tmp_path):
    env, exchange = tmp_path / "user", tmp_path / "exchange"
    settings = env / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    settings.parent.mkdir(parents=True)
    settings.write_text('{"@jupyterlab/translation-extension:plugin": {"locale": "en"}}')
    plugin.install_files(env, exchange)
    written = json.loads(settings.read_text())
    assert written["@jupyterlab/translation-extension:plugin"]["locale"] == "en"  # kept
    assert written["@jupyterlab/notebook-extension:tracker"]["autoStartDefaultKernel"] is True
    loader = (env / "etc" / "jupyter" / "nbgrader_config.py").read_text(encoding="utf-8")
    assert loader == plugin.NBGRADER_LOADER and "hub_nbgrader_dir()" in loader  # never a copy
    assert exchange.stat().st_mode & 0o7777 == 0o1777


def _assignments(path: Path) -> dict[str, str]:
    """`c.Validator.x = "…"` assignments of a config file, by name, as source text."""
    found = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]).startswith("c.Validator"):
            found[ast.unparse(node.targets[0])] = ast.literal_eval(node.value)
    return found


HUB_NBGRADER = ROOT / "course_utils" / "data" / "jupyter" / "hub" / "nbgrader_config.py"


def test_validate_speaks_spanish_from_one_text_everywhere(plugin, monkeypatch, tmp_path):
    """The course folder's config, the hub's and TLJH's loader all give Validate the same
    Spanish messages, from course_utils/grading/nbgrader_settings.py (no copies to drift)."""
    from traitlets.config.loader import PyFileConfigLoader

    from course_utils.grading.nbgrader_settings import VALIDATOR_MESSAGES

    for path in (HUB_NBGRADER, ROOT / "nbgrader_config.py"):
        c = _load_config(path, {}, monkeypatch)
        assert {k: c.Validator[k] for k in VALIDATOR_MESSAGES} == VALIDATOR_MESSAGES, path
        assert "Validator.failed_warning" not in path.read_text(encoding="utf-8")
    loader = tmp_path / "nbgrader_config.py"
    loader.write_text(plugin.NBGRADER_LOADER, encoding="utf-8")
    monkeypatch.setenv("JUPYTERHUB_USER", "ana")
    monkeypatch.delenv("CURSO_FORMADOR", raising=False)
    c = PyFileConfigLoader(loader.name, path=str(tmp_path)).load_config()
    assert c.CourseDirectory.course_id == "redes-pymes" and c.CourseDirectory.student_id == "ana"
    assert c.Validator.passed_warning == VALIDATOR_MESSAGES["passed_warning"]


def _load_config(path: Path, env: dict[str, str], monkeypatch):
    from traitlets.config import Config

    for name in ("JUPYTERHUB_USER", "CURSO_FORMADOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    c = Config()
    exec(
        compile(path.read_text(), str(path), "exec"),
        {"get_config": lambda: c, "__file__": str(path)},
    )
    return c


def test_learner_id_is_the_hub_user_but_never_for_the_grader(monkeypatch):
    path = HUB_NBGRADER
    learner = _load_config(path, {"JUPYTERHUB_USER": "ana"}, monkeypatch)
    assert learner.CourseDirectory.student_id == "ana"
    assert learner.CourseDirectory.course_id == "redes-pymes"
    grader = _load_config(path, {"JUPYTERHUB_USER": "x", "CURSO_FORMADOR": "1"}, monkeypatch)
    assert "student_id" not in grader.CourseDirectory


def test_plain_hub_config_loads(monkeypatch, tmp_path):
    """Sign-in with the codes of `curso taller alta`; trainers with a code see formgrader;
    nobody is let in by a list (no allow_all, no shared password); private servers."""
    from course_utils.workshop import access_codes

    codes = tmp_path / "codigos-acceso.json"
    with access_codes.editing(codes) as accounts:
        access_codes.issue(accounts, "marta", access_codes.TRAINER)
        access_codes.issue(accounts, "ana", access_codes.LEARNER)
    c = _load_config(
        DEPLOY / "hub" / "jupyterhub_config.py",
        {"CURSO_HUB_ESTADO": str(tmp_path), "CURSO_CASAS": "/casas"},
        monkeypatch,
    )
    assert (
        c.JupyterHub.authenticator_class == "course_utils.workshop.hub_auth.AccessCodeAuthenticator"
    )
    assert c.AccessCodeAuthenticator.codes_file == str(codes)
    assert "allow_all" not in c.Authenticator and "DummyAuthenticator" not in c
    assert c.Authenticator.admin_users == {"marta"}
    assert c.JupyterHub.load_groups["formgrade-redes-pymes"]["users"] == ["marta"]
    assert c.JupyterHub.spawner_class == "course_utils.workshop.hub_auth.PrivateSpawner"
    grader = c.JupyterHub.services[0]
    assert grader["name"] == "redes-pymes"
    assert grader["cwd"] == "/casas/grader-redes-pymes/redes-pymes"  # formgrader sees the course
    assert "idle-culler" in [s["name"] for s in c.JupyterHub.services]


def test_every_hub_ends_the_kernels_of_left_pages():
    """Voilà's shutdown request fails the XSRF check (voila#1458): each hub culls idle kernels."""
    wanted = "--MappingKernelManager.cull_idle_timeout="
    hub = (ROOT / "deploy" / "hub" / "jupyterhub_config.py").read_text(encoding="utf-8")
    values = (ROOT / "deploy" / "z2jh" / "values.yaml").read_text(encoding="utf-8")
    tljh = (ROOT / "deploy" / "tljh" / "tljh_redes_pymes" / "__init__.py").read_text("utf-8")
    assert all(wanted in text for text in (hub, values, tljh))
