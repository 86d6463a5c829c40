"""Checks a learner's submission before anything reads it (no link on its path, regular files, sizes, student id, timestamp, notebooks, answers' shape): every grading path calls it."""

from __future__ import annotations

import errno
import json
import math
import os
import re
import stat
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from course_utils.core.errors import CourseError
from course_utils.core.formats import es_size as size_text
from course_utils.core.plain_text import visible
from course_utils.core.store import FILE_PREFIX, MAX_FILE_BYTES, MAX_VALUE_BYTES, SCHEMA_VERSION


@dataclass(frozen=True)
class Limits:
    """What one submission may hold; beyond it, a file, an answer or a learner is set aside."""

    file_bytes: int = 10_000_000  # any file of a submission (an exercise notebook is ~50 KB)
    answers_file_bytes: int = MAX_FILE_BYTES  # the answers file, also once re-encoded
    answer_bytes: int = MAX_VALUE_BYTES  # one answer, as compact JSON
    answer_depth: int = 32  # lists and groups nested inside one answer
    learner_bytes: int = 20_000_000  # everything one learner submits for one exercise
    learner_files: int = 200  # files and folders of one submission
    folder_depth: int = 8  # folders inside the exercise's folder
    class_bytes: int = 500_000_000  # everything staged for one exercise
    timestamp_bytes: int = 200


LIMITS = Limits()
#: Names nbgrader never copies (nbgrader_config.py's CourseDirectory.ignore) nor staging reads.
IGNORED = (".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".curso-*")
TIMESTAMP = "timestamp.txt"
#: A student id that is safe as a folder name, in HTML, in a terminal and in a spreadsheet.
_STUDENT_ID = re.compile(r"[^\W_][\w.@-]{0,63}")
# nbgrader's own format («2026-11-24 10:00:00.000000 UTC») and ISO 8601; never a path
_TIMESTAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?"
    r"(?: ?(?:[A-Za-z][A-Za-z0-9_+-]{0,40}|[+-]\d{2}:?\d{2}))?"
)
_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC


class Refused(CourseError):
    """A path that is not read: a link on the way, not a regular file, too big (Spanish)."""


class _TooMany(Exception):
    """The walk met more entries than a submission may hold."""


def too_big(shown: str, size: int, limit: int) -> str:
    return (
        f"«{shown}» es demasiado grande ({size_text(size)}; el límite es {size_text(limit)}) "
        "y no se ha leído."
    )


def student_id_problem(student: str) -> str | None:
    """Why a folder name cannot be a student id (Spanish), or None when it can."""
    if _STUDENT_ID.fullmatch(student):
        return None
    return (
        f"El nombre de la carpeta «{visible(student, 40)}» no sirve como nombre de alumno (solo "
        "letras, números, «.», «_», «-» y «@», hasta 64, empezando por letra o número): no se "
        "ha corregido. Renombra la carpeta y vuelve a corregir."
    )


def valid_question_id(qid: Any) -> bool:
    """The store's rule for a question id (letters, digits, «-», «_», «.»; not a dotfile)."""
    return (
        isinstance(qid, str)
        and 0 < len(qid) <= 80
        and not qid.startswith(".")
        and all(ch.isalnum() or ch in "-_." for ch in qid)
    )


def _ignored(name: str) -> bool:
    return any(fnmatch(name, pattern) for pattern in IGNORED)


# -- opening without following links -----------------------------------------------------------


def _shown(parts: Sequence[str]) -> str:
    return visible("/".join(p for p in parts if p not in ("", ".")), 120)


def _is_link(dir_fd: int, name: str) -> bool:
    try:
        return stat.S_ISLNK(os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode)
    except OSError:
        return False


