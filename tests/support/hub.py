"""A real JupyterHub on 127.0.0.1 with real Unix users, for tests/workshop/test_hub.py and bench/bench_hub.py: users, permissions (granted and restored), the hub process, REST calls."""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import json
import os
import secrets
import shutil
import site
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from course_utils.launch.pages import hub_nbgrader_dir
from course_utils.workshop import access_codes
from support import ROOT, free_port

CHP = ROOT / "node_modules" / ".bin" / "configurable-http-proxy"
HUB_CONFIG = ROOT / "deploy" / "hub" / "jupyterhub_config.py"
COURSE = "redes-pymes"
# One hub at a time on the machine (a test run and the benchmark, or two checkouts): the
# permission changes below are shared state. The record lets the next run undo what a killed
# run (SIGKILL, power cut) could not.
LOCK = Path(tempfile.gettempdir()) / "curso-hub.lock"
RECORD = Path(tempfile.gettempdir()) / "curso-hub-pendiente.json"
USER_PREFIX = "rp"  # Unix users made here: rp<role><6 hex digits>
# Folders of the checkout the learners' and grader's processes never read
NOT_NEEDED = {".git", "node_modules", "__pycache__", ".ipynb_checkpoints"}


# --- permissions: what other Unix users need to run the project's Python ---------------------


def _chain(path: Path) -> list[Path]:
    """Every folder a process walks through to reach ``path`` (as written and with its
    symbolic links resolved), from / down to ``path`` itself when it is a folder."""
    folders: list[Path] = []
    for candidate in (Path(os.path.abspath(path)), Path(os.path.realpath(path))):
        chain = [*reversed(candidate.parents)]
        if candidate.is_dir():
            chain.append(candidate)
        folders += [p for p in chain if p not in folders]
    return folders


def interpreter_paths() -> list[Path]:
    """What the learners' servers run: the venv's python (a link to the base interpreter,
    /root/.pyenv/... on CI), both prefixes and the site-packages folders."""
    paths = [Path(sys.executable), Path(sys.prefix), Path(sys.base_prefix)]
    paths += [Path(p) for p in site.getsitepackages()]
    return paths


def needed_modes(traverse: Iterable[Path], readable: Iterable[Path]) -> dict[Path, tuple[int, int]]:
    """{path: (mode now, mode needed)} so that other users can reach every folder on the way
    to ``traverse`` (o+x on each folder, checked with os.stat) and read every file under the
    ``readable`` trees (o+r; o+x on folders and on files executable by their owner)."""
    changes: dict[Path, tuple[int, int]] = {}

    def need(path: Path, bits: int, mode: int | None = None) -> None:
        if path in changes:
            before, wanted = changes[path]
        else:
            if mode is None:
                try:
                    mode = stat.S_IMODE(os.stat(path).st_mode)
                except FileNotFoundError:
                    return
            before = wanted = mode
        if wanted | bits != before:
            changes[path] = (before, wanted | bits)

    for path in traverse:
        for folder in _chain(path):
            need(folder, stat.S_IXOTH)
    for tree in readable:
        tree = Path(os.path.realpath(tree))
        for folder in _chain(tree):
            need(folder, stat.S_IXOTH)
        if tree.is_file():
            need(tree, stat.S_IROTH)
        for here, dirs, files in os.walk(tree):
            dirs[:] = [d for d in dirs if d not in NOT_NEEDED]
            need(Path(here), stat.S_IROTH | stat.S_IXOTH)
            for name in files:
                info = os.lstat(os.path.join(here, name))  # one system call per file
                if stat.S_ISLNK(info.st_mode):
                    continue  # its target is checked where it lives
                mode = stat.S_IMODE(info.st_mode)
                bits = stat.S_IROTH | (stat.S_IXOTH if mode & stat.S_IXUSR else 0)
                if mode & bits != bits:
                    need(Path(here, name), bits, mode)
    return changes


def _write_record(record: Path, modes: dict[Path, int], users: Iterable[str]) -> None:
    text = json.dumps({"modes": {str(p): m for p, m in modes.items()}, "users": sorted(users)})
    record.write_text(text, encoding="utf-8")


def _restore(modes: dict[Path, int]) -> list[str]:
    problems = []
    for path, mode in reversed(list(modes.items())):
        try:
            os.chmod(path, mode)
        except OSError as exc:
            problems.append(f"{path}: {exc}")
    return problems


