"""Collection from nbgrader's exchange that trusts nothing: no link followed, each submission checked against its owner's account, private copies."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import pwd
import re
import secrets
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path

from course_utils.core.errors import CourseError
from course_utils.grading.intake import LIMITS

#: On TLJH the Unix user of learner «ana» is «jupyter-ana»: set this variable to «jupyter-» there.
#: On a plain hub (the default, empty) the learner id and the Unix user are the same name.
PREFIX_VARIABLE = "CURSO_PREFIJO_USUARIOS"
#: On Zero to JupyterHub every server is the same Unix user (uid 1000): set this variable to
#: «1» there. A submission is then taken as its name says when that shared account made it,
#: and the summary says that who made it could not be checked.
SHARED_VARIABLE = "CURSO_CUENTA_COMPARTIDA"
SHARED_NOTE = (
    "En este hub todas las personas usan la misma cuenta del sistema (Kubernetes): no se "
    "puede comprobar quién hizo cada entrega. Cuéntalo al poner notas."
)
# the same limits every grading path checks (course_utils/grading/intake.py): what collection lets
# through, staging accepts
MAX_SUBMISSION_FILE = LIMITS.file_bytes
MAX_SUBMISSION_TOTAL = LIMITS.learner_bytes  # all the files of one submission
MAX_ENTRIES = LIMITS.learner_files  # files and folders in one submission
MAX_DEPTH = LIMITS.folder_depth
MAX_SMALL_FILE = 1_000  # timestamp.txt, submission_secret.txt
CLOCK_SKEW = dt.timedelta(minutes=5)
TIMESTAMP_FILE = "timestamp.txt"
SECRET_FILE = "submission_secret.txt"
#: Work folder in the course folder, beside submitted/: copies are built here, then swapped in.
WORK = ".curso-recogida"

SAFE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]{0,63}")
SECRET = re.compile(r"[0-9a-f]{128}")  # secrets.token_hex(64), as nbgrader submit writes it
_RANDOM = re.compile(r"[A-Za-z0-9_-]{1,64}")  # the random tail nbgrader submit adds to the name
# nbgrader's Exchange.timestamp_format, "%Y-%m-%d %H:%M:%S.%f %Z" (a zone name such as UTC)
_TIMESTAMP = re.compile(r"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}) ([A-Za-z]{1,6})")
DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
NEW_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


class Refused(CourseError):
    """A submission that is set aside (the Spanish reason is the message)."""


@dataclass
class SetAside:
    """A submission left in the exchange, and why (Spanish)."""

    entry: str  # its name in the exchange, printable
    reason: str
    student: str | None = None  # the learner it names, when that name is a safe id
    owner: str | None = None  # the learner id of the account that made it, when another one

    @property
    def own(self) -> bool:
        """Whether the named learner's own account made it (an honest but unusable submission)."""
        return self.student is not None and self.owner is None

    def line(self) -> str:
        return f"Entrega apartada «{self.entry}»: {self.reason}"


@dataclass
class Collected:
    """The submission copied to submitted/<student>/<assignment>/."""

    student: str
    entry: str
    submitted_at: dt.datetime  # naive UTC, as nbgrader keeps it
    files: int


@dataclass
class CollectReport:
    """What one collection did: what it copied, what it set aside and why."""

    assignment: str
    collected: list[Collected] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None

    def lines(self) -> list[str]:
        """Spanish lines for the trainer."""
        out = [s.line() for s in self.set_aside] + self.notes
        out.append(
            self.error
            or f"Recogidas {len(self.collected)} entregas de «{self.assignment}»"
            + (f"; apartadas {len(self.set_aside)}." if self.set_aside else ".")
        )
        return out


@dataclass
class Settings:
    """Where the exchange is, for the course (from nbgrader's configuration)."""

    root: Path
    course_id: str


