"""Collection that trusts nothing: a real exchange layout, real Unix users, crafted submissions (links, impersonation, impossible dates, pipes, huge files, odd names) and feedback published learner by learner."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import pwd
import secrets
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from course_utils.grading import collect, correction
from course_utils.grading.collect import Settings, collect_assignment, parse_entry, parse_timestamp
from course_utils.grading.feedback_release import release_feedback
from support import ROOT, answers_doc, released_course
from support.gradebook import max_scores
from support.hub import USER_PREFIX, remove_user

EXERCISE = "00-primeros-pasos"
COURSE = "redes-pymes"
ANSWERS = f"respuestas-{EXERCISE}.json"
NOTEBOOK = f"ejercicio-{EXERCISE}.ipynb"
KEY_TEXT = "CLAVE-SECRETA-DE-LA-FORMADORA"
NOT_ROOT = (
    "Hace falta ser root para crear cuentas de Unix de prueba (useradd) y darles archivos "
    "(chown); en CI estas pruebas se ejecutan como root."
)
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason=NOT_ROOT)


FAR_FUTURE = "2099-01-01 00:00:00.000000 UTC"


def stamp(minutes_ago: float = 0) -> str:
    """A timestamp as nbgrader submit writes it (UTC)."""
    when = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=minutes_ago)
    return when.strftime("%Y-%m-%d %H:%M:%S.%f %Z")


# -- what needs no Unix users -------------------------------------------------------------------


def test_timestamps_are_read_strictly_as_nbgrader_writes_them():
    good = parse_timestamp("2026-12-06 10:15:30.123456 UTC")
    assert good == dt.datetime(2026, 12, 6, 10, 15, 30, 123456)
    assert parse_timestamp("2026-12-06 11:15:30.123456 CET") == dt.datetime(
        2026, 12, 6, 10, 15, 30, 123456
    )
    for bad in (
        "2026-13-45 99:00:00.000000 UTC",  # impossible date
        "2026-12-06 10:15:30 UTC",  # no microseconds
        "2026-12-06T10:15:30.123456 UTC",
        "2026-12-06 10:15:30.123456",  # no zone
        "2026-12-06 10:15:30.123456 NOWHERE",
        "mañana",
        "",
        "2026-12-06 10:15:30.123456 UTC; rm -rf /",
    ):
        assert parse_timestamp(bad) is None, bad


def test_entry_names_are_split_as_nbgrader_names_them():
    ts = "2026-12-06 10:15:30.123456 UTC"
    assert parse_entry(f"ana+{EXERCISE}+{ts}+Ab3_x-Yz09Qw") == ("ana", EXERCISE, ts)
    assert parse_entry(f"ana+{EXERCISE}+{ts}") == ("ana", EXERCISE, ts)
    assert parse_entry(f"a+b+{EXERCISE}+{ts}+Ab3_x-Yz09Qw") is None
    assert parse_entry("sin-mas") is None
    assert collect.shown("ana\x1b[2J\n\u202e") == "ana\\x1b[2J\\x0a\\u202e"


def test_feedback_is_published_per_learner_and_one_bad_folder_stops_no_one(tmp_path):
    """Four learners' feedback folders: two good, one without its secret, one whose secret is
    a link to /etc/shadow, two sharing a secret, one with an unsafe name. The good ones are
    published under nbgrader's hash names; each other one is skipped with a Spanish reason."""
    from nbgrader.utils import notebook_hash

    exchange = tmp_path / "exchange"
    (exchange / COURSE).mkdir(parents=True)
    course = tmp_path / "curso"
    notebook = f"ejercicio-{EXERCISE}"
    keys = {}

    def feedback(student: str, secret: str | None = "new", page: str = "ok") -> Path:
        folder = course / "feedback" / student / EXERCISE
        folder.mkdir(parents=True)
        (folder / f"{notebook}.html").write_text(f"<p>{page} {student}</p>", encoding="utf-8")
        (folder / "timestamp.txt").write_text(stamp(5))
        if secret == "new":
            secret = keys[student] = secrets.token_hex(64)
        if secret is not None:
            (folder / "submission_secret.txt").write_text(secret)
        return folder

    feedback("ana")
    feedback("luis")
    feedback("sin-secreto", secret=None)
    linked = feedback("enlazada", secret=None)
    (linked / "submission_secret.txt").symlink_to("/etc/shadow")
    twin = secrets.token_hex(64)
    feedback("gemela-1", secret=twin)
    feedback("gemela-2", secret=twin)
    feedback("-rara", secret=None)
    feedback("sin-paginas").joinpath(f"{notebook}.html").unlink()
    (course / "feedback" / "enlace-a-ana").symlink_to(course / "feedback" / "ana")

    report = release_feedback(course, EXERCISE, where=Settings(exchange, COURSE))
    assert report.error is None
    assert report.released == ["ana", "luis"]
    expected = {
        "sin-secreto": "falta «submission_secret.txt»",
        "enlazada": "es un enlace a otro archivo",
        "gemela-1": "misma clave secreta que «gemela-2»",
        "gemela-2": "misma clave secreta que «gemela-1»",
        "-rara": "no es un alumno válido",
        "sin-paginas": "ninguna página de devolución",
        "enlace-a-ana": "no es una carpeta (¿un enlace?)",
    }
    assert set(report.skipped) == set(expected)
    for name, words in expected.items():
        assert words in report.skipped[name], (name, report.skipped[name])
    outbox = exchange / COURSE / "feedback"
    assert stat.S_IMODE(outbox.stat().st_mode) == 0o711
    published = sorted(p.name for p in outbox.iterdir())
    assert published == sorted(
        f"{notebook_hash(secret=keys[s], notebook_id=notebook)}.html" for s in ("ana", "luis")
    )
    for student in ("ana", "luis"):
        page = outbox / f"{notebook_hash(secret=keys[student], notebook_id=notebook)}.html"
        assert page.read_text(encoding="utf-8") == f"<p>ok {student}</p>"
        assert stat.S_IMODE(page.stat().st_mode) == 0o644
    lines = report.lines()
    assert lines[-1] == f"Devoluciones de «{EXERCISE}» publicadas: 2."
    assert any(line.startswith("Devolución de «sin-secreto» no publicada: falta") for line in lines)


