"""Capacity of a workshop hub on this machine: time per spawn and memory per learner (server plus the kernel of an open lesson) through a real JupyterHub, against a bare `jupyter server` measured in the same run.

Run as root (it creates Unix users, removed at the end):
    .venv/bin/python bench/bench_hub.py [--etapas 5,5,10] [--anotar]
Prints a Markdown section; --anotar writes it into docs/rendimiento.md (replacing the last one). Not a test.
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from course_utils.figures import png as charts  # noqa: E402
from course_utils.grading import edition  # noqa: E402
from course_utils.launch.pages import hub_nbgrader_dir  # noqa: E402
from support.hub import Browser, free_port, running_hub  # noqa: E402

LESSON = "lessons/01-despersonalizar-la-critica.ipynb"
MB = 1024 * 1024

try:
    import psutil
except ImportError:  # /proc is enough for RSS
    psutil = None


def memory(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of one process in MB; PSS shares pages among the processes using them,
    so the PSS of many learners adds up to what they really take (0 if unavailable)."""
    if psutil is not None:
        try:
            info = psutil.Process(pid).memory_full_info()
            return info.rss / MB, getattr(info, "pss", 0) / MB
        except psutil.Error:
            return 0.0, 0.0
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0, 0.0
    rss = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
    return rss / 1024, 0.0


def pids_of(user: str) -> list[int]:
    found = subprocess.run(["pgrep", "-u", user], capture_output=True, text=True)
    return [int(p) for p in found.stdout.split()]


def user_memory(user: str) -> dict:
    """Memory of everything a Unix user runs: its server, and the rest (kernels)."""
    server = subprocess.run(
        ["pgrep", "-u", user, "-f", "jupyterhub-singleuser"], capture_output=True, text=True
    ).stdout.split()
    out = {"server_rss": 0.0, "server_pss": 0.0, "total_rss": 0.0, "total_pss": 0.0, "procs": 0}
    for pid in pids_of(user):
        rss, pss = memory(pid)
        out["total_rss"] += rss
        out["total_pss"] += pss
        out["procs"] += 1
        if str(pid) in server:
            out["server_rss"] += rss
            out["server_pss"] += pss
    return out


def tree_memory(pid: int, owner: int | None = None) -> tuple[float, float]:
    """(RSS, PSS) of a process and its descendants (only those of Unix user ``owner`` if
    given: the hub's children include every learner's server)."""
    pids = [pid]
    if psutil is not None:
        children = psutil.Process(pid).children(recursive=True)
        pids += [c.pid for c in children if owner is None or c.uids().real == owner]
    totals = [memory(p) for p in pids]
    return sum(t[0] for t in totals), sum(t[1] for t in totals)


def baseline(work: Path) -> dict:
    """A bare `jupyter server` (same environment, same extensions, no hub), started directly,
    then the same lesson opened in Voilà on it."""
    folder = work / "base"
    shutil.copytree(work / "edicion", folder / "edicion")
    token, port = secrets.token_hex(8), free_port()
    env = dict(os.environ, JUPYTER_CONFIG_PATH=str(hub_nbgrader_dir()), HOME=str(folder))
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "server", "--no-browser", "--allow-root",
         "--ip=127.0.0.1", f"--port={port}", "--port-retries=0", f"--ServerApp.root_dir={folder}",
         f"--IdentityProvider.token={token}"],
        cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5):
                    break
            except OSError:
                assert proc.poll() is None, "jupyter server stopped"
                time.sleep(0.1)
        start = time.monotonic() - started
        time.sleep(1)
        server_rss, server_pss = tree_memory(proc.pid)
        t = time.monotonic()
        page = f"{url}/voila/render/edicion/{LESSON}?token={token}"
        with urllib.request.urlopen(page, timeout=120) as response:
            assert response.status == 200
            response.read()
        render = time.monotonic() - t
        time.sleep(1)
        total_rss, total_pss = tree_memory(proc.pid)
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(20)
    return {
        "start": start,
        "render": render,
        "server_rss": server_rss,
        "server_pss": server_pss,
        "total_rss": total_rss,
        "total_pss": total_pss,
    }


