"""Answers store: one notebook's answers in one JSON file beside it, saved atomically."""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from course_utils.core.errors import CourseError
from course_utils.core.files import write_atomic
from course_utils.core.formats import es_size

SCHEMA_VERSION = 1
FILE_PREFIX = "respuestas-"
MAX_VALUE_BYTES = 100_000  # one answer, as JSON
MAX_FILE_BYTES = 5_000_000  # a bigger file is not read (it cannot be a real answers file)
MAX_ANSWERS = 5_000
_MISSING = object()


class AnswerError(CourseError, ValueError):
    """An answer that cannot be saved; its message is Spanish, for the learner."""


def answers_path(notebook_id: str, folder: str | os.PathLike = ".") -> Path:
    """Where the answers of ``notebook_id`` live (the kernel's folder by default)."""
    _check_id(notebook_id, "cuaderno")
    return Path(folder) / f"{FILE_PREFIX}{notebook_id}.json"


def _check_id(value: str, what: str) -> None:
    ok = isinstance(value, str) and 0 < len(value) <= 80
    if ok:
        ok = all(ch.isalnum() or ch in "-_." for ch in value) and not value.startswith(".")
    if not ok:
        raise ValueError(
            f"Identificador de {what} no válido: {value!r}. Usa letras, números, '-' o '_'."
        )


def _now() -> str:
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


