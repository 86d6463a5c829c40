"""The class report: what the group found hard, as an HTML page with figures, from the gradebook and the answers."""

from __future__ import annotations

import ast
import html
import importlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

from course_utils.core.formats import es_percent, es_points
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
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    questions: dict[str, dict[str, Any]] = {}
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        try:
            tree = ast.parse("".join(cell["source"]))
        except SyntaxError:
            continue
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
    esc = html.escape
    percents: dict[str, list[float]] = {}
    sections: list[str] = []
    for assignment in assignments:
        data = class_data(course, assignment)
        if not data["scores"]:
            sections.append(f"<h2>{esc(assignment)}</h2><p>Todavía no hay entregas corregidas.</p>")
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
        hard = _figure(figures.hardest_questions(shares), folder, f"{assignment}-preguntas")
        questions = {}
        for notebook in data["notebooks"]:
            path = course / "solutions" / assignment / f"{notebook}.ipynb"
            if path.exists():
                questions.update(source_questions(path))
        rows = []
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
                rows.append(
                    f"<tr><td>{esc(info.get('prompt', qid)[:80])}</td>"
                    f"<td>{esc(shown)}</td><td>{count}</td></tr>"
                )
        flagged: Counter = Counter()
        texts = 0
        for learner in data["answers"].values():
            for value in learner.values():
                if isinstance(value, str) and len(value.split()) >= 8:
                    texts += 1
                    flagged.update({CATEGORY_LABELS.get(c, c) for c in review(value).categories()})
        parts = [
            f"<h2>{esc(assignment)}</h2>",
            f"<p>{len(data['scores'])} entregas corregidas; nota automática media: "
            f"{es_percent(sum(totals) / len(totals), 0)}.</p>",
            f"<figure><img src='{hard}' alt='Media de la clase por pregunta'>"
            "<figcaption>Barras de la media de la clase en cada pregunta automática, de la "
            "más difícil (arriba) a la más fácil (abajo).</figcaption></figure>",
        ]
        if rows:
            parts.append(
                "<h3>Respuestas equivocadas más elegidas</h3><table><thead><tr>"
                "<th>Pregunta</th><th>Elección equivocada</th><th>Veces</th></tr></thead>"
                f"<tbody>{''.join(rows)}</tbody></table>"
            )
        if texts:
            name = _figure(
                figures.text_problems(dict(flagged), texts), folder, f"{assignment}-textos"
            )
            parts.append(
                f"<figure><img src='{name}' alt='Problemas en los textos'><figcaption>"
                f"Cuántos de los {texts} textos escritos tienen cada tipo de problema según "
                "el revisor del curso.</figcaption></figure>"
            )
        if manual:
            items = "".join(
                f"<li>{esc(n)}: media {es_points(sum(v) / len(v))} "
                f"({len(v)} corregidas a mano)</li>"
                for n, v in manual.items()
            )
            parts.append(f"<h3>Notas puestas a mano</h3><ul>{items}</ul>")
        else:
            parts.append("<p>Aún no hay notas puestas a mano en formgrader.</p>")
        sections.append("\n".join(parts))
    overview = ""
    if percents:
        name = _figure(figures.class_scores(percents), folder, "notas-por-ejercicio")
        overview = (
            f"<figure><img src='{name}' alt='Notas de la clase por ejercicio'>"
            "<figcaption>Cada punto es una entrega; la caja va del primer al tercer "
            "cuartil y la raya roja es la mediana.</figcaption></figure>"
        )
    page = folder / "index.html"
    page.write_text(_PAGE.format(overview=overview, sections="\n".join(sections)), "utf-8")
    return page


_PAGE = """<!DOCTYPE html>
<html lang="es"><head><meta charset="utf-8"><title>Informe de la clase</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 52em; margin: 2em auto; color: #1f2328; }}
img {{ max-width: 100%; }} table {{ border-collapse: collapse; }}
td, th {{ border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }}
figcaption {{ font-size: 0.9em; color: #57606a; }}
@media print {{ h2 {{ page-break-before: always; }} }}
</style></head><body>
<h1>Informe de la clase</h1>
<p>Qué le costó más al grupo, para empezar por ahí la próxima sesión.</p>
{overview}
{sections}
</body></html>
"""
