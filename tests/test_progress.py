"""Progress: questions found in each lesson, answered ones counted from the answers files."""

from __future__ import annotations

import shutil

from conftest import ROOT
from course_utils.progress import course_progress, lesson_questions, progress_table
from course_utils.store import AnswerStore


def test_questions_of_every_lesson_are_found():
    for notebook in sorted((ROOT / "lessons").glob("[0-9][0-9]-*.ipynb")):
        title, minutes, ids = lesson_questions(notebook)
        assert title != notebook.stem and minutes and minutes >= 10, notebook.stem
        assert len(ids) >= 3 and len(ids) == len(set(ids)), notebook.stem
    _, _, ids01 = lesson_questions(ROOT / "lessons" / "01-despersonalizar-la-critica.ipynb")
    assert "pyme_respuesta_borrador" in ids01  # saved by the reviewer widget, not .ask()


def test_answers_are_counted(tmp_path):
    shutil.copytree(ROOT / "lessons", tmp_path / "lessons")
    before = {p.notebook_id: p for p in course_progress(tmp_path)}
    assert all(p.answered == 0 for p in before.values())
    lesson = before["01-despersonalizar-la-critica"]
    store = AnswerStore(lesson.notebook_id, tmp_path / "lessons")
    for qid in lesson.questions[:2]:
        store.save(qid, "algo")
    store.save("no_es_una_pregunta", "x")
    after = {p.notebook_id: p for p in course_progress(tmp_path)}
    assert after[lesson.notebook_id].answered == 2
    assert 0 < after[lesson.notebook_id].share < 1
    table = progress_table(tmp_path)
    assert "Despersonalizar la crítica" in table and "2 de" in table and "minutos" in table


def test_damaged_answers_file_counts_as_nothing(tmp_path):
    shutil.copytree(ROOT / "lessons", tmp_path / "lessons")
    (tmp_path / "lessons" / "respuestas-00-bienvenida.json").write_text("{roto")
    rows = {p.notebook_id: p for p in course_progress(tmp_path)}
    assert rows["00-bienvenida"].answered == 0
