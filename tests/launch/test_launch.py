"""What `make curso` starts: JupyterLab on 127.0.0.1, in Spanish, on the welcome lesson; and what
`curso abrir` writes before it starts.

The real `curso abrir` runs with CURSO_JUPYTER_PREFIX pointing at a throw-away folder: the
environment's own JupyterLab settings (a trainer's or an owner's) are never written by a test,
and each test that starts JupyterLab checks it.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from course_utils import cli
from course_utils.cli import learner
from course_utils.launch import jupyter, lab_keys
from support import ROOT, environment_settings, free_port

TOKEN = "prueba-curso"
CURSO = Path(sys.executable).parent / "curso"
TRACKER = "@jupyterlab/notebook-extension:tracker"


def get(url: str, follow: bool = True):
    request = urllib.request.Request(url, headers={"Authorization": f"token {TOKEN}"})
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(NoRedirect)
    return opener.open(request, timeout=10)


def get_json(url: str) -> dict:
    with get(url) as response:
        return json.loads(response.read())


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Lab:
    base: str
    prefix: Path
    log: Path
    proc: subprocess.Popen

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def start_curso(home: Path, *args: str, wrapper: tuple[str, ...] = ()) -> Lab:
    """The real `curso abrir` with every Jupyter folder of its own (settings in home/prefijo),
    once its JupyterLab answers."""
    home.mkdir(parents=True, exist_ok=True)
    prefix = home / "prefijo"
    port = free_port()
    env = dict(
        os.environ,
        JUPYTER_TOKEN=TOKEN,
        BROWSER="false",
        CURSO_JUPYTER_PREFIX=str(prefix),
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(home / "user-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
    )
    log = home / "curso.log"
    proc = subprocess.Popen(
        [*wrapper, str(CURSO), "abrir", "--no-navegador", f"--puerto={port}", *args],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    lab = Lab(f"http://127.0.0.1:{port}", prefix, log, proc)
    deadline = time.monotonic() + 90
    while True:
        try:
            get(f"{lab.base}/api/status").close()
            return lab
        except (urllib.error.URLError, ConnectionError, OSError):
            if proc.poll() is not None or time.monotonic() > deadline:
                lab.stop()
                pytest.fail("JupyterLab did not start:\n" + lab.output()[-3000:])
            time.sleep(0.3)


def disabled_extensions(base: str) -> list[str]:
    with get(f"{base}/lab") as response:
        page = response.read().decode("utf-8")
    data = re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S).group(1)
    return json.loads(data).get("disabledExtensions", [])


@pytest.fixture(scope="module")
def environment_before():
    """The environment's settings files before this module starts any `curso abrir`."""
    return environment_settings()


@pytest.fixture(scope="module")
def lab(tmp_path_factory, environment_before):
    home = tmp_path_factory.mktemp("lab")
    # A value an administrator put there: kept by `curso abrir`, and served by JupyterLab only
    # if JupyterLab reads this folder (the environment's overrides.json does not have it).
    settings = jupyter.overrides_path(home / "prefijo")
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({TRACKER: {"windowingMode": "none"}}), encoding="utf-8")
    lab = start_curso(home, "--cuadernos")
    yield lab
    lab.stop()


@pytest.mark.launch
def test_lab_answers(lab):
    with get(f"{lab.base}/lab") as response:
        assert response.status == 200
        assert "JupyterLab" in response.read().decode("utf-8")


@pytest.mark.launch
def test_opens_on_the_welcome_lesson(lab):
    try:
        get(f"{lab.base}/", follow=False)
    except urllib.error.HTTPError as redirect:
        assert redirect.code in (301, 302, 303, 307)
        location = redirect.headers["Location"].split("?")[0]
        assert location.endswith("/lab/tree/lessons/00-bienvenida.ipynb"), location
    else:
        pytest.fail("/ did not redirect to the welcome lesson")


@pytest.mark.launch
def test_spanish_language_pack_is_served_and_selected(lab):
    pack = get_json(f"{lab.base}/lab/api/translations/es_ES")
    assert pack["message"] == "" and pack["data"], "the Spanish language pack is not served"
    assert any("Archivo" in json.dumps(v, ensure_ascii=False) for v in pack["data"].values())
    settings = get_json(f"{lab.base}/lab/api/settings/@jupyterlab/translation-extension:plugin")
    # overrides.json turns the default into Spanish; a learner's own choice (settings) still wins
    assert settings["schema"]["properties"]["locale"]["default"] == "es_ES"
    assert settings["settings"].get("locale", "es_ES") == "es_ES"