# -- a real exchange with real Unix users -------------------------------------------------------


@pytest.fixture(scope="module")
def users():
    """Real Unix users: three learners and an attacker (removed afterwards)."""
    if os.geteuid() != 0:
        pytest.skip(NOT_ROOT)
    tag = secrets.token_hex(3)
    made = {}
    try:
        for role in ("ana", "luis", "pepe", "mallory"):
            name = f"{USER_PREFIX}{role}{tag}"
            subprocess.run(
                ["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
                check=True,
                capture_output=True,
            )
            made[role] = name
        yield made
    finally:
        for name in made.values():
            remove_user(name)


class Exchange:
    """An nbgrader exchange in a temporary folder, laid out as release_assignment makes it."""

    def __init__(self, base: Path, uid_of: dict[str, str]) -> None:
        self.root = base / "exchange"
        self.inbound = self.root / COURSE / "inbound"
        self.inbound.mkdir(parents=True)
        self.root.chmod(0o1777)
        self.inbound.chmod(0o2733)
        self.users = uid_of

    @property
    def settings(self) -> Settings:
        return Settings(self.root, COURSE)

    def entry(
        self,
        student: str,
        owner: str,
        when: str,
        answers: str | None = None,
        secret: bool = True,
        timestamp: str | None = None,
        assignment: str = EXERCISE,
    ) -> Path:
        """A submission as nbgrader submit leaves it, made by the Unix user ``owner``."""
        folder = self.inbound / f"{student}+{assignment}+{when}+{secrets.token_urlsafe(9)}"
        folder.mkdir()
        (folder / NOTEBOOK).write_text('{"cells": [], "metadata": {}}', encoding="utf-8")
        if answers is not None:
            (folder / ANSWERS).write_text(answers, encoding="utf-8")
        (folder / "timestamp.txt").write_text(when if timestamp is None else timestamp)
        if secret:
            (folder / "submission_secret.txt").write_text(secrets.token_hex(64))
        self.give(folder, owner)
        return folder

    def give(self, path: Path, owner: str) -> None:
        """chown -R without following links (what the learner's own submit would leave)."""
        import pwd

        uid = pwd.getpwnam(owner).pw_uid
        os.lchown(path, uid, uid)
        if path.is_symlink():
            return
        for here, dirs, files in os.walk(path):  # never into a linked folder
            for name in dirs + files:
                os.lchown(os.path.join(here, name), uid, uid)


def everything_under(folder: Path) -> list[Path]:
    return [folder, *folder.rglob("*")]


@needs_root
def test_collection_sets_aside_every_attack_and_collects_every_honest_submission(tmp_path, users):
    ana, luis, pepe, mallory = users["ana"], users["luis"], users["pepe"], users["mallory"]
    ex = Exchange(tmp_path, users)
    course = tmp_path / "curso"
    (course / "solutions" / EXERCISE).mkdir(parents=True)
    key = course / "solutions" / EXERCISE / "clave.txt"
    key.write_text(KEY_TEXT)
    shadow = Path("/etc/shadow").read_bytes()

    # honest submissions; for each learner the latest valid one must win
    ex.entry(ana, ana, stamp(20), "ANA-PRIMERA")
    ana_real = ex.entry(ana, ana, stamp(10), "ANA-BUENA")
    ex.entry(luis, luis, stamp(15), "LUIS-PRIMERA")
    luis_real = ex.entry(luis, luis, stamp(5), "LUIS-BUENA")
    ex.entry(mallory, mallory, stamp(30), "MALLORY-HONESTA")
    ex.entry(pepe, pepe, stamp(8), "PEPE-BUENA")

    # name (shown as in the report) → words its Spanish reason must hold; written before it runs
    expected: dict[str, str] = {}

    def expect(folder: Path | str, words: str) -> None:
        name = folder.name if isinstance(folder, Path) else folder
        expected[collect.shown(name)] = words

    # links: to a classmate's answers, to the key, to /etc/shadow, and a linked folder inside
    for target in (ana_real / ANSWERS, key, Path("/etc/shadow")):
        folder = ex.entry(mallory, mallory, stamp(2), None)
        (folder / ANSWERS).symlink_to(target)
        ex.give(folder, mallory)
        expect(folder, "es un enlace a otro archivo o carpeta")
    folder = ex.entry(mallory, mallory, stamp(2), "MALLORY-CARPETA")
    (folder / "datos").symlink_to(ana_real, target_is_directory=True)
    ex.give(folder, mallory)
    expect(folder, "«datos» es un enlace")
    # a submission folder that is itself a link to a classmate's
    linked = ex.inbound / f"{mallory}+{EXERCISE}+{stamp(1)}+{secrets.token_urlsafe(9)}"
    linked.symlink_to(luis_real, target_is_directory=True)
    ex.give(linked, mallory)
    expect(linked, "es un enlace a otra carpeta")
    # impersonation: named for Ana (later than her real one), made by Mallory
    fake = ex.entry(ana, mallory, stamp(1), "MALLORY-COMO-ANA")
    expect(fake, f"dice ser de «{ana}», pero la entregó la cuenta «{mallory}»")
    # Ana's own later folder with a file Luis planted in it
    planted = ex.entry(ana, ana, stamp(3), "ANA-CON-INTRUSO")
    (planted / "regalo.txt").write_text("de luis")
    ex.give(planted / "regalo.txt", luis)
    expect(planted, f"«regalo.txt» es de la cuenta «{luis}», no de «{ana}»")
    # a hard link to the key (owned by root) and a hard link to one's own file
    folder = ex.entry(mallory, mallory, stamp(2), None)
    os.link(key, folder / ANSWERS)
    expect(folder, f"es de la cuenta «root», no de «{mallory}»")
    folder = ex.entry(mallory, mallory, stamp(2), "MALLORY-DOBLE")
    os.link(folder / ANSWERS, folder / "copia.json")
    expect(folder, "enlace duro")
    # impossible dates: 2099 (own account, it would hide the real later one), malformed
    expect(ex.entry(luis, luis, FAR_FUTURE, "LUIS-2099"), "está en el futuro")
    expect(ex.entry(mallory, mallory, "2026-13-45 99:00:00.000000 UTC", "X"), "formato")
    expect(
        ex.entry(pepe, pepe, stamp(1), "PEPE-FECHA", timestamp=stamp(400)), "no es la de su nombre"
    )
    # what feedback needs is missing
    expect(ex.entry(pepe, pepe, stamp(2), "PEPE-SIN-SECRETO", secret=False), "submission_secret")
    folder = ex.entry(mallory, mallory, stamp(2), "MALLORY-SIN-FECHA")
    (folder / "timestamp.txt").unlink()
    expect(folder, "le falta «timestamp.txt»")
    # a FIFO (opening it would hang a reader) and a huge sparse file
    folder = ex.entry(mallory, mallory, stamp(2), "MALLORY-TUBERIA")
    os.mkfifo(folder / "tuberia")
    ex.give(folder, mallory)
    expect(folder, "no es un archivo normal")
    folder = ex.entry(mallory, mallory, stamp(2), "MALLORY-ENORME")
    with (folder / "enorme.bin").open("wb") as fh:
        fh.truncate(30_000_000_000)
    ex.give(folder, mallory)
    expect(folder, "es demasiado grande")
    # a name without an account, unsafe learner ids, a name out of nbgrader's shape
    expect(ex.entry("fantasma", mallory, stamp(2), "X"), "no existe la cuenta «fantasma»")
    for odd in ("..", ".oculto", "=cmd", "ana\x1b[2J", "ana\n", "", "-rf"):
        expect(ex.entry(odd, mallory, stamp(2), "X"), "no es válido")
    # `nbgrader submit --student=../x` writes beside inbound/, where collection never looks
    escaped = ex.root / COURSE / f"x+{EXERCISE}+{stamp(2)}+{secrets.token_urlsafe(9)}"
    escaped.mkdir()
    (escaped / ANSWERS).write_text("FUERA-DE-INBOUND")
    folder = ex.entry(pepe, pepe, stamp(2), "PEPE-SECRETO-RARO", secret=False)
    (folder / "submission_secret.txt").write_text("../../etc/shadow")
    ex.give(folder, pepe)
    expect(folder, "no tiene la forma que escribe nbgrader")
    odd_shape = ex.inbound / f"a+b+{EXERCISE}+{stamp(2)}+{secrets.token_urlsafe(9)}"
    odd_shape.mkdir()
    expect(odd_shape, "no tiene la forma")
    other = ex.entry(ana, ana, stamp(1), "OTRO-EJERCICIO", assignment="01-otro")

    # what an earlier collection left in submitted/: a link and a folder open to everyone
    outside = tmp_path / "fuera"
    outside.mkdir()
    (course / "submitted" / luis).mkdir(parents=True)
    (course / "submitted" / luis / EXERCISE).symlink_to(outside, target_is_directory=True)
    stale = course / "submitted" / ana / EXERCISE
    stale.mkdir(parents=True)
    stale.chmod(0o777)
    (stale / ANSWERS).write_text("SOBRESCRITA-POR-OTRO")

    report = collect_assignment(course, EXERCISE, where=ex.settings)

    assert report.error is None
    got = {s.entry: s for s in report.set_aside}
    assert set(got) == set(expected), set(got) ^ set(expected)
    for name, words in expected.items():
        assert words in got[name].reason, (name, got[name].reason)
        assert got[name].reason[0].islower() or got[name].reason[0] == "«"  # a Spanish clause
    assert other.name not in got  # another exercise's submission is not this collection's
    assert got[fake.name].student == ana and got[fake.name].owner == mallory
    assert not got[fake.name].own and got[planted.name].own

    submitted = course / "submitted"
    assert {c.student: c.entry for c in report.collected} == {
        ana: ana_real.name,
        luis: luis_real.name,
        pepe: next(p.name for p in ex.inbound.glob(f"{pepe}+*") if "PEPE-BUENA" in read(p)),
        mallory: next(p.name for p in ex.inbound.glob(f"{mallory}+*") if "HONESTA" in read(p)),
    }
    for learner, text in ((ana, "ANA-BUENA"), (luis, "LUIS-BUENA"), (mallory, "MALLORY-HONESTA")):
        copy = submitted / learner / EXERCISE
        assert (copy / ANSWERS).read_text() == text
        assert sorted(p.name for p in copy.iterdir()) == sorted(
            [ANSWERS, NOTEBOOK, "submission_secret.txt", "timestamp.txt"]
        )
    assert (submitted / ana / EXERCISE / "timestamp.txt").read_text() == ana_real.name.split("+")[2]
    # nothing outside an entry was read or copied; nothing was written through a link
    assert list(outside.iterdir()) == []
    for path in everything_under(submitted):
        assert not path.is_symlink(), path
        info = path.lstat()
        assert info.st_uid == os.geteuid(), path
        assert stat.S_IMODE(info.st_mode) == (0o700 if path.is_dir() else 0o600), path
        if path.is_file():
            data = path.read_bytes()
            assert KEY_TEXT.encode() not in data and (not shadow or shadow not in data), path
            for marker in (b"MALLORY-COMO-ANA", b"LUIS-2099", b"FUERA-DE-INBOUND"):
                assert marker not in data, (marker, path)
    assert not list((course / collect.WORK).iterdir())  # no half-built copy left
    # the exchange was left as it was: nothing deleted, nothing moved
    assert fake.exists() and linked.is_symlink() and ana_real.exists()

    lines = report.lines()
    assert lines[-1] == f"Recogidas 4 entregas de «{EXERCISE}»; apartadas {len(expected)}."
    assert any(line.startswith(f"Entrega apartada «{fake.name}»: dice ser de") for line in lines)
    assert all("\x1b" not in line and "\n" not in line for line in lines)


def read(entry: Path) -> str:
    answers = entry / ANSWERS
    return answers.read_text() if answers.is_file() and not answers.is_symlink() else ""


@needs_root
def test_a_later_impossible_date_is_told_from_the_arrival_in_the_exchange(tmp_path, users):
    """An hour ahead is not «future» for a clock set a day ahead, but it is later than the
    moment the folder reached the exchange: set aside, and the real one is collected."""
    ana = users["ana"]
    ex = Exchange(tmp_path, users)
    real = ex.entry(ana, ana, stamp(5), "ANA-BUENA")
    ahead = ex.entry(ana, ana, stamp(-60), "ANA-ADELANTADA")
    later = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) + dt.timedelta(days=1)
    (tmp_path / "curso").mkdir()
    report = collect_assignment(tmp_path / "curso", EXERCISE, where=ex.settings, now=later)
    assert [c.entry for c in report.collected] == [real.name]
    assert [(s.entry, "posterior a su llegada" in s.reason) for s in report.set_aside] == [
        (ahead.name, True)
    ]