def _encode(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise AnswerError(
            "Esta respuesta no se puede guardar (tipo de dato no admitido). "
            "Vuelve a responder con el control del cuaderno."
        ) from exc


def validate_document(data: Any) -> dict[str, dict]:
    """Return the answers mapping of a parsed answers file, or raise ValueError (Spanish)."""
    if not isinstance(data, dict):
        raise ValueError("el archivo no contiene un objeto JSON con respuestas")
    schema = data.get("schema")
    if schema != SCHEMA_VERSION:
        raise ValueError(f"versión de formato desconocida ({schema!r})")
    answers = data.get("answers")
    if not isinstance(answers, dict):
        raise ValueError("falta la sección de respuestas o no tiene la forma esperada")
    for qid, record in answers.items():
        if not isinstance(record, dict) or "value" not in record:
            raise ValueError(f"la respuesta {qid!r} no tiene la forma esperada")
    return answers


def read_answers(path: str | os.PathLike) -> tuple[dict[str, dict], str | None]:
    """Read an answers file without changing it: (answers, problem in Spanish or None)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return {}, f"No se encontró el archivo de respuestas «{path.name}»."
    except OSError as exc:
        return {}, f"No se pudo leer el archivo de respuestas «{path.name}» ({exc.strerror})."
    if size > MAX_FILE_BYTES:
        return {}, (
            f"El archivo de respuestas «{path.name}» es demasiado grande ({es_size(size)}; "
            f"el límite es {es_size(MAX_FILE_BYTES)}) y no se ha leído."
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return validate_document(data), None
    except (UnicodeDecodeError, json.JSONDecodeError):
        return {}, f"El archivo de respuestas «{path.name}» está dañado (no es JSON válido)."
    except ValueError as exc:
        return {}, f"El archivo de respuestas «{path.name}» no es válido: {exc}."


class AnswerStore:
    """The answers of one notebook, kept in ``respuestas-<notebook_id>.json``."""

    def __init__(self, notebook_id: str, folder: str | os.PathLike = ".") -> None:
        self.notebook_id = notebook_id
        self.path = answers_path(notebook_id, folder)
        self.warnings: list[str] = []
        #: ids of the questions that read or saved an answer here, in order (what a notebook asks)
        self.asked: dict[str, None] = {}
        #: what a learner reads for a question (its prompt), for lists of what is left to answer
        self.labels: dict[str, str] = {}
        #: called as hook(qid, value) after every successful save, whoever saved
        self.after_save: list = []

    # -- reading ---------------------------------------------------------------
    @property
    def lock_path(self) -> Path:
        """The lock file beside the answers: a dotfile (``.respuestas-….json.lock``), hidden."""
        return self.path.with_name(f".{self.path.name}.lock")

    def _lock(self):
        from filelock import FileLock  # imported on first save or read

        return FileLock(str(self.lock_path), timeout=30)

    def _read(self) -> tuple[dict[str, dict], str | None]:
        """Answers and a problem, changing nothing (writes are atomic: no lock needed)."""
        answers, problem = read_answers(self.path)
        if problem and not self.path.exists():
            problem = None  # no file yet: nothing answered, nothing wrong
        return answers, problem

    def _move_aside(self, problem: str) -> None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.danado-{stamp}")
        n = 1
        while aside.exists():
            aside = self.path.with_name(f"{self.path.name}.danado-{stamp}-{n}")
            n += 1
        os.replace(self.path, aside)
        self.warnings.append(
            f"⚠️ {problem} Lo hemos apartado como «{aside.name}» para no perder nada "
            "y hemos empezado un archivo nuevo con tu respuesta."
        )

    def load(self) -> dict[str, dict]:
        """All records, keyed by question id. A damaged file reads as empty, with a warning;
        it is moved aside (never deleted) only when a new answer is saved."""
        answers, problem = self._read()
        if problem:
            warning = (
                f"⚠️ {problem} No se ha podido recuperar lo que había. "
                "Cuando guardes una respuesta, lo apartaremos con otro nombre para no perder nada."
            )
            if warning not in self.warnings:
                self.warnings.append(warning)
        return answers

    def get(self, qid: str, default: Any = None) -> Any:
        """The saved value of ``qid``, or ``default``."""
        self.asked.setdefault(qid)
        record = self.load().get(qid)
        return default if record is None else record.get("value", default)

    def record(self, qid: str) -> dict | None:
        """The whole saved record of ``qid`` (value, saved_at, attempts), or None."""
        self.asked.setdefault(qid)
        return self.load().get(qid)

    # -- writing ---------------------------------------------------------------
    def save(self, qid: str, value: Any) -> dict:
        """Save ``value`` as the answer to ``qid`` and return its record."""
        _check_id(qid, "pregunta")
        self.asked.setdefault(qid)
        encoded = _encode(value)
        if len(encoded.encode("utf-8")) > MAX_VALUE_BYTES:
            raise AnswerError(
                f"Tu respuesta es demasiado larga para guardarla (más de "
                f"{MAX_VALUE_BYTES // 1000} KB). Acórtala y vuelve a intentarlo."
            )
        value = json.loads(encoded)  # store exactly what a reader will get back
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock():
            answers, problem = self._read()
            if problem:
                self._move_aside(problem)
            if qid not in answers and len(answers) >= MAX_ANSWERS:
                raise AnswerError("Este cuaderno ya tiene demasiadas respuestas guardadas.")
            previous = answers.get(qid, {})
            attempts = previous.get("attempts", 0)
            record = {
                "value": value,
                "saved_at": _now(),
                "attempts": (attempts if isinstance(attempts, int) else 0) + 1,
            }
            answers[qid] = record
            self._write_unlocked(answers)
        for hook in list(self.after_save):
            try:
                hook(qid, value)
            except Exception:  # a listener that fails never undoes or hides a save
                pass
        return record

    def _write_unlocked(self, answers: dict[str, dict]) -> None:
        document = {
            "schema": SCHEMA_VERSION,
            "notebook": self.notebook_id,
            "updated_at": _now(),
            "answers": answers,
        }
        text = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True)
        # 0600: nobody else reads it, on a hub or a shared machine
        write_atomic(self.path, text, mode=0o600, durable=True)


def format_time(saved_at: str | None) -> str:
    """'a las 11:32' from a record's ISO time (Spanish, local time)."""
    if not saved_at:
        return ""
    try:
        moment = datetime.fromisoformat(saved_at)
    except ValueError:
        return ""
    return f"a las {moment.astimezone().strftime('%H:%M:%S')}"