def shown(text: str, limit: int = 120) -> str:
    """``text`` as it can be printed: control and invisible characters escaped, cut short."""
    out = "".join(
        c if c.isprintable() else (f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}")
        for c in text
    )
    return out if len(out) <= limit else out[: limit - 1] + "…"


def settings(course: Path) -> Settings:
    """The exchange root and course id, read from nbgrader's config files as nbgrader reads
    them: Jupyter's config folders first, then the course folder's (which wins)."""
    from jupyter_core.paths import jupyter_config_path
    from traitlets.config import Config
    from traitlets.config.loader import (
        ConfigFileNotFound,
        JSONFileConfigLoader,
        PyFileConfigLoader,
    )

    config = Config()
    for where in [*reversed(jupyter_config_path()), str(Path(course).resolve())]:
        for loader, suffix in ((PyFileConfigLoader, "py"), (JSONFileConfigLoader, "json")):
            try:
                config.merge(loader(f"nbgrader_config.{suffix}", path=where).load_config())
            except ConfigFileNotFound:
                continue
    root = config.Exchange.get("root", "/usr/local/share/nbgrader/exchange")
    return Settings(Path(str(root)), str(config.CourseDirectory.get("course_id", "") or ""))


def parse_timestamp(text: str) -> dt.datetime | None:
    """nbgrader's timestamp as naive UTC (what its gradebook keeps), or None if not exactly
    in nbgrader's format with a time zone that can be told."""
    import dateutil.tz
    from nbgrader.utils import parse_utc

    found = _TIMESTAMP.fullmatch(text)
    if not found:
        return None
    try:
        dt.datetime.strptime(found[1], "%Y-%m-%d %H:%M:%S.%f")
    except ValueError:
        return None
    if found[2] not in ("UTC", "GMT") and dateutil.tz.gettz(found[2]) is None:
        return None
    try:
        return parse_utc(text)
    except (ValueError, OverflowError):
        return None


def parse_entry(name: str) -> tuple[str, str, str] | None:
    """(student, assignment, timestamp) from ``student+assignment+timestamp[+random]``."""
    parts = name.split("+")
    if len(parts) == 4 and _RANDOM.fullmatch(parts[3]):
        parts = parts[:3]
    return (parts[0], parts[1], parts[2]) if len(parts) == 3 else None


def account_of(student: str, prefix: str = "") -> pwd.struct_passwd | None:
    """The Unix account of a learner (``prefix`` + id), or None."""
    try:
        return pwd.getpwnam(prefix + student)
    except KeyError:
        return None


def _user_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"número {uid}"


def _learner_of(uid: int, prefix: str) -> str:
    name = _user_name(uid)
    return name[len(prefix) :] if prefix and name.startswith(prefix) else name


def _utc(seconds: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).replace(tzinfo=None)


# -- reading one submission: through directory descriptors, never through a link -------------


@dataclass
class _Budget:
    entries: int = 0
    total: int = 0
    read: frozenset[str] | None = None  # the files whose bytes are read (None: all of them)


def _read_tree(fd: int, uid: int, who: str, prefix: str, depth: int, budget: _Budget, out: list):
    """Append (relative path, bytes or None for a folder) for everything under ``fd``."""
    for name in sorted(os.listdir(fd)):
        rel = prefix + name
        budget.entries += 1
        if budget.entries > MAX_ENTRIES:
            raise Refused(f"tiene más de {MAX_ENTRIES} archivos y carpetas.")
        info = os.stat(name, dir_fd=fd, follow_symlinks=False)
        if stat.S_ISLNK(info.st_mode):
            raise Refused(
                f"«{shown(rel)}» es un enlace a otro archivo o carpeta: no se ha abierto."
            )
        if info.st_uid != uid:
            raise Refused(
                f"«{shown(rel)}» es de la cuenta «{_user_name(info.st_uid)}», no de «{who}»."
            )
        if stat.S_ISDIR(info.st_mode):
            if depth >= MAX_DEPTH:
                raise Refused(f"tiene carpetas dentro de carpetas más de {MAX_DEPTH} niveles.")
            sub = os.open(name, DIR_FLAGS, dir_fd=fd)
            try:
                _same(os.fstat(sub), info, rel)
                out.append((rel, None))
                _read_tree(sub, uid, who, rel + "/", depth + 1, budget, out)
            finally:
                os.close(sub)
        elif stat.S_ISREG(info.st_mode):
            wanted = budget.read is None or rel in budget.read
            out.append((rel, _read_file(fd, name, rel, info, budget, wanted)))
        else:
            raise Refused(f"«{shown(rel)}» no es un archivo normal (tubería, dispositivo…).")