def remove_user(name: str) -> None:
    """Stop every process of a Unix user made here, then delete it (its home is ours)."""
    for _ in range(20):
        if subprocess.run(["pkill", "-KILL", "-u", name], capture_output=True).returncode:
            break  # 1: no process left
        time.sleep(0.1)
    subprocess.run(["userdel", name], capture_output=True)


def undo_leftovers(path: Path = RECORD) -> None:
    """What a killed run left: modes it changed and users it made (hold the lock)."""
    if not path.exists():
        return
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        record = {}
    _restore({Path(p): m for p, m in record.get("modes", {}).items()})
    for name in record.get("users", []):
        if name.startswith(USER_PREFIX):
            remove_user(name)
    path.unlink()


@contextlib.contextmanager
def machine_lock() -> Iterator[None]:
    """Exclusive use of the machine's hub state; undoes a killed run's leftovers first."""
    with LOCK.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            undo_leftovers()
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@contextlib.contextmanager
def granted(
    traverse: Iterable[Path],
    readable: Iterable[Path],
    users: Iterable[str] = (),
    record: Path = RECORD,
):
    """Grant the modes of needed_modes() while the block runs; restore them afterwards (also
    on failure), and record them first so a killed run is undone by the next one."""
    changes = needed_modes(traverse, readable)
    before = {p: old for p, (old, _) in changes.items()}
    _write_record(record, before, users)
    try:
        for path, (_, new) in changes.items():
            os.chmod(path, new)
        yield changes
    finally:
        problems = _restore(before)
        if problems:  # the record stays: the next run tries again
            raise RuntimeError("could not restore modes: " + "; ".join(problems))
        record.unlink(missing_ok=True)


# --- the hub ---------------------------------------------------------------------------------


class Hub:
    """A running JupyterHub, its Unix users and an admin token (requests through urllib)."""

    def __init__(self, base: Path, users: dict[str, str], token: str, url: str, proc=None) -> None:
        self.base, self.users, self.token, self.url, self.proc = base, users, token, url, proc
        self.codes: dict[str, str] = {}  # each learner's personal access code
        self.homes = base / "home"
        self.exchange = base / "exchange"
        self.hub_log = base / "hub.log"
        self.prefix = Path(sys.prefix).parent  # the course's environment is prefix/entorno
        self.user_env: dict[str, str] = {}  # what a learner's shell has on this hub

    @property
    def log(self) -> str:
        return self.hub_log.read_text(errors="replace")

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
                return response.status, (
                    json.loads(text) if text.lstrip().startswith(("[", "{")) else text
                )
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def login(self, name: str, code: str | None = None) -> Browser:
        """A browser-like session of a learner who typed their name and personal access code
        on the hub's login page (cookies, the hub's XSRF field, redirects)."""
        browser = Browser(self.url)
        status, _ = browser.get("/hub/login")
        assert status == 200, status
        xsrf = browser.cookie("_xsrf")
        form = {"username": name, "password": code or self.codes[name], "_xsrf": xsrf}
        status, page = browser.get("/hub/login", form=form)
        assert status == 200 and browser.cookie("jupyterhub-session-id"), (status, page[:300])
        return browser

    def home(self, name: str) -> Path:
        return self.homes / name

    def as_user(self, name: str, *args: str, cwd: Path, env: dict | None = None):
        """Run a command as a Unix user, with the hub-side configuration of its servers."""
        environment = {
            "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
            "HOME": str(self.home(name)),
            "USER": name,
            "CURSO_EXCHANGE": str(self.exchange),
            "JUPYTER_CONFIG_PATH": str(hub_nbgrader_dir()),
            "LANG": "C.UTF-8",
            **self.user_env,
            **(env or {}),
        }
        return subprocess.run(
            list(args), cwd=cwd, env=environment, user=name, group=name,
            extra_groups=[], capture_output=True, text=True, timeout=240,
        )  # fmt: skip

    def start_server(self, name: str) -> None:
        status, text = self.call("POST", f"/hub/api/users/{name}/server")
        assert status in (201, 202), (status, text)

    def wait_ready(self, name: str, timeout: float = 60) -> None:
        """Wait for a server the hub was asked to start; fail (with the hub's log) if it
        stops or takes longer than ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            status, model = self.call("GET", f"/hub/api/users/{name}")
            assert status == 200, (status, model)
            server = model["servers"].get("")
            if server is None:  # the hub lists only servers that are starting or running
                raise AssertionError(f"{name}'s server stopped:\n{self.log[-3000:]}")
            if server.get("ready"):
                return
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{name}'s server not ready in {timeout} s:\n{self.log[-3000:]}"
                )
            time.sleep(0.2)

    def server_pid(self, name: str) -> int:
        """The pid of a user's single-user server (its Unix user's jupyterhub-singleuser)."""
        found = subprocess.run(
            ["pgrep", "-u", name, "-f", "jupyterhub-singleuser"], capture_output=True, text=True
        )
        pids = [int(p) for p in found.stdout.split()]
        assert pids, f"no server process for {name}"
        return min(pids)


class Browser:
    """Cookies and redirects, as a browser: what a learner's click on a link does."""

    def __init__(self, url: str) -> None:
        import http.cookiejar
        import urllib.request

        self.url, self.jar = url, http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.last_url = url

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.jar if c.name == name), "")

    def get(self, path: str, form: dict | None = None, timeout: float = 60):
        """GET (or POST ``form``) ``path``; returns (status, text) after redirects."""
        import urllib.error
        import urllib.parse
        import urllib.request

        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.url + path, data)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                self.last_url = response.geturl()
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            self.last_url = error.geturl()
            return error.code, error.read().decode(errors="replace")


