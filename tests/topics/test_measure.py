"""The post-statistics reader of lesson 02: good, odd and broken CSV files, and the rates computed by hand."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from course_utils.figures import draw as figures
from course_utils.topics import measure
from course_utils.topics.measure import MeasureError, analyse, parse_number, read_posts

META_ES = (
    "Identificador de la publicación;Descripción;Hora de publicación;Tipo de publicación;"
    "Alcance;Me gusta;Veces compartido;Comentarios;Guardados\n"
    "1;Novedades;13/03/2025 19:30;Imagen;1.200;40;4;6;2\n"
    "2;Tallas;15/03/2025 11:05;Carrusel;800;20;2;2;4\n"
)
META_EN = (
    "Post ID,Description,Publish time,Post type,Reach,Likes,Shares,Comments,Saves\n"
    '1,New in,03/13/2025 19:30,IG image,"1,200",40,4,6,2\n'
    "2,Sizes,03/15/2025 11:05,IG carousel,800,20,2,2,4\n"
)
TEMPLATE = (
    "fecha,hora,alcance,me_gusta,comentarios,compartidos,guardados,seguidores\n"
    "2025-03-13,19:30,1200,40,6,4,2,1000\n"
    "2025-03-15,11:05,800,20,2,2,4,1000\n"
)


def _same_two_posts(posts):
    assert [p.when for p in posts] == [datetime(2025, 3, 13, 19, 30), datetime(2025, 3, 15, 11, 5)]
    assert [(p.reach, p.likes, p.comments, p.shares, p.saves) for p in posts] == [
        (1200, 40, 6, 4, 2),
        (800, 20, 2, 2, 4),
    ]


@pytest.mark.parametrize(
    "text",
    [META_ES, META_EN, TEMPLATE, TEMPLATE.replace(",", ";"), META_ES.replace(";", "\t")],
    ids=["meta-es", "meta-en", "template", "template-semicolon", "tab"],
)
def test_reads_meta_exports_in_both_languages_and_the_template(text):
    _same_two_posts(read_posts(text.encode("utf-8")))


def test_reads_utf8_with_bom_and_excel_utf16():
    _same_two_posts(read_posts(META_ES.encode("utf-8-sig")))
    _same_two_posts(read_posts(META_ES.encode("utf-16")))


def test_spanish_and_english_figures():
    assert parse_number("1.200") == 1200
    assert parse_number("1,200") == 1200
    assert parse_number("12.345.678") == 12345678
    assert parse_number("3,5") == 3.5
    assert parse_number("3.5") == 3.5
    assert parse_number("1.200,5") == 1200.5
    assert parse_number(" 1 200 ") == 1200
    assert parse_number("") == 0
    with pytest.raises(ValueError):
        parse_number("muchos")


def test_day_first_and_month_first_dates_are_told_apart():
    text = (
        "fecha,alcance,me_gusta,comentarios,compartidos\n04/03/2025,10,1,0,0\n25/03/2025,10,1,0,0\n"
    )
    assert read_posts(text.encode())[0].when.date() == date(2025, 3, 4)
    text = "Publish time,Reach,Likes,Comments,Shares\n04/03/2025 9:00 PM,10,1,0,0\n"
    post = read_posts(text.encode())[0]
    assert post.when == datetime(2025, 4, 3, 21, 0)


def test_a_missing_column_is_named():
    text = META_ES.replace("Veces compartido", "Difusión")
    with pytest.raises(MeasureError, match="Falta la columna con las veces compartido") as err:
        read_posts(text.encode())
    assert "«Difusión»" in str(err.value) and "plantilla" in str(err.value)


def test_a_bad_number_names_the_row_and_the_column():
    text = TEMPLATE.replace("800,20", "ochocientos,20")
    with pytest.raises(
        MeasureError, match=r"Fila 3: «ochocientos» no es un número \(columna «alcance»\)"
    ):
        read_posts(text.encode())


def test_a_bad_date_names_the_row():
    text = TEMPLATE.replace("2025-03-15", "ayer")
    with pytest.raises(MeasureError, match="Fila 3: «ayer» no es una fecha"):
        read_posts(text.encode())
    with pytest.raises(MeasureError, match="Fila 2: la fecha «31/02/2025» no existe"):
        read_posts(b"fecha,alcance,me_gusta,comentarios,compartidos\n31/02/2025,1,1,1,1\n")


def test_empty_files_and_header_only():
    with pytest.raises(MeasureError, match="vacío"):
        read_posts(b"")
    with pytest.raises(MeasureError, match="vacío"):
        read_posts("\ufeff\n \n".encode())
    with pytest.raises(MeasureError, match="solo tiene la fila de títulos"):
        read_posts(TEMPLATE.splitlines()[0].encode())


def test_huge_files_are_refused(tmp_path):
    big = TEMPLATE.encode() + b"x" * measure.MAX_BYTES
    with pytest.raises(MeasureError, match="límite es de 5 MB"):
        read_posts(big)
    path = tmp_path / "enorme.csv"
    path.write_bytes(big)
    with pytest.raises(MeasureError, match="límite es de 5 MB"):
        read_posts(path)


def test_wrong_encoding_says_how_to_save_it():
    with pytest.raises(MeasureError, match="no está en UTF-8.*línea 1.*CSV UTF-8"):
        read_posts(META_ES.encode("cp1252"))


def test_meta_description_row_under_the_header_is_skipped():
    lines = TEMPLATE.splitlines()
    described = "\n".join(
        [lines[0], "Fecha,Hora,Personas únicas,Total,Total,Total,Total,Total"] + lines[1:]
    )
    _same_two_posts(read_posts(described.encode()))


def test_rates_by_hand_on_a_tiny_file():
    s = analyse(read_posts(TEMPLATE.encode()))
    # interactions: 40+6+4+2 = 52 and 20+2+2+4 = 28 → 80 in 2 posts, 40 per post
    assert s.followers == 1000 and s.posts == 2
    assert s.interactions_per_post == pytest.approx(40)
    assert s.rate_followers == pytest.approx(4.0)  # 40 ÷ 1.000 × 100
    assert s.rate_reach == pytest.approx(4.0)  # 80 ÷ 2.000 × 100
    k = s.kaushik
    assert k["conversacion"]["por_publicacion"] == pytest.approx(4)  # (6 + 2) ÷ 2
    assert k["amplificacion"]["por_publicacion"] == pytest.approx(3)  # (4 + 2) ÷ 2
    assert k["aplauso"]["por_publicacion"] == pytest.approx(30)  # (40 + 20) ÷ 2
    assert k["conversacion"]["por_seguidor"] == pytest.approx(0.4)  # 4 ÷ 1.000 × 100
    assert k["aplauso"]["por_seguidor"] == pytest.approx(3.0)
    # an explicit follower count wins over the file's
    assert analyse(read_posts(TEMPLATE.encode()), followers=2000).rate_followers == pytest.approx(2)
    # without followers, only the rate over reach
    s = analyse(read_posts(META_ES.encode()))
    assert s.rate_followers is None and s.kaushik["aplauso"]["por_seguidor"] is None
    assert any("escribe cuántos tienes" in line for line in measure.reading(s))


def _rows(*rows: tuple[str, str, int, int]) -> bytes:
    lines = ["fecha,hora,alcance,me_gusta,comentarios,compartidos"]
    lines += [f"{d},{h},{reach},{likes},0,0" for d, h, reach, likes in rows]
    return "\n".join(lines).encode()


def test_best_day_and_hour_need_enough_posts():
    data = _rows(
        # Thursdays at 19:00: 10 %; Mondays at 10:00: 2 %; one Sunday at 12:00: 50 % (too few)
        ("2025-03-06", "19:00", 100, 10),
        ("2025-03-13", "19:00", 100, 10),
        ("2025-03-20", "19:00", 100, 10),
        ("2025-03-03", "10:00", 100, 2),
        ("2025-03-10", "10:00", 100, 2),
        ("2025-03-17", "10:00", 100, 2),
        ("2025-03-16", "12:00", 100, 50),
    )
    s = analyse(read_posts(data))
    assert s.best_day == "jueves" and s.best_hour == 19
    assert s.weekdays["domingo"] == {"posts": 1, "rate": 50.0}
    assert s.weekdays["lunes"]["rate"] == pytest.approx(2.0)


def test_longest_gap_and_pauses_over_a_week():
    data = _rows(
        ("2025-03-01", "10:00", 100, 1),
        ("2025-03-03", "10:00", 100, 1),
        ("2025-03-24", "10:00", 100, 1),  # 21 days after the 3rd
        ("2025-04-02", "10:00", 100, 1),  # 9 days
        ("2025-04-04", "10:00", 100, 1),
    )
    s = analyse(read_posts(data))
    assert s.longest_gap == {"days": 21, "from": date(2025, 3, 3), "to": date(2025, 3, 24)}
    assert s.gaps_over_week == 2
    assert any("parón más largo fue de 21 días" in line for line in measure.reading(s))


def test_the_sample_export_reads_as_the_lesson_says():
    posts = read_posts(measure.SAMPLE)
    s = analyse(posts, measure.SAMPLE_FOLLOWERS)
    assert 30 <= s.posts <= 45 and s.first.month == 2 and s.last.month == 4
    assert s.longest_gap["days"] == 21  # the key of the lesson's question «paron_ejemplo»
    assert s.reach_per_post < s.followers  # the usual case for a small business
    assert s.rate_reach > s.rate_followers
    assert all(line.endswith((".", ")")) for line in measure.reading(s))


def test_measure_figures_ask_a_question_and_use_spanish_numbers():
    posts = read_posts(measure.SAMPLE)
    s = analyse(posts, measure.SAMPLE_FOLLOWERS)
    for fig in (
        figures.measure_slots(s.weekdays, "día", s.best_day),
        figures.measure_slots(s.hours, "hora", s.best_hour),
        figures.posting_timeline(
            [p.when.date() for p in posts], [p.reach for p in posts], s.longest_gap
        ),
    ):
        fig.canvas.draw()
        ax = fig.axes[0]
        assert ax.get_title().startswith("¿") and ax.get_title().endswith("?")
        labels = " ".join(t.get_text() for t in ax.get_yticklabels() + ax.texts)
        assert "." not in labels.replace("publ.", "") or "1.000" in labels
    texts = [t.get_text() for t in figures.measure_slots(s.weekdays, "día").axes[0].texts]
    assert any("," in t and "%" in t for t in texts)


def test_the_box_builds_and_shows_the_sample():
    from course_utils.ui.measure_box import OWN_CHOICE, measure_box

    box = measure_box()
    choice = box.children[0]
    choice.value = OWN_CHOICE  # no file yet: a hint, never an error
    assert box.children[-1] is not None


def test_meta_viewers_count_as_reach_and_views_do_not():
    """Meta's 2025 «Espectadores» (distinct accounts) is reach; «Visualizaciones» (repeated
    views, the old impressions) is not, and is never taken for it."""
    viewers = META_ES.replace("Alcance", "Espectadores")
    _same_two_posts(read_posts(viewers.encode("utf-8")))
    with_views = (
        META_ES.replace("Alcance;", "Visualizaciones;Alcance;")
        .replace("Imagen;1.200", "Imagen;5.000;1.200")
        .replace("Carrusel;800", "Carrusel;3.000;800")
    )
    _same_two_posts(read_posts(with_views.encode("utf-8")))
    only_views = META_ES.replace("Alcance", "Visualizaciones")
    with pytest.raises(MeasureError):
        read_posts(only_views.encode("utf-8"))