def _same(now: os.stat_result, before: os.stat_result, rel: str) -> None:
    if (now.st_dev, now.st_ino, now.st_uid) != (before.st_dev, before.st_ino, before.st_uid):
        raise Refused(f"«{shown(rel)}» cambió mientras se recogía.")


def _read_file(
    fd: int, name: str, rel: str, info: os.stat_result, budget: _Budget, wanted: bool
) -> bytes:
    if info.st_nlink > 1:
        raise Refused(f"«{shown(rel)}» es un enlace duro a otro archivo: no se ha abierto.")
    limit = MAX_SUBMISSION_FILE
    if info.st_size > limit:
        raise Refused(
            f"«{shown(rel)}» es demasiado grande ({info.st_size // 1_000_000} MB; "
            f"el máximo es {limit // 1_000_000} MB)."
        )
    budget.total += info.st_size
    if budget.total > MAX_SUBMISSION_TOTAL:
        raise Refused(f"ocupa más de {MAX_SUBMISSION_TOTAL // 1_000_000} MB en total.")
    if not wanted:
        return b""
    handle = os.open(name, FILE_FLAGS, dir_fd=fd)
    with os.fdopen(handle, "rb") as fh:
        now = os.fstat(fh.fileno())
        _same(now, info, rel)
        if not stat.S_ISREG(now.st_mode) or now.st_nlink > 1:
            raise Refused(f"«{shown(rel)}» cambió mientras se recogía.")
        data = fh.read(limit + 1)
    if len(data) > limit or len(data) > info.st_size:
        raise Refused(f"«{shown(rel)}» cambió mientras se recogía.")
    return data


@dataclass
class _Candidate:
    student: str
    name: str
    timestamp: str
    when: dt.datetime
    info: os.stat_result
    account: pwd.struct_passwd


def _read_entry(inbound: int, cand: _Candidate) -> list[tuple[str, bytes | None]]:
    """Every folder and file of a submission, checked, or Refused. A first pass reads only
    the two small files, so a crafted submission costs no more than a look at its folders."""
    for read in (frozenset([TIMESTAMP_FILE, SECRET_FILE]), None):
        fd = os.open(cand.name, DIR_FLAGS, dir_fd=inbound)
        try:
            _same(os.fstat(fd), cand.info, ".")
            files: list[tuple[str, bytes | None]] = []
            account = cand.account
            _read_tree(fd, account.pw_uid, account.pw_name, "", 0, _Budget(read=read), files)
        finally:
            os.close(fd)
        _check_small_files(dict(files), cand.timestamp)
    return files


def _check_small_files(found: dict[str, bytes | None], timestamp: str) -> None:
    stamp = found.get(TIMESTAMP_FILE)
    if stamp is None:
        raise Refused(f"le falta «{TIMESTAMP_FILE}» (la fecha de la entrega).")
    if len(stamp) > MAX_SMALL_FILE or stamp.decode("utf-8", "replace").strip() != timestamp:
        raise Refused(f"la fecha de «{TIMESTAMP_FILE}» no es la de su nombre.")
    secret = found.get(SECRET_FILE)
    if secret is None:
        raise Refused(f"le falta «{SECRET_FILE}»: sin él no se le puede devolver la corrección.")
    if not SECRET.fullmatch(secret.decode("ascii", "replace")):
        raise Refused(f"«{SECRET_FILE}» no tiene la forma que escribe nbgrader.")


