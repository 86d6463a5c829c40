"""A person in a real browser: JupyterLab in Spanish, clicking widgets, answers kept on reload.

Uses Debian's Chromium through Playwright (the executable named by the CHROMIUM environment
variable, which `make test` sets; /usr/bin/chromium by default); never downloads a browser.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from course_utils.core.lessons import exercise_notebook
from course_utils.core.store import answers_path, read_answers
from course_utils.launch import jupyter, lab_keys
from support import copy_course, free_port
from support.pages import stop

pytestmark = pytest.mark.browser

TOKEN = "navegador"
EXERCISE = "00-primeros-pasos"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on 127.0.0.1 over a copy of the course, with its own settings folders: the
    overrides.json `curso abrir` writes (jupyter.set_lab_defaults), plus every cell drawn at once."""
    home = tmp_path_factory.mktemp("browser")
    course = home / "curso"
    copy_course(course, "lessons", "exercises", config=False)
    prefix = home / "prefijo"
    settings = jupyter.overrides_path(prefix)
    settings.parent.mkdir(parents=True)
    # windowingMode "none": cells far below the fold exist in the page (Playwright finds them);
    # the rest is what the course itself sets, kept next to this administrator-like value.
    settings.write_text(json.dumps({jupyter.TRACKER_PLUGIN: {"windowingMode": "none"}}))
    jupyter.set_lab_defaults(prefix)
    port = free_port()
    log = home / "jupyterlab.log"
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
    )
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--allow-root",
            "--ip=127.0.0.1",
            f"--port={port}",
            "--port-retries=0",
            f"--ServerApp.root_dir={course}",
            f"--IdentityProvider.token={TOKEN}",
            f"--LabApp.user_settings_dir={home / 'user-settings'}",
            f"--LabApp.workspaces_dir={home / 'workspaces'}",
            f"--LabApp.app_settings_dir={settings.parent}",
            "--LabApp.expose_app_in_browser=True",
        ],
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )  # a file: a pipe could fill up
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("JupyterLab did not start:\n" + log.read_text()[-3000:])
            time.sleep(0.3)
    yield base, course
    stop(proc)


def open_and_run(page, url: str, widget: str = ".curso-pregunta") -> None:
    """Open a notebook in a workspace of its own, wait until it can run, press «Run all» once
    and wait until every code cell has run and a widget shows.

    Why a workspace of its own and an explicit notebook: JupyterLab keeps the open tabs in a
    workspace on the server and, in a new page, reopens them BEFORE the notebook of the URL.
    With the shared default workspace, `shell.currentWidget` was at first a notebook of an
    earlier test (ready, kernel idle), so the old readiness check passed on the wrong notebook.
    «Run all» then either ran that notebook, or ran the URL's notebook (the notebook tracker's
    current one) while its session had no kernel yet: runCell then starts a kernel itself,
    racing the session's own start, and one of the two is shut down ("Kernel shutdown" right
    after "Kernel started" in the server log); the cells stay unrun. Pressing again "worked"
    because by then the right notebook was ready. Seen with an instrumented page, one press per
    opening, this file's sequence of notebooks on 2 shared cores: 6 dropped runs in 36 openings
    before; none in 36 after, 32 of them with two extra CPU-bound processes running.
    """
    path = urllib.parse.unquote(re.search(r"/tree/([^?]+)", url).group(1))
    page.goto(url)
    try:
        page.wait_for_function(READY, arg=path, timeout=90_000)
    except PlaywrightTimeout:
        raise AssertionError(f"{path} never became ready to run: {state(page, path)}") from None
    page.evaluate(PRESS_RUN_ALL, path)
    try:
        page.wait_for_function(RAN, arg=[path, widget], timeout=90_000)
    except PlaywrightTimeout:
        raise AssertionError(f"«Run all» did not finish in {path}: {state(page, path)}") from None


# The panel of a notebook by its path (not whatever tab happens to be current).
_PANEL = """const panelOf = (path) => Array.from(window.jupyterapp.shell.widgets('main'))
                                   .find(w => w.context && w.context.path === path);"""

# Ready to run: every plugin active (the widget manager's included) and the layout restored;
# the notebook loaded; its session has a kernel (so «Run all» will not start one of its own),
# connected and idle; and the widget manager has registered its comm target on that kernel
# (else the kernel's widgets are closed on arrival: "Error displaying widget: model not found").
# `_targetRegistry` is JupyterLab's private map of comm targets: there is no public getter.
READY = f"""(path) => {{
    const app = window.jupyterapp;
    if (!app) return false;
    if (!window.__labRestored) {{ app.restored.then(() => {{ window.__labRestored = true; }}); return false; }}
    {_PANEL}
    const nb = panelOf(path);
    if (!nb || !nb.context.isReady || nb.content.widgets.length === 0) return false;
    const s = nb.sessionContext, k = s.session && s.session.kernel;
    return s.isReady && !s.hasNoKernel && !s.pendingInput && !!k && k.connectionStatus === 'connected'
           && k.status === 'idle' && !!(k._targetRegistry || {{}})['jupyter.widget']
           && document.querySelectorAll('.jp-Dialog').length === 0;
}}"""