def open_folder(root: str | os.PathLike, parts: Sequence[str]) -> int:
    """A descriptor of ``root``/``parts``…, opened one folder at a time, never through a link.

    ``root`` is trusted (the course folder); every part below it must be a real folder.
    Raises :class:`Refused` (Spanish) for a link or a file on the way, FileNotFoundError when
    a part is missing.
    """
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for index, part in enumerate(parts):
            if part in ("", "."):
                continue
            shown = _shown(parts[: index + 1])
            if part == ".." or "/" in part or "\x00" in part:
                raise Refused(f"«{shown}» no es una carpeta de la entrega.")
            try:
                inner = os.open(part, _DIR, dir_fd=fd)
            except FileNotFoundError:
                raise
            except OSError as exc:
                if _is_link(fd, part):
                    raise Refused(
                        f"La carpeta «{shown}» es un enlace a otra carpeta: no se ha leído nada "
                        "de ella."
                    ) from None
                if exc.errno == errno.ENOTDIR:
                    raise Refused(f"«{shown}» no es una carpeta.") from None
                raise Refused(f"No se pudo abrir la carpeta «{shown}» ({exc.strerror}).") from None
            os.close(fd)
            fd = inner
    except BaseException:
        os.close(fd)
        raise
    return fd


def _read_at(dir_fd: int, name: str, limit: int, shown: str) -> bytes:
    try:
        info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise Refused(f"No se pudo leer «{shown}» ({exc.strerror}).") from None
    if stat.S_ISLNK(info.st_mode):
        raise Refused(f"«{shown}» es un enlace a otro archivo: no se ha leído.")
    if not stat.S_ISREG(info.st_mode):
        raise Refused(f"«{shown}» no es un archivo normal: no se ha leído.")
    if info.st_size > limit:
        raise Refused(too_big(shown, info.st_size, limit))
    try:
        fd = os.open(name, _FILE, dir_fd=dir_fd)
    except OSError as exc:  # swapped for a link since the check above
        raise Refused(f"No se pudo leer «{shown}» ({exc.strerror}).") from None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"«{shown}» no es un archivo normal: no se ha leído.")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise Refused(too_big(shown, len(data), limit))
    return data


def read_file(root: str | os.PathLike, parts: Sequence[str], limit: int) -> bytes:
    """The bytes of ``root``/``parts``… (a regular file of at most ``limit`` bytes), read
    without following any link on the way. Raises :class:`Refused` or FileNotFoundError."""
    folder = open_folder(root, parts[:-1])
    try:
        return _read_at(folder, parts[-1], limit, _shown(parts[-1:]))
    finally:
        os.close(folder)


# -- what a submission holds -------------------------------------------------------------------


@dataclass
class Entry:
    """A regular file of a submission: its path inside the exercise's folder and size."""

    path: str
    size: int


@dataclass
class Intake:
    """One learner's submission of one exercise, checked (messages in Spanish)."""

    student: str
    files: list[Entry] = field(default_factory=list)  # what may be read, in priority order
    problems: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    #: problems that make nbgrader's own copy unsafe (it copies every file, following links)
    unsafe: list[str] = field(default_factory=list)
    notebooks_ok: bool = True
    timestamp: str | None = None  # the submission time in nbgrader's format, UTC
    refused: bool = False  # nothing of it may be used
    safe_id: bool = True
    entries: int = 0  # files, folders and links met

    @property
    def total_bytes(self) -> int:
        return sum(entry.size for entry in self.files)

    def refuse(self, reason: str, safe_id: bool = True) -> Intake:
        self.problems.append(reason)
        self.unsafe.append(reason)
        self.refused, self.notebooks_ok, self.safe_id, self.files = True, False, safe_id, []
        return self

    def flag(self, reason: str, unsafe: bool = True) -> None:
        self.problems.append(reason)
        if unsafe:
            self.unsafe.append(reason)


def _first(name: str, is_dir: bool, depth: int) -> tuple[int, str]:
    """Walk order: at the top, the exercise's own files first (notebooks, answers, timestamp),
    so that a crowd of other files never hides them; then files before folders."""
    own = depth == 0 and (name.endswith(".ipynb") or name.startswith(FILE_PREFIX))
    return (0 if own or (depth == 0 and name == TIMESTAMP) else 1 if not is_dir else 2), name


