"""Autograde engine for nbgrader: rebuilds each submission from the source and scores the answers file as data, running no learner code."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import re
import stat
import tempfile
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor

from .lessons import exercise_answers_id
from .store import FILE_PREFIX, MAX_FILE_BYTES, validate_document

#: Where the engine leaves what it found, in the autograded notebook's metadata.
REPORT_KEY = "curso_correccion"
_ASKED_ID = re.compile(
    r"""["']id["']\s*:\s*["']([A-Za-z0-9_.-]+)["']|\.store\s*,\s*["']([A-Za-z0-9_.-]+)["']"""
)
_START = re.compile(r"""start\(\s*["']([A-Za-z0-9_.-]+)["']""")


# -- reading a submission's answers: data only, no links, bounded ------------------------------


def answers_id(cells: Any, notebook: str) -> str:
    """The id of the answers file a notebook saves to: its ``start("…")`` call.

    ``notebook`` is nbgrader's notebook name (the file stem, «ejercicio-01-…»); without a
    ``start`` call the id is that name without the exercise prefix («01-…»).
    """
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, Mapping) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        if found := _START.search(source):
            return found.group(1)
    return exercise_answers_id(notebook)


def read_submitted_answers(
    folder: str | os.PathLike, notebook_id: str
) -> tuple[dict[str, dict] | None, str | None]:
    """The answers of ``respuestas-<notebook_id>.json`` in ``folder``, or (None, Spanish reason).

    The file is opened without following links, must be a regular file no larger than the
    store's limit and must have the store's shape. Nothing else in the folder is read.
    """
    name = f"{FILE_PREFIX}{notebook_id}.json"
    path = Path(folder) / name
    try:
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
    except FileNotFoundError:
        return None, f"No se entregó el archivo de respuestas «{name}»."
    except OSError as exc:
        if path.is_symlink():
            return None, (
                f"El archivo de respuestas «{name}» es un enlace a otro archivo: "
                "no se ha leído. Entrega tu propio archivo de respuestas."
            )
        return None, f"No se pudo leer el archivo de respuestas «{name}» ({exc.strerror})."
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            return None, f"«{name}» no es un archivo normal: no se ha leído."
        if info.st_size > MAX_FILE_BYTES:
            return None, (
                f"El archivo de respuestas «{name}» es demasiado grande "
                f"({info.st_size // 1_000_000} MB) y no se ha leído."
            )
        raw = fh.read(MAX_FILE_BYTES + 1)
    try:
        return validate_document(json.loads(raw.decode("utf-8"))), None
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None, f"El archivo de respuestas «{name}» está dañado (no es JSON válido)."
    except ValueError as exc:
        return None, f"El archivo de respuestas «{name}» no es válido: {exc}."


# -- rebuilding the notebook from the source ---------------------------------------------------


def _grade_id(cell: Mapping[str, Any]) -> str | None:
    meta = cell.get("metadata", {}).get("nbgrader") or {}
    return meta.get("grade_id") if isinstance(meta, Mapping) else None


def rebuild(submitted: Any, source: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, dict]:
    """The source notebook, whatever the submission holds, and what differed.

    Exercise notebooks have no editable cells (answers live in the answers file), so the graded
    notebook is the instructor's source: cells a learner added are dropped (never rendered or
    run), deleted cells come back, and edited locked cells are restored. The report counts them.
    """
    cells = submitted.get("cells") if isinstance(submitted, Mapping) else None
    cells = cells if isinstance(cells, list) else []
    known = {_grade_id(c) for c in source.cells} - {None}
    seen = [gid for c in cells if isinstance(c, Mapping) and (gid := _grade_id(c)) in known]
    added = sum(1 for c in cells if not isinstance(c, Mapping) or _grade_id(c) not in known)
    missing = sorted(known - set(seen))
    rebuilt = copy.deepcopy(source)
    for cell in rebuilt.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    report = {"celdas_anadidas": added, "celdas_restauradas": missing}
    return rebuilt, report


def _note(report: Mapping[str, Any]) -> str | None:
    """A Spanish note for the top of the graded notebook when the submission was altered."""
    parts = []
    if report.get("celdas_anadidas"):
        parts.append(
            f"Se han ignorado {report['celdas_anadidas']} celdas añadidas al cuaderno: "
            "la corrección solo lee tu archivo de respuestas."
        )
    if report.get("celdas_restauradas"):
        parts.append(f"Se han restaurado {len(report['celdas_restauradas'])} celdas que faltaban.")
    if report.get("enlaces"):
        parts.append(f"Se han ignorado {len(report['enlaces'])} enlaces a otros archivos.")
    if report.get("respuestas"):
        parts.append(str(report["respuestas"]))
    return ("**Nota de la corrección.** " + " ".join(parts)) if parts else None


# -- scoring one cell from the answers ---------------------------------------------------------


def run_test_cell(
    source: str, answers: Mapping[str, dict] | None, notebook_id: str, label: str
) -> tuple[str, Any, str | None]:
    """Run an instructor's test cell (from the source) against a copy of the validated answers.

    Returns (printed text, value of the last expression, error text or None). The cell runs
    in a temporary folder that holds only the validated answers, so it can read nothing else of
    the submission.
    """
    import ast

    out = io.StringIO()
    tree = ast.parse(source, filename=label)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    namespace: dict[str, Any] = {"__name__": "__curso_correccion__"}
    previous = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="correccion-") as tmp:
        if answers is not None:
            document = {"schema": 1, "notebook": notebook_id, "answers": dict(answers)}
            (Path(tmp) / f"{FILE_PREFIX}{notebook_id}.json").write_text(
                json.dumps(document, ensure_ascii=False), encoding="utf-8"
            )
        try:
            os.chdir(tmp)
            with contextlib.redirect_stdout(out):
                exec(compile(tree, label, "exec"), namespace)  # noqa: S102 - instructor's code
                value = (
                    eval(compile(ast.Expression(last.value), label, "eval"), namespace)
                    if last is not None
                    else None
                )
        except Exception:  # an error of the exercise: the cell scores 0 and the log says why
            return out.getvalue(), None, traceback.format_exc(limit=3)
        finally:
            os.chdir(previous)
    return out.getvalue(), value, None


