"""Question specs: checks the dicts given to ``Session.ask`` and explains any problem in Spanish."""

from __future__ import annotations

import copy
import difflib
import json
import math
from collections.abc import Mapping, MutableMapping, MutableSet
from functools import lru_cache
from typing import Any

from course_utils.core.errors import CourseError
from course_utils.core.paths import DATA
from course_utils.core.text import plain as _plain

__all__ = [
    "MODES",
    "SCHEMA_PATH",
    "TYPES",
    "SpecError",
    "SpecRegistry",
    "check_unique",
    "schema",
    "validate",
]

MODES = ("practice", "graded")
TYPES = ("single", "multiple", "classify", "order", "scale", "number", "text")
SCHEMA_PATH = DATA / "question.schema.json"

# Types that show a «Comprobar» button when the spec carries its "answer" (practice mode).
_CHECKED = ("single", "multiple", "classify", "order", "number")
# Fields only ever shown or used when a learner presses «Comprobar».
_CHECK_ONLY = ("explanation", "explanations", "tolerance", "method")
_DEFAULT_MAX_CHARS = 2000  # what the text widget uses when the spec says nothing
_LIST_LIMIT = 12

# Spanish (or near) names a trainer may write instead of the kit's English ones.
_FIELD_ALIASES = {
    "respuesta": "answer",
    "respuestas": "answer",
    "solucion": "answer",
    "clave": "answer",
    "opciones": "options",
    "enunciado": "prompt",
    "pregunta": "prompt",
    "tipo": "type",
    "identificador": "id",
    "explicacion": "explanation",
    "explicaciones": "explanations",
    "elementos": "items",
    "afirmaciones": "items",
    "categorias": "categories",
    "tolerancia": "tolerance",
    "margen": "tolerance",
    "unidad": "unit",
    "etiqueta": "label",
    "filas": "rows",
    "lineas": "rows",
    "ejemplo": "placeholder",
    "max_caracteres": "max_chars",
    "min_palabras": "min_words",
    "metodo": "method",
}
_TYPE_ALIASES = {
    "unica": "single",
    "radio": "single",
    "varias": "multiple",
    "casillas": "multiple",
    "clasificar": "classify",
    "clasificacion": "classify",
    "ordenar": "order",
    "orden": "order",
    "escala": "scale",
    "numero": "number",
    "cifra": "number",
    "texto": "text",
}
# A hint of what to use instead of a field that a type does not show.
_UNUSED_HINTS = {
    "explanations": "Este tipo no muestra explicaciones por opción o elemento: usa «explanation».",
    "answer": "Este tipo no tiene respuesta correcta: quita «answer».",
}


class SpecError(CourseError, ValueError):
    """A question spec a trainer must fix; the message is one or two Spanish sentences.

    ``question`` is the question's id (None if it has none) and ``field`` the field at fault.
    """

    def __init__(self, message: str, question: str | None = None, field: str | None = None):
        super().__init__(message)
        self.question = question
        self.field = field


# -- schema (loaded, with jsonschema, on first use) ----------------------------


@lru_cache(maxsize=1)
def _schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def schema() -> dict:
    """A copy of the JSON Schema of question specs (``data/question.schema.json``)."""
    return copy.deepcopy(_schema())


@lru_cache(maxsize=1)
def _validator():
    from course_utils.core.quick_jsonschema import draft202012_validator

    return draft202012_validator(_schema())


def _resolve(node: Mapping) -> Mapping:
    """Follow a local ``$ref`` (``#/$defs/name``) once."""
    ref = node.get("$ref", "")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return _schema()["$defs"][ref.rsplit("/", 1)[1]]
    return {}


def _expected(node: Mapping | None) -> str:
    """The Spanish description ("x-expected") of a schema node, following ``$ref``s."""
    while node:
        if "x-expected" in node:
            return node["x-expected"]
        node = _resolve(node)
    return "un valor con otra forma"


def _fields(kind: str) -> list[str]:
    return list(_schema()["$defs"][kind]["properties"])


def _field_schema(kind: str | None, field: str) -> Mapping | None:
    if kind in TYPES:
        return _schema()["$defs"][kind]["properties"].get(field)
    return _schema()["properties"].get(field)


