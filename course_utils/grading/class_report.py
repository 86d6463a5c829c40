"""The class report: what the group found hard, as an HTML page with figures, from the gradebook and the answers."""

from __future__ import annotations

import ast
import importlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

from course_utils.core.formats import es_percent, es_points
from course_utils.core.notebook_source import code_trees
from course_utils.core.templates import render
from course_utils.grading.submissions import STAGING

REPORT_FOLDER = "informe"
_DATA_MODULES = {"triage", "audit", "delegation", "maturity"}


# -- what the source says: keys and labels -----------------------------------------------------


def _value(node: ast.AST | None, names: dict[str, Any]) -> Any:
    """A literal, a name assigned a literal in the same cell, or a content call like triage.kinds()."""
    if node is None:  # the key of «**other» in a dict display: not a literal
        raise ValueError("malformed node or string: None")
    if isinstance(node, ast.Name) and node.id in names:
        return names[node.id]
    if (
        isinstance(node, ast.Call)
        and not node.args
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id in _DATA_MODULES
    ):
        module = importlib.import_module(f"course_utils.{node.func.value.id}")
        return getattr(module, node.func.attr)()
    if isinstance(node, ast.Dict):
        return {
            _value(k, names): _value(v, names) for k, v in zip(node.keys, node.values, strict=True)
        }
    return ast.literal_eval(node)


def source_questions(notebook: Path) -> dict[str, dict[str, Any]]:
    """Question id → {"prompt", "kind", "key", "labels"} from an exercise's source notebook."""
    questions: dict[str, dict[str, Any]] = {}
    for tree in code_trees(notebook):
        names: dict[str, Any] = {}
        for node in tree.body:
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
            ):
                try:
                    names[node.targets[0].id] = _value(node.value, names)
                except (ValueError, TypeError, AttributeError, ImportError):
                    continue
        for spec in names.values():
            if isinstance(spec, dict) and "id" in spec and "type" in spec:
                labels = {}
                for field in ("options", "categories", "items"):
                    raw = spec.get(field)
                    if isinstance(raw, dict):
                        labels.update({str(k): str(v) for k, v in raw.items()})
                questions.setdefault(spec["id"], {}).update(
                    prompt=str(spec.get("prompt", spec["id"])), kind=spec["type"], labels=labels
                )
        for call in ast.walk(tree):
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Name)
                and call.func.id == "grade"
                and len(call.args) >= 4
            ):
                try:
                    qid, kind, key = (_value(a, names) for a in call.args[1:4])
                except (ValueError, TypeError):
                    continue
                questions.setdefault(qid, {}).update(kind=kind, key=key)
    return questions


def wrong_choices(kind: str, key: Any, values: list[Any]) -> Counter:
    """How many learners made each wrong choice: option ids, or "item → category" for classify.

    ``values`` holds one saved value per learner; each counts a choice once."""
    wrong: Counter = Counter()
    for value in values:
        if kind == "single" and isinstance(value, str):
            accepted = set(key) if isinstance(key, list) else {key}
            if value not in accepted:
                wrong[value] += 1
        elif kind == "multiple" and isinstance(value, list):
            # one count per learner and option, however often a crafted file repeats it
            wrong.update({v for v in value if isinstance(v, str) and v not in key})
        elif kind == "classify" and isinstance(value, dict) and isinstance(key, dict):
            for item, got in value.items():
                expected = key.get(item)
                accepted = set(expected) if isinstance(expected, list) else {expected}
                if isinstance(got, str) and got not in accepted:
                    wrong[f"{item} → {got}"] += 1
    return wrong


# -- gathering the class -----------------------------------------------------------------------


def class_data(course: Path, assignment: str) -> dict[str, Any]:
    """Scores per learner and cell (gradebook) and the saved answers (staged copies)."""
    from nbgrader.api import Gradebook, MissingEntry

    from course_utils.grading.engine import read_submitted_answers

    scores: dict[str, dict[str, tuple[float | None, float, bool]]] = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        try:
            assignment_row = gb.find_assignment(assignment)
        except MissingEntry:
            return {"scores": {}, "answers": {}, "notebooks": []}
        notebooks = [nb.name for nb in assignment_row.notebooks]
        for submission in assignment_row.submissions:
            cells = {}
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    cells[grade.name] = (
                        grade.score,
                        grade.max_score,
                        grade.cell_type == "markdown" or grade.auto_score is None,
                    )
            scores[submission.student.id] = cells
    ids = [_answers_id(course / "solutions" / assignment, notebook) for notebook in notebooks]
    answers = {}
    for student in scores:
        for notebook_id in ids:
            found, _ = read_submitted_answers(course / STAGING / student / assignment, notebook_id)
            if found:
                answers[student] = {q: r.get("value") for q, r in found.items()}
    return {"scores": scores, "answers": answers, "notebooks": notebooks}


