"""Answers store: atomic, locked, recovers from damage, refuses what it cannot keep."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import stat
import subprocess
import sys
import time

import pytest

from course_utils.core.store import AnswerError, AnswerStore, answers_path, read_answers


def test_save_and_reload(tmp_path):
    store = AnswerStore("01-x", tmp_path)
    record = store.save("p1", {"c1": "troll"})
    assert record["attempts"] == 1 and record["saved_at"]
    store.save("p1", {"c1": "queja"})
    again = AnswerStore("01-x", tmp_path)
    assert again.get("p1") == {"c1": "queja"}
    assert again.record("p1")["attempts"] == 2
    doc = json.loads(answers_path("01-x", tmp_path).read_text(encoding="utf-8"))
    assert doc["schema"] == 1 and doc["notebook"] == "01-x"
    mode = stat.S_IMODE(os.stat(answers_path("01-x", tmp_path)).st_mode)
    assert mode == 0o600  # private: on a hub nobody else reads a learner's answers


def test_unicode_and_emoji_survive(tmp_path):
    text = "¡Gracias, Marta! 😊 Ñandú, café, «comillas» y 中文 e\u0301"
    AnswerStore("n", tmp_path).save("t", text)
    assert AnswerStore("n", tmp_path).get("t") == text


def test_huge_answer_refused_with_spanish_message_and_nothing_lost(tmp_path):
    store = AnswerStore("n", tmp_path)
    store.save("t", "antes")
    with pytest.raises(AnswerError, match="demasiado larga"):
        store.save("t", "x" * 1_000_000)
    assert store.get("t") == "antes"


def test_unserialisable_value_refused(tmp_path):
    with pytest.raises(AnswerError, match="no se puede guardar"):
        AnswerStore("n", tmp_path).save("t", {1, 2})
    with pytest.raises(AnswerError):
        AnswerStore("n", tmp_path).save("t", float("nan"))


@pytest.mark.parametrize("bad", ["../fuera", "", "a b", "x" * 200, ".oculto"])
def test_ids_are_checked(tmp_path, bad):
    with pytest.raises(ValueError):
        AnswerStore(bad, tmp_path)
    with pytest.raises(ValueError):
        AnswerStore("ok", tmp_path).save(bad, 1)


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe\x00garbage",
        b"[1, 2, 3]",
        b'{"schema": 99, "answers": {}}',
        b'{"schema": 1, "answers": {"p1": "sin forma"}}',
    ],
)
def test_damaged_file_is_moved_aside_on_save_never_lost(tmp_path, content):
    path = answers_path("n", tmp_path)
    path.write_bytes(content)
    store = AnswerStore("n", tmp_path)
    assert store.load() == {}
    assert store.warnings and "apartaremos" in store.warnings[0]
    assert path.read_bytes() == content, "reading must change nothing"
    store.save("p1", "nueva")
    aside = list(tmp_path.glob("respuestas-n.json.danado-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == content
    assert "apartado" in store.warnings[-1]
    assert AnswerStore("n", tmp_path).get("p1") == "nueva"


def test_read_answers_reports_problems_in_spanish(tmp_path):
    answers, problem = read_answers(tmp_path / "nada.json")
    assert answers == {} and "No se encontró" in problem
    big = tmp_path / "big.json"
    big.write_text('{"schema": 1, "answers": {}, "x": "' + "x" * 6_000_000 + '"}')
    assert "demasiado grande" in read_answers(big)[1]


def _writer(folder: str, worker: int, n: int) -> None:
    store = AnswerStore("concurrente", folder)
    for i in range(n):
        store.save(f"w{worker}-{i}", {"worker": worker, "i": i, "texto": "ñ" * 50})


def test_concurrent_writers_in_processes_lose_nothing(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), w, 40)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    answers = AnswerStore("concurrente", tmp_path).load()
    assert len(answers) == 4 * 40
    assert not list(tmp_path.glob("*.tmp"))


KILLER = r"""
import sys, time
from course_utils.core.store import AnswerStore
store = AnswerStore("matar", sys.argv[1])
i = 0
while True:
    store.save("p", {"i": i, "relleno": "x" * 50000})
    i += 1
    print(i, flush=True)
"""


def test_writer_killed_mid_write_leaves_old_or_new_state(tmp_path):
    for _attempt in range(5):
        proc = subprocess.Popen(
            [sys.executable, "-c", KILLER, str(tmp_path)], stdout=subprocess.PIPE, text=True
        )
        proc.stdout.readline()  # at least one save done
        time.sleep(0.05 + _attempt * 0.03)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        answers, problem = read_answers(answers_path("matar", tmp_path))
        assert problem is None, problem
        assert isinstance(answers["p"]["value"]["i"], int)
    # leftovers of a killed write are only temporary files, never the answers file
    store = AnswerStore("matar", tmp_path)
    store.save("p", {"i": -1})
    assert store.get("p") == {"i": -1}


def test_the_lock_file_is_hidden(tmp_path):
    """The lock beside the answers is a dotfile: file lists (and `respuestas-*`) never show it."""
    store = AnswerStore("nb", tmp_path)
    store.save("q", 1)
    assert store.lock_path.name == ".respuestas-nb.json.lock"
    assert store.lock_path.parent == store.path.parent
    visible = [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")]
    assert visible == ["respuestas-nb.json"]