@needs_root
def test_tljh_accounts_need_the_prefix_named_in_the_environment(tmp_path, users, monkeypatch):
    """On TLJH learner «ana» is Unix user «jupyter-ana»: with CURSO_PREFIJO_USUARIOS the
    submission is hers; without it, it is set aside and the reason says what is missing."""
    account = users["ana"]
    learner = account[len(USER_PREFIX) :]
    ex = Exchange(tmp_path, users)
    ex.entry(learner, account, stamp(5), "ANA-TLJH")
    course = tmp_path / "curso"
    course.mkdir()
    monkeypatch.delenv(collect.PREFIX_VARIABLE, raising=False)
    plain = collect_assignment(course, EXERCISE, where=ex.settings)
    assert plain.collected == []
    assert f"¿falta {collect.PREFIX_VARIABLE}?" in plain.set_aside[0].reason
    monkeypatch.setenv(collect.PREFIX_VARIABLE, USER_PREFIX)
    prefixed = collect_assignment(course, EXERCISE, where=ex.settings)
    assert [c.student for c in prefixed.collected] == [learner]
    assert (course / "submitted" / learner / EXERCISE / ANSWERS).read_text() == "ANA-TLJH"
    # only the learner asked for, when one is named
    assert collect_assignment(course, EXERCISE, "otra", ex.settings, USER_PREFIX).collected == []


