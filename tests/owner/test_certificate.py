"""The certificate: refused until every lesson is answered, issued with a stable verification code, and checked by «curso verificar»."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pypdf
import pytest

from course_utils.cli import main
from course_utils.core.lessons import course as lessons_of
from course_utils.core.store import AnswerStore
from course_utils.owner import certificate
from support import copy_course

DAY = date(2026, 11, 24)
CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$")


@pytest.fixture
def root(tmp_path) -> Path:
    return copy_course(tmp_path, "lessons", config=False)


def answer_all(root: Path, skip: str | None = None) -> None:
    for lesson in lessons_of(root):
        store = AnswerStore(lesson.id, root / "lessons")
        for qid in lesson.questions:
            if qid != skip:
                store.save(qid, "Mi respuesta")


def test_refused_while_the_course_is_not_complete(root, tmp_path):
    answer_all(root, skip="pyme_raci")
    with pytest.raises(certificate.CertificateRefused) as refused:
        certificate.issue(root, tmp_path / "c.pdf", "Ana García", DAY)
    message = str(refused.value)
    assert "Todavía no puedes obtener el certificado" in message
    assert "03 Cultura 2.0 interna (03-cultura-2-0-interna.ipynb): te falta 1 pregunta" in message
    assert "00 Bienvenida" not in message
    assert not (tmp_path / "c.pdf").exists()


def test_refused_with_nothing_answered_lists_every_lesson(root, tmp_path):
    lines = certificate.missing(root)
    assert len(lines) == len(lessons_of(root)) >= 7


def test_issued_when_complete_and_verified(root, tmp_path):
    answer_all(root)
    issued = certificate.issue(root, tmp_path / "c.pdf", "Ana  García", DAY)
    assert CODE.match(issued.code) and issued.name == "Ana García"
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(issued.path).pages).split())
    for expected in ("Certificado del curso", "Ana García", "24 de noviembre de 2026", issued.code):
        assert expected in text
    assert "06 · Mi plan de redes sociales" in text and "no acredita la identidad" in text.lower()
    assert certificate.verify(issued.code, " ana   GARCÍA ", "2026-11-24", root)
    assert certificate.verify(issued.code.lower().replace("-", ""), "Ana García", DAY, root)
    assert not certificate.verify(issued.code, "Ana Garcia", DAY, root)
    assert not certificate.verify(issued.code, "Ana García", "2026-11-25", root)
    assert not certificate.verify(issued.code, "Ana García", "24/11/2026", root)
    assert not certificate.verify("00000-00000", "Ana García", DAY, root)


def test_the_name_comes_from_lesson_06_when_not_given(root, tmp_path):
    answer_all(root)
    AnswerStore("06-mi-plan", root / "lessons").save("plan_persona", "Ramón Núñez")
    issued = certificate.issue(root, tmp_path / "c.pdf", None, DAY)
    assert issued.name == "Ramón Núñez"


def test_the_code_is_stable(monkeypatch):
    monkeypatch.setattr(certificate, "course_version", lambda: "0.1.0")
    ids = ["00-bienvenida", "01-x"]
    code = certificate.verification_code("Ana García", DAY, ids)
    assert code == certificate.verification_code("  ANA  garcía", "2026-11-24", ids[::-1])
    assert code == "VN1WW-SF3YE", "the canonical JSON or the encoding changed"
    monkeypatch.setattr(certificate, "course_version", lambda: "0.2.0")
    assert certificate.verification_code("Ana García", DAY, ids) != code


def test_curso_certificado_and_verificar(root, monkeypatch, capsys):
    monkeypatch.chdir(root)
    assert main(["certificado", "--nombre", "Ana García"]) == 1
    assert "Todavía no puedes obtener el certificado" in capsys.readouterr().err
    answer_all(root)
    assert main(["certificado", "--nombre", "Ana García", "--salida", "mio.pdf"]) == 0
    out = capsys.readouterr().out
    code = re.search(r"Código de verificación: (\S+)", out).group(1)
    assert (root / "mio.pdf").read_bytes().startswith(b"%PDF")
    today = date.today().isoformat()
    assert main(["verificar", code, "--nombre", "Ana García", "--fecha", today]) == 0
    assert capsys.readouterr().out.startswith("Válido")
    assert main(["verificar", code, "--nombre", "Otra Persona", "--fecha", today]) == 1
    assert capsys.readouterr().out.startswith("No coincide")


def _button(root: Path):
    from course_utils.ui.plan_page import certificate_box

    lessons = root / "lessons"
    return certificate_box(lessons)


def test_the_button_of_lesson_06_says_what_is_missing_in_plain_words(root):
    answer_all(root, skip="pyme_raci")
    box = _button(root)
    assert box.button.description == "Obtener mi certificado"
    box.click(None)
    said = box.status.value
    assert "Todavía no puedes obtener el certificado" in said
    assert "03 · Cultura 2.0 interna: te falta 1 pregunta" in said
    assert ".ipynb" not in said and "curso " not in said and "--" not in said
    assert not (root / "lessons" / "certificado.pdf").exists()


def test_the_button_of_lesson_06_writes_the_certificate_with_the_saved_name(root):
    answer_all(root)
    AnswerStore("06-mi-plan", root / "lessons").save("plan_persona", "Ramón Núñez")
    box = _button(root)
    box.click(None)
    written = root / "lessons" / "certificado.pdf"
    assert written.is_file(), box.status.value
    assert "certificado.pdf</a>" in box.status.value and "Ramón Núñez" in box.status.value
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(written).pages).split())
    assert "Ramón Núñez" in text
