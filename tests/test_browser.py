"""A person in a real browser: JupyterLab in Spanish, clicking widgets, answers kept on reload.

Uses Debian's Chromium (/usr/bin/chromium) through Playwright; never downloads a browser.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect, sync_playwright

from conftest import ROOT
from course_utils.store import answers_path, read_answers

pytestmark = pytest.mark.navegador

CHROMIUM = "/usr/bin/chromium"
TOKEN = "navegador"
EXERCISE = "00-primeros-pasos"
CHROME_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-dev-shm-usage"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on 127.0.0.1 over a copy of the course, with its own settings folders."""
    home = tmp_path_factory.mktemp("browser")
    course = home / "curso"
    shutil.copytree(ROOT / "lessons", course / "lessons")
    shutil.copytree(ROOT / "exercises", course / "exercises")
    settings = home / "app-settings"
    settings.mkdir()
    (settings / "overrides.json").write_text(json.dumps({
        "@jupyterlab/translation-extension:plugin": {"locale": "es_ES"},
        "@jupyterlab/apputils-extension:notification": {"fetchNews": "false",
                                                        "checkForUpdates": False},
        "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none",
                                                   "autoStartDefaultKernel": True},
    }))
    port = free_port()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"))
    proc = subprocess.Popen([
        sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root",
        "--ip=127.0.0.1", f"--port={port}", "--port-retries=0",
        f"--ServerApp.root_dir={course}", f"--IdentityProvider.token={TOKEN}",
        f"--LabApp.user_settings_dir={home / 'user-settings'}",
        f"--LabApp.workspaces_dir={home / 'workspaces'}",
        f"--LabApp.app_settings_dir={settings}", "--LabApp.expose_app_in_browser=True",
    ], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(proc.stdout.read())
            time.sleep(0.3)
    yield base, course
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "Chromium is missing: apt-get install chromium"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        yield b
        b.close()


def open_and_run(page, url: str, widget: str = ".curso-pregunta") -> None:
    """Open a notebook, wait until it is loaded and its kernel idle, run every cell, and wait
    until every code cell has run and a widget shows.

    On a busy machine JupyterLab sometimes drops a run: the command finds no current notebook
    yet, a run stalls after a kernel reconnect, or outputs sent before the widget manager is
    ready do not render. A person would press «Run all» again; so does this, up to 4 times.
    """
    page.goto(url)
    page.wait_for_function("""() => {
        const nb = window.jupyterapp && window.jupyterapp.shell.currentWidget;
        return nb && nb.context && nb.context.isReady && nb.content && nb.content.widgets.length > 0
               && nb.sessionContext && nb.sessionContext.isReady;
    }""", timeout=90_000)
    wait_idle(page)
    done = """(widget) => {
        const nb = window.jupyterapp.shell.currentWidget;
        const code = nb.content.widgets.filter(c => c.model.type === 'code');
        const kernel = nb.sessionContext.session && nb.sessionContext.session.kernel;
        const shown = Array.from(document.querySelectorAll(widget)).some(e => e.offsetParent);
        return code.every(c => c.model.executionCount !== null)
               && kernel && kernel.status === 'idle' && shown;
    }"""
    for _attempt in range(4):
        accept_dialogs(page)
        page.evaluate("""() => {
            const app = window.jupyterapp;
            app.shell.activateById(app.shell.currentWidget.id);
            app.commands.execute('notebook:run-all-cells');  // not awaited: settles at the end
        }""")
        try:
            page.wait_for_function(done, arg=widget, timeout=40_000)
            return
        except PlaywrightTimeout:
            continue
    state = page.evaluate("""() => {
        const nb = window.jupyterapp.shell.currentWidget;
        const code = nb.content.widgets.filter(c => c.model.type === 'code');
        const kernel = nb.sessionContext.session && nb.sessionContext.session.kernel;
        return {title: nb.title.label, counts: code.map(c => c.model.executionCount),
                outputs: code.map(c => (c.node.querySelector('.jp-OutputArea') || {}).innerText || '')
                             .map(t => t.slice(0, 200)),
                kernel: kernel && [kernel.status, kernel.connectionStatus],
                dialogs: document.querySelectorAll('.jp-Dialog').length};
    }""")
    raise AssertionError(f"the notebook did not run in 4 attempts: {state}")


def accept_dialogs(page) -> list[str]:
    """Accept any JupyterLab dialog (e.g. kernel selection on a busy start) and say which."""
    seen = []
    dialogs = page.locator(".jp-Dialog")
    for _ in range(3):
        if not dialogs.count():
            break
        seen.append(dialogs.first.inner_text())
        dialogs.first.locator(".jp-mod-accept").click()
        page.wait_for_timeout(300)
    if seen:
        print("accepted JupyterLab dialogs:", seen)
    return seen


def wait_idle(page) -> None:
    page.wait_for_function("""() => {
        const s = window.jupyterapp.shell.currentWidget.sessionContext;
        return s.isReady && s.session && s.session.kernel &&
               s.session.kernel.connectionStatus === 'connected' && s.session.kernel.status === 'idle';
    }""", timeout=90_000)


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
    url = f"{base}/lab/tree/exercises/{EXERCISE}/{EXERCISE}.ipynb?token={TOKEN}"
    open_and_run(page, url)

    # the interface is in Spanish
    assert page.get_by_role("menuitem", name="Archivo").count() >= 1

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
    expect(page.locator(".curso-pregunta").get_by_text("Respuesta recuperada").first).to_be_visible()
    page.close()


def test_lesson_check_shows_right_or_wrong(lab, browser):
    base, course = lab
    page = browser.new_page(viewport={"width": 1280, "height": 2000})
    page.on("dialog", lambda dialog: dialog.accept())
    open_and_run(page, f"{base}/lab/tree/lessons/00-bienvenida.ipynb?token={TOKEN}")
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
    open_and_run(page, f"{base}/lab/tree/exercises/{name}/{name}.ipynb?token={TOKEN}",
                 widget=".revisor-redes")
    box = page.locator(".revisor-redes")
    reply = "USTED MIENTE!!! nunca hechamos la culpa a nadie"
    box.get_by_label("Texto:").fill(reply)
    box.get_by_role("button", name="Revisar").click()
    wait_for_answers(path, lambda a: a.get("respuesta_resena", {}).get("value") == reply)
    card = box.locator("[aria-label='Resultado de la revisión']")
    expect(card).to_contain_text("tono «USTED MIENTE»")
    expect(card).to_contain_text("hechamos")
    page.close()
