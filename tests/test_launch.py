"""What `make curso` starts: JupyterLab on 127.0.0.1, in Spanish, on the welcome lesson."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT

TOKEN = "prueba-curso"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, follow: bool = True):
    request = urllib.request.Request(url, headers={"Authorization": f"token {TOKEN}"})
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(NoRedirect)
    return opener.open(request, timeout=10)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    home = tmp_path_factory.mktemp("lab")
    port = free_port()
    env = dict(os.environ, JUPYTER_TOKEN=TOKEN, JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(home / "user-settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
               BROWSER="false")
    curso = Path(sys.executable).parent / "curso"
    proc = subprocess.Popen([str(curso), "abrir", "--no-navegador", f"--puerto={port}"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            get(f"{base}/api/status")
            break
        except (urllib.error.URLError, ConnectionError, OSError):
            if proc.poll() is not None:
                pytest.fail(proc.stdout.read())
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("JupyterLab did not start in 60 s")
    yield base
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_lab_answers(lab):
    with get(f"{lab}/lab") as response:
        assert response.status == 200
        assert "JupyterLab" in response.read().decode("utf-8")


def test_opens_on_the_welcome_lesson(lab):
    try:
        get(f"{lab}/", follow=False)
    except urllib.error.HTTPError as redirect:
        assert redirect.code in (301, 302, 303, 307)
        assert redirect.headers["Location"].split("?")[0].endswith("/lab/tree/lessons/00-bienvenida.ipynb"), redirect.headers["Location"]
    else:
        pytest.fail("/ did not redirect to the welcome lesson")


def test_spanish_language_pack_is_served_and_selected(lab):
    with get(f"{lab}/lab/api/translations/es_ES") as response:
        pack = json.loads(response.read())
    assert pack["message"] == "" and pack["data"], "the Spanish language pack is not served"
    assert any("Archivo" in json.dumps(v, ensure_ascii=False) for v in pack["data"].values())
    with get(f"{lab}/lab/api/settings/@jupyterlab/translation-extension:plugin") as response:
        settings = json.loads(response.read())
    # overrides.json turns the default into Spanish; a learner's own choice (settings) still wins
    assert settings["schema"]["properties"]["locale"]["default"] == "es_ES"
    assert settings["settings"].get("locale", "es_ES") == "es_ES"


def test_instructor_tools_hidden_from_owners(lab):
    with get(f"{lab}/lab") as response:
        page = response.read().decode("utf-8")
    config = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S).group(1))
    disabled = config.get("disabledExtensions", [])
    assert "@jupyter/nbgrader:create-assignment" in disabled
    assert "@jupyter/nbgrader:formgrader" in disabled
    assert "@jupyter/nbgrader:assignment-list" not in disabled


def test_cli_help_is_spanish():
    out = subprocess.run([str(Path(sys.executable).parent / "curso"), "--ayuda"],
                         capture_output=True, text=True, check=True).stdout
    assert "uso: curso" in out and "abre el curso en JupyterLab, en español" in out
    bad = subprocess.run([str(Path(sys.executable).parent / "curso"), "volar"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "no entiendo la orden" in bad.stderr
