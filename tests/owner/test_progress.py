"""Progress: the lessons' metadata lists their questions; answered ones are counted from the answers files."""

from __future__ import annotations

import json
import re

import pytest

from course_utils.core.lessons import LessonError, course, read_lesson
from course_utils.core.store import AnswerStore
from course_utils.owner.progress import (
    course_progress,
    exercises_checked,
    map_rows,
    next_step,
    practice_keys,
    progress_table,
)
from support import ROOT, copy_course


def test_every_lesson_describes_itself():
    lessons = course(ROOT)
    assert [lesson.number for lesson in lessons] == [f"{n:02d}" for n in range(len(lessons))]
    for lesson in lessons:
        assert lesson.title and lesson.short_title and lesson.minutes >= 10, lesson.id
        assert len(lesson.questions) >= 3 and len(lesson.questions) == len(set(lesson.questions))
    by_id = {lesson.id: lesson for lesson in lessons}
    # saved by the reviewer widget and by data-built questions, not only by literal .ask()
    assert "pyme_respuesta_borrador" in by_id["01-despersonalizar-la-critica"].questions
    assert "decision_tiempo" in by_id["05-desde-dentro-o-delegar"].questions


def test_a_lesson_without_metadata_is_a_spanish_error(tmp_path):
    path = tmp_path / "09-nueva.ipynb"
    path.write_text(json.dumps({"cells": [], "metadata": {}}), encoding="utf-8")
    with pytest.raises(LessonError, match="«09-nueva.ipynb» no tiene bien sus datos"):
        read_lesson(path)


def test_answers_are_counted(tmp_path):
    copy_course(tmp_path, "lessons", config=False)
    before = {p.lesson.id: p for p in course_progress(tmp_path)}
    assert all(p.answered == 0 for p in before.values())
    lesson = before["01-despersonalizar-la-critica"].lesson
    store = AnswerStore(lesson.id, tmp_path / "lessons")
    for qid in lesson.questions[:2]:
        store.save(qid, "algo")
    store.save("no_es_una_pregunta", "x")
    after = {p.lesson.id: p for p in course_progress(tmp_path)}
    assert after[lesson.id].answered == 2
    assert 0 < after[lesson.id].share < 1
    table = progress_table(tmp_path)
    assert "01 Despersonalizar la crítica" in table and "2 de" in table
    rows = {row["number"]: row for row in map_rows(tmp_path)}
    assert rows["01"]["share"] == after[lesson.id].share


def test_map_and_table_count_the_same_course():
    rows = map_rows(ROOT)
    table = progress_table(ROOT)
    total = sum(r["minutes"] for r in rows)
    assert f"En total, {len(rows)} lecciones y unos {total} minutos." in table


def test_damaged_answers_file_counts_as_nothing(tmp_path):
    copy_course(tmp_path, "lessons", config=False)
    (tmp_path / "lessons" / "respuestas-00-bienvenida.json").write_text("{roto")
    rows = {p.lesson.id: p for p in course_progress(tmp_path)}
    assert rows["00-bienvenida"].answered == 0


def test_right_answers_are_counted_from_the_lesson_keys(tmp_path):
    copy_course(tmp_path, "lessons", config=False)
    lesson = course(tmp_path)[0]
    keys = practice_keys(lesson)
    singles = [q for q in lesson.questions if keys.get(q, {}).get("type") == "single"]
    store = AnswerStore(lesson.id, tmp_path / "lessons")
    store.save(singles[0], keys[singles[0]]["answer"])  # the key
    store.save(singles[1], "no-es-una-opcion")  # wrong
    store.save("pyme_negocio", "Un bar")  # no key: answered, not checked
    row = {p.lesson.id: p for p in course_progress(tmp_path)}[lesson.id]
    assert (row.answered, row.right, row.checks) == (3, 1, len(keys))
    assert re.search(rf"3 de {len(lesson.questions)} +1 de {len(keys)}", progress_table(tmp_path))


def test_exercises_checked_and_next_step(tmp_path):
    copy_course(tmp_path, "lessons", config=False)
    for name in ("01-despersonalizar-la-critica", "02-hay-que-estar-no-es-un-objetivo"):
        (tmp_path / "exercises" / name).mkdir(parents=True)
    (tmp_path / "exercises" / "01-despersonalizar-la-critica" / "respuestas-01-x.json").write_text(
        "{}"
    )
    assert exercises_checked(tmp_path) == (1, 2)
    rows = course_progress(tmp_path)
    assert next_step(rows).lesson.id == "00-bienvenida"
    lesson = rows[0].lesson
    store = AnswerStore(lesson.id, tmp_path / "lessons")
    for qid in lesson.questions:
        store.save(qid, "algo")
    store.save(lesson.questions[-1], "   ")  # blank text is not an answer
    assert next_step(course_progress(tmp_path)).lesson.id == "00-bienvenida"
    store.save(lesson.questions[-1], "algo")
    table = progress_table(tmp_path)
    assert "Siguiente paso: 01 Despersonalizar la crítica" in table
    assert "Ejercicios con respuestas guardadas: 1 de 2." in table


def test_lesson_06_counts_answers_given_in_their_own_lesson(tmp_path):
    copy_course(tmp_path, "lessons", config=False)
    AnswerStore("02-hay-que-estar-no-es-un-objetivo", tmp_path / "lessons").save(
        "pyme_objetivo_1", "Conseguir 15 reseñas"
    )
    row = {p.lesson.id: p for p in course_progress(tmp_path)}["06-mi-plan"]
    assert row.answered == 1 and "pyme_objetivo_1" not in row.pending


def test_the_course_has_eight_lessons_with_the_month_after_the_plan():
    rows = map_rows(ROOT)
    assert [r["number"] for r in rows] == [f"{n:02d}" for n in range(8)]
    assert [r["title"] for r in rows[-2:]] == ["Mi plan", "Tu mes en redes"]
    assert f"En total, 8 lecciones y unos {sum(r['minutes'] for r in rows)} minutos." in (
        progress_table(ROOT)
    )
