"""Deployment files: the Zero to JupyterHub values against the chart's schema, the TLJH plugin's hooks, the hub-side nbgrader configuration."""

from __future__ import annotations

import ast
import importlib
import json
import sys
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest
import yaml

from conftest import ROOT

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


def test_tljh_hub_config_adds_the_grader_and_its_roles(plugin, tmp_path):
    from traitlets.config import Config

    c = Config()
    c.JupyterHub.services = [{"name": "cull"}]  # what TLJH sets before the plugin
    plugin.tljh_custom_jupyterhub_config(c)
    assert c.JupyterHub.services[0] == {"name": "cull"}
    c.JupyterHub.services = c.JupyterHub.services[1:]
    (service,) = c.JupyterHub.services
    assert service["name"] == "redes-pymes" and service["user"] == "grader-redes-pymes"
    assert service["environment"]["CURSO_FORMADOR"] == "1"
    roles = {r["name"]: r for r in c.JupyterHub.load_roles}
    assert roles["formgrade-redes-pymes"]["scopes"] == ["access:services!service=redes-pymes"]
    assert "grader-redes-pymes" in c.JupyterHub.load_groups["formgrade-redes-pymes"]["users"]


def test_tljh_post_install_files(plugin, tmp_path):
    env, exchange = tmp_path / "user", tmp_path / "exchange"
    settings = env / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    settings.parent.mkdir(parents=True)
    settings.write_text('{"@jupyterlab/translation-extension:plugin": {"locale": "en"}}')
    plugin.install_files(env, exchange)
    written = json.loads(settings.read_text())
    assert written["@jupyterlab/translation-extension:plugin"]["locale"] == "en"  # kept
    assert written["@jupyterlab/notebook-extension:tracker"]["autoStartDefaultKernel"] is True
    assert (env / "etc" / "jupyter" / "nbgrader_config.py").is_file()
    assert exchange.stat().st_mode & 0o7777 == 0o1777


def _assignments(path: Path) -> dict[str, str]:
    """`c.Validator.x = "…"` assignments of a config file, by name, as source text."""
    found = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]).startswith("c.Validator"):
            found[ast.unparse(node.targets[0])] = ast.literal_eval(node.value)
    return found


HUB_NBGRADER = ROOT / "course_utils" / "data" / "jupyter" / "hub" / "nbgrader_config.py"


def test_hub_nbgrader_config_keeps_the_courses_spanish_and_plugin_copy():
    hub = HUB_NBGRADER
    ours = _assignments(hub)
    assert ours and ours == _assignments(ROOT / "nbgrader_config.py")
    assert (DEPLOY / "tljh" / "tljh_redes_pymes" / "nbgrader_config.py").read_text() == (
        hub.read_text()
    )


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
    from course_utils import access_codes

    codes = tmp_path / "codigos-acceso.json"
    with access_codes.editing(codes) as accounts:
        access_codes.issue(accounts, "marta", access_codes.TRAINER)
        access_codes.issue(accounts, "ana", access_codes.LEARNER)
    c = _load_config(
        DEPLOY / "hub" / "jupyterhub_config.py",
        {"CURSO_HUB_ESTADO": str(tmp_path), "CURSO_CASAS": "/casas"},
        monkeypatch,
    )
    assert c.JupyterHub.authenticator_class == "course_utils.hub_auth.AccessCodeAuthenticator"
    assert c.AccessCodeAuthenticator.codes_file == str(codes)
    assert "allow_all" not in c.Authenticator and "DummyAuthenticator" not in c
    assert c.Authenticator.admin_users == {"marta"}
    assert c.JupyterHub.load_groups["formgrade-redes-pymes"]["users"] == ["marta"]
    assert c.JupyterHub.spawner_class == "course_utils.hub_auth.PrivateSpawner"
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