# -- writing the copy: built beside submitted/, then swapped in ------------------------------


def _real_dir(parent: int, name: str, mode: int, create: bool = True) -> int:
    """An fd of ``name`` under ``parent``: a real folder owned by this process (made if missing)."""
    try:
        fd = os.open(name, DIR_FLAGS, dir_fd=parent)
    except FileNotFoundError:
        if not create:
            raise
        os.mkdir(name, mode, dir_fd=parent)
        fd = os.open(name, DIR_FLAGS, dir_fd=parent)
    info = os.fstat(fd)
    if info.st_uid != os.geteuid():
        os.close(fd)
        raise PermissionError(f"«{name}» es de la cuenta «{_user_name(info.st_uid)}»")
    os.fchmod(fd, mode)
    return fd


def _student_folder(submitted: int, work: int, student: str, notes: list[str]) -> int:
    try:
        info = os.stat(student, dir_fd=submitted, follow_symlinks=False)
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISDIR(info.st_mode):
        os.unlink(student, dir_fd=submitted)  # a link or a file: removed, never followed
        notes.append(f"«submitted/{student}» no era una carpeta (¿un enlace?): se ha quitado.")
    elif info is not None and info.st_uid != os.geteuid():
        aside = f"apartada-{student}-{secrets.token_hex(4)}"
        os.rename(student, aside, src_dir_fd=submitted, dst_dir_fd=work)
        notes.append(
            f"«submitted/{student}» era de la cuenta «{_user_name(info.st_uid)}»: "
            f"se ha movido a «{WORK}/{aside}» y se ha hecho de nuevo."
        )
    return _real_dir(submitted, student, 0o700)


def _write_copy(work: int, name: str, files: list[tuple[str, bytes | None]]) -> None:
    os.mkdir(name, 0o700, dir_fd=work)
    folders = {"": os.open(name, DIR_FLAGS, dir_fd=work)}
    try:
        os.fchmod(folders[""], 0o700)
        for rel, data in files:
            parent, _, base = rel.rpartition("/")
            if data is None:
                os.mkdir(base, 0o700, dir_fd=folders[parent])
                folders[rel] = os.open(base, DIR_FLAGS, dir_fd=folders[parent])
                os.fchmod(folders[rel], 0o700)
                continue
            handle = os.open(base, NEW_FILE_FLAGS, 0o600, dir_fd=folders[parent])
            with os.fdopen(handle, "wb") as fh:
                os.fchmod(fh.fileno(), 0o600)
                fh.write(data)
    finally:
        for fd in folders.values():
            os.close(fd)


def _install(course: Path, places: tuple[int, int], student: str, assignment: str, files, notes):
    submitted, work = places
    built = f"nueva-{secrets.token_hex(6)}"
    try:
        _write_copy(work, built, files)
    except BaseException:
        shutil.rmtree(course / WORK / built, ignore_errors=True)
        raise
    folder = _student_folder(submitted, work, student, notes)
    old = None
    try:
        try:
            info = os.stat(assignment, dir_fd=folder, follow_symlinks=False)
        except FileNotFoundError:
            info = None
        if info is not None and stat.S_ISDIR(info.st_mode):
            old = f"antigua-{secrets.token_hex(6)}"
            os.rename(assignment, old, src_dir_fd=folder, dst_dir_fd=work)
        elif info is not None:
            os.unlink(assignment, dir_fd=folder)  # a link planted there: removed, not followed
        os.rename(built, assignment, src_dir_fd=work, dst_dir_fd=folder)
    except BaseException:
        shutil.rmtree(course / WORK / built, ignore_errors=True)
        raise
    finally:
        os.close(folder)
    if old:
        shutil.rmtree(course / WORK / old, ignore_errors=True)  # fd-based: follows no link


# -- the collection ---------------------------------------------------------------------------


