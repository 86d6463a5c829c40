"""Unit and property tests for the offline Spanish reviewer (the widget: test_review_box.py)."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_utils.reviewer import (
    CATEGORIES,
    MAX_REVIEW_CHARS,
    SELF_RATIO_THRESHOLD,
    review,
    review_score,
    rubric_markdown,
    unknown_words,
)

GOOD_REPLY = (
    "Hola, Carmen. Gracias por contarnos tu experiencia y perdona que el color no quedara "
    "como esperabas. Nos gustaría arreglarlo sin coste: escríbenos por mensaje privado y "
    "buscamos un hueco esta semana. Un abrazo, Marta"
)
BAD_REPLY = "USTED MIENTE!!! La culpa es suya por no seguir mis consejos, aver si se entera"


def codes(text: str, kind: str = "respuesta", **kw) -> set[str]:
    return review(text, kind, **kw).codes()


# -- ortografía ------------------------------------------------------------------------------
def test_dictionary_knows_common_words_and_rejects_typical_faults():
    ok = "qué está comentarios echamos neumáticos cuéntanos escríbenos revisión Instagram"
    assert unknown_words(ok) == []
    bad = unknown_words("aver hechamos haiga nueba revision")
    assert bad == ["aver", "hechamos", "haiga", "nueba", "revision"]


def test_project_words_and_extra_words():
    assert unknown_words("Sube un post con hashtag a TikTok para tu pyme online") == []
    assert unknown_words("Prueba el zumbalín") == ["zumbalín"]
    assert unknown_words("Prueba el zumbalín", extra_words=["Zumbalín"]) == []


def test_spelling_findings_have_spans_and_suggestions():
    r = review("Hoy hechamos el cierre pronto. ¿Nos vemos mañana? Javi", "publicacion")
    f = [f for f in r.by_category("ortografia") if f.code == "desconocida"]
    assert len(f) == 1
    assert r.text[f[0].start : f[0].end] == "hechamos"
    assert "«echamos»" in f[0].suggestion


def test_missing_accent_suggestion_from_dictionary():
    f = review("La revision es gratis. ¿Vienes?", "publicacion").by_category("ortografia")
    assert any("«revisión»" in x.suggestion for x in f)


def test_accents_in_questions_and_common_words():
    r = review("¿Como te fue con el tinte? Ya esta listo. Gracias, Laura. Marta")
    fixes = {r.text[f.start : f.end]: f.suggestion for f in r.by_category("ortografia")}
    assert "«Cómo»" in fixes["Como"]
    assert "«está»" in fixes["esta"]


def test_demonstrative_esta_not_flagged():
    r = review("Esta semana abrimos el sábado. ¿Te vienes?", "publicacion")
    assert not r.by_category("ortografia")


def test_unbalanced_question_and_exclamation_marks():
    assert "signos" in codes("Quieres venir? Te esperamos. Marta")
    assert "signos" in codes("¡Qué alegría verte. Gracias. Marta")
    assert "signos" not in codes("¿Quieres venir? ¡Te esperamos! Gracias. Marta")


def test_names_urls_hashtags_and_acronyms_not_flagged():
    text = (
        "Gracias, Jennyfer, por venir con Xiomara. Mira https://tiendaalba.es/otono "
        "y #peluqueria @barsol_oficial; el IVA y la ITV, con el código ALBA20. Marta"
    )
    assert not review(text).by_category("ortografia")


def test_english_sentence_is_not_spellchecked():
    r = review("Thank you so much, Emma! We loved having you. ¡Gracias por venir! Javi")
    assert not r.by_category("ortografia")


# -- tono ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Usted miente, aquel día no había nadie.",
        "No tiene ni idea de lo que es un buen corte.",
        "Eso es falso: la factura está clara.",
        "Nos ofende mucho este comentario.",
        "La culpa es suya por llegar tarde.",
        "Ja ja ja, claro que sí, guapi.",
        "Seguro que la cerveza estaba caliente...",
        "Váyase a otro bar.",
    ],
)
def test_tone_problems(text):
    assert review(text).by_category("tono"), text


def test_shouting_but_not_acronyms():
    r = review("NO ES VERDAD QUE TARDAMOS UNA HORA. Gracias. Javi")
    assert "mayusculas" in r.codes()
    calm = review(
        "Recuerda el IVA del trimestre y pasa la ITV a tiempo. ¿Dudas? Escríbenos.", "publicacion"
    )
    assert not calm.by_category("tono")


def test_exclamation_runs():
    assert "signos_repetidos" in codes("¡¡¡Gracias!!! Marta")
    assert "signos_repetidos" not in codes("¡Gracias! Marta")


def test_ironic_quotes_in_replies():
    assert "comillas" in codes("Gracias por su «queja». Elena")


def test_polite_reply_has_no_tone_findings():
    assert not review(GOOD_REPLY).by_category("tono")


# -- yo --------------------------------------------------------------------------------------
def test_self_centred_post_is_flagged_with_ratio():
    text = (
        "Nuestro nuevo producto es increíble. Nosotros lo diseñamos y nosotros lo "
        "enviamos. Nuestra marca, nuestro estilo."
    )
    r = review(text, "publicacion")
    found = r.by_category("yo")
    assert found and r.self_ratio >= SELF_RATIO_THRESHOLD
    assert "%" in found[0].message


def test_reader_centred_post_is_not_flagged():
    text = "¿Qué prenda tienes fichada? Cuéntanos cuál te gusta y te la reservamos."
    r = review(text, "publicacion")
    assert not r.by_category("yo") and r.reader_refs > r.self_refs


# -- estructura ------------------------------------------------------------------------------
def test_good_reply_has_full_structure():
    r = review(GOOD_REPLY)
    assert r.findings == [], r.findings
    assert r.elements["firma"] and r.elements["disculpa"] and r.elements["canal_privado"]


def test_reply_missing_elements():
    c = codes("Sentimos el retraso con tu pedido.")
    assert {"sin_agradecimiento", "sin_siguiente_paso", "sin_canal_privado", "sin_firma"} <= c
    assert "sin_disculpa" in codes("Gracias por avisar del retraso, lo revisamos. Marta")


def test_personal_data_in_public():
    assert "datos_en_publico" in codes("Gracias. Dinos aquí tu dirección y tu teléfono. Alba")


@pytest.mark.parametrize(
    "ending",
    [
        "Un saludo, Luis (Taller Núñez)",
        "— Javi, Bar Sol",
        "Atentamente, Elena Rivas",
        "Marta y Paula",
    ],
)
def test_sign_off_variants(ending):
    assert "sin_firma" not in codes(f"Muchas gracias por tu reseña. {ending}")


@pytest.mark.parametrize("ending", ["Gracias", "Bss", "Atentamente, Asesoría Rivas"])
def test_not_a_sign_off(ending):
    assert "sin_firma" in codes(f"Muchas gracias por tu reseña. {ending}")


def test_post_needs_invitation_and_fits_network():
    assert "sin_invitacion" in codes("Nueva colección ya en la web.", "publicacion")
    assert "sin_invitacion" not in codes("Nueva colección. ¿Cuál te gusta?", "publicacion")
    long_post = "¿Te vienes al concierto? " + "Habrá tapas y música en directo. " * 10
    assert "demasiado_largo" in codes(long_post, "publicacion", network="x")
    assert "demasiado_largo" not in codes(long_post, "publicacion", network="facebook")


# -- legibilidad -----------------------------------------------------------------------------
HARD_TEXT = (
    "En virtud de lo dispuesto en la normativa tributaria vigente, y sin perjuicio de las "
    "particularidades que en cada supuesto concreto pudieran concurrir, los contribuyentes "
    "obligados a la presentación de las autoliquidaciones periódicas deberán observar "
    "escrupulosamente los plazos reglamentariamente establecidos."
)


def test_hard_text_gets_readability_finding_and_band():
    r = review(HARD_TEXT, "publicacion")
    assert r.by_category("legibilidad")
    assert r.readability_band in ("algo difícil", "difícil")


def test_short_text_has_no_readability_warning():
    r = review("Constitucionalmente incomprensible, extraordinariamente desproporcionado. Marta")
    assert r.readability is None and not r.by_category("legibilidad")


def test_textstat_global_language_is_left_alone():
    import textstat

    sample = "Die Katze sitzt auf der Matte und schläft den ganzen langen Nachmittag."
    textstat.set_lang("de")
    try:
        before = textstat.flesch_reading_ease(sample)
        assert review(GOOD_REPLY).readability is not None  # the reviewer did use textstat
        assert textstat.flesch_reading_ease(sample) == before
        textstat.set_lang("it")
        assert textstat.flesch_reading_ease(sample) != before  # the language changes the score
    finally:
        textstat.set_lang("en_US")


@pytest.mark.parametrize("failure", ["raises", "nan"])
def test_readability_failure_is_reported_not_hidden(monkeypatch, failure):
    from textstat.textstat import textstatistics

    def broken(self, text):
        if failure == "nan":
            return math.nan
        raise RuntimeError("tabla de sílabas rota")

    monkeypatch.setattr(textstatistics, "szigriszt_pazos", broken)
    expected = "sílabas rota" if failure == "raises" else "nan"
    with pytest.warns(RuntimeWarning, match=f"legibilidad.*{expected}"):
        r = review(HARD_TEXT, "publicacion")
    assert r.readability is None and r.readability_band is None
    assert "No he podido calcular la legibilidad" in r.readability_note
    assert r.readability_note in r.summary
    assert "dificil" not in r.codes()  # no score: no «hard to read» finding
    assert r.word_count > 15 and "sin_invitacion" in r.codes()  # the rest is still reviewed
    with pytest.warns(RuntimeWarning):
        _, lines = review_score(HARD_TEXT, "publicacion")
    assert any("No se ha podido calcular el índice" in line for line in lines)


def test_readability_is_computed_normally():
    r = review(HARD_TEXT, "publicacion")
    assert isinstance(r.readability, float) and math.isfinite(r.readability)
    assert r.readability_note == ""


# -- API and robustness ----------------------------------------------------------------------
def test_kind_and_network_validation():
    with pytest.raises(ValueError, match="Tipo de texto no válido"):
        review("Hola", "tuit")
    with pytest.raises(ValueError, match="Red social no válida"):
        review("Hola", "publicacion", network="myspace")


def test_empty_text():
    for text in ("", "   \n", "😀🎉", "123"):
        r = review(text)
        assert r.findings == []
        assert "nada que revisar" in r.summary


def test_huge_text_is_capped():
    # (how fast this is belongs to bench/bench_review.py, not to a test)
    text = ("Gracias por venir al Bar Sol, te esperamos pronto con nuevas tapas. " * 1500)[:100_000]
    r = review(text, "publicacion")
    assert r.truncated and len(r.text) == MAX_REVIEW_CHARS
    assert "primeros" in r.summary


def test_spans_refer_to_nfc_text():
    text = "Aver que tal el cafe\u0301. Javi"  # combining acute accent
    r = review(text)
    assert r.text == "Aver que tal el café. Javi"
    for f in r.findings:
        assert 0 <= f.start <= f.end <= len(r.text)


IMPORT_PROBE = """
import sys
import course_utils.reviewer
from course_utils.reviewer import lexicon, rules, tokens