# -- small Spanish formatting helpers -----------------------------------------


def _short(text: str, limit: int = 40) -> str:
    """One line, cut at ``limit`` characters (short texts keep their spaces, «a » included)."""
    if len(text) <= limit and "\n" not in text:
        return text
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _quote(value: Any) -> str:
    return f"«{_short(value)}»" if isinstance(value, str) else _short(repr(value))


def _names(values: list) -> str:
    """«a», «b» y «c»."""
    quoted = [_quote(v) for v in values]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " y " + quoted[-1]


def _listing(ids: list[str]) -> str:
    """a, b, c, d (for the ids a question offers)."""
    shown = [_short(i, 30) for i in ids[:_LIST_LIMIT]]
    return ", ".join(shown) + (", …" if len(ids) > _LIST_LIMIT else "")


def _describe(value: Any) -> str:
    """What a value is, in Spanish: «un número entero (3)»."""
    if value is None:
        return "None (vacío)"
    if isinstance(value, bool):
        return f"verdadero o falso ({value})"
    if isinstance(value, int):
        return f"un número entero ({value})"
    if isinstance(value, float):
        return f"un número decimal ({value})"
    if isinstance(value, str):
        return f"el texto «{_short(value)}»" if value.strip() else "un texto vacío"
    if isinstance(value, list):
        return "una lista"
    if isinstance(value, tuple):
        return "una tupla (usa una lista [ ])"
    if isinstance(value, Mapping):
        return "un diccionario"
    return f"un objeto de tipo {type(value).__name__}"


def _suggest(name: str, choices: list[str], aliases: Mapping[str, str]) -> str | None:
    alias = aliases.get(_plain(name))
    if alias in choices:
        return alias
    found = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    found = found or difflib.get_close_matches(_plain(name), choices, n=1, cutoff=0.6)
    return found[0] if found else None


def _who(spec: Any) -> tuple[str, str | None]:
    """How the message names the question, and its id if it has a usable one."""
    if isinstance(spec, Mapping):
        qid = spec.get("id")
        if isinstance(qid, str) and qid.strip():
            return f"La pregunta «{_short(qid)}»", qid
        prompt = spec.get("prompt")
        if isinstance(prompt, str) and prompt.strip():
            return f"La pregunta que empieza «{_short(prompt, 50)}»", None
    return "Una pregunta", None


def _fail(spec: Any, field: str | None, detail: str, hint: str = "") -> SpecError:
    who, qid = _who(spec)
    message = f"{who}: {detail}."
    return SpecError(f"{message} {hint}".strip(), question=qid, field=field)


def _pairs(raw: Any) -> list[tuple[str, str]]:
    """(id, text) pairs as the kit builds them: a dict, or a list with ids a, b, c…"""
    if isinstance(raw, Mapping):
        return [(str(k), str(v)) for k, v in raw.items()]
    return [(chr(ord("a") + i), str(text)) for i, text in enumerate(raw or [])]


# -- schema errors → one Spanish sentence --------------------------------------


def _rank(error, spec: Mapping) -> tuple:
    """Which schema error to report first: shape, type, id, unknown fields, then in order."""
    path = list(error.absolute_path)
    if not path:
        if error.validator == "type":
            return (0,)
        if error.validator == "required":
            missing = [f for f in error.validator_value if f not in spec]
            return (1,) if "type" in missing else (2,) if "id" in missing else (5,)
        if error.validator == "additionalProperties":
            return (4,)
        return (9,)
    field = path[0]
    if field == "type":
        return (1,)
    if field == "id":
        return (3,)
    keys = [k for k in spec if isinstance(k, str)]
    return (6, keys.index(field) if field in keys else len(keys), len(path))


def _where(steps: list) -> str:
    parts = [f"el elemento {s + 1}" if isinstance(s, int) else _quote(s) for s in steps]
    return ", ".join(parts)