def _answers_id(source: Path, notebook: str) -> str:
    """The answers id of ``notebook`` (nbgrader's name, «ejercicio-01-…»): its source's
    ``start("…")`` call («01-…»)."""
    from course_utils.grading.engine import answers_id

    try:
        cells = json.loads((source / f"{notebook}.ipynb").read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        cells = []
    return answers_id(cells, notebook)


# -- the report --------------------------------------------------------------------------------


def _figure(fig: Any, folder: Path, name: str) -> str:
    path = folder / f"{name}.png"
    fig.savefig(path, dpi=110, bbox_inches="tight")
    return path.name


def build(course: Path, assignments: list[str]) -> Path:
    """Write informe/index.html and its PNG figures for ``assignments``; returns the page."""
    from course_utils.figures import draw as figures
    from course_utils.reviewer import CATEGORY_LABELS, review

    course = Path(course).resolve()
    folder = course / REPORT_FOLDER
    folder.mkdir(exist_ok=True)
    percents: dict[str, list[float]] = {}
    sections: list[dict[str, Any]] = []
    for assignment in assignments:
        data = class_data(course, assignment)
        section: dict[str, Any] = {"assignment": assignment, "graded": len(data["scores"])}
        sections.append(section)
        if not data["scores"]:
            continue
        auto_share: dict[str, list[float]] = {}
        manual: dict[str, list[float]] = {}
        totals = []
        for cells in data["scores"].values():
            got = sum(s for s, m, hand in cells.values() if not hand and s is not None)
            top = sum(m for s, m, hand in cells.values() if not hand)
            totals.append(100 * got / top if top else 0.0)
            for name, (score, maximum, hand) in cells.items():
                if hand:
                    if score is not None:
                        manual.setdefault(name, []).append(score)
                elif maximum:
                    auto_share.setdefault(name, []).append(100 * (score or 0) / maximum)
        percents[assignment] = totals
        shares = {name: sum(v) / len(v) for name, v in auto_share.items()}
        section["mean"] = es_percent(sum(totals) / len(totals), 0)
        section["hard"] = _figure(
            figures.hardest_questions(shares), folder, f"{assignment}-preguntas"
        )
        questions = {}
        for notebook in data["notebooks"]:
            path = course / "solutions" / assignment / f"{notebook}.ipynb"
            if path.exists():
                questions.update(source_questions(path))
        wrong = []
        for qid, info in questions.items():
            if "key" not in info:
                continue
            values = [a.get(qid) for a in data["answers"].values() if qid in a]
            labels = info.get("labels", {})
            for choice, count in wrong_choices(info["kind"], info["key"], values).most_common(3):
                item, _, got = choice.partition(" → ")
                shown = (
                    f"{labels.get(item, item)[:70]} → {labels.get(got, got)}"
                    if got
                    else labels.get(choice, choice)
                )
                wrong.append((info.get("prompt", qid)[:80], shown, count))
        section["wrong"] = wrong
        flagged: Counter = Counter()
        texts = 0
        for learner in data["answers"].values():
            for value in learner.values():
                if isinstance(value, str) and len(value.split()) >= 8:
                    texts += 1
                    flagged.update({CATEGORY_LABELS.get(c, c) for c in review(value).categories()})
        section["texts"] = texts
        if texts:
            section["texts_figure"] = _figure(
                figures.text_problems(dict(flagged), texts), folder, f"{assignment}-textos"
            )
        section["manual"] = [(n, es_points(sum(v) / len(v)), len(v)) for n, v in manual.items()]
    overview = ""
    if percents:
        overview = _figure(figures.class_scores(percents), folder, "notas-por-ejercicio")
    page = folder / "index.html"
    page.write_text(render("informe.html.j2", overview=overview, sections=sections), "utf-8")
    return page