def compiled(value):
    if isinstance(value, tokens.LazyRe):
        return value.is_compiled
    if isinstance(value, (list, tuple)):
        return any(compiled(v) for v in value)
    return False

heavy = [m for m in ("spylls", "textstat", "ipywidgets") if m in sys.modules]
early = [n for mod in (rules, tokens) for n, v in vars(mod).items() if compiled(v)]
print({"heavy": heavy, "compiled": early, "dictionary": dict(lexicon.load_info)})
"""


def test_import_is_light():
    """Importing the reviewer loads no dictionary, no textstat and compiles no regex.

    (The import time itself is measured by bench/bench_review.py.)
    """
    out = subprocess.run([sys.executable, "-c", IMPORT_PROBE], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "{'heavy': [], 'compiled': [], 'dictionary': {}}"


TEXTS = st.one_of(
    st.text(max_size=400),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
    st.lists(
        st.sampled_from(
            [
                "<script>alert(1)</script>",
                "😀",
                "\x00",
                "\u0301",
                "¿",
                "!!!",
                "ÑÁÉ",
                "hola",
                "AVER",
                "https://x.es/a?b",
                "#tag",
                "\n",
                "…",
                "<img src=x onerror=alert(1)>",
                "usted miente",
                "\u202e",
                "\ud7ff",
            ]
        ),
        max_size=30,
    ).map(" ".join),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    TEXTS, st.sampled_from(["respuesta", "publicacion"]), st.sampled_from([None, "x", "instagram"])
)
def test_never_crashes(text, kind, network):
    if kind == "respuesta":
        network = None
    r = review(text, kind, network=network)
    assert isinstance(r.summary, str) and r.summary
    for f in r.findings:
        assert f.category in CATEGORIES
        assert 0 <= f.start <= f.end <= len(r.text)
    pts, lines = review_score(text, kind)
    assert 0 <= pts <= 10 and lines


@settings(max_examples=3, deadline=None)
@given(st.text(min_size=1, max_size=50))
def test_never_crashes_on_100kb(chunk):
    text = (chunk * (100_000 // len(chunk) + 1))[:100_000]
    r = review(text, "publicacion")
    assert len(r.text) == MAX_REVIEW_CHARS and r.summary


# -- grading ---------------------------------------------------------------------------------
def test_review_score_perfect_and_bad_reply():
    pts, lines = review_score(GOOD_REPLY)
    assert pts == 10.0
    assert lines[-1] == "Total: 10/10 puntos."
    bad, bad_lines = review_score(BAD_REPLY)
    assert bad < 4 and isinstance(bad, float) and round(bad, 2) == bad
    assert any(line.startswith("❌ Tono") for line in bad_lines)
    assert review_score(BAD_REPLY) == (bad, bad_lines)  # deterministic


def test_review_score_custom_rubric_and_empty():
    pts, _ = review_score(GOOD_REPLY, rubric={"tono": 5})
    assert pts == 12.0
    assert review_score("")[0] == 0.0
    with pytest.raises(ValueError, match="Criterios desconocidos"):
        review_score(GOOD_REPLY, rubric={"simpatia": 1})


def test_rubric_markdown():
    md = rubric_markdown()
    assert "| Criterio | Puntos |" in md and "**Total** | **10**" in md
    assert "Invita a conversar" in rubric_markdown(kind="publicacion")


# -- issue 10, point 5: replies told their context, and the «yo» measure -----------------------
def test_review_score_is_told_whether_the_comment_reports_a_problem():
    reply = "Gracias. Un saludo, Andrés"  # scored 10 of 10 when blind to the review
    blind, _ = review_score(reply)
    told, lines = review_score(reply, problem=True, private=True)
    assert blind == told == 1.5  # thanks and signature only: too short to earn tone or spelling
    assert any("Falta una disculpa" in line for line in lines)
    assert review_score("hola")[0] == 0.0  # scored 8,5 of 10
    # a complaint must be answered even if the reply never names it
    polite = (
        "Hola, Rosa. Muchas gracias por tu reseña y por confiar en el taller para poner a punto "
        "tu coche. Nos alegra que el coche quedara bien. Un saludo, Andrés"
    )
    assert review_score(polite)[0] == 10.0
    assert review_score(polite, problem=True)[0] == 1.5
    r = review(polite, problem=True, private=True)
    assert {"sin_disculpa", "sin_siguiente_paso", "sin_canal_privado"} <= r.codes()


def test_a_reply_to_praise_needs_no_apology_nor_private_channel():
    reply = (
        "¡Qué alegría leerte, Lucía! Muchas gracias por tu mensaje; la colección nueva la ha "
        "elegido Sara con mucho cariño y nos alegra que te guste. Un abrazo, Alba"
    )
    assert review_score(reply, problem=False, private=False)[0] == 10.0


def test_meeting_in_person_is_a_private_channel():
    reply = (
        "Hola, Rosa. Perdona el retraso y que no te avisáramos. Pásate por el taller cuando "
        "quieras y te compensamos en la próxima revisión. Un saludo, Andrés"
    )
    assert review(reply, problem=True, private=True).elements["canal_privado"]


def test_possessives_and_the_firm_name_count_as_talking_about_yourself():
    possessive = (
        "Nuestro menú del día lleva nuestras croquetas caseras y nuestro pan de pueblo. Nuestra "
        "terraza abre a las doce y nuestro equipo te espera. ¿Te apetece venir a probarlo?"
    )
    r = review(possessive, "publicacion")
    assert r.self_ratio == pytest.approx(0.71) and r.self_ratio < SELF_RATIO_THRESHOLD
    assert "yo" in r.categories()
    third_person = (
        "El Bar Sol es el mejor bar del barrio. El Bar Sol cocina cada día con productos frescos "
        "del mercado. El Bar Sol tiene los camareros más rápidos y el menú más completo. "
        "¿Vienes hoy a comer?"
    )
    assert "yo" not in review(third_person, "publicacion").categories()
    named = review(third_person, "publicacion", self_names=["Bar Sol"])
    assert named.self_refs == 3 and named.reader_refs == 1  # «rápidos» is not «os», the pronoun
    assert "yo" in named.categories()


# -- issue 22: a fair signature, suggestions that are words ------------------------------------

_REPLY = (
    "Hola, Lucía. Gracias por tu reseña y perdona la espera del sábado: hemos reforzado el "
    "equipo. Escríbenos por privado y te invitamos a un café. "
)


@pytest.mark.parametrize(
    "ending",
    [
        "Un saludo, Marta ¡Te esperamos!",
        "Un saludo, Marta. ¡Te esperamos! 😊",
        "Un saludo,\nMarta\n¡Te esperamos pronto!",
        "Un abrazo, Marta. ¡Hasta pronto! ¡Feliz semana!",
    ],
)
def test_a_signature_followed_by_a_friendly_line_is_a_signature(ending):
    from course_utils.reviewer import review

    assert "sin_firma" not in [f.code for f in review(_REPLY + ending, "respuesta").findings]


@pytest.mark.parametrize("ending", ["¡Te esperamos!", "Un saludo. ¡Te esperamos!"])
def test_a_friendly_line_without_a_name_is_no_signature(ending):
    from course_utils.reviewer import review

    assert "sin_firma" in [f.code for f in review(_REPLY + ending, "respuesta").findings]


@pytest.mark.parametrize(
    "typo, expected",
    [("avia", "había"), ("ablar", "hablar"), ("grasias", "gracias"), ("asta", "hasta")],
)
def test_suggestions_are_common_dictionary_words(typo, expected):
    from wordfreq import zipf_frequency

    from course_utils.reviewer.lexicon import load_lexicon
    from course_utils.reviewer.spelling import COMMON_ZIPF, suggest

    found = suggest(typo)
    assert found[0] == expected, found
    lexicon = load_lexicon()
    for word in found:
        if " " not in word:  # «a ver» is two words
            assert word in lexicon and zipf_frequency(word, "es") >= COMMON_ZIPF, word
    assert "abia" not in suggest("avia") and "haba" not in suggest("aba")
