"""`curso enlace` links, and a real JupyterHub on 127.0.0.1 with real Unix users: release, fetch, submit, collect, grade, feedback, isolation."""

from __future__ import annotations

import csv
import json
import os
import stat
import subprocess
import time
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from course_utils import cli
from course_utils.grading import edition
from course_utils.workshop import links as hub
from support import ROOT, answers_doc
from support.hub import COURSE, Browser, free_port, granted, hub_from_guide, undo_leftovers

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
        "targetpath": ["redes-pymes-alumnado"],
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
    exercise = "exercises/00-primeros-pasos/ejercicio-00-primeros-pasos.ipynb"
    for wanted in ("00", "00-primeros-pasos", "ejercicio-00-primeros-pasos", exercise):
        assert hub.find_page(ROOT, wanted, "exercise") == exercise
    with pytest.raises(hub.LinkError, match="No encuentro la lección «99»"):
        hub.find_page(ROOT, "99")
    with pytest.raises(
        hub.LinkError, match="el ejercicio «99». Los que hay: 00-primeros-pasos, 01-desp"
    ):
        hub.find_page(ROOT, "99", "exercise")


def test_bad_input_gets_a_spanish_message(capsys):
    with pytest.raises(hub.LinkError, match="https://"):
        hub.pull_link("taller.ejemplo.es", REPO, "main")
    code = cli.main(["enlace", "--hub", HUB_URL, "--repo", REPO, "--leccion", "01"])
    assert code == 0 and "git-pull?repo=" in capsys.readouterr().out
    assert cli.main(["enlace", "--hub", "x", "--repo", REPO]) == 2
    assert "curso enlace:" in capsys.readouterr().err


def test_learners_are_granted_the_folders_they_need_and_everything_is_restored(tmp_path):
    """The real-hub test lets other Unix users run the project's Python (on CI it lives under
    /root, mode 0700): o+x on each closed folder on the way, o+r on what they read, and every
    mode back as it was afterwards, or on the next run if this one was killed."""
    closed = tmp_path / "root"
    lib = closed / "venv" / "lib"
    lib.mkdir(parents=True)
    python = closed / "venv" / "python"
    python.write_text("")
    module = lib / "m.py"
    module.write_text("")
    python.chmod(0o700)
    module.chmod(0o600)
    lib.chmod(0o700)
    closed.chmod(0o700)
    record = tmp_path / "pendiente.json"
    everything = [*tmp_path.parents, tmp_path, *tmp_path.rglob("*")]
    modes = {p: stat.S_IMODE(p.stat().st_mode) for p in everything}

    def mode(path: Path) -> int:
        return stat.S_IMODE(path.stat().st_mode)

    with granted([python], [lib], record=record) as changes:
        assert changes[closed] == (0o700, 0o701)  # traversal only: nobody lists it
        assert python not in changes  # run through the venv, never read as a file here
        assert (mode(closed), mode(lib), mode(module)) == (0o701, 0o705, 0o604)
        assert json.loads(record.read_text())["modes"][str(closed)] == 0o700
    assert {p: mode(p) for p in everything} == modes and not record.exists()
    # a run killed inside the block: the next one undoes it from the record
    killed = granted([python], [lib], record=record)
    killed.__enter__()
    assert mode(closed) == 0o701
    undo_leftovers(record)
    assert {p: mode(p) for p in everything} == modes and not record.exists()


# --- a real hub -------------------------------------------------------------------------------