def _walk(
    dir_fd: int, prefix: str, depth: int, limits: Limits, intake: Intake, found: list[Entry]
) -> None:
    """Every regular file below ``dir_fd`` (recursion bounded by ``folder_depth``, entries by
    ``learner_files``: :class:`_TooMany` stops the walk)."""
    listed = []
    with os.scandir(dir_fd) as entries:
        for entry in entries:  # a folder of a million files is never listed whole
            listed.append(_first(entry.name, entry.is_dir(follow_symlinks=False), depth))
            if len(listed) > 10 * limits.learner_files:
                raise _TooMany
    for _, name in sorted(listed):
        if _ignored(name):
            continue
        path = prefix + name
        intake.entries += 1
        if intake.entries > limits.learner_files:
            raise _TooMany
        try:
            info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
        except FileNotFoundError:
            continue
        if stat.S_ISLNK(info.st_mode):
            intake.links.append(path)
            intake.flag(f"«{visible(path, 120)}» es un enlace a otro archivo: no se ha leído.")
        elif stat.S_ISDIR(info.st_mode):
            if depth >= limits.folder_depth:
                intake.flag(
                    f"«{visible(path, 120)}» está a más de {limits.folder_depth} carpetas de "
                    "profundidad: no se ha tenido en cuenta."
                )
                continue
            try:
                inner = os.open(name, _DIR, dir_fd=dir_fd)
            except OSError:
                intake.flag(f"No se pudo abrir la carpeta «{visible(path, 120)}».")
                continue
            try:
                _walk(inner, path + "/", depth + 1, limits, intake, found)
            finally:
                os.close(inner)
        elif stat.S_ISREG(info.st_mode):
            found.append(Entry(path, info.st_size))
        else:
            intake.flag(
                f"«{visible(path, 120)}» no es un archivo normal y no se ha tenido en cuenta."
            )


def file_limit(path: str, limits: Limits = LIMITS) -> int:
    """The size limit of a file of a submission, by its path inside the exercise's folder."""
    if path == TIMESTAMP:
        return limits.timestamp_bytes
    if "/" not in path and path.startswith(FILE_PREFIX) and path.endswith(".json"):
        return limits.answers_file_bytes
    return limits.file_bytes


def parse_timestamp(raw: bytes) -> str | None:
    """nbgrader's «YYYY-MM-DD HH:MM:SS.ffffff UTC» for a submission's timestamp.txt, or None
    when it is not one (nbgrader itself would stop grading that submission)."""
    try:
        text = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        return None
    if not _TIMESTAMP.fullmatch(text):
        return None
    from nbgrader.utils import parse_utc

    try:
        moment = parse_utc(text)
    except (ValueError, OverflowError, TypeError):
        return None
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f") + " UTC"


def notebook_problem(raw: bytes, name: str) -> str | None:
    """Why a notebook's bytes are not a Jupyter notebook nbformat accepts (Spanish), or None."""
    import nbformat

    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return f"El cuaderno «{name}» está dañado (no es un cuaderno de Jupyter válido)."
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        return f"El cuaderno «{name}» está dañado (no tiene celdas)."
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
            nbformat.validate(nb)
    except Exception:  # whatever nbformat says, it is the learner's file that is wrong
        return (
            f"El cuaderno «{name}» está dañado (es JSON, pero no tiene el formato de un cuaderno "
            "de Jupyter)."
        )
    return None


