"""Feedback returned to nbgrader's exchange one learner at a time: one learner's missing or odd files never stop the others'."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path

from course_utils.grading.collect import (
    DIR_FLAGS,
    FILE_FLAGS,
    MAX_SMALL_FILE,
    MAX_SUBMISSION_FILE,
    NEW_FILE_FLAGS,
    SAFE_ID,
    SECRET,
    SECRET_FILE,
    Refused,
    Settings,
    open_exchange,
    settings,
    shown,
)


@dataclass
class FeedbackReport:
    """What publishing feedback did: who got it, who did not and why (Spanish)."""

    assignment: str
    released: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    error: str | None = None

    def lines(self) -> list[str]:
        """Spanish lines for the trainer."""
        if self.error:
            return [self.error]
        out = [f"Devolución de «{s}» no publicada: {r}" for s, r in self.skipped.items()]
        out.append(f"Devoluciones de «{self.assignment}» publicadas: {len(self.released)}.")
        return out


def _open_dir(parent: int, name: str) -> int:
    info = os.stat(name, dir_fd=parent, follow_symlinks=False)  # FileNotFoundError: none
    if not stat.S_ISDIR(info.st_mode):
        raise Refused(f"«{shown(name)}» no es una carpeta (¿un enlace?).")
    fd = os.open(name, DIR_FLAGS, dir_fd=parent)
    if os.fstat(fd).st_ino != info.st_ino:
        os.close(fd)
        raise Refused(f"«{shown(name)}» cambió mientras se publicaba.")
    return fd


def _regular(fd: int, name: str, limit: int) -> bytes:
    if stat.S_ISLNK(os.stat(name, dir_fd=fd, follow_symlinks=False).st_mode):
        raise Refused(f"«{shown(name)}» es un enlace a otro archivo: no se ha abierto.")
    handle = os.open(name, FILE_FLAGS, dir_fd=fd)  # O_NOFOLLOW: a link swapped in fails
    with os.fdopen(handle, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            raise Refused(f"«{shown(name)}» no es un archivo normal o es demasiado grande.")
        return fh.read(limit)


def _feedback_of(source: int, student: str, assignment: str) -> tuple[str, list]:
    """(secret, [(notebook id, page)]) of a learner's feedback/<student>/<assignment>/."""
    outer = _open_dir(source, student)
    try:
        fd = _open_dir(outer, assignment)
    finally:
        os.close(outer)
    try:
        try:
            secret = _regular(fd, SECRET_FILE, MAX_SMALL_FILE).decode("ascii", "replace")
        except FileNotFoundError:
            raise Refused(
                f"falta «{SECRET_FILE}» de su entrega (¿se recogió sin el intercambio?)."
            ) from None
        if not SECRET.fullmatch(secret):
            raise Refused(f"«{SECRET_FILE}» de su entrega no tiene la forma de nbgrader.")
        pages = [
            (name[: -len(".html")], _regular(fd, name, MAX_SUBMISSION_FILE))
            for name in sorted(os.listdir(fd))
            if name.endswith(".html")
        ]
    finally:
        os.close(fd)
    if not pages:
        raise Refused("no hay ninguna página de devolución: ¿falló su corrección?")
    return secret, pages


def _publish(outbox: int, digest: str, data: bytes) -> None:
    """Write ``<digest>.html`` in the exchange (0644: the name is the learner's secret)."""
    temporary = f".{digest}-{secrets.token_hex(4)}.tmp"
    handle = os.open(temporary, NEW_FILE_FLAGS, 0o644, dir_fd=outbox)
    try:
        with os.fdopen(handle, "wb") as fh:
            os.fchmod(fh.fileno(), 0o644)
            fh.write(data)
        os.rename(temporary, f"{digest}.html", src_dir_fd=outbox, dst_dir_fd=outbox)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=outbox)
        raise


def release_feedback(
    course: Path, assignment: str, student: str | None = None, where: Settings | None = None
) -> FeedbackReport:
    """Publish feedback/<student>/<assignment>/*.html to the exchange as nbgrader's
    release_feedback does (named by the hash of the submission's secret), learner by learner:
    one learner's missing or odd files skip only that learner, with a Spanish reason."""
    from nbgrader.utils import notebook_hash

    course = Path(course).resolve()
    report = FeedbackReport(assignment)
    where = where or settings(course)
    try:
        outbox = open_exchange(where, "feedback", create=0o711)
    except (OSError, ValueError) as exc:
        report.error = "No se pueden publicar las devoluciones en el intercambio: " + (
            str(exc) if isinstance(exc, ValueError) else f"{exc.strerror} ({where.root})."
        )
        return report
    try:
        source = os.open(course / "feedback", DIR_FLAGS)
    except OSError:
        os.close(outbox)
        report.error = "No hay devoluciones que publicar: falta la carpeta feedback/ del curso."
        return report
    try:
        pending: dict[str, tuple[str, list]] = {}
        for name in sorted(os.listdir(source)):
            if student is not None and name != student:
                continue
            if not SAFE_ID.fullmatch(name):
                report.skipped[shown(name)] = "el nombre de la carpeta no es un alumno válido."
                continue
            try:
                pending[name] = _feedback_of(source, name, assignment)
            except FileNotFoundError:
                continue  # no feedback for this exercise
            except Refused as exc:
                report.skipped[name] = str(exc)
            except OSError as exc:
                report.skipped[name] = f"no se ha podido leer ({exc.strerror})."
        by_secret: dict[str, list[str]] = {}
        for name, (secret, _) in pending.items():
            by_secret.setdefault(secret, []).append(name)
        for names in (n for n in by_secret.values() if len(n) > 1):
            for name in names:  # the same hash: one would receive the other's feedback
                others = ", ".join(f"«{o}»" for o in names if o != name)
                report.skipped[name] = f"su entrega tiene la misma clave secreta que {others}."
                del pending[name]
        for name, (secret, pages) in sorted(pending.items()):
            try:
                for notebook_id, data in pages:
                    _publish(outbox, notebook_hash(secret=secret, notebook_id=notebook_id), data)
            except OSError as exc:
                report.skipped[name] = f"no se ha podido escribir ({exc.strerror})."
            else:
                report.released.append(name)
    finally:
        os.close(source)
        os.close(outbox)
    return report