def _useradd(name: str, home: Path) -> None:
    subprocess.run(
        ["useradd", "--home-dir", str(home), "--create-home", "--shell", "/bin/bash", name],
        check=True,
        capture_output=True,
    )
    home.chmod(0o700)


@contextlib.contextmanager
def running_hub(roles: Iterable[str], extra_env: dict | None = None) -> Iterator[Hub]:
    """A hub as deploy/hub/jupyterhub_config.py sets it up, with a Unix user per role
    (``grader`` is the grader service's user; every other role is a learner). Everything it
    makes is removed on the way out, and every mode it changes is restored."""
    if os.geteuid() != 0:
        raise PermissionError("root is needed to create Unix users")
    if not CHP.exists():
        raise FileNotFoundError(
            f"{CHP} is missing: run `npm ci` (make test does) to install configurable-http-proxy"
        )
    tag = secrets.token_hex(3)
    users = {role: f"{USER_PREFIX}{role}{tag}" for role in roles}
    assert all(r.isalnum() and r.islower() and len(r) <= 8 for r in users), "role names: a-z0-9"
    with machine_lock(), contextlib.ExitStack() as stack:
        base = Path(tempfile.mkdtemp(prefix="curso-hub-"))
        stack.callback(shutil.rmtree, base, ignore_errors=True)
        base.chmod(0o755)
        # the learners run the venv's Python (its files and the base interpreter's) and read
        # the course package (installed in editable mode: it stays in the checkout), the
        # hub-side nbgrader configuration and the course's own
        readable = [
            Path(sys.prefix),
            Path(sys.base_prefix),
            ROOT / "course_utils",
            ROOT / "deploy" / "hub",
            hub_nbgrader_dir(),
            ROOT / "nbgrader_config.py",
        ]
        stack.enter_context(granted([*interpreter_paths(), base], readable, users.values()))
        (base / "home").mkdir()
        (base / "state").mkdir()
        exchange = base / "exchange"
        exchange.mkdir()
        exchange.chmod(0o1777)
        for name in users.values():
            stack.callback(remove_user, name)
            _useradd(name, base / "home" / name)
        token = secrets.token_hex(16)
        hub_port = free_port()
        learners = [name for role, name in users.items() if role != "grader"]
        codes_file = base / "state" / "codigos-acceso.json"
        with access_codes.editing(codes_file) as accounts:
            codes = {n: access_codes.issue(accounts, n, access_codes.LEARNER) for n in learners}
        env = dict(
            os.environ,
            CURSO_HUB_ESTADO=str(base / "state"),
            CURSO_HUB_IP="127.0.0.1",
            CURSO_HUB_PUERTO=str(hub_port),
            CURSO_HUB_PUERTO_INTERNO=str(free_port()),
            CURSO_PROXY_API=str(free_port()),
            CURSO_PUERTO_CORRECTOR=str(free_port()),
            CURSO_CHP=str(CHP),
            CURSO_CODIGOS=str(codes_file),
            CURSO_EXCHANGE=str(exchange),
            CURSO_TOKEN_ADMIN=token,
            **(extra_env or {}),
        )
        if "grader" in users:
            env["CURSO_GRADER"] = users["grader"]
            env["CURSO_CARPETA_CORRECTOR"] = str(base / "home" / users["grader"])
        else:
            env["CURSO_SERVICIO_CORRECTOR"] = "0"
        log = stack.enter_context((base / "hub.log").open("w"))
        proc = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(HUB_CONFIG)],
            cwd=base / "state", env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        stack.callback(_stop, proc, users.values(), base / "state")
        running = Hub(base, users, token, f"http://127.0.0.1:{hub_port}", proc)
        running.codes = codes
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the hub stopped:\n{running.log[-3000:]}")
            with contextlib.suppress(OSError):
                if running.call("GET", "/hub/api/")[0] == 200:
                    break
            if time.monotonic() > deadline:
                raise TimeoutError(f"the hub did not answer in 60 s:\n{running.log[-3000:]}")
            time.sleep(0.2)
        if learners:  # the hub knows people from their first sign-in; the tests start earlier
            status, text = running.call("POST", "/hub/api/users", body={"usernames": learners})
            assert status == 201, (status, text)
        yield running