EXERCISE = "00-primeros-pasos"
LESSON = "lessons/01-despersonalizar-la-critica.ipynb"
REFERENCE = json.loads((ROOT / "tests/data/reference" / f"{EXERCISE}.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def guide_run():
    """The hub a trainer gets by running the plain-hub section of docs/guia-formador.md as
    written (support.hub.hub_from_guide): a trainer, the grader and two learners, real Unix
    users with the codes `curso taller alta` printed."""
    if os.geteuid() != 0:
        pytest.skip("hacen falta permisos de root para crear usuarios Unix (en CI se ejecuta)")
    with hub_from_guide(["ana", "luis", "eva"]) as run:
        yield run


@pytest.fixture(scope="module")
def real_hub(guide_run):
    return guide_run.hub


@pytest.fixture(scope="module")
def published(real_hub):
    """The learner edition (`curso edicion`) published as a git repository, served by
    `git daemon` on 127.0.0.1 (no network here: it stands in for the GitHub repository)."""
    base = real_hub.base
    folder = base / "edicion"
    edition.build(ROOT, folder)
    git = ["git", "-c", "user.name=Formadora", "-c", "user.email=formadora@ejemplo.es"]
    subprocess.run([*git, "init", "-q", "-b", "main", str(folder)], check=True)
    subprocess.run([*git, "-C", str(folder), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(folder), "commit", "-q", "-m", "Taller"], check=True)
    served = base / "git"
    served.mkdir()
    bare = served / "redes-pymes-alumnado.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(folder), str(bare)], check=True)
    port = free_port()
    daemon = subprocess.Popen(
        ["git", "daemon", "--export-all", "--reuseaddr", "--listen=127.0.0.1",
         f"--port={port}", f"--base-path={served}", "--informative-errors", str(served)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while subprocess.run(
            ["git", "ls-remote", f"git://127.0.0.1:{port}/{bare.name}"], capture_output=True
        ).returncode:
            assert time.monotonic() < deadline and daemon.poll() is None, "git daemon"
            time.sleep(0.1)
        yield f"git://127.0.0.1:{port}/{bare.name}"
    finally:
        daemon.terminate()
        daemon.wait(10)


def _follow_link(browser: Browser, link: str, git_url: str) -> str:
    """What a learner's browser does with a `curso enlace` link: the hub sends it to the
    learner's server (after its OAuth round), nbgitpuller's page asks its API to clone (or
    update) the edition, then opens urlpath. Returns the page's path, relative to the hub."""
    parts = urlsplit(link)  # the hub's public address is not this test's: keep the path
    query = parse_qs(parts.query)
    query["repo"] = [git_url]  # the published repository, served locally
    status, page = browser.get(f"{parts.path}?{urlencode(query, doseq=True)}")
    assert status == 200 and "nbgitpuller" in page.lower(), (status, page[:500])
    server = urlsplit(browser.last_url).path.split("/git-pull")[0]
    assert server.startswith("/user/"), browser.last_url
    api = {k: query[k][0] for k in ("repo", "branch", "targetpath")}
    status, events = browser.get(f"{server}/git-pull/api?{urlencode(api)}")
    assert status == 200 and '"phase": "finished"' in events, events[-2000:]
    return f"{server}/{query['urlpath'][0]}"


@pytest.mark.hub
def test_a_workshop_on_a_real_hub(real_hub, published):
    """The trainer releases an exercise; two learners open the course through an nbgitpuller
    link (one as a Voilà page, one in JupyterLab), fetch the exercise, answer and submit
    through their own servers; the trainer collects, grades and returns feedback; each learner
    sees only their own, cannot reach the other's files, server or the grader's service, and
    has no key anywhere in their home folder."""
    hub_, users, base = real_hub, real_hub.users, real_hub.base
    started = last = time.monotonic()
    laps = []

    def lap(what: str) -> None:
        nonlocal last
        now = time.monotonic()
        laps.append(f"{what} {now - last:.1f} s")
        last = now

    learners = [users["ana"], users["luis"]]
    ana, luis = learners
    grader = users["grader"]
    course = hub_.homes / grader / COURSE  # made by `curso taller preparar`
    trainer_name = users["trainer"]
    # each person signs in with their card; the hub knows them from then on
    for name in [*learners, trainer_name]:
        hub_.login(name)
    for name in learners:
        hub_.start_server(name)
    lap("sign-in")
    tokens = {}
    for name in [*learners, trainer_name]:
        if name != trainer_name:
            hub_.wait_ready(name)
        status, made = hub_.call("POST", f"/hub/api/users/{name}/tokens", body={"expires_in": 600})
        assert status == 201, made
        tokens[name] = made["token"]
    lap("servers ready")
    # the links the trainer hands out (`curso enlace`): a lesson as a page, and as a notebook
    for name, view in ((ana, "voila"), (luis, "lab")):
        link = hub.pull_link("https://taller.ejemplo.es", REPO, "main", LESSON, view)
        browser = hub_.login(name)
        opened = _follow_link(browser, link, published)
        shown = {"voila": "voila/render", "lab": "lab/tree"}[view]
        assert opened == f"/user/{name}/{shown}/redes-pymes-alumnado/{LESSON}"
        assert (hub_.home(name) / "redes-pymes-alumnado" / LESSON).stat().st_uid != 0
        status, page = browser.get(opened)
        assert status == 200, page[:1000]
        if view == "voila":  # the lesson ran in the learner's kernel and came back as a page
            assert "Despersonalizar" in page, page[:1000]
            assert "application/vnd.jupyter.widget-view+json" in page  # its questions
            assert "Traceback" not in page and "vnd.jupyter.stderr" not in page, page[-3000:]
        else:
            assert "JupyterLab" in page, page[:500]
    lap("nbgitpuller links")
    answers = {ana: REFERENCE["perfect"], luis: REFERENCE["partial"]["answers"]}
    form = {"course_id": COURSE, "assignment_id": EXERCISE}
    for name in learners:
        prefix = f"/user/{name}"
        status, listed = hub_.call("POST", f"{prefix}/assignments/fetch", tokens[name], form=form)
        assert status == 200 and listed["success"], listed
        # what the exercise's widgets write when the learner clicks: the answers file
        answers_file = f"{prefix}/api/contents/{EXERCISE}/respuestas-{EXERCISE}.json"
        document = {
            "type": "file",
            "format": "text",
            "content": answers_doc(EXERCISE, answers[name]),
        }
        assert hub_.call("PUT", answers_file, tokens[name], body=document)[0] in (200, 201)
        status, listed = hub_.call("POST", f"{prefix}/assignments/submit", tokens[name], form=form)
        assert status == 200 and listed["success"], listed
    lap("fetch and submit")
    # isolation: another learner's server and files, the grader's service, the inbound folder
    # (each checked against someone who may, so a 404 from a dead service cannot pass)
    inbound = hub_.exchange / COURSE / "inbound"
    assert len(list(inbound.iterdir())) == 2
    assert hub_.call("GET", f"/user/{luis}/api/contents", tokens[luis])[0] == 200
    assert hub_.call("GET", f"/user/{luis}/api/contents", tokens[ana])[0] in (403, 404)
    service = f"/services/{COURSE}/api/status"
    assert hub_.call("GET", service, tokens[trainer_name])[0] == 200
    assert hub_.call("GET", service, tokens[ana])[0] in (403, 404)
    assert hub_.call("GET", f"/services/{COURSE}/formgrader", tokens[ana])[0] in (403, 404)
    for target in (inbound, hub_.home(luis)):
        peek = hub_.as_user(ana, "ls", str(target), cwd=base)
        assert peek.returncode != 0 and "Permission denied" in peek.stderr, peek
    lap("isolation")
    # the trainer collects, grades and returns feedback
    # as the guide says: the grader's own login shell, in the course copy
    graded = subprocess.run(
        ["su", "-", grader, "-c", f"cd {COURSE} && curso corregir {EXERCISE} --recoger --publicar"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert graded.returncode == 0, graded.stdout[-2000:] + graded.stderr[-2000:]
    with (course / "notas" / "notas.csv").open(encoding="utf-8") as fh:
        totals = {row["alumno"]: float(row["total"]) for row in csv.DictReader(fh)}
    assert set(totals) == set(learners)
    assert totals[ana] > totals[luis] > 0
    lap("collect, grade, publish")
    keys = edition.course_keys(ROOT)
    seen = {}
    for name in learners:
        status, listed = hub_.call(
            "POST", f"/user/{name}/assignments/fetch_feedback", tokens[name], form=form
        )
        assert status == 200, listed
        home = hub_.home(name)
        feedback = list(home.glob(f"{EXERCISE}/feedback/*/ejercicio-{EXERCISE}.html"))
        assert len(feedback) == 1, sorted(str(p) for p in home.rglob("*"))
        seen[name] = feedback[0].read_text(encoding="utf-8")
        assert edition.find_leaks(home, keys) == []
    # each learner received their own feedback: their own answers, not the other's
    assert seen[ana] != seen[luis]
    assert "4,5" in seen[ana] and REFERENCE["perfect"]["p6"][:40] in seen[ana]
    assert REFERENCE["perfect"]["p6"][:40] not in seen[luis]
    lap("feedback")
    print(f"\nworkshop on a real hub: {time.monotonic() - started:.1f} s ({', '.join(laps)})")


def _try_login(hub_, name: str, code: str) -> tuple[int, str, bool]:
    """(status, page, signed in) for a name and code typed on the hub's login page."""
    browser = Browser(hub_.url)
    status, _ = browser.get("/hub/login")
    assert status == 200, status
    form = {"username": name, "password": code, "_xsrf": browser.cookie("_xsrf")}
    status, page = browser.get("/hub/login", form=form)
    return status, page, bool(browser.cookie("jupyterhub-session-id"))


@pytest.mark.hub
def test_nobody_signs_in_as_someone_else(real_hub):
    """A code opens only its own account: not another learner's, not the trainer's, not the
    grader's, not a system account's; an unknown name gets the login page back, never a 500."""
    hub_, users = real_hub, real_hub.users
    ana, luis, trainer, grader = users["ana"], users["luis"], users["trainer"], users["grader"]
    code = hub_.codes[ana]
    assert _try_login(hub_, ana, code)[2]  # the control: her own card works
    assert _try_login(hub_, ana.upper(), code)[2]  # typed in capitals
    for name, typed in (
        (luis, code),  # a classmate
        (trainer, code),  # the trainer (admin)
        (grader, code),  # the grading account (its server writes into the course copy)
        ("root", code),
        ("daemon", code),
        (ana, hub_.codes[luis]),  # her name with a classmate's card
        (ana, ""),
        ("pepe", code),  # nobody of that name
        ("../../etc", code),
        ("a" * 300, code),
    ):
        status, page, signed_in = _try_login(hub_, name, typed)
        assert status == 403 and not signed_in, (name, status)
        assert '<html lang="es"' in page and "<form" in page, page[:500]
        assert "El nombre o el código de acceso no son correctos" in page, page[-2000:]


@pytest.mark.hub
def test_learners_read_and_write_only_their_own(real_hub):
    """Homes private whatever useradd's defaults; what a learner's server wrote is 0600; the
    key, the grades, the gradebook, the codes and the full repository are out of reach."""
    hub_, users = real_hub, real_hub.users
    ana, luis, grader = users["ana"], users["luis"], users["grader"]
    course = hub_.homes / grader / COURSE
    state = hub_.hub_log.parent
    source = state.parent.parent / "opt" / "redes-pymes" / "fuente"
    for home in (hub_.home(ana), hub_.home(luis), hub_.home(grader)):
        assert stat.S_IMODE(home.stat().st_mode) == 0o700, home
    answers = hub_.home(luis) / EXERCISE / f"respuestas-{EXERCISE}.json"
    assert answers.exists() and stat.S_IMODE(answers.stat().st_mode) == 0o600
    targets = [
        answers,
        hub_.home(luis),
        course / "solutions" / EXERCISE,
        course / "gradebook.db",
        course / "notas" / "notas.csv",
        course / "submitted",
        state / "codigos-acceso.json",
        source / "solutions",
    ]
    for target in targets:
        assert target.exists(), target  # each exists: a denial is not a missing file
        peek = hub_.as_user(ana, "cat" if target.is_file() else "ls", str(target), cwd=hub_.base)
        assert peek.returncode != 0 and "Permission denied" in peek.stderr, (target, peek)
    # overwrite a classmate's collected work: the grader's copy is closed to learners
    collected = next((course / "submitted" / luis).rglob("*.json"))
    write = hub_.as_user(ana, "sh", "-c", f"echo x > '{collected}'", cwd=hub_.base)
    assert write.returncode != 0 and "Permission denied" in write.stderr, write
    assert hub_.as_user(ana, "ls", str(hub_.home(ana)), cwd=hub_.base).returncode == 0


# Run as the attacking learner: crafted entries in the exchange's inbound folder, next to
# her honest submission (she can write there, not list it: nbgrader's 733).
_CRAFT = r"""
import datetime, os, secrets, shutil, sys
inbound, assignment, me, victim, key, home = sys.argv[1:7]
mine = os.path.join(home, assignment)
def stamp(days=0):
    when = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=days)
    return when.strftime("%Y-%m-%d %H:%M:%S.%f %Z")
def entry(student, when, secret=True, tail=None):
    name = f"{student}+{assignment}+{when}+{tail or secrets.token_urlsafe(6)}"
    folder = os.path.join(inbound, name)
    os.mkdir(folder)
    for f in os.listdir(mine):
        if f.endswith((".ipynb", ".json")):
            shutil.copyfile(os.path.join(mine, f), os.path.join(folder, f))
    with open(os.path.join(folder, "timestamp.txt"), "w") as fh:
        fh.write(when)
    if secret:
        with open(os.path.join(folder, "submission_secret.txt"), "w") as fh:
            fh.write(secrets.token_hex(64))
    return folder
# a date in 2099: it would hide every later submission of hers
entry(me, stamp(days=365 * 73))
# links: her answers to the key, her notebook to a system file
linked = entry(me, stamp())
answers = [f for f in os.listdir(linked) if f.endswith(".json")][0]
os.remove(os.path.join(linked, answers))
os.symlink(key, os.path.join(linked, answers))
notebook = [f for f in os.listdir(linked) if f.endswith(".ipynb")][0]
os.remove(os.path.join(linked, notebook))
os.symlink("/etc/passwd", os.path.join(linked, notebook))
# a whole submission folder that is a link (to the grader's course copy)
os.symlink(os.path.dirname(os.path.dirname(key)), os.path.join(inbound, f"{me}+{assignment}+{stamp()}+enlace"))
# without its secret file
entry(me, stamp(), secret=False)
# in a classmate's name, by hand
entry(victim, stamp())
"""


@pytest.mark.hub
def test_collection_trusts_nothing_a_learner_sends(real_hub):
    """A third learner submits honestly, then as two classmates (both of nbgrader's ways),
    with a date in 2099, with links to the key and to a system file, a linked submission
    folder and a submission without its secret. Nobody's grade changes, nothing is copied,
    the batch goes on, every attempt is a Spanish line of the trainer's summary, and every
    learner's feedback is published."""
    hub_, users = real_hub, real_hub.users
    ana, luis, eva, grader = users["ana"], users["luis"], users["eva"], users["grader"]
    course = hub_.homes / grader / COURSE
    grades = course / "notas" / "notas.csv"

    def totals() -> dict[str, float]:
        with grades.open(encoding="utf-8") as fh:
            return {row["alumno"]: float(row["total"]) for row in csv.DictReader(fh)}

    before = totals()
    assert set(before) == {ana, luis}  # the round trip above graded these two
    home = hub_.home(eva)
    env = {"JUPYTERHUB_USER": eva}
    py = str(hub_.prefix / "entorno" / "bin" / "python")
    fetched = hub_.as_user(
        eva, py, "-m", "nbgrader", "fetch_assignment", EXERCISE, cwd=home, env=env
    )
    assert fetched.returncode == 0, fetched.stderr[-2000:]
    (home / EXERCISE / f"respuestas-{EXERCISE}.json").write_text(
        answers_doc(EXERCISE, REFERENCE["partial"]["answers"]), encoding="utf-8"
    )
    subprocess.run(["chown", "-R", f"{eva}:{eva}", str(home / EXERCISE)], check=True)
    honest = hub_.as_user(eva, py, "-m", "nbgrader", "submit", EXERCISE, cwd=home, env=env)
    assert honest.returncode == 0, honest.stderr[-2000:]
    for how in ({"JUPYTERHUB_USER": luis}, {"JUPYTERHUB_USER": eva}):
        extra = [] if how["JUPYTERHUB_USER"] == luis else [f"--CourseDirectory.student_id={ana}"]
        sent = hub_.as_user(
            eva, py, "-m", "nbgrader", "submit", EXERCISE, *extra, cwd=home, env=how
        )
        assert sent.returncode == 0, sent.stderr[-2000:]  # nbgrader itself lets it through
    inbound = hub_.exchange / COURSE / "inbound"
    key = course / "solutions" / EXERCISE / f"ejercicio-{EXERCISE}.ipynb"
    crafted = hub_.as_user(
        eva, py, "-c", _CRAFT, str(inbound), EXERCISE, eva, luis, str(key), str(home), cwd=home
    )
    assert crafted.returncode == 0, crafted.stderr[-2000:]
    graded = subprocess.run(
        ["su", "-", grader, "-c", f"cd {COURSE} && curso corregir {EXERCISE} --recoger --publicar"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    summary = graded.stdout + graded.stderr
    assert graded.returncode == 0, summary[-3000:]
    after = totals()
    assert after[ana] == before[ana] and after[luis] == before[luis], (before, after)
    assert after[eva] == before[luis]  # her honest submission, the same answers as luis
    # each attempt named in Spanish in the trainer's summary
    assert summary.count(f"dice ser de «{luis}», pero la entregó la cuenta «{eva}»") >= 2
    assert f"dice ser de «{ana}», pero la entregó la cuenta «{eva}»" in summary
    for reason in ("2099", "enlace", "submission_secret.txt"):
        assert reason in summary, (reason, summary[-3000:])
    # nothing copied: not the key, not the system file, not a classmate's work
    collected = course / "submitted" / eva / EXERCISE
    copied = b"".join(p.read_bytes() for p in collected.rglob("*") if p.is_file())
    assert b"root:x:0:0" not in copied and b"BEGIN SOLUTION" not in copied
    assert not any(p.is_symlink() for p in collected.rglob("*"))
    # everyone's feedback is out, an attacker's trouble stops no one
    form = {"course_id": COURSE, "assignment_id": EXERCISE}
    for name in (ana, luis, eva):
        fetched = hub_.as_user(
            name, py, "-m", "nbgrader", "fetch_feedback", EXERCISE, cwd=hub_.home(name),
            env={"JUPYTERHUB_USER": name},
        )  # fmt: skip
        assert fetched.returncode == 0, fetched.stderr[-2000:]
        pages = list(hub_.home(name).glob(f"{EXERCISE}/feedback/*/ejercicio-{EXERCISE}.html"))
        assert pages, (name, form)


@pytest.mark.hub
@pytest.mark.browser
def test_a_learner_signs_in_and_opens_a_lesson_in_a_browser(real_hub, published):
    """In Chromium, on the guide's hub: the Spanish sign-in form with the name and code of a
    card, then a lesson as the course's page (its tab title and bar), with every request on
    127.0.0.1 (no CDN)."""
    from urllib.parse import urlsplit as split

    from playwright.sync_api import sync_playwright

    from support import CHROME_ARGS, CHROMIUM

    hub_, ana = real_hub, real_hub.users["ana"]
    lesson = f"/user/{ana}/voila/render/redes-pymes-alumnado/{LESSON}"
    assert (hub_.home(ana) / "redes-pymes-alumnado" / LESSON).exists()  # pulled by the round trip
    requested: list[str] = []
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        try:
            context = chromium.new_context(locale="es-ES")
            context.on("request", lambda request: requested.append(request.url))
            page = context.new_page()
            page.goto(f"{hub_.url}/hub/login?username={ana}&next={lesson}")
            assert page.locator("html").get_attribute("lang") == "es"
            assert page.locator("#username_input").input_value() == ana  # the QR's prefill
            page.fill("#password_input", "MAL00-CODIG")
            page.click("#login_submit")
            assert "no son correctos" in page.locator(".login_error").inner_text()
            page.fill("#username_input", ana)
            page.fill("#password_input", hub_.codes[ana])
            page.click("#login_submit")
            page.wait_for_selector("#rendered_cells", state="visible", timeout=90_000)
            page.wait_for_selector(".widget-radio-box, .widget-dropdown", timeout=30_000)
            page.wait_for_load_state("networkidle", timeout=30_000)
            assert page.title() == "Lección 01 · Despersonalizar la crítica"
            assert page.locator("nav.curso-barra").inner_text().startswith("← Inicio del curso")
            assert "Executing" not in page.content()
        finally:
            chromium.close()
    hosts = {split(url).hostname for url in requested}
    assert requested and hosts == {"127.0.0.1"}, sorted(
        u for u in requested if "127.0.0.1" not in u
    )
