"""An owner's answers for the plan's tests: every answer the plan reads, saved as the lessons
save them; the rows lesson 06 keeps; a month of lesson 07; and a PDF's text to search."""

from __future__ import annotations

from pathlib import Path

import pypdf

from course_utils.core.store import AnswerStore
from course_utils.topics import audit, delegation, month
from course_utils.topics.month import Pillar, Post

DIMENSIONS = ["estrategia", "liderazgo", "colaboracion", "informacion", "escucha", "medicion"]
GOAL = "Más reservas para las cenas"


def answer_everything(folder: Path, negocio: str = "Taller mecánico familiar en Alcorcón.") -> None:
    """Every answer the plan reads, saved as the lessons save them (AnswerStore.save)."""
    s = AnswerStore("00-bienvenida", folder)
    s.save("pyme_negocio", negocio)
    s.save("pyme_redes_actuales", "Instagram con 350 seguidores; ficha de Google con 40 reseñas.")
    s = AnswerStore("01-despersonalizar-la-critica", folder)
    s.save("pyme_quien_responde", "Pedro revisa Google e Instagram cada mañana.")
    s.save("pyme_criticas_frecuentes", "«Tardáis en contestar al teléfono».")
    s = AnswerStore("02-hay-que-estar-no-es-un-objetivo", folder)
    s.save("pyme_objetivo_1", "Conseguir 15 reseñas nuevas en Google antes del 31 de marzo; Pedro.")
    s.save("pyme_redes_elegidas", "La ficha de Google y WhatsApp Business.")
    s.save("pyme_frecuencia", "Google: una foto a la semana, los lunes; la sube Ramón.")
    s = AnswerStore("03-cultura-2-0-interna", folder)
    s.save("pyme_canales_internos", "Grupo «Taller – redes» y reunión los lunes a las 8:50.")
    s.save("autoevaluacion", {f"{d}_{n}": 1 + n for d in DIMENSIONS for n in (1, 2)})
    s.save("pyme_madurez_mejora", "Información compartida: reunión de diez minutos.")
    s.save(
        "pyme_raci",
        {
            "tareas": [["publicar", "Publicar"], ["responder", "Responder mensajes"]],
            "roles": [["duenia", "Dueña o dueño"], ["cm", "Community manager"]],
            "matriz": {"publicar": {"duenia": "A", "cm": "R"}, "responder": {"cm": "A/R"}},
        },
    )
    s = AnswerStore("04-dejar-trabajar-al-cm", folder)
    s.save("pyme_acuerdo_cm", "Revisión el primer lunes de cada mes a las 16:00.")
    s = AnswerStore("05-desde-dentro-o-delegar", folder)
    s.save("auditoria_errores", {k: 5 if k == "perfil_personal" else 2 for k in audit.mistakes()})
    s.save("pyme_acciones_errores", "1. Página de empresa (Ramón, antes del día 15).")
    s.save("seguridad_hecho", ["pagina", "contrasenas"])
    for question, option in delegation.example_answers().items():
        s.save(delegation.answer_id(question), option)
    s.save("pyme_decision_gestion", "Híbrido, con formación hasta marzo.")
    s.save("pyme_identidad", "Ramón pone la cara; Pedro avisa en el grupo.")
    s = AnswerStore("06-mi-plan", folder)
    s.save("plan_negocio", "Taller Núñez")
    s.save("plan_persona", "Ramón Núñez")
    s.save("plan_presupuesto", {"horas_semana": "3", "euros_mes": "50"})
    s.save(
        "plan_kpis",
        [
            KPI_ROW,
            {
                "indicador": "Llamadas desde la ficha",
                "partida": "20 al mes",
                "meta": "30 al mes",
                "fuente": "",
            },
        ],
    )
    s.save("plan_contactos", [CONTACT_ROW])
    s.save("plan_contrato", {"modelo": "hibrido", "hecho": ["cuentas", "fin"]})


KPI_ROW = {
    "indicador": "Reseñas en Google",
    "partida": "40",
    "meta": "55 el 31 de marzo",
    "fuente": "Perfil de Empresa de Google, Reseñas",
}
CONTACT_ROW = {"quien": "Ramón", "papel": "Dueño", "como": "Móvil 600 000 000", "cuando": "riesgo"}


def pdf_text(path: Path) -> str:
    """The PDF's text with every run of white space as one space (lines wrap anywhere)."""
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    return " ".join(text.split())


def a_month() -> month.MonthPlan:
    pillars = [Pillar("La cocina de Paco", GOAL, "el plato del día"), Pillar("La terraza", GOAL)]
    posts = [
        Post(1, "La cocina de Paco", "Instagram", "reel", "Lucía", "Paco y las croquetas", 3),
        Post(2, "La terraza", "ficha de Google", "ficha", "Lucía", weekday=4),
        Post(3, "La cocina de Paco", "Instagram", "historia", "Lucía", weekday=5),
        Post(4, "La terraza", "Instagram", "carrusel", "Javi", weekday=0),
    ]
    return month.build_month(2027, 3, pillars, [GOAL], posts)