def _stop(proc: subprocess.Popen, users: Iterable[str], state: Path) -> None:
    """Stop the users' processes first (the hub would wait up to 10 s for each server to stop
    politely), then the hub, then its proxy if the hub could not (it runs in a session of its
    own: a hub that had to be killed leaves it behind)."""
    for name in users:
        subprocess.run(["pkill", "-KILL", "-u", name], capture_output=True)
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, 15)
    with contextlib.suppress(OSError, ValueError):
        pid = int((state / "jupyterhub-proxy.pid").read_text().strip())
        if b"configurable-http-proxy" in Path(f"/proc/{pid}/cmdline").read_bytes():
            os.kill(pid, 9)


# --- the hub a trainer gets by following the guide -------------------------------------------

GUIDE = ROOT / "docs" / "guia-formador.md"
GUIDE_SECTION = "## 2. "  # the plain JupyterHub on one machine


def guide_commands(path: Path = GUIDE, section: str = GUIDE_SECTION) -> list[str]:
    """The ```bash blocks of one section of the trainer's guide, in order, as written
    (the list indentation removed)."""
    import re
    import textwrap

    text = path.read_text(encoding="utf-8")
    start = text.index("\n" + section)
    end = text.find("\n## ", start + 1)
    body = text[start : end if end != -1 else len(text)]
    blocks = re.findall(r"^([ \t]*)```bash\n(.*?)^\1```", body, flags=re.S | re.M)
    return [textwrap.dedent(code) for _, code in blocks]


def _kill_under(base: Path) -> None:
    """Every process whose command line names a path under ``base`` (a hub started with
    setsid by the guide's commands, its proxy, servers, services)."""
    needle = str(base).encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        with contextlib.suppress(OSError):
            if needle in (entry / "cmdline").read_bytes():
                os.kill(int(entry.name), 9)


@dataclasses.dataclass
class GuideRun:
    """What running the guide's commands made: the hub, its people and their codes."""

    hub: Hub
    places: dict[str, Path]
    trainer: str
    grader: str
    outputs: list[str]
    seconds: list[float]  # each block's wall time, for the guide's «how long» lines