def check_submission(
    root: str | os.PathLike,
    parts: Sequence[str],
    notebooks: Sequence[str],
    student: str | None = None,
    limits: Limits = LIMITS,
) -> Intake:
    """Check the folder ``root``/``parts``… (a learner's exercise) before anything reads it.

    ``notebooks`` are the exercise's notebook names (stems); ``student`` the learner's id when
    it is to be checked too. Nothing is opened through a link, nothing but regular files is
    read, sizes are checked per file and per learner, the notebooks are validated with
    nbformat and the timestamp with nbgrader's parser. Only the files listed in ``files`` may
    be copied or read afterwards (with :func:`read_file`).
    """
    intake = Intake(student or "")
    if student is not None and (problem := student_id_problem(student)):
        return intake.refuse(problem, safe_id=False)
    try:
        top = open_folder(root, parts)
    except FileNotFoundError:
        return intake.refuse("La carpeta de la entrega no existe.")
    except Refused as exc:
        return intake.refuse(str(exc))
    found: list[Entry] = []
    try:
        _walk(top, "", 0, limits, intake, found)
    except _TooMany:
        intake.flag(
            f"La entrega tiene más de {limits.learner_files} archivos y carpetas: el resto no se "
            "ha tenido en cuenta."
        )
    finally:
        os.close(top)
    wanted = {f"{name}.ipynb" for name in notebooks}

    def priority(entry: Entry) -> tuple[int, str]:
        """The exercise's notebooks, then its answers files and timestamp, then the rest."""
        if entry.path in wanted:
            return 0, entry.path
        return (1 if file_limit(entry.path, limits) != limits.file_bytes else 2), entry.path

    budget = limits.learner_bytes
    for entry in sorted(found, key=priority):
        shown = visible(entry.path, 120)
        if "/" not in entry.path and entry.path.endswith(".ipynb") and entry.path not in wanted:
            intake.flag(
                f"«{shown}» no es un cuaderno de este ejercicio: no se ha corregido (si es de "
                "otro ejercicio, entrégalo en la carpeta de ese ejercicio).",
                unsafe=False,
            )
            continue
        limit = file_limit(entry.path, limits)
        if entry.size > limit:
            intake.flag(too_big(shown, entry.size, limit))
            continue
        if entry.size > budget:
            intake.flag(
                f"«{shown}» no se ha tenido en cuenta: la entrega pasaría de "
                f"{size_text(limits.learner_bytes)}, el límite por persona y ejercicio."
            )
            continue
        budget -= entry.size
        intake.files.append(entry)
    accepted = {entry.path for entry in intake.files}
    for name in notebooks:
        path = f"{name}.ipynb"
        if path not in accepted:
            intake.notebooks_ok = False
            if not any(f"«{path}»" in p for p in intake.problems):
                intake.flag(f"No se entregó el cuaderno «{path}».", unsafe=False)
            continue
        try:
            problem = notebook_problem(read_file(root, [*parts, path], limits.file_bytes), path)
        except (Refused, FileNotFoundError) as exc:
            problem = (
                str(exc) if isinstance(exc, Refused) else f"No se entregó el cuaderno «{path}»."
            )
        if problem:
            intake.flag(problem)
            intake.notebooks_ok = False
            intake.files = [e for e in intake.files if e.path != path]
    if TIMESTAMP in accepted:
        intake.files = [e for e in intake.files if e.path != TIMESTAMP]
        try:
            raw = read_file(root, [*parts, TIMESTAMP], limits.timestamp_bytes)
        except (Refused, FileNotFoundError):
            raw = b"\xff"
        intake.timestamp = parse_timestamp(raw)
        if intake.timestamp is None:
            intake.flag(
                f"La hora de entrega («{TIMESTAMP}») no tiene el formato de nbgrader: se corrige "
                "sin hora de entrega (sin penalización por retraso); compruébala si había fecha "
                "límite."
            )
    return intake


# -- the answers file --------------------------------------------------------------------------


