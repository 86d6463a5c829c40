"""What `curso abrir` starts for an owner: Voilà app pages in Spanish (no code, no menus), a
course home, links that work, only the plan's files served; and the course notebooks left as
committed when they are saved from JupyterLab (`curso abrir --cuadernos`)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import nbformat
import pytest

from course_utils.core.lessons import exercise_notebook
from course_utils.launch import jupyter, notebook_files
from course_utils.launch import pages as launch_pages
from course_utils.ui import home
from support import ROOT, free_port, notebook_client
from support.pages import fetch, foreign_loads, page_title, start_pages, stop

# English words of Voilà's and Jupyter's own screens that must not reach an owner.
ENGLISH = re.compile(
    r"\b(Running|Executing|Reading|Select items|Kernel|Error|There was an error)\b"
)


@pytest.fixture(scope="module")
def pages_home(tmp_path_factory):
    return tmp_path_factory.mktemp("paginas")


@pytest.fixture(scope="module")
def pages(pages_home):
    proc, base, log = start_pages(ROOT, pages_home)
    yield base
    stop(proc)


@pytest.mark.launch
def test_curso_abrir_draws_the_fixed_figures_in_the_background(pages, pages_home):
    """So that a page shows its figures without drawing them (charts.py); nothing waits."""
    folder = pages_home / "cache" / "figuras"
    deadline = time.monotonic() + 90
    while len(list(folder.glob("*.png"))) < 8 and time.monotonic() < deadline:
        time.sleep(0.5)
    names = {p.name.split("-")[0] for p in folder.glob("*.png")}
    assert names == {
        "criticism",
        "flowchart",
        "growth",
        "engagement",
        "strategy_vs_decree",
        "maturity_radar",
        "audit_priorities",
        "paid_test",  # lesson 07
    }


def test_the_folder_page_sends_the_owner_to_the_course_home(pages):
    status, page = fetch(pages + "/")
    assert status == 200
    assert 'url=/voila/render/lessons/inicio.ipynb"' in page
    assert "Abriendo el curso" in page and not ENGLISH.search(page)


@pytest.mark.launch
def test_the_home_page_opens(pages):
    status, page = fetch(pages + "/voila/render/lessons/inicio.ipynb")
    assert status == 200
    assert page_title(page).startswith("Inicio")
    assert "Inicio del curso" not in page, "the home has no bar back to itself"


def test_the_home_lists_every_lesson_and_exercise_with_links():
    shown = home.home_html(ROOT)
    for lesson in sorted((ROOT / "lessons").glob("[0-9][0-9]-*.ipynb")):
        assert f"href='{lesson.name}'" in shown, lesson.name
    for folder in sorted((ROOT / "exercises").glob("[0-9][0-9]-*")):
        assert f"href='../exercises/{folder.name}/{exercise_notebook(folder.name)}'" in shown, (
            folder.name
        )
    assert "Empieza por aquí" in shown or "Sigue por aquí" in shown


def test_the_home_escapes_and_survives_a_broken_course(tmp_path):
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "01-rota.ipynb").write_text("{ no es json", encoding="utf-8")
    shown = home.home_html(tmp_path)
    assert "No se puede leer el curso" in shown and "<script" not in shown


@pytest.mark.launch
def test_a_lesson_page_is_spanish_and_shows_no_code(pages):
    status, page = fetch(pages + "/voila/render/lessons/01-despersonalizar-la-critica.ipynb")
    assert status == 200
    assert "Preparando la página" in page and "Running" not in page and "Executing" not in page
    assert "from course_utils" not in page, "an app page shows no code"
    assert foreign_loads(page) == [], "nothing is loaded from the internet"
    assert '<html lang="es">' in page
    assert page_title(page) == "Lección 01 · Despersonalizar la crítica"
    assert "Inicio del curso" in page


@pytest.mark.launch
def test_opening_pages_logs_nothing_that_reads_as_a_fault(pages, pages_home):
    """The terminal of `curso abrir` stays quiet: no «not trusted» warning per page (issue 22)."""
    for stem in ("inicio", "00-bienvenida"):
        status, _page = fetch(f"{pages}/voila/render/lessons/{stem}.ipynb")
        assert status == 200
    said = (pages_home / "voila.log").read_text(encoding="utf-8", errors="replace")
    assert "Kernel started" in said or "Voila" in said, "the log is the server's"
    assert "not trusted" not in said and "Traceback" not in said, said[-2000:]


@pytest.mark.launch
def test_an_exercise_page_has_its_own_title(pages):
    folder = sorted((ROOT / "exercises").glob("01-*"))[0]
    status, page = fetch(
        pages + f"/voila/render/exercises/{folder.name}/{exercise_notebook(folder.name)}"
    )
    assert status == 200
    assert page_title(page) == "Ejercicio 01 · Despersonalizar la crítica"


@pytest.mark.launch
def test_only_the_plan_files_are_served_not_the_answers(pages):
    status, _ = fetch(pages + "/voila/files/lessons/respuestas-00-bienvenida.json")
    assert status in (403, 404)
    status, _ = fetch(pages + "/voila/files/nbgrader_config.py")
    assert status in (403, 404)
    status, page = fetch(pages + "/voila/render/no-existe.ipynb")
    assert status == 404 and "Esta página no existe" in page and not ENGLISH.search(page)


def test_the_pages_may_link_the_plan_its_calendar_and_the_certificate_never_the_answers():
    """Voilà serves a file whose path fully matches a pattern of file_allowlist (ignoring case)."""
    allowed = launch_pages.voila_settings()["VoilaConfiguration"]["file_allowlist"]

    def served(path: str) -> bool:
        return any(re.fullmatch(p, path, re.IGNORECASE) for p in allowed)

    for path in (
        "lessons/mi-plan.pdf",
        "lessons/mi-plan.html",
        "lessons/mi-calendario.ics",  # lesson 06's «Añadir a mi calendario»
        "redes-pymes-alumnado/lessons/mi-calendario.csv",
        "lessons/certificado.pdf",
    ):
        assert served(path), path
    for path in (
        "lessons/respuestas-07-tu-mes-en-redes.json",
        "lessons/.respuestas-07-tu-mes-en-redes.json.lock",
        "lessons/07-tu-mes-en-redes.ipynb",
        "lessons/mi-calendario.ics.json",
        "nbgrader_config.py",
    ):
        assert not served(path), path


def test_the_voila_command_uses_the_course_template_and_spanish_errors():
    command = jupyter.voila_command(ROOT, 8899, False, "127.0.0.1")
    assert command[1:4] == ["-m", "voila", str(ROOT)]
    assert "--no-browser" in command and "--port=8899" in command
    # the page settings come from the course's voila.json, first in Voilà's config path (the
    # file a hub's servers read too), never from a second copy on the command line
    assert not any(a.startswith(("--template", "--Voila" + "Configuration")) for a in command)
    env = launch_pages.voila_env()
    config = Path(env["JUPYTER_CONFIG_PATH"].split(os.pathsep)[0])
    settings = json.loads((config / "voila.json").read_text(encoding="utf-8"))
    assert settings["VoilaConfiguration"]["template"] == "curso"
    assert settings["VoilaExecutor"]["cell_error_instruction"].startswith("Esta parte")
    assert settings["VoilaExporter"]["language_code"] == "es"
    assert settings["MappingKernelManager"]["cull_idle_timeout"] == 60
    template = Path(env["JUPYTER_PATH"].split(os.pathsep)[0]) / "voila" / "templates" / "curso"
    for name in (
        "index.html.j2",
        "spinner.macro.html.j2",
        "voila_setup.macro.html.j2",
        "tree.html",
    ):
        text = (template / name).read_text(encoding="utf-8")
        assert not re.search(r"\b(Running|Executing|Reading) ", text), name


def test_voila_env_puts_the_course_folders_first_and_keeps_the_rest(monkeypatch):
    monkeypatch.setenv(
        "JUPYTER_PATH", os.pathsep.join(["/otra/datos", str(launch_pages.JUPYTER_DATA)])
    )
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", "/otra/config")
    env = launch_pages.voila_env()
    assert env["JUPYTER_PATH"].split(os.pathsep) == [str(launch_pages.JUPYTER_DATA), "/otra/datos"]
    assert env["JUPYTER_CONFIG_PATH"].split(os.pathsep) == [
        str(launch_pages.JUPYTER_CONFIG),
        "/otra/config",
    ]


# --- the owner's work never changes the course files ------------------------------------------


@pytest.mark.parametrize(
    "path",
    sorted(
        [
            *ROOT.glob("lessons/*.ipynb"),
            *ROOT.glob("solutions/*/*.ipynb"),
            *ROOT.glob("exercises/*/*.ipynb"),
        ]
    ),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_notebooks_are_stored_as_jupyter_writes_them(path):
    """A notebook saved by Jupyter is byte for byte the committed one (when nothing changed)."""
    text = path.read_text(encoding="utf-8")
    assert text == nbformat.writes(nbformat.reads(text, as_version=4)) + "\n", (
        f"{path.name}: write it with nbformat (python -m course_utils.core.navigation does)"
    )


def test_the_pre_save_hook_strips_only_course_notebooks():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("1 + 1")
    cell.outputs = [
        nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=1)
    ]
    cell.execution_count = 1
    nb.cells = [cell]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    model = {"type": "notebook", "content": json.loads(json.dumps(nb))}
    notebook_files.pre_save_hook(model, "mis-notas/prueba.ipynb")
    assert model["content"]["cells"][0]["outputs"], "an owner's own notebook is theirs"
    notebook_files.pre_save_hook(model, "lessons/01-x.ipynb")
    assert model["content"]["cells"][0]["outputs"] == []
    assert model["content"]["cells"][0]["execution_count"] is None
    assert "widgets" not in model["content"]["metadata"]


@pytest.mark.launch
def test_a_lesson_run_and_saved_in_jupyterlab_stays_as_committed(tmp_path):
    """Run lesson 03 as JupyterLab would (outputs, widget state, the kernel's language_info),
    save it through a real Jupyter server started with the course's hook, and compare bytes."""
    course = tmp_path / "curso"
    (course / "lessons").mkdir(parents=True)
    lesson = ROOT / "lessons" / "03-cultura-2-0-interna.ipynb"
    committed = lesson.read_bytes()
    (course / "lessons" / lesson.name).write_bytes(committed)
    nb = nbformat.reads(committed.decode("utf-8"), as_version=4)
    notebook_client(nb, course / "lessons").execute()
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    assert any(c.get("outputs") for c in nb.cells if c.cell_type == "code")
    port, token = free_port(), "prueba"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter",
            "server",
            "--no-browser",
            "--allow-root",
            f"--port={port}",
            "--port-retries=0",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.root_dir={course}",
            f"--IdentityProvider.token={token}",
            f"--FileContentsManager.pre_save_hook={jupyter.PRE_SAVE_HOOK}",
        ],
        env=dict(
            os.environ,
            JUPYTER_RUNTIME_DIR=str(tmp_path / "rt"),
            JUPYTER_CONFIG_DIR=str(tmp_path / "cfg"),
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/api/contents/lessons/{lesson.name}"
        body = json.dumps({"type": "notebook", "format": "json", "content": nb}).encode("utf-8")
        deadline = time.monotonic() + 60
        while True:
            request = urllib.request.Request(
                url,
                data=body,
                method="PUT",
                headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
            )
            try:
                urllib.request.urlopen(request, timeout=10).close()
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if time.monotonic() > deadline:
                    pytest.fail("the Jupyter server did not answer")
                time.sleep(0.3)
    finally:
        proc.terminate()
        proc.wait(15)
    saved = (course / "lessons" / lesson.name).read_bytes()
    assert saved == committed, "saving a lesson from JupyterLab changed the course file"


def test_file_links_point_where_each_server_serves_files(monkeypatch):
    from course_utils.ui.links import file_href

    monkeypatch.delenv("VOILA_REQUEST_URL", raising=False)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    monkeypatch.delenv("JUPYTERHUB_SERVICE_PREFIX", raising=False)
    assert file_href("mi-plan.pdf") == "mi-plan.pdf"
    monkeypatch.setenv(
        "VOILA_REQUEST_URL", "http://127.0.0.1:8866/voila/render/lessons/06-mi-plan.ipynb?x=1"
    )
    assert file_href("mi-plan.pdf") == "/voila/files/lessons/mi-plan.pdf"
    monkeypatch.setenv(
        "VOILA_REQUEST_URL", "https://hub.example/user/ana/voila/render/lessons/06-mi-plan.ipynb"
    )
    assert file_href("../../secreto/mi-plan.pdf") == "/user/ana/voila/files/lessons/mi-plan.pdf"
    monkeypatch.delenv("VOILA_REQUEST_URL")
    monkeypatch.setenv("JPY_SESSION_NAME", "lessons/06-mi-plan.ipynb")
    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/user/ana/")
    assert file_href("mi-plan.pdf") == "/user/ana/files/lessons/mi-plan.pdf"