def open_lesson(hub, name: str) -> float:
    """A learner logs in with their access code and opens the lesson as a Voilà page."""
    browser = Browser(hub.url)
    browser.get("/hub/login")
    browser.get(
        "/hub/login",
        form={"username": name, "password": hub.codes[name], "_xsrf": browser.cookie("_xsrf")},
    )
    t = time.monotonic()
    status, page = browser.get(f"/user/{name}/voila/render/edicion/{LESSON}", timeout=300)
    assert status == 200 and "Despersonalizar" in page, (status, page[:500])
    return time.monotonic() - t


def hub_memory(hub) -> dict:
    """The hub, its proxy (its child, same user) and the grader's service."""
    rss, pss = tree_memory(hub.proc.pid, owner=os.geteuid())
    grader = user_memory(hub.users["grader"])
    return {"hub_rss": rss, "hub_pss": pss, "grader_rss": grader["total_rss"]}


def run(stages: list[int]) -> tuple[dict, list[dict], dict]:
    work = Path(tempfile.mkdtemp(prefix="curso-bench-hub-"))
    work.chmod(0o755)
    try:
        edition.build(ROOT, work / "edicion")
        base = baseline(work)
        total = sum(stages)
        roles = ["grader", *(f"l{i:02d}" for i in range(total))]
        rows = []
        with running_hub(roles) as hub:
            idle = hub_memory(hub)
            learners = [hub.users[r] for r in roles[1:]]
            done = 0
            for size in stages:
                batch = learners[done : done + size]
                for name in batch:
                    home = hub.home(name)
                    shutil.copytree(work / "edicion", home / "edicion")
                    subprocess.run(["chown", "-R", f"{name}:{name}", str(home)], check=True)
                asked = time.monotonic()
                for name in batch:
                    hub.start_server(name)
                ready = {}
                pending = set(batch)
                while pending:
                    for name in sorted(pending):
                        model = hub.call("GET", f"/hub/api/users/{name}")[1]
                        server = model["servers"].get("")
                        assert server is not None, hub.log[-3000:]
                        if server.get("ready"):
                            ready[name] = time.monotonic() - asked
                            pending.discard(name)
                    time.sleep(0.2)
                renders = [open_lesson(hub, name) for name in batch]
                time.sleep(2)
                done += size
                per = [user_memory(name) for name in learners[:done]]
                rows.append(
                    {
                        "size": size,
                        "running": done,
                        "spawn_p50": statistics.median(ready.values()),
                        "spawn_max": max(ready.values()),
                        "render_p50": statistics.median(renders),
                        "server_rss": statistics.median(p["server_rss"] for p in per),
                        "total_rss": statistics.median(p["total_rss"] for p in per),
                        "total_pss": statistics.median(p["total_pss"] for p in per),
                        "sum_pss": sum(p["total_pss"] for p in per),
                        "procs": statistics.median(p["procs"] for p in per),
                        **hub_memory(hub),
                    }
                )
                print(rows[-1], flush=True)
        return base, rows, idle
    finally:
        shutil.rmtree(work, ignore_errors=True)