def _schema_error(spec: Any, error) -> SpecError:
    if not isinstance(spec, Mapping):
        return _fail(
            spec,
            None,
            f'debe ser un diccionario {{"id": …, "type": …, "prompt": …}}, y es {_describe(spec)}',
        )
    kind = spec.get("type") if spec.get("type") in TYPES else None
    path = list(error.absolute_path)
    validator = error.validator
    if not path and validator == "required":
        missing = next(f for f in error.validator_value if f not in spec)
        what = _expected(_field_schema(kind, missing))
        return _fail(spec, missing, f"falta el campo «{missing}» ({what})")
    if not path and validator == "additionalProperties" and kind is not None:
        return _unknown_field(spec, kind)
    if not path:
        return _fail(spec, None, "no tiene la forma de una pregunta")
    field = str(path[0])
    steps = path[1:]
    value = error.instance
    if field == "type":
        guess = _suggest(str(value), list(TYPES), _TYPE_ALIASES)
        hint = f"¿Querías decir «{guess}»?" if guess else ""
        shown = _quote(value) if isinstance(value, str) else _describe(value)
        return _fail(spec, "type", f"el tipo {shown} no existe (tipos: {', '.join(TYPES)})", hint)
    expected = _expected(error.schema) if steps else _expected(_field_schema(kind, field))
    if field == "id":
        shown = _quote(value) if isinstance(value, str) else _describe(value)
        return _fail(spec, "id", f"el identificador {shown} no vale: debe ser {expected}")
    where = _where(steps)
    if "propertyNames" in error.relative_schema_path:
        shown = _quote(value) if isinstance(value, str) else _describe(value)
        inside = f"en «{field}»" + (f", {where}" if where else "")
        detail = f"{inside}, el identificador {shown} no vale: debe ser {_expected(error.schema)}"
        return _fail(spec, field, detail)
    subject = f"en el campo «{field}», {where}" if steps else f"el campo «{field}»"
    if validator in ("minLength", "pattern") and error.schema == _schema()["$defs"]["plainText"]:
        return _fail(spec, field, f"{subject} está vacío")
    if validator in ("minLength", "maxLength", "pattern"):
        return _fail(spec, field, f"{subject} no vale ({_describe(value)}): debe ser {expected}")
    if validator in ("minItems", "minProperties"):
        count = len(value)
        return _fail(
            spec,
            field,
            f"{subject} tiene {count} elemento{'' if count == 1 else 's'} y necesita al menos "
            f"{error.validator_value}",
        )
    if validator in ("maxItems", "maxProperties"):
        return _fail(
            spec,
            field,
            f"{subject} tiene {len(value)} elementos y admite como máximo {error.validator_value}",
            "Para más, usa un diccionario {identificador: texto}.",
        )
    if validator == "uniqueItems":
        seen, repeated = set(), []
        for item in value:
            marker = repr(item)
            if marker in seen and item not in repeated:
                repeated.append(item)
            seen.add(marker)
        return _fail(spec, field, f"{subject} repite {_names(repeated or ['un valor'])}")
    if validator in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return _fail(spec, field, f"{subject} debe ser {expected}, y ahora vale {value!r}")
    return _fail(spec, field, f"{subject} debe ser {expected}, y ahora es {_describe(value)}")


def _unknown_field(spec: Mapping, kind: str) -> SpecError:
    allowed = _fields(kind)
    extra = next(k for k in spec if k not in allowed)
    name = extra if isinstance(extra, str) else repr(extra)
    every = {f for t in TYPES for f in _fields(t)}
    if name in every:
        hint = _UNUSED_HINTS.get(name) or f"Sus campos son: {', '.join(allowed)}."
        return _fail(
            spec, name, f"el campo «{name}» no se usa en las preguntas de tipo «{kind}»", hint
        )
    guess = _suggest(name, allowed, _FIELD_ALIASES)
    hint = (
        f"¿Querías decir «{guess}»?"
        if guess
        else f"Los campos de las preguntas de tipo «{kind}» son: {', '.join(allowed)}."
    )
    return _fail(spec, name, f"el campo «{_short(name)}» no existe", hint)


# -- what the schema cannot say ----------------------------------------------