def test_on_kubernetes_one_shared_account_is_said_not_checked(tmp_path, monkeypatch):
    """Zero to JupyterHub: every server is the same Unix user, so no learner has an account
    of their own. With CURSO_CUENTA_COMPARTIDA=1 a submission that account made is collected
    (every other check still applies) and the summary says who made it was not checked."""
    me = pwd.getpwuid(os.geteuid()).pw_name
    learner = f"zz{secrets.token_hex(3)}"  # no Unix user has this name
    ex = Exchange(tmp_path, {})
    ex.entry(learner, me, stamp(5), "RESPUESTAS")
    ex.entry(learner, me, FAR_FUTURE, "TAPADERA")
    course = tmp_path / "curso"
    course.mkdir()
    monkeypatch.delenv(collect.SHARED_VARIABLE, raising=False)
    monkeypatch.delenv(collect.PREFIX_VARIABLE, raising=False)
    plain = collect_assignment(course, EXERCISE, where=ex.settings)
    assert plain.collected == [] and collect.SHARED_NOTE not in plain.lines()
    assert all(f"no existe la cuenta «{learner}»" in s.reason for s in plain.set_aside)
    monkeypatch.setenv(collect.SHARED_VARIABLE, "1")
    shared = collect_assignment(course, EXERCISE, where=ex.settings)
    assert [c.student for c in shared.collected] == [learner]
    assert (course / "submitted" / learner / EXERCISE / ANSWERS).read_text() == "RESPUESTAS"
    assert ["en el futuro" in s.reason for s in shared.set_aside] == [True]
    assert collect.SHARED_NOTE in shared.lines()