@contextlib.contextmanager
def hub_from_guide(learners: list[str]) -> Iterator[GuideRun]:
    """Run the plain-hub section of the trainer's guide as root, block by block, exactly as
    written; the only inputs are the documented CURSO_* variables (ports, folders under a
    temporary base so the machine's own /srv and /opt stay untouched, this checkout as
    CURSO_REPO) and the trainer's alumnado.txt. Everything made is removed afterwards."""
    if os.geteuid() != 0:
        raise PermissionError("root is needed to follow the guide")
    commands = guide_commands()
    tag = secrets.token_hex(3)
    names = [f"{USER_PREFIX}{n}{tag}" for n in learners]
    grader = f"{USER_PREFIX}grader{tag}"
    trainer = "marta"  # the guide's own example
    with machine_lock(), contextlib.ExitStack() as stack:
        base = Path(tempfile.mkdtemp(prefix="curso-guia-"))
        base.chmod(0o755)
        stack.callback(shutil.rmtree, base, ignore_errors=True)
        made = [*names, grader, trainer]
        # this machine's python3 lives under /root (pyenv): learners must reach it, as they
        # reach /usr/bin/python3 on the Debian server the guide is written for
        stack.enter_context(granted([*interpreter_paths(), base], [Path(sys.base_prefix)], made))
        for name in made:
            stack.callback(remove_user, name)
        stack.callback(_kill_under, base)
        port = free_port()
        places = {
            "prefix": base / "opt" / "redes-pymes",
            "state": base / "srv" / "jupyterhub",
            "exchange": base / "srv" / "nbgrader" / "exchange",
            "homes": base / "home",
        }
        env = dict(
            os.environ,
            CURSO_REPO=str(ROOT),
            CURSO_PREFIJO=str(places["prefix"]),
            CURSO_DIRECCION=f"http://127.0.0.1:{port}",
            CURSO_HUB_ESTADO=str(places["state"]),
            CURSO_EXCHANGE=str(places["exchange"]),
            CURSO_CASAS=str(places["homes"]),
            CURSO_GRADER=grader,
            CURSO_HUB_IP="127.0.0.1",
            CURSO_HUB_PUERTO=str(port),
            CURSO_HUB_PUERTO_INTERNO=str(free_port()),
            CURSO_PROXY_API=str(free_port()),
            CURSO_PUERTO_CORRECTOR=str(free_port()),
            CURSO_TOKEN_ADMIN=secrets.token_hex(16),
            DEBIAN_FRONTEND="noninteractive",
        )
        for name in ("VIRTUAL_ENV", "PYTHONPATH", "JUPYTER_CONFIG_PATH", "JUPYTER_PATH"):
            env.pop(name, None)
        env["PATH"] = os.pathsep.join(
            p for p in env.get("PATH", "").split(os.pathsep) if not p.startswith(sys.prefix)
        )
        trainer_folder = base / "formacion"
        trainer_folder.mkdir()
        (trainer_folder / "alumnado.txt").write_text("\n".join(names) + "\n", encoding="utf-8")
        outputs, seconds = [], []
        for number, command in enumerate(commands, 1):
            began = time.monotonic()
            done = subprocess.run(
                ["bash", "-euo", "pipefail", "-c", command], cwd=trainer_folder, env=env,
                capture_output=True, text=True, timeout=900,
            )  # fmt: skip
            outputs.append(done.stdout)
            seconds.append(time.monotonic() - began)
            if done.returncode:
                log = places["state"] / "hub.log"
                raise AssertionError(
                    f"guide block {number} failed ({done.returncode}):\n{command}\n"
                    f"--- stdout\n{done.stdout[-3000:]}\n--- stderr\n{done.stderr[-3000:]}\n"
                    + (log.read_text(errors="replace")[-3000:] if log.exists() else "")
                )
        hub = Hub(base, {"grader": grader}, env["CURSO_TOKEN_ADMIN"], env["CURSO_DIRECCION"])
        hub.users.update({n: name for n, name in zip(learners, names, strict=True)})
        hub.users["trainer"] = trainer
        for output in outputs:  # the codes `curso taller alta` printed
            for line in output.splitlines():
                parts = line.split()
                if len(parts) == 2 and parts[0] in made and "-" in parts[1]:
                    hub.codes[parts[0]] = parts[1]
        hub.homes = places["homes"]
        hub.prefix = places["prefix"]
        python = places["prefix"] / "entorno" / "bin" / "python"
        found = subprocess.run(
            [str(python), "-c", "from course_utils.launch.pages import hub_nbgrader_dir as d; print(d())"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        hub.user_env = {
            "PATH": f"{python.parent}:/usr/bin:/bin",
            "JUPYTER_CONFIG_PATH": found.stdout.strip(),
        }
        hub.exchange = places["exchange"]
        hub.hub_log = places["state"] / "hub.log"
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError):
                if hub.call("GET", "/hub/api/")[0] == 200:
                    break
            if time.monotonic() > deadline:
                raise TimeoutError(hub.hub_log.read_text(errors="replace")[-3000:])
            time.sleep(0.2)
        print("\nguide blocks: " + ", ".join(f"{n}: {t:.1f} s" for n, t in enumerate(seconds, 1)))
        yield GuideRun(hub, places, trainer, grader, outputs, seconds)