def es(x: float, digits: int = 1) -> str:
    """A number as Spain writes it: 1.234,5."""
    text = f"{x:,.{digits}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def report(base: dict, rows: list[dict], idle: dict, stages: list[int], load: tuple) -> str:
    cpu = os.cpu_count()
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    last = rows[-1]
    per_learner = last["sum_pss"] / last["running"]
    lines = [
        "",
        "<!-- bench_hub: inicio -->",
        "## Un taller en JupyterHub: arranques y memoria por participante",
        "",
        f"Measured with `.venv/bin/python bench/bench_hub.py --etapas "
        f"{','.join(map(str, stages))} --anotar` (as root) on {date.today().isoformat()}: "
        f"Python {platform.python_version()}, {cpu} cores, {es(mem, 0)} GB, load average "
        f"{es(load[0], 2)} at the start and {es(load[1], 2)} at the end (other work on the "
        "machine). A real JupyterHub from `deploy/hub/jupyterhub_config.py` (the grader "
        "service included), real Unix users, each learner logs in with their access code "
        f"and opens `{LESSON}` as a Voilà page (its kernel runs the lesson and stays open). "
        "The lessons' figures are drawn once for the whole hub before it starts, as the "
        "trainer's guide says (`python -m course_utils.ui.warm_charts --sistema lessons`), so "
        "no learner's kernel draws or imports matplotlib. "
        "Learners are added in stages, all of a stage at once (the 10:00 rush; the hub starts "
        "at most 10 at a time). Memory is RSS (counts shared libraries in every process) and "
        "PSS (shares them out: the PSS of all learners adds up to what they really take), "
        "read with psutil from /proc. Baseline, same run: a bare `jupyter server` from the "
        "same environment (same extensions), started directly, with the same lesson open.",
        "",
        "| Baseline: bare `jupyter server` | Value |",
        "|---|---|",
        f"| Start to `/api/status` | {es(base['start'])} s |",
        f"| Open the lesson in Voilà | {es(base['render'])} s |",
        f"| Server alone, RSS | {es(base['server_rss'], 0)} MB |",
        f"| Server plus the lesson's kernel, RSS (PSS) | {es(base['total_rss'], 0)} MB "
        f"({es(base['total_pss'], 0)} MB) |",
        "",
        "| Learners running | Started at once | Spawn to ready, median (max) | ÷ bare server "
        "start | Open the lesson, median | Per learner: server RSS | Server + kernel RSS "
        "(÷ bare) | Server + kernel PSS | All learners, PSS | Hub + proxy, RSS | Grader "
        "service, RSS |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['running']} | {r['size']} | {es(r['spawn_p50'])} s ({es(r['spawn_max'])} s) "
            f"| {es(r['spawn_p50'] / base['start'], 2)}× | {es(r['render_p50'])} s "
            f"| {es(r['server_rss'], 0)} MB | {es(r['total_rss'], 0)} MB "
            f"({es(r['total_rss'] / base['total_rss'], 2)}×) | {es(r['total_pss'], 0)} MB "
            f"| {es(r['sum_pss'], 0)} MB | {es(r['hub_rss'], 0)} MB "
            f"| {es(r['grader_rss'], 0)} MB |"
        )
    lines += [
        "",
        f"Idle hub before any learner: hub + proxy {es(idle['hub_rss'], 0)} MB RSS, grader "
        f"service {es(idle['grader_rss'], 0)} MB RSS.",
        "",
        f"Reading: with {last['running']} learners each with a lesson open, a learner takes "
        f"{es(per_learner, 0)} MB of real memory (PSS; {es(last['total_rss'], 0)} MB RSS as "
        "`top` shows it), against the 200 MB aimed at in issue 13; the hub, its proxy and the "
        f"grader service add {es(last['hub_rss'] + last['grader_rss'], 0)} MB once. A spawn "
        f"through the hub took {es(rows[0]['spawn_p50'] / base['start'], 1)}× the start of a "
        f"bare server when {rows[0]['size']} started at once, and the last of "
        f"{last['size']} started at once was ready after {es(last['spawn_max'], 0)} s: "
        "people arriving together wait for CPU.",
        "<!-- bench_hub: fin -->",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--etapas", default="5,5,10", help="learners added per stage (5,5,10)")
    parser.add_argument("--anotar", action="store_true", help="write to docs/rendimiento.md")
    args = parser.parse_args()
    stages = [int(x) for x in args.etapas.split(",")]
    load_start = os.getloadavg()[0]
    figures = charts.system_dir()
    existed = figures.exists()
    subprocess.run(
        [sys.executable, "-m", "course_utils.ui.warm_charts", "--sistema", str(ROOT / "lessons")],
        check=True,
    )
    try:
        base, rows, idle = run(stages)
    finally:
        if not existed:  # leave the environment as it was
            shutil.rmtree(figures.parent)
    text = report(base, rows, idle, stages, (load_start, os.getloadavg()[0]))
    print(text)
    if args.anotar:  # replaces the section an earlier run wrote
        doc = ROOT / "docs" / "rendimiento.md"
        old = doc.read_text(encoding="utf-8")
        start, end = old.find("<!-- bench_hub: inicio -->"), old.find("<!-- bench_hub: fin -->")
        if start >= 0 and end > start:
            tail = old[end + len("<!-- bench_hub: fin -->") :].lstrip("\n")
            new = old[:start] + text.rstrip("\n") + "\n" + ("\n" + tail if tail else "")
        else:
            new = old.rstrip("\n") + "\n\n" + text
        doc.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