def open_exchange(where: Settings, last: str, create: int | None = None) -> int:
    """An fd of <root>/<course>/<last> (made with mode ``create`` if missing and asked); the
    course's folders must be real and owned by this process's account (or root): OSError, or
    ValueError with a Spanish message."""
    if not SAFE_ID.fullmatch(where.course_id):
        raise ValueError(f"El curso «{shown(where.course_id)}» no tiene un nombre válido.")
    root = os.open(where.root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    fds = [root]
    try:
        for name in (where.course_id, last):
            if name == last and create is not None:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(name, create, dir_fd=fds[-1])
            fds.append(os.open(name, DIR_FLAGS, dir_fd=fds[-1]))
            owner = os.fstat(fds[-1]).st_uid
            if owner not in (os.geteuid(), 0):
                raise ValueError(
                    f"La carpeta «{name}» del intercambio es de la cuenta «{_user_name(owner)}», "
                    "no tuya: alguien pudo crearla antes que tú. Bórrala y vuelve a publicar el "
                    "ejercicio."
                )
            if name == last and create is not None and owner == os.geteuid():
                os.fchmod(fds[-1], create)
        return os.dup(fds[-1])
    finally:
        for fd in fds:
            os.close(fd)


def _shallow(inbound: int, name: str, parsed, prefix: str, now: dt.datetime):
    """A _Candidate or a SetAside, from the entry's name and its lstat (nothing opened)."""
    student, _, stamp = parsed
    entry = shown(name)
    info = os.stat(name, dir_fd=inbound, follow_symlinks=False)
    if not SAFE_ID.fullmatch(student):
        return SetAside(
            entry,
            f"el nombre de alumno «{shown(student)}» no es válido (solo letras sin tilde, "
            "números, «.», «_» y «-», sin empezar por punto ni guion); la entregó la cuenta "
            f"«{_user_name(info.st_uid)}».",
        )
    account = account_of(student, prefix)
    if os.environ.get(SHARED_VARIABLE) == "1" and info.st_uid == os.geteuid():
        with contextlib.suppress(KeyError):
            account = pwd.getpwuid(info.st_uid)  # the one account everybody shares
    # the learner id of the account that made it, when it is not the named learner's
    owner = None if account and info.st_uid == account.pw_uid else _learner_of(info.st_uid, prefix)
    if stat.S_ISLNK(info.st_mode):
        return SetAside(
            entry, "es un enlace a otra carpeta, no una entrega: no se ha abierto.", student, owner
        )
    if not stat.S_ISDIR(info.st_mode):
        return SetAside(entry, "no es una carpeta.", student, owner)
    if account is None:
        hint = f" (¿falta {PREFIX_VARIABLE}?)" if not prefix else ""
        return SetAside(
            entry,
            f"no existe la cuenta «{prefix}{student}» en este servidor{hint}; la entregó la "
            f"cuenta «{_user_name(info.st_uid)}».",
            student,
            owner,
        )
    if info.st_uid != account.pw_uid:
        return SetAside(
            entry,
            f"dice ser de «{student}», pero la entregó la cuenta «{_user_name(info.st_uid)}»: "
            "¿un intento de entregar en nombre de otra persona? No se ha recogido.",
            student,
            owner,
        )
    when = parse_timestamp(stamp)
    if when is None:
        return SetAside(
            entry, f"la fecha «{shown(stamp)}» no tiene el formato de nbgrader.", student
        )
    if when > now + CLOCK_SKEW:
        return SetAside(
            entry,
            f"la fecha ({when:%d/%m/%Y %H:%M} UTC) está en el futuro: es imposible y taparía "
            "las entregas posteriores.",
            student,
        )
    if when > _utc(info.st_ctime) + CLOCK_SKEW:
        return SetAside(
            entry,
            f"la fecha ({when:%d/%m/%Y %H:%M} UTC) es posterior a su llegada al intercambio: "
            "es imposible.",
            student,
        )
    return _Candidate(student, name, stamp, when, info, account)


def collect_assignment(
    course: Path,
    assignment: str,
    student: str | None = None,
    where: Settings | None = None,
    user_prefix: str | None = None,
    now: dt.datetime | None = None,
) -> CollectReport:
    """Copy each learner's latest valid submission of ``assignment`` from the exchange's
    inbound folder to submitted/<student>/<assignment>/ (0700 folders, 0600 files); set aside,
    with a Spanish reason, every submission that cannot be trusted. One bad submission never
    stops the others. ``user_prefix`` (default: $CURSO_PREFIJO_USUARIOS) turns a learner id
    into its Unix account."""
    course = Path(course).resolve()
    report = CollectReport(assignment)
    where = where or settings(course)
    prefix = os.environ.get(PREFIX_VARIABLE, "") if user_prefix is None else user_prefix
    now = now or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    inbound_path = where.root / where.course_id / "inbound"
    try:
        inbound = open_exchange(where, "inbound")
    except FileNotFoundError:
        report.error = (
            f"No existe la carpeta de entregas del intercambio ({inbound_path}): ¿has publicado "
            "el ejercicio? No se ha recogido nada."
        )
        return report
    except (OSError, ValueError) as exc:
        report.error = (
            f"{exc} No se ha recogido nada."
            if isinstance(exc, ValueError)
            else (
                f"No se puede abrir la carpeta de entregas del intercambio ({inbound_path}): "
                f"{exc.strerror}. No se ha recogido nada."
            )
        )
        return report
    try:
        _collect(course, assignment, student, inbound, prefix, now, report)
    finally:
        os.close(inbound)
    if os.environ.get(SHARED_VARIABLE) == "1" and report.collected:
        report.notes.append(SHARED_NOTE)
    return report


def _collect(course, assignment, only, inbound, prefix, now, report) -> None:
    candidates: dict[str, list[_Candidate]] = {}
    for name in sorted(os.listdir(inbound)):
        if f"+{assignment}+" not in name:
            continue  # another exercise's
        parsed = parse_entry(name)
        if parsed is None or parsed[1] != assignment:
            if only is None:
                report.set_aside.append(
                    SetAside(shown(name), "el nombre no tiene la forma alumno+ejercicio+fecha.")
                )
            continue
        if only is not None and parsed[0] != only:
            continue
        try:
            found = _shallow(inbound, name, parsed, prefix, now)
        except OSError as exc:
            found = SetAside(shown(name), f"no se ha podido leer ({exc.strerror}).")
        if isinstance(found, SetAside):
            report.set_aside.append(found)
        else:
            candidates.setdefault(found.student, []).append(found)
    if not candidates:
        return
    fds: list[int] = []
    try:
        fds.append(os.open(course, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC))
        fds.append(_real_dir(fds[0], "submitted", 0o700))
        fds.append(_real_dir(fds[0], WORK, 0o700))
    except OSError as exc:
        for fd in fds:
            os.close(fd)
        report.error = (
            f"No se puede escribir de forma segura en «submitted/» ni en «{WORK}/» del curso "
            f"({exc}): ¿es un enlace o de otra cuenta? No se ha recogido nada."
        )
        return
    _, submitted, work = fds
    try:
        for student in sorted(candidates):
            ordered = sorted(candidates[student], key=lambda c: (c.when, c.name), reverse=True)
            for cand in ordered:
                try:
                    files = _read_entry(inbound, cand)
                    _install(course, (submitted, work), student, assignment, files, report.notes)
                except Refused as exc:
                    report.set_aside.append(SetAside(shown(cand.name), str(exc), student))
                    continue
                except Exception as exc:  # one learner's trouble never stops the others
                    reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
                    report.set_aside.append(
                        SetAside(shown(cand.name), f"no se ha podido recoger ({reason}).", student)
                    )
                    continue
                report.collected.append(Collected(student, shown(cand.name), cand.when, len(files)))
                break
    finally:
        for fd in fds:
            os.close(fd)