@needs_root
def test_an_exchange_folder_made_by_a_learner_is_not_trusted(tmp_path, users):
    """A learner who made the course's inbound folder before the trainer could swap entries:
    nothing is collected and the trainer is told why, in Spanish."""
    ex = Exchange(tmp_path, users)
    ex.entry(users["ana"], users["ana"], stamp(5), "ANA")
    ex.give(ex.inbound, users["mallory"])
    report = collect_assignment(tmp_path / "curso", EXERCISE, where=ex.settings)
    assert report.collected == [] and not (tmp_path / "curso" / "submitted").exists()
    assert f"es de la cuenta «{users['mallory']}», no tuya" in report.error
    assert report.lines() == [report.error]


# -- the instructor's pipeline on a crafted exchange --------------------------------------------


@pytest.mark.nbgrader
@needs_root
def test_correct_collects_grades_and_publishes_with_attacks_in_the_class(tmp_path, users):
    """`correct(..., collect_first=True, release_feedback=True)` on a course whose exchange
    holds honest submissions (one through nbgrader submit itself), an impersonation, a 2099
    date, a link to a classmate's answers and a submission without its secret; plus a learner
    copied into submitted/ by hand (no secret). Grades, summary and feedback are checked."""
    from nbgrader.utils import notebook_hash

    reference = json.loads(
        (ROOT / "tests" / "data" / "reference" / f"{EXERCISE}.json").read_text("utf-8")
    )
    perfect = answers_doc(EXERCISE, reference["perfect"])
    partial = answers_doc(EXERCISE, reference["partial"]["answers"])
    ana, luis, pepe, mallory = users["ana"], users["luis"], users["pepe"], users["mallory"]
    ex = Exchange(tmp_path, users)
    course = released_course(tmp_path / "formadora", ex.root, EXERCISE)
    release = course / "exercises" / EXERCISE / NOTEBOOK

    # Ana submits with nbgrader itself (her cache keeps the secret fetch_feedback needs)
    home = tmp_path / "ana"
    home.mkdir()
    learner = [f"--Exchange.root={ex.root}", f"--course={COURSE}", f"--student={ana}"]
    data = {"JUPYTER_DATA_DIR": str(home / ".datos")}
    assert run_nbgrader(home, data, "fetch_assignment", EXERCISE, *learner).returncode == 0
    (home / EXERCISE / ANSWERS).write_text(perfect, encoding="utf-8")
    done = run_nbgrader(home, data, "submit", EXERCISE, *learner)
    assert done.returncode == 0, done.stderr
    (ana_entry,) = ex.inbound.glob(f"{ana}+*")
    ex.give(ana_entry, ana)

    def crafted(student: str, owner: str, when: str, answers: str, **kw) -> Path:
        folder = ex.entry(student, owner, when, answers, **kw)
        shutil.copy(release, folder / NOTEBOOK)
        ex.give(folder, owner)
        return folder

    crafted(luis, luis, stamp(10), partial)  # Luis's real submission: partial credit
    crafted(luis, luis, FAR_FUTURE, perfect)  # a 2099 date would have hidden it
    crafted(luis, mallory, stamp(1), perfect)  # Mallory submits «as Luis», with full marks
    stolen = crafted(mallory, mallory, stamp(2), perfect)
    (stolen / ANSWERS).unlink()
    (stolen / ANSWERS).symlink_to(ana_entry / ANSWERS)  # a link to Ana's answers
    ex.give(stolen, mallory)
    crafted(pepe, pepe, stamp(3), perfect, secret=False)  # no secret: no feedback possible
    by_hand = course / "submitted" / "carlos" / EXERCISE  # from a pen drive: no secret either
    by_hand.mkdir(parents=True)
    shutil.copy(release, by_hand)
    (by_hand / ANSWERS).write_text(perfect, encoding="utf-8")

    said: list[str] = []
    rows = correction.correct(
        course, [EXERCISE], collect_first=True, release_feedback=True, say=said.append
    )
    by = {r.student: r for r in rows}
    assert set(by) == {ana, luis, pepe, mallory, "carlos"}
    auto = max_scores(course, EXERCISE)  # the autograded cells (p6 is also read by the trainer)

    def scored(student: str) -> float:
        return sum(v or 0 for k, v in by[student].points.items() if k in auto)

    assert scored(ana) == pytest.approx(sum(auto.values())) and not by[ana].rejected
    assert scored("carlos") == pytest.approx(sum(auto.values()))
    expected_partial = sum(reference["partial"]["expected"].values())
    assert scored(luis) == pytest.approx(expected_partial, abs=0.011)  # not 2099's nor Mallory's
    assert any(f"la entregó la cuenta «{mallory}»" in p for p in by[luis].problems)
    assert any("en el futuro" in p for p in by[luis].problems)
    assert by[mallory].rejected and by[mallory].total == 0
    assert any("es un enlace" in p for p in by[mallory].problems)
    assert any(f"dice ser de «{luis}»" in p for p in by[mallory].problems)
    assert by[pepe].rejected and any("submission_secret.txt" in p for p in by[pepe].problems)
    assert any("Devolución no publicada" in p for p in by["carlos"].problems)

    assert f"  Recogidas 2 entregas de «{EXERCISE}»; apartadas 4." in said
    assert f"  Devoluciones de «{EXERCISE}» publicadas: 2." in said
    assert any(line.startswith("  Devolución de «carlos» no publicada: falta") for line in said)
    with (course / "notas" / "notas.csv").open(encoding="utf-8") as fh:
        sheet = {r["alumno"]: r for r in csv.DictReader(fh)}
    assert set(sheet) == set(by)
    assert "dice ser de" in sheet[luis]["problemas"] and "apartada" in sheet[pepe]["problemas"]
    assert float(sheet[luis]["total"]) == pytest.approx(by[luis].total)
    assert by[luis].total < by[ana].total

    # feedback: Ana fetches hers with nbgrader; Luis's is where his secret says
    fetched = run_nbgrader(home, data, "fetch_feedback", EXERCISE, *learner)
    assert fetched.returncode == 0, fetched.stderr
    (page,) = (home / EXERCISE / "feedback").rglob(NOTEBOOK.replace(".ipynb", ".html"))
    assert "BEGIN HIDDEN TESTS" not in page.read_text(encoding="utf-8")
    secret = (course / "submitted" / luis / EXERCISE / "submission_secret.txt").read_text()
    digest = notebook_hash(secret=secret, notebook_id=NOTEBOOK.removesuffix(".ipynb"))
    assert (ex.root / COURSE / "feedback" / f"{digest}.html").is_file()
    assert len(list((ex.root / COURSE / "feedback").iterdir())) == 2


def run_nbgrader(folder: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    import sys

    from course_utils.grading.release import nbgrader_env

    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=folder,
        env={**nbgrader_env(), **env},
        capture_output=True,
        text=True,
    )