def _check_mode(spec: Mapping, mode: str) -> None:
    kind = spec["type"]
    if mode == "graded":
        if "answer" in spec:
            raise _fail(
                spec,
                "answer",
                "lleva su respuesta («answer») en un ejercicio calificado",
                "Quítala: la clave va solo en las pruebas ocultas, o el alumnado la verá en el cuaderno.",
            )
        for field in _CHECK_ONLY:
            if field in spec:
                raise _fail(
                    spec,
                    field,
                    f"el campo «{field}» no se muestra en un ejercicio calificado",
                    f"Quita «{field}»: la corrección va en las pruebas ocultas.",
                )
    elif kind in _CHECKED and "answer" not in spec:
        for field in _CHECK_ONLY:
            if field in spec:
                raise _fail(
                    spec,
                    field,
                    f"el campo «{field}» solo se usa al pulsar «Comprobar», y sin «answer» "
                    "no hay botón",
                    f"Añade «answer» o quita «{field}».",
                )


def _check_texts(spec: Mapping, field: str, pairs: list[tuple[str, str]], noun: str) -> None:
    """Two options (items, categories) with one text cannot be told apart."""
    first: dict[str, str] = {}
    for oid, text in pairs:
        key = " ".join(text.split()).casefold()
        if key in first:
            detail = (
                f"en el campo «{field}», {noun} {_names([first[key], oid])} tienen el mismo texto"
            )
            raise _fail(spec, field, detail)
        first[key] = oid


def _not_among(bad: list[str], where: str, ids: list[str]) -> str:
    verb = "está" if len(bad) == 1 else "están"
    return f"{_names(bad)} no {verb} entre {where} ({_listing(ids)})"


def _check_explanations(spec: Mapping, ids: list[str], where: str) -> None:
    notes = spec.get("explanations")
    if notes is None:
        return
    bad = [k for k in notes if k not in ids]
    if bad:
        verb = "está" if len(bad) == 1 else "están"
        detail = f"el campo «explanations» explica {_names(bad)}, que no {verb} entre {where}"
        raise _fail(spec, "explanations", f"{detail} ({_listing(ids)})")


def _check_choice(spec: Mapping) -> None:
    options = _pairs(spec["options"])
    ids = [oid for oid, _ in options]
    _check_texts(spec, "options", options, "las opciones")
    if "answer" in spec:
        key = spec["answer"]
        bad = [k for k in ([key] if isinstance(key, str) else key) if k not in ids]
        if bad:
            noun = "la respuesta" if len(bad) == 1 else "las respuestas"
            raise _fail(spec, "answer", f"{noun} {_not_among(bad, 'las opciones', ids)}")
    _check_explanations(spec, ids, "las opciones")


def _check_classify(spec: Mapping) -> None:
    items, cats = _pairs(spec["items"]), _pairs(spec["categories"])
    item_ids, cat_ids = [i for i, _ in items], [c for c, _ in cats]
    _check_texts(spec, "items", items, "los elementos")
    _check_texts(spec, "categories", cats, "las categorías")
    key = spec.get("answer")
    if key is not None:
        unknown = [i for i in key if i not in item_ids]
        if unknown:
            verb = "está" if len(unknown) == 1 else "están"
            raise _fail(
                spec,
                "answer",
                f"el campo «answer» clasifica {_names(unknown)}, que no {verb} entre los elementos "
                f"({_listing(item_ids)})",
            )
        missing = [i for i in item_ids if i not in key]
        if missing:
            raise _fail(
                spec,
                "answer",
                f"el campo «answer» no dice la categoría de {_names(missing)}",
                "Cada elemento necesita la suya (o una lista de categorías aceptadas).",
            )
        for item, expected in key.items():
            bad = [
                c
                for c in ([expected] if isinstance(expected, str) else expected)
                if c not in cat_ids
            ]
            if bad:
                noun = "la categoría" if len(bad) == 1 else "las categorías"
                verb = "existe" if len(bad) == 1 else "existen"
                raise _fail(
                    spec,
                    "answer",
                    f"el campo «answer» pone {_quote(item)} en {noun} {_names(bad)}, que no {verb} "
                    f"(categorías: {_listing(cat_ids)})",
                )
    _check_explanations(spec, item_ids, "los elementos")


def _check_order(spec: Mapping) -> None:
    items = _pairs(spec["items"])
    ids = [i for i, _ in items]
    _check_texts(spec, "items", items, "los elementos")
    key = spec.get("answer")
    if key is not None:
        extra = [i for i in key if i not in ids]
        if extra:
            raise _fail(
                spec, "answer", f"en el campo «answer», {_not_among(extra, 'los elementos', ids)}"
            )
        missing = [i for i in ids if i not in key]
        if missing:
            raise _fail(
                spec,
                "answer",
                f"al campo «answer» le falta {_names(missing)}",
                "El orden correcto debe incluir cada elemento una vez.",
            )