@dataclass
class Answers:
    """An answers file read for grading: the well-formed answers and why the rest were not."""

    answers: dict[str, dict] | None  # question id → {"value": …}; None: the file is not usable
    problem: str | None = None  # why the whole file is not usable (Spanish)
    set_aside: dict[str, str] = field(default_factory=dict)  # question id → reason (Spanish)
    ignored: int = 0  # answers whose question id is not valid (no question can ask for them)
    document: str = ""  # the compact JSON a test cell reads (at most answers_file_bytes)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def value_problem(value: Any, limits: Limits = LIMITS) -> str | None:
    """Why a saved value cannot be graded (Spanish, after «no tiene la forma esperada»), or None."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if not _encodable(item):
                return "tiene caracteres que no son texto válido"
        elif item is None or isinstance(item, (bool, int)):
            continue
        elif isinstance(item, float):
            if not math.isfinite(item):
                return "tiene un número que no es válido"
        elif isinstance(item, (list, dict)):
            if depth >= limits.answer_depth:
                return f"tiene más de {limits.answer_depth} niveles de listas anidadas"
            if isinstance(item, dict):
                if not all(_encodable(key) for key in item):
                    return "tiene caracteres que no son texto válido"
                stack.extend((v, depth + 1) for v in item.values())
            else:
                stack.extend((v, depth + 1) for v in item)
        else:
            return "tiene un tipo de dato que no es de una respuesta"
    size = len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    if size > limits.answer_bytes:
        return (
            f"es demasiado larga ({size_text(size)}; el límite es {size_text(limits.answer_bytes)})"
        )
    return None


def parse_answers(raw: bytes, notebook_id: str, limits: Limits = LIMITS) -> Answers:
    """The gradable answers of an answers file's bytes; one bad answer never spoils the rest."""
    name = f"{FILE_PREFIX}{notebook_id}.json"
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return Answers(None, f"El archivo de respuestas «{name}» está dañado (no es JSON válido).")
    invalid = f"El archivo de respuestas «{name}» no es válido: "
    if not isinstance(data, dict):
        return Answers(None, invalid + "el archivo no contiene un objeto JSON con respuestas.")
    if data.get("schema") != SCHEMA_VERSION:
        return Answers(None, invalid + "versión de formato desconocida.")
    answers = data.get("answers")
    if not isinstance(answers, dict):
        return Answers(
            None, invalid + "falta la sección de respuestas o no tiene la forma esperada."
        )
    kept: dict[str, dict] = {}
    read = Answers(kept)
    for qid, record in answers.items():
        if not valid_question_id(qid):
            read.ignored += 1
            continue
        if not isinstance(record, dict) or "value" not in record:
            problem: str | None = "no es un registro de respuesta"
        else:
            problem = value_problem(record["value"], limits)
        if problem:
            read.set_aside[qid] = (
                f"Tu respuesta a «{qid}» no tiene la forma esperada ({problem}): no se ha podido "
                "corregir y esa pregunta vale 0. Vuelve a responderla con el control del cuaderno."
            )
            continue
        kept[qid] = {"value": record["value"]}
    document = {"schema": SCHEMA_VERSION, "notebook": notebook_id, "answers": read.answers}
    read.document = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    size = len(read.document.encode("utf-8"))
    if size > limits.answers_file_bytes:
        return Answers(
            None,
            f"El archivo de respuestas «{name}» es demasiado grande una vez leído "
            f"({size_text(size)}; el límite es {size_text(limits.answers_file_bytes)}) y no se "
            "ha corregido.",
        )
    return read


def read_answers(
    root: str | os.PathLike, parts: Sequence[str], notebook_id: str, limits: Limits = LIMITS
) -> Answers:
    """The answers file of ``notebook_id`` in ``root``/``parts``…, read without following any
    link on the way, checked whole and answer by answer (see :func:`parse_answers`)."""
    name = f"{FILE_PREFIX}{notebook_id}.json"
    try:
        raw = read_file(root, [*parts, name], limits.answers_file_bytes)
    except FileNotFoundError:
        return Answers(None, f"No se entregó el archivo de respuestas «{name}».")
    except Refused as exc:
        message = str(exc)
        if message.startswith(f"«{name}»"):
            message = "El archivo de respuestas " + message
        if "enlace" in message:
            message += " Entrega tu propio archivo de respuestas."
        return Answers(None, message)
    return parse_answers(raw, notebook_id, limits)


def relative_parts(root: Path, folder: Path) -> tuple[Path, list[str]]:
    """(trusted root, parts below it) for ``folder``: below ``root`` when it is inside it,
    otherwise from the file system's root (every folder on the way is then checked)."""
    folder = Path(os.path.abspath(folder))
    root = Path(os.path.abspath(root))
    try:
        return root, list(folder.relative_to(root).parts)
    except ValueError:
        return Path(folder.anchor), list(folder.parts[1:])