# One press, on that notebook (`widgetId` is how JupyterLab's own cell toolbar names its target).
PRESS_RUN_ALL = f"""(path) => {{
    {_PANEL}
    const nb = panelOf(path);
    window.__countsBefore = nb.content.widgets.filter(c => c.model.type === 'code')
                                              .map(c => c.model.executionCount);
    window.jupyterapp.commands.execute('notebook:run-all-cells', {{widgetId: nb.id}});
}}"""

# Done: every code cell has a new execution count, the kernel is idle, a widget is visible.
RAN = f"""([path, widget]) => {{
    {_PANEL}
    const nb = panelOf(path);
    const code = nb.content.widgets.filter(c => c.model.type === 'code');
    const k = nb.sessionContext.session && nb.sessionContext.session.kernel;
    const shown = Array.from(nb.node.querySelectorAll(widget)).some(e => e.offsetParent);
    return code.every((c, i) => c.model.executionCount !== null
                                && c.model.executionCount !== window.__countsBefore[i])
           && !!k && k.status === 'idle' && shown;
}}"""


def state(page, path: str) -> dict:
    """What the page shows, for a failure message."""
    return page.evaluate(
        f"""(path) => {{
        const app = window.jupyterapp;
        if (!app) return {{app: 'not loaded'}};
        {_PANEL}
        const nb = panelOf(path);
        const tabs = Array.from(app.shell.widgets('main')).map(w => w.title.label);
        const dialogs = Array.from(document.querySelectorAll('.jp-Dialog')).map(d => d.innerText);
        if (!nb) return {{tabs, dialogs}};
        const code = nb.content.widgets.filter(c => c.model.type === 'code');
        const s = nb.sessionContext, k = s.session && s.session.kernel;
        return {{tabs, dialogs, counts: code.map(c => c.model.executionCount),
                outputs: code.map(c => (c.node.querySelector('.jp-OutputArea') || {{}}).innerText || '')
                             .map(t => t.slice(0, 200)),
                session: [s.isReady, s.hasNoKernel, s.kernelDisplayStatus],
                kernel: k && [k.status, k.connectionStatus, Object.keys(k._targetRegistry || {{}})]}};
    }}""",
        path,
    )


def notebook_url(base: str, path: str) -> str:
    """The notebook in a workspace of its own (see open_and_run): nothing of an earlier test is
    reopened, and a reload of the same URL reopens only this notebook."""
    return f"{base}/lab/workspaces/prueba-{uuid.uuid4().hex[:8]}/tree/{path}?token={TOKEN}"


def wait_for_answers(path: Path, predicate, timeout: float = 15) -> dict:
    deadline = time.monotonic() + timeout
    answers = {}
    while time.monotonic() < deadline:
        answers, _ = read_answers(path)
        if predicate(answers):
            return answers
        time.sleep(0.1)
    raise AssertionError(f"answers file never reached the expected state: {answers}")


def test_exercise_answers_are_saved_by_clicking_and_come_back(lab, browser, tmp_path):
    base, course = lab
    folder = course / "exercises" / EXERCISE
    path = answers_path(EXERCISE, folder)
    page = browser.new_page(viewport={"width": 1280, "height": 2000})
    page.on("dialog", lambda dialog: dialog.accept())
    url = notebook_url(base, f"exercises/{EXERCISE}/{exercise_notebook(EXERCISE)}")
    open_and_run(page, url)

    # the interface is in Spanish
    expect(page.get_by_role("menuitem", name="Archivo").first).to_be_visible()

    # single choice: a click saves
    option = "En un archivo junto al cuaderno, en tu ordenador o en tu espacio del taller."
    page.get_by_role("radio", name=option).check()
    wait_for_answers(path, lambda a: a.get("p1", {}).get("value") == "b")
    expect(page.locator(".curso-pregunta").get_by_text("✓ Guardado a las").first).to_be_visible()

    # classify: a drop-down per comment, chosen with its accessible label
    page.get_by_label("Comentario 1:").select_option(label="Queja de un cliente")
    wait_for_answers(path, lambda a: a.get("p3", {}).get("value") == {"c1": "queja"})

    # free text with accents, emoji and markup, then «Guardar»
    text = "Peluquería Marta 💇: ¿cortes cómodos? <b>¡Sí!</b>"
    area = page.get_by_label("Tu respuesta:")
    area.fill(text)
    page.locator(".curso-pregunta").get_by_role("button", name="Guardar").click()
    wait_for_answers(path, lambda a: a.get("p6", {}).get("value") == text)
    page.screenshot(path=str(tmp_path / "ejercicio.png"), full_page=True)

    # reopen: every answer comes back into its widget
    page.reload()
    open_and_run(page, url)
    expect(page.get_by_role("radio", name=option)).to_be_checked()
    expect(page.get_by_label("Comentario 1:")).not_to_have_value("")
    expect(page.get_by_label("Tu respuesta:")).to_have_value(text)
    expect(
        page.locator(".curso-pregunta").get_by_text("Respuesta recuperada").first
    ).to_be_visible()
    page.close()