@pytest.mark.launch
def test_instructor_tools_hidden_from_owners(lab):
    disabled = disabled_extensions(lab.base)
    assert "@jupyter/nbgrader:create-assignment" in disabled
    assert "@jupyter/nbgrader:formgrader" in disabled
    # without an exchange the learner panels only show English errors: hidden too
    assert "@jupyter/nbgrader:assignment-list" in disabled
    assert "@jupyter/nbgrader:validate-assignment" in disabled


@pytest.mark.launch
def test_settings_go_to_the_given_folder_and_jupyterlab_reads_them(lab):
    overrides = json.loads(jupyter.overrides_path(lab.prefix).read_text(encoding="utf-8"))
    assert overrides[TRACKER] == {"windowingMode": "none", "autoStartDefaultKernel": True}
    assert overrides[jupyter.TRANSLATION_PLUGIN] == {"locale": "es_ES"}
    page_config = json.loads(jupyter.page_config_path(lab.prefix).read_text(encoding="utf-8"))
    assert page_config["disabledExtensions"]["@jupyter/nbgrader:formgrader"] is True
    # what JupyterLab serves comes from that folder: the administrator's value is there too
    schema = get_json(f"{lab.base}/lab/api/settings/{TRACKER}")["schema"]["properties"]
    assert schema["windowingMode"]["default"] == "none"
    assert schema["autoStartDefaultKernel"]["default"] is True
    # and the shortcuts plugin gets the widget-safe bindings as its default (tested in a
    # browser in test_browser.py)
    shortcuts = get_json(f"{lab.base}/lab/api/settings/{jupyter.SHORTCUTS_PLUGIN}")["schema"]
    assert shortcuts["properties"]["shortcuts"]["default"] == lab_keys.widget_safe_shortcuts()


@pytest.mark.launch
def test_the_environment_settings_are_untouched(lab, environment_before):
    assert environment_settings() == environment_before, (
        "curso abrir wrote the environment's own JupyterLab settings during a test"
    )


@pytest.mark.launch
def test_formador_shows_the_instructor_tools(tmp_path, environment_before):
    # Even where the environment's page_config.json hides them (as an owner's `curso abrir`
    # leaves it): the prefix's labconfig comes first for the JupyterLab curso starts.
    lab = start_curso(tmp_path, "--formador")
    try:
        disabled = disabled_extensions(lab.base)
    finally:
        lab.stop()
    assert "@jupyter/nbgrader:formgrader" not in disabled
    assert "@jupyter/nbgrader:create-assignment" not in disabled
    assert environment_settings() == environment_before


def _read_only_wrapper() -> tuple[str, ...]:
    """How to run a process for which a 0o555 folder really is read-only: root ignores file
    modes (CAP_DAC_OVERRIDE), so as root drop those capabilities with setpriv."""
    if os.geteuid() != 0:
        return ()
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: cannot make a folder read-only")
    return ("setpriv", "--bounding-set=-dac_override,-dac_read_search", "--")


@pytest.mark.launch
def test_read_only_settings_folders_give_a_spanish_notice_and_the_lab_still_starts(
    tmp_path, environment_before
):
    wrapper = _read_only_wrapper()
    prefix = tmp_path / "prefijo"
    folders = [jupyter.overrides_path(prefix).parent, jupyter.page_config_path(prefix).parent]
    for folder in folders:
        folder.mkdir(parents=True)
        folder.chmod(0o555)
    try:
        lab = start_curso(tmp_path, "--cuadernos", wrapper=wrapper)
        try:
            with get(f"{lab.base}/lab") as response:
                assert response.status == 200
            output = lab.output()
        finally:
            lab.stop()
    finally:
        for folder in folders:
            folder.chmod(0o755)
    assert "AVISO: no he podido guardar los ajustes de JupyterLab" in output, output[-3000:]
    assert "no tienes permiso para escribir ahí" in output
    assert "puede abrirse en inglés" in output and "herramientas de formador" in output
    assert not [p for folder in folders for p in folder.iterdir()], "nothing half-written is left"
    assert environment_settings() == environment_before


# --- what `curso abrir` writes, without starting JupyterLab (fast) ---------------------------


def test_settings_are_written_atomically_and_keep_what_is_there(tmp_path):
    overrides, page_config = jupyter.overrides_path(tmp_path), jupyter.page_config_path(tmp_path)
    overrides.parent.mkdir(parents=True)
    overrides.write_text(json.dumps({jupyter.TRANSLATION_PLUGIN: {"locale": "ca_ES"}}))
    overrides.chmod(0o640)
    assert jupyter.apply_lab_settings(formador=False, prefix=tmp_path) == []
    written = json.loads(overrides.read_text(encoding="utf-8"))
    assert written[jupyter.TRANSLATION_PLUGIN] == {"locale": "ca_ES"}, (
        "an administrator's choice stays"
    )
    assert written[TRACKER] == {"autoStartDefaultKernel": True}
    assert stat.S_IMODE(overrides.stat().st_mode) == 0o640
    assert stat.S_IMODE(page_config.stat().st_mode) == 0o644
    config = json.loads(page_config.read_text(encoding="utf-8"))
    assert all(config["disabledExtensions"][name] for name in jupyter.INSTRUCTOR_EXTENSIONS)
    leftovers = [p.name for p in (overrides.parent, page_config.parent) for p in p.iterdir()]
    assert sorted(leftovers) == ["overrides.json", "page_config.json"], "no temporary file left"