def _check_scale(spec: Mapping) -> None:
    _check_texts(spec, "items", _pairs(spec["items"]), "las afirmaciones")


def _finite(number: float) -> bool:
    try:
        return math.isfinite(number)
    except OverflowError:  # an int too big for a float
        return False


def _check_number(spec: Mapping) -> None:
    for field in ("answer", "tolerance"):
        if field in spec and not _finite(spec[field]):
            shown = _short(repr(spec[field]))
            raise _fail(spec, field, f"el campo «{field}» debe ser un número finito, y es {shown}")


def _check_text(spec: Mapping) -> None:
    max_chars = spec.get("max_chars", _DEFAULT_MAX_CHARS)
    min_words = spec.get("min_words", 1)
    if 2 * min_words - 1 > max_chars:
        raise _fail(
            spec,
            "min_words",
            f"el campo «min_words» pide {min_words} palabras, que no caben en {max_chars} "
            "caracteres («max_chars»)",
        )


_SEMANTIC = {
    "single": _check_choice,
    "multiple": _check_choice,
    "classify": _check_classify,
    "order": _check_order,
    "scale": _check_scale,
    "number": _check_number,
    "text": _check_text,
}


# -- public API ----------------------------------------------------------------


def validate(spec: Any, mode: str = "practice") -> dict:
    """Return ``spec`` if it describes a valid question for ``mode``, else raise SpecError.

    The JSON Schema (``data/question.schema.json``) checks the shape of each type; then come
    the checks it cannot express (answers among the options, a full order, finite numbers…).
    In "graded" mode the key must not be in the spec: it belongs in the hidden tests.
    """
    if mode not in MODES:
        raise ValueError(f"Modo desconocido: {mode!r}. Usa 'practice' o 'graded'.")
    errors = list(_validator().iter_errors(spec))
    if errors:
        rank = (lambda e: _rank(e, spec)) if isinstance(spec, Mapping) else (lambda e: (0,))
        raise _schema_error(spec, min(errors, key=rank))
    _check_mode(spec, mode)
    _SEMANTIC[spec["type"]](spec)
    return spec


def check_unique(
    qid: str,
    seen: MutableMapping[str, Any] | MutableSet[str],
    spec: Mapping | None = None,
) -> None:
    """Record ``qid`` in ``seen``, or raise SpecError if another question of the notebook has it.

    With a mapping and the ``spec``, asking again an identical spec is allowed: that is a cell
    run twice, not a second question (two questions with one id would overwrite each other).
    """
    if qid in seen:
        earlier = seen[qid] if isinstance(seen, Mapping) else None
        if spec is not None and earlier == spec:
            return
        prompt = earlier.get("prompt") if isinstance(earlier, Mapping) else None
        other = (
            f"la pregunta «{_short(prompt, 50)}»" if isinstance(prompt, str) else "otra pregunta"
        )
        raise SpecError(
            f"La pregunta «{_short(str(qid))}»: el identificador ya lo usa {other} de este "
            "cuaderno, y una respuesta borraría la otra. Cambia el «id» de una de las dos (si solo "
            "has editado esta y vuelto a ejecutar su celda, ejecuta antes la celda de start(...)).",
            question=qid,
            field="id",
        )
    if isinstance(seen, MutableMapping):
        seen[qid] = copy.deepcopy(dict(spec)) if spec is not None else None
    else:
        seen.add(qid)


class SpecRegistry:
    """The questions asked in one notebook, so that no two share an id."""

    def __init__(self) -> None:
        self._specs: dict[str, dict | None] = {}

    def add(self, spec: Mapping) -> None:
        """Record a (validated) spec; SpecError if another question already has its id."""
        check_unique(spec["id"], self._specs, spec)

    def __contains__(self, qid: object) -> bool:
        return qid in self._specs

    def __len__(self) -> int:
        return len(self._specs)

    def ids(self) -> list[str]:
        return list(self._specs)