def test_lesson_check_shows_right_or_wrong(lab, browser):
    base, course = lab
    page = browser.new_page(viewport={"width": 1280, "height": 2000})
    page.on("dialog", lambda dialog: dialog.accept())
    open_and_run(page, notebook_url(base, "lessons/00-bienvenida.ipynb"))
    check = page.get_by_role("button", name="Comprobar").first
    check.click()
    expect(page.locator(".curso-pregunta").get_by_text("Primero responde").first).to_be_visible()
    box = page.locator(".curso-pregunta").first
    box.get_by_role("radio").first.check()
    check.click()
    expect(box.get_by_text(re.compile("¡Correcto!|Todavía no"))).to_be_visible()
    page.close()


def test_reply_reviewer_saves_and_reviews_in_the_browser(lab, browser):
    base, course = lab
    name = "01-despersonalizar-la-critica"
    path = answers_path(name, course / "exercises" / name)
    page = browser.new_page(viewport={"width": 1280, "height": 2000})
    page.on("dialog", lambda dialog: dialog.accept())
    open_and_run(
        page,
        notebook_url(base, f"exercises/{name}/{exercise_notebook(name)}"),
        widget=".revisor-redes",
    )
    box = page.locator(".revisor-redes")
    reply = "USTED MIENTE!!! nunca hechamos la culpa a nadie"
    box.get_by_label("Texto:").fill(reply)
    box.get_by_role("button", name="Revisar").click()
    wait_for_answers(path, lambda a: a.get("respuesta_resena", {}).get("value") == reply)
    card = box.locator("[aria-label='Resultado de la revisión']")
    expect(card).to_contain_text("tono «USTED MIENTE»")
    expect(card).to_contain_text("hechamos")
    page.close()


# The notebook's active cell, its mode and its number of cells; what has the focus.
NOTEBOOK_STATE = f"""(path) => {{
    {_PANEL}
    const nb = panelOf(path).content;
    return {{cell: nb.activeCellIndex, mode: nb.mode, cells: nb.widgets.length,
             focus: document.activeElement.tagName}};
}}"""


def test_keys_on_a_question_stay_with_the_question(lab, browser):
    """↑/↓ on a chosen option choose another option (JupyterLab's command-mode shortcuts would
    move to another cell), a letter does not insert a cell, Enter on «Comprobar» checks; and
    outside the widgets ↓ still moves to the next cell (see lab_keys.WIDGET_SAFE_SELECTOR)."""
    base, course = lab
    path = "lessons/00-bienvenida.ipynb"
    page = browser.new_page(viewport={"width": 1280, "height": 2000})
    page.on("dialog", lambda dialog: dialog.accept())
    open_and_run(page, notebook_url(base, path))
    bindings = page.evaluate(
        """(selectors) => window.jupyterapp.commands.keyBindings
               .filter(b => selectors.includes(b.selector))
               .map(b => [b.keys.join(' '), b.selector])""",
        [lab_keys.COMMAND_MODE_SELECTOR, lab_keys.WIDGET_SAFE_SELECTOR],
    )
    assert ["ArrowDown", lab_keys.WIDGET_SAFE_SELECTOR] in bindings
    assert not [b for b in bindings if b[1] == lab_keys.COMMAND_MODE_SELECTOR], bindings

    box = page.locator(".curso-pregunta").first
    radios = box.locator(".widget-radio-box").first.get_by_role("radio")
    radios.first.click()
    before = page.evaluate(NOTEBOOK_STATE, path)
    assert before["mode"] == "command" and before["focus"] == "INPUT", before
    page.keyboard.press("ArrowDown")
    expect(radios.nth(1)).to_be_checked()
    expect(radios.first).not_to_be_checked()
    expect(radios.nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(radios.first).to_be_checked()
    page.keyboard.press("a")  # «insert a cell above» on a cell; nothing on an option
    assert page.evaluate(NOTEBOOK_STATE, path) == before

    verdict = box.get_by_text(re.compile("¡Correcto!|Todavía no"))
    expect(verdict).to_have_count(0)
    box.get_by_role("button", name="Comprobar").focus()
    page.keyboard.press("Enter")
    expect(verdict).to_be_visible()
    assert page.evaluate(NOTEBOOK_STATE, path) == {**before, "focus": "BUTTON"}

    # on the cell itself, the shortcut still works
    page.evaluate(f"(path) => {{ {_PANEL} panelOf(path).content.activeCell.node.focus(); }}", path)
    page.keyboard.press("ArrowDown")
    page.wait_for_function(
        f"([path, cell]) => {{ {_PANEL} return panelOf(path).content.activeCellIndex === cell; }}",
        arg=[path, before["cell"] + 1],
        timeout=5_000,
    )
    page.close()