def test_nothing_is_rewritten_when_nothing_is_missing(tmp_path):
    assert jupyter.apply_lab_settings(formador=True, prefix=tmp_path) == []
    files = [jupyter.overrides_path(tmp_path), jupyter.page_config_path(tmp_path)]
    for path in files:
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert jupyter.apply_lab_settings(formador=True, prefix=tmp_path) == []
    assert [p.stat().st_mtime_ns for p in files] == [1_000_000_000] * 2
    # switching to the owners' view rewrites only page_config.json
    assert jupyter.apply_lab_settings(formador=False, prefix=tmp_path) == []
    assert files[0].stat().st_mtime_ns == 1_000_000_000
    assert files[1].stat().st_mtime_ns != 1_000_000_000


@pytest.mark.parametrize(
    "code, reason",
    [
        (errno.EROFS, "la carpeta es de solo lectura"),
        (errno.EACCES, "no tienes permiso para escribir ahí"),
    ],
)
def test_an_unwritable_folder_gives_a_spanish_notice_and_no_error(
    tmp_path, monkeypatch, code, reason
):
    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # what every atomic write uses
    warnings = jupyter.apply_lab_settings(formador=False, prefix=tmp_path)
    assert len(warnings) == 2
    overrides_warning, tools_warning = warnings
    assert (
        str(jupyter.overrides_path(tmp_path)) in overrides_warning and reason in overrides_warning
    )
    for meaning in ("inglés", "noticias", "«kernel»", "↑ y ↓ pueden saltar de celda"):
        assert meaning in overrides_warning
    assert "herramientas de formador" in tools_warning and "ignóralas" in tools_warning
    assert not jupyter.overrides_path(tmp_path).exists()


def _keys_of(shortcuts: list[dict], selector: str, disabled: bool) -> set[tuple]:
    return {
        (s["command"], tuple(s["keys"]))
        for s in shortcuts
        if s["selector"] == selector and bool(s.get("disabled")) is disabled
    }


def test_command_mode_shortcuts_are_moved_off_the_widgets(tmp_path):
    path = jupyter.set_lab_defaults(tmp_path)
    shortcuts = json.loads(path.read_text(encoding="utf-8"))[jupyter.SHORTCUTS_PLUGIN]["shortcuts"]
    disabled = _keys_of(shortcuts, lab_keys.COMMAND_MODE_SELECTOR, disabled=True)
    again = _keys_of(shortcuts, lab_keys.WIDGET_SAFE_SELECTOR, disabled=False)
    assert len(shortcuts) == len(disabled) + len(again), "nothing else, nothing twice"
    assert disabled == again, "every binding taken off the widgets is bound again elsewhere"
    # every one JupyterLab declares on that selector, read from its own schema
    schema = json.loads((lab_keys.lab_app_dir() / lab_keys.NOTEBOOK_SHORTCUTS_SCHEMA).read_text())
    declared = {
        (s["command"], tuple(s["keys"]))
        for s in schema["jupyter.lab.shortcuts"]
        if s["selector"] == lab_keys.COMMAND_MODE_SELECTOR
    }
    assert disabled == declared
    for binding in [
        ("notebook:move-cursor-down", ("ArrowDown",)),
        ("notebook:move-cursor-up", ("ArrowUp",)),
        ("notebook:extend-marked-cells-below", ("Shift ArrowDown",)),
        ("notebook:extend-marked-cells-above", ("Shift ArrowUp",)),
        ("notebook:insert-cell-above", ("A",)),
        ("notebook:delete-cell", ("D", "D")),
    ]:
        assert binding in disabled
    # the fallback, for a JupyterLab whose schema cannot be read, is what this one declares
    assert set(lab_keys.COMMAND_MODE_SHORTCUTS_FALLBACK) <= declared


def test_command_mode_shortcuts_fall_back_when_the_schema_is_missing(tmp_path):
    shortcuts = lab_keys.widget_safe_shortcuts(tmp_path / "no-jupyterlab")
    assert _keys_of(shortcuts, lab_keys.COMMAND_MODE_SELECTOR, disabled=True) == set(
        lab_keys.COMMAND_MODE_SHORTCUTS_FALLBACK
    )
    assert _keys_of(shortcuts, lab_keys.WIDGET_SAFE_SELECTOR, disabled=False) == set(
        lab_keys.COMMAND_MODE_SHORTCUTS_FALLBACK
    )