def describe_answer(value: Any) -> str:
    """A saved answer as plain text for the grader's view (formgrader escapes text output)."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return "\n".join(f"{k} → {describe_answer(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(describe_answer(v) for v in value)
    return json.dumps(value, ensure_ascii=False)


def _stream(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("stream", name="stdout", text=text)


# -- the nbgrader preprocessors ----------------------------------------------------------------


class _CourseAware(NbGraderPreprocessor):
    """Knows where the course's folders are (nbgrader runs from the course folder)."""

    def _paths(self, resources: Mapping[str, Any]) -> tuple[Path, Path, Path]:
        info = resources["nbgrader"]
        coursedir = CourseDirectory(config=self.config)
        submitted = Path(
            coursedir.format_path(
                coursedir.submitted_directory, info["student"], info["assignment"]
            )
        )
        autograded = Path(
            coursedir.format_path(
                coursedir.autograded_directory, info["student"], info["assignment"]
            )
        )
        source = Path(coursedir.format_path(coursedir.source_directory, ".", info["assignment"]))
        return submitted, autograded, source / f"{info['notebook']}.ipynb"


class RebuildFromSource(_CourseAware):
    """Sanitize step: the graded notebook is the source's, and copies of linked files are removed."""

    def preprocess(self, nb, resources):
        submitted, autograded, source_path = self._paths(resources)
        source = nbformat.read(source_path, as_version=4)
        rebuilt, report = rebuild(nb, source)
        # nbgrader copied the submission's other files, following links; drop those copies
        linked = []
        if submitted.is_dir():
            for path in submitted.rglob("*"):
                if path.is_symlink():
                    linked.append(str(path.relative_to(submitted)))
                    copied = autograded / path.relative_to(submitted)
                    if copied.is_file() or copied.is_symlink():
                        copied.unlink()
        from .submissions import read_manifest

        report["enlaces"] = sorted(set(linked) | set(read_manifest(submitted).get("enlaces", [])))
        rebuilt.metadata[REPORT_KEY] = report
        if report["celdas_anadidas"] or report["celdas_restauradas"]:
            self.log.warning("%s: %s", resources["nbgrader"]["student"], report)
        return rebuilt, resources


class GradeFromAnswers(_CourseAware):
    """Autograde step: each test cell's score computed from the answers file, no kernel started."""

    def preprocess(self, nb, resources):
        submitted, _, _ = self._paths(resources)
        notebook_id = answers_id(nb.cells, resources["nbgrader"]["notebook"])
        answers, problem = read_submitted_answers(submitted, notebook_id)
        if answers is None:  # staging may know better why the file is not there (a link, too big)
            from .submissions import read_manifest

            name = f"{FILE_PREFIX}{notebook_id}.json"
            staged = [p for p in read_manifest(submitted).get("problemas", []) if f"«{name}»" in p]
            problem = staged[0] if staged else problem
        report = dict(nb.metadata.get(REPORT_KEY, {}))
        report["respuestas"] = problem
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade") and not meta.get("points"):
                continue  # a check worth no points (which questions are unanswered): not graded
            if meta.get("grade"):
                self._grade(cell, answers, problem, notebook_id)
            else:
                self._show_answer(cell, answers)
        nb.metadata[REPORT_KEY] = report
        note = _note(report)
        if note:
            nb.cells.insert(0, nbformat.v4.new_markdown_cell(note))
        return nb, resources

    def _grade(self, cell, answers, problem, notebook_id) -> None:
        label = f"<{cell.metadata['nbgrader']['grade_id']}>"
        printed, value, error = run_test_cell(cell.source, answers, notebook_id, label)
        outputs = []
        text = (problem + "\n" if problem else "") + printed
        if text:
            outputs.append(_stream(text))
        if error:
            self.log.error("test cell %s failed (an error of the exercise):\n%s", label, error)
            outputs.append(
                nbformat.v4.new_output(
                    "error",
                    ename="ErrorDelEjercicio",
                    evalue="La corrección automática de esta celda falló; revísala a mano.",
                    traceback=[],
                )
            )
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            outputs.append(
                nbformat.v4.new_output(
                    "execute_result", data={"text/plain": repr(float(value))}, execution_count=1
                )
            )
        else:  # a test cell must return its points; anything else scores 0, never full marks
            outputs.append(
                nbformat.v4.new_output(
                    "execute_result", data={"text/plain": "0.0"}, execution_count=1
                )
            )
        cell.outputs = outputs

    @staticmethod
    def _show_answer(cell, answers) -> None:
        ids = [a or b for a, b in _ASKED_ID.findall(cell.source)]
        if not ids or answers is None:
            return
        lines = []
        for qid in dict.fromkeys(ids):
            record = answers.get(qid)
            shown = describe_answer(record.get("value")) if isinstance(record, dict) else "—"
            lines.append(f"Respuesta guardada a «{qid}»:\n{shown}\n")
        cell.outputs = [_stream("\n".join(lines))]
