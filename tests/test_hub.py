"""`curso enlace` links, and a real JupyterHub on 127.0.0.1 with real Unix users: release, fetch, submit, collect, grade, feedback, isolation."""

from __future__ import annotations

import csv
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import ROOT, answers_doc
from course_utils import cli, edition, hub

HUB_URL = "https://taller.ejemplo.es"
REPO = "https://github.com/ejemplo/redes-pymes-alumnado.git"


def test_pull_link_opens_a_lesson_as_a_voila_page():
    link = hub.pull_link(HUB_URL + "/", REPO, "main", "lessons/01-x.ipynb", "voila")
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == (
        f"{HUB_URL}/hub/user-redirect/git-pull"
    )
    query = parse_qs(parts.query)
    assert query == {
        "repo": [REPO],
        "branch": ["main"],
        "urlpath": ["voila/render/redes-pymes-alumnado/lessons/01-x.ipynb"],
    }


def test_pull_link_as_notebook_and_folder_names():
    link = hub.pull_link(HUB_URL, "https://github.com/a/b/", "taller-2027", "", "lab")
    assert parse_qs(urlsplit(link).query)["urlpath"] == ["lab/tree/b"]
    assert hub.repo_folder("https://x.org/a/curso.git") == "curso"
    assert hub.voila_link(HUB_URL, "c/lessons/00.ipynb", "ana") == (
        f"{HUB_URL}/user/ana/voila/render/c/lessons/00.ipynb"
    )


def test_pages_are_found_by_number_or_name():
    assert hub.find_page(ROOT, "01") == "lessons/01-despersonalizar-la-critica.ipynb"
    assert hub.find_page(ROOT, "00", "exercise") == (
        "exercises/00-primeros-pasos/00-primeros-pasos.ipynb"
    )
    with pytest.raises(hub.LinkError, match="No encuentro la lección «99»"):
        hub.find_page(ROOT, "99")


def test_bad_input_gets_a_spanish_message(capsys):
    with pytest.raises(hub.LinkError, match="https://"):
        hub.pull_link("taller.ejemplo.es", REPO, "main")
    code = cli.main(["enlace", "--hub", HUB_URL, "--repo", REPO, "--leccion", "01"])
    assert code == 0 and "git-pull?repo=" in capsys.readouterr().out
    assert cli.main(["enlace", "--hub", "x", "--repo", REPO]) == 2
    assert "curso enlace:" in capsys.readouterr().err


# --- a real hub -------------------------------------------------------------------------------