def test_shortcuts_are_not_added_twice(tmp_path):
    path = jupyter.set_lab_defaults(tmp_path)
    first = json.loads(path.read_text(encoding="utf-8"))
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    jupyter.set_lab_defaults(tmp_path)
    assert path.stat().st_mtime_ns == 1_000_000_000, "nothing missing: nothing written"
    assert json.loads(path.read_text(encoding="utf-8")) == first


def test_an_administrators_shortcuts_stay(tmp_path):
    path = jupyter.overrides_path(tmp_path)
    path.parent.mkdir(parents=True)
    mine = [{"command": "notebook:run-cell", "keys": ["Ctrl R"], "selector": ".jp-Notebook"}]
    path.write_text(json.dumps({jupyter.SHORTCUTS_PLUGIN: {"shortcuts": mine}}), encoding="utf-8")
    jupyter.set_lab_defaults(tmp_path)
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written[jupyter.SHORTCUTS_PLUGIN] == {"shortcuts": mine}
    assert written[TRACKER] == {"autoStartDefaultKernel": True}, "the rest is still added"
    # an administrator who emptied the list on purpose keeps it empty, and nothing is rewritten
    path.write_text(json.dumps({**written, jupyter.SHORTCUTS_PLUGIN: {"shortcuts": []}}))
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    jupyter.set_lab_defaults(tmp_path)
    assert path.stat().st_mtime_ns == 1_000_000_000
    assert json.loads(path.read_text(encoding="utf-8"))[jupyter.SHORTCUTS_PLUGIN] == {
        "shortcuts": []
    }


def test_a_damaged_settings_file_is_left_alone(tmp_path):
    overrides = jupyter.overrides_path(tmp_path)
    overrides.parent.mkdir(parents=True)
    overrides.write_text("{no es json", encoding="utf-8")
    warnings = jupyter.apply_lab_settings(formador=False, prefix=tmp_path)
    assert len(warnings) == 1 and "no es un JSON válido" in warnings[0]
    assert overrides.read_text(encoding="utf-8") == "{no es json"


class Exec(Exception):
    """Raised instead of becoming JupyterLab."""


def test_curso_abrir_goes_on_when_settings_cannot_be_saved(tmp_path, monkeypatch, capsys):
    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    def execve(program, argv, env):
        raise Exec(argv, env)

    monkeypatch.chdir(ROOT)
    monkeypatch.setenv(jupyter.PREFIX_ENV, str(tmp_path))
    monkeypatch.delenv("JUPYTER_CONFIG_PATH", raising=False)
    monkeypatch.setattr(jupyter, "_write_config", refuse)
    monkeypatch.setattr(learner.os, "execve", execve)
    with pytest.raises(Exec) as started:
        cli.main(["abrir", "--cuadernos", "--no-navegador", "--puerto", "8899"])
    argv, env = started.value.args
    assert argv[1:4] == ["-m", "jupyter", "lab"] and "--ServerApp.port=8899" in argv
    assert f"--LabApp.app_settings_dir={jupyter.overrides_path(tmp_path).parent}" in argv
    assert env["JUPYTER_CONFIG_PATH"] == str(tmp_path / "etc" / "jupyter")
    err = capsys.readouterr().err
    assert err.count("AVISO: no he podido guardar") == 2 and "solo lectura" in err


def test_without_a_prefix_curso_uses_the_environment_folders(monkeypatch):
    monkeypatch.delenv(jupyter.PREFIX_ENV, raising=False)
    monkeypatch.delenv("JUPYTERLAB_DIR", raising=False)
    assert jupyter.settings_prefix() is None
    assert jupyter.overrides_path() == Path(sys.prefix, "share/jupyter/lab/settings/overrides.json")
    assert jupyter.page_config_path() == Path(sys.prefix, "etc/jupyter/labconfig/page_config.json")
    command = jupyter.lab_command(ROOT, None, False, "127.0.0.1")
    assert not [a for a in command if "app_settings_dir" in a]
    assert jupyter.lab_env().get("JUPYTER_CONFIG_PATH") == os.environ.get("JUPYTER_CONFIG_PATH")


def test_cli_help_is_spanish():
    out = subprocess.run([str(CURSO), "--ayuda"], capture_output=True, text=True, check=True).stdout
    assert "uso: curso" in out and "abre el curso en tu navegador" in out
    bad = subprocess.run([str(CURSO), "volar"], capture_output=True, text=True)
    assert bad.returncode == 2 and "no entiendo la orden" in bad.stderr