EXERCISE = "00-primeros-pasos"
COURSE = "redes-pymes"
CHP = ROOT / "node_modules" / ".bin" / "configurable-http-proxy"
REFERENCE = json.loads((ROOT / "tests/data/reference" / f"{EXERCISE}.json").read_text("utf-8"))


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Hub:
    """A running JupyterHub, its Unix users and an admin token (requests through urllib)."""

    def __init__(self, base: Path, users: dict[str, str], token: str, url: str) -> None:
        self.base, self.users, self.token, self.url = base, users, token, url

    def call(self, method: str, path: str, token: str | None = None, body=None, form=None):
        import urllib.error
        import urllib.parse
        import urllib.request

        data, headers = None, {"Authorization": f"token {token or self.token}"}
        if body is not None:
            data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(self.url + path, data, headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                text = response.read().decode()
                return response.status, (json.loads(text) if text.strip()[:1] in "[{" else text)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def as_user(self, name: str, *args: str, cwd: Path, env: dict | None = None):
        """Run a command as a Unix user, with the hub-side configuration of its servers."""
        environment = {
            "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
            "HOME": str(self.base / "home" / name),
            "CURSO_EXCHANGE": str(self.base / "exchange"),
            "JUPYTER_CONFIG_PATH": str(ROOT / "deploy" / "hub"),
            "LANG": "C.UTF-8",
            **(env or {}),
        }
        return subprocess.run(
            list(args), cwd=cwd, env=environment, user=name, group=name,
            extra_groups=[], capture_output=True, text=True, timeout=240,
        )  # fmt: skip


def _useradd(name: str, home: Path) -> None:
    subprocess.run(
        ["useradd", "--home-dir", str(home), "--create-home", "--shell", "/bin/bash", name],
        check=True,
        capture_output=True,
    )
    home.chmod(0o700)


@pytest.fixture(scope="module")
def real_hub():
    if os.geteuid() != 0:
        pytest.skip("hacen falta permisos de root para crear usuarios Unix (en CI se ejecuta)")
    assert CHP.exists(), "no está configurable-http-proxy: ejecuta `npm ci` (make test lo hace)"
    interpreter = Path(os.path.realpath(sys.executable))
    for path in [*interpreter.parents, *ROOT.parents, ROOT]:
        if not path.stat().st_mode & 0o001:
            # TODO(issue 13): CI's Python lives under /root (0700); learners' servers must run
            # it as other Unix users. Needs a Python outside /root or a traversal ACL.
            pytest.skip(f"{path} is not traversable by other Unix users (mode 0700)")
    base = Path(tempfile.mkdtemp(prefix="curso-hub-"))
    base.chmod(0o755)
    tag = secrets.token_hex(3)
    users = {"grader": f"rpg{tag}", "ana": f"rpa{tag}", "luis": f"rpl{tag}"}
    (base / "home").mkdir()
    (base / "state").mkdir()
    exchange = base / "exchange"
    exchange.mkdir(mode=0o1777)
    exchange.chmod(0o1777)
    proc = None
    try:
        for name in users.values():
            _useradd(name, base / "home" / name)
        token = secrets.token_hex(16)
        hub_port = _port()
        env = dict(
            os.environ,
            CURSO_HUB_ESTADO=str(base / "state"),
            CURSO_HUB_IP="127.0.0.1",
            CURSO_HUB_PUERTO=str(hub_port),
            CURSO_HUB_PUERTO_INTERNO=str(_port()),
            CURSO_PROXY_API=str(_port()),
            CURSO_PUERTO_CORRECTOR=str(_port()),
            CURSO_CHP=str(CHP),
            CURSO_HUB_AUTENTICACION="clave-comun",
            CURSO_GRADER=users["grader"],
            CURSO_CARPETA_CORRECTOR=str(base / "home" / users["grader"]),
            CURSO_ALUMNADO=f"{users['ana']},{users['luis']}",
            CURSO_EXCHANGE=str(exchange),
            CURSO_TOKEN_ADMIN=token,
        )
        log = (base / "hub.log").open("w")
        proc = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(ROOT / "deploy/hub/jupyterhub_config.py")],
            cwd=base / "state", env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        running = Hub(base, users, token, f"http://127.0.0.1:{hub_port}")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert proc.poll() is None, (base / "hub.log").read_text()[-3000:]
            try:
                if running.call("GET", "/hub/api/")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.3)
        yield running
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
        for name in users.values():
            subprocess.run(["pkill", "-u", name], capture_output=True)
            subprocess.run(["userdel", name], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


@pytest.mark.hub
def test_a_workshop_on_a_real_hub(real_hub):
    """Two learners fetch, answer and submit through their own servers; the trainer grades."""
    hub_, users, base = real_hub, real_hub.users, real_hub.base
    started = time.monotonic()
    learners = [users["ana"], users["luis"]]
    for name in learners:
        assert hub_.call("POST", f"/hub/api/users/{name}/server")[0] in (201, 202)
    # the trainer's course folder: the project's nbgrader config and the exercise's source
    grader = users["grader"]
    course = base / "home" / grader / COURSE
    shutil.copy(ROOT / "nbgrader_config.py", course.parent / "nbgrader_config.py")
    shutil.copytree(
        ROOT / "solutions" / EXERCISE,
        course / "solutions" / EXERCISE,
        ignore=shutil.ignore_patterns("respuestas-*"),
    )
    shutil.move(course.parent / "nbgrader_config.py", course / "nbgrader_config.py")
    subprocess.run(["chown", "-R", f"{grader}:{grader}", str(course)], check=True)
    trainer = {"CURSO_FORMADOR": "1"}
    py = sys.executable
    for step in (["generate_assignment", EXERCISE, "--force"], ["release_assignment", EXERCISE]):
        done = hub_.as_user(grader, py, "-m", "nbgrader", *step, cwd=course, env=trainer)
        assert done.returncode == 0, done.stderr[-2000:]
    tokens = {}
    for name in learners:
        deadline = time.monotonic() + 60
        while not hub_.call("GET", f"/hub/api/users/{name}")[1]["servers"].get("", {}).get("ready"):
            assert time.monotonic() < deadline, (base / "hub.log").read_text()[-3000:]
            time.sleep(0.3)
        status, made = hub_.call("POST", f"/hub/api/users/{name}/tokens", body={"expires_in": 600})
        assert status == 201, made
        tokens[name] = made["token"]
    answers = {learners[0]: REFERENCE["perfect"], learners[1]: REFERENCE["partial"]["answers"]}
    form = {"course_id": COURSE, "assignment_id": EXERCISE}
    for name in learners:
        prefix = f"/user/{name}"
        status, listed = hub_.call("POST", f"{prefix}/assignments/fetch", tokens[name], form=form)
        assert status == 200 and listed["success"], listed
        answers_file = f"{prefix}/api/contents/{EXERCISE}/respuestas-{EXERCISE}.json"
        document = {
            "type": "file",
            "format": "text",
            "content": answers_doc(EXERCISE, answers[name]),
        }
        assert hub_.call("PUT", answers_file, tokens[name], body=document)[0] in (200, 201)
        status, listed = hub_.call("POST", f"{prefix}/assignments/submit", tokens[name], form=form)
        assert status == 200 and listed["success"], listed
    # isolation: another learner's server, the grader's service, the inbound folder
    ana, luis = learners
    assert hub_.call("GET", f"/user/{luis}/api/contents", tokens[ana])[0] in (403, 404)
    assert hub_.call("GET", f"/services/{COURSE}/api/status", tokens[ana])[0] in (403, 404)
    inbound = base / "exchange" / COURSE / "inbound"
    peek = hub_.as_user(ana, "ls", str(inbound), cwd=base)
    assert peek.returncode != 0
    peek = hub_.as_user(ana, "ls", str(base / "home" / luis), cwd=base)
    assert peek.returncode != 0
    # the trainer collects, grades and returns feedback
    graded = hub_.as_user(
        grader, py, "-m", "course_utils.cli", "corregir", EXERCISE, "--recoger", "--publicar",
        cwd=course, env=trainer,
    )  # fmt: skip
    assert graded.returncode == 0, graded.stdout[-2000:] + graded.stderr[-2000:]
    with (course / "notas" / "notas.csv").open(encoding="utf-8") as fh:
        totals = {row["alumno"]: float(row["total"]) for row in csv.DictReader(fh)}
    assert set(totals) == set(learners)
    assert totals[ana] > totals[luis] > 0
    keys = edition.course_keys(ROOT)
    for name in learners:
        status, listed = hub_.call(
            "POST", f"/user/{name}/assignments/fetch_feedback", tokens[name], form=form
        )
        assert status == 200, listed
        home = base / "home" / name
        feedback = list(home.glob(f"{EXERCISE}/feedback/*/{EXERCISE}.html"))
        assert len(feedback) == 1, sorted(str(p) for p in home.rglob("*"))
        other = luis if name == ana else ana
        assert other not in feedback[0].read_text(encoding="utf-8")
        assert edition.find_leaks(home, keys) == []
    elapsed = time.monotonic() - started
    print(f"\nworkshop on a real hub: {elapsed:.1f} s")
