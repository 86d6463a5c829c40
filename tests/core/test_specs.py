"""Question specs: every real one passes; each kind of mistake fails in Spanish, naming question and field."""

from __future__ import annotations

import ast
import collections
import copy
import importlib
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_utils.core import specs
from course_utils.core.specs import SpecError, SpecRegistry, check_unique, validate
from support import ROOT

NOTEBOOKS = sorted([*(ROOT / "lessons").glob("*.ipynb"), *(ROOT / "solutions").glob("*/*.ipynb")])
# Specs the extraction below must find in lessons/ and solutions/ (72 when this was written):
# fewer means the extraction broke or questions stopped being checkable.
MIN_REAL_SPECS = 65


# -- the real specs, read from the notebooks' code cells -------------------------------------


class _NotLiteral(Exception):
    pass


def _evaluate(node: ast.AST, env: dict, modules: dict) -> object:
    """A literal, a name bound earlier to one, or a course_utils call with literal arguments."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name) and node.id in env:
        return env[node.id]
    if isinstance(node, ast.Dict) and None not in node.keys:
        return {
            _evaluate(k, env, modules): _evaluate(v, env, modules)
            for k, v in zip(node.keys, node.values, strict=True)
        }
    if isinstance(node, (ast.List, ast.Tuple)):
        items = [_evaluate(e, env, modules) for e in node.elts]
        return items if isinstance(node, ast.List) else tuple(items)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        value = _evaluate(node.operand, env, modules)
        if isinstance(value, (int, float)):
            return -value
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id in modules
    ):
        args = [_evaluate(a, env, modules) for a in node.args]
        kwargs = {k.arg: _evaluate(k.value, env, modules) for k in node.keywords if k.arg}
        try:  # the course's own content helpers (triage.actions(), delegation.question_spec(…))
            module = importlib.import_module(modules[node.func.value.id])
            return getattr(module, node.func.attr)(*args, **kwargs)
        except Exception as exc:  # a helper that fails leaves this spec unchecked, not the test
            raise _NotLiteral(f"{ast.unparse(node)}: {exc!r}") from exc
    raise _NotLiteral(ast.unparse(node)[:80])


def notebook_specs(path: Path) -> tuple[str, list[dict], list[str]]:
    """The notebook's mode, the specs its ``.ask(…)`` calls receive, and the calls skipped."""
    env: dict = {}
    modules: dict[str, str] = {}
    mode, found, skipped = "practice", [], []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        try:
            tree = ast.parse("".join(cell["source"]))
        except SyntaxError:
            skipped.append("".join(cell["source"])[:60])
            continue
        for stmt in tree.body:
            if isinstance(stmt, ast.ImportFrom) and (stmt.module or "").startswith("course_utils"):
                for alias in stmt.names:
                    name = f"{stmt.module}.{alias.name}"
                    if _is_module(name):
                        modules[alias.asname or alias.name] = name
            if (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)
            ):
                try:
                    env[stmt.targets[0].id] = _evaluate(stmt.value, env, modules)
                except _NotLiteral:
                    env.pop(stmt.targets[0].id, None)
            for node in ast.walk(stmt):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name == "start":
                    given_mode = {k.arg: k.value for k in node.keywords}.get(
                        "mode", node.args[1] if len(node.args) > 1 else None
                    )
                    if isinstance(given_mode, ast.Constant):
                        mode = given_mode.value
                elif name == "ask" and isinstance(func, ast.Attribute) and len(node.args) == 1:
                    try:
                        found.append(_evaluate(node.args[0], env, modules))
                    except _NotLiteral as exc:
                        skipped.append(str(exc))
    return mode, found, skipped


def _is_module(name: str) -> bool:
    """Whether ``course_utils.x`` names a module of the project (found without importing it)."""
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


@pytest.fixture(scope="module")
def real_specs() -> list[tuple[str, str, dict]]:
    out = []
    for path in NOTEBOOKS:
        mode, found, _ = notebook_specs(path)
        out += [(str(path.relative_to(ROOT)), mode, spec) for spec in found]
    return out


def test_the_extraction_finds_the_real_specs(real_specs):
    skipped = {str(p.relative_to(ROOT)): notebook_specs(p)[2] for p in NOTEBOOKS}
    skipped = {k: v for k, v in skipped.items() if v}
    assert len(real_specs) >= MIN_REAL_SPECS, f"only {len(real_specs)} specs; skipped: {skipped}"
    kinds = collections.Counter(spec.get("type") for _, _, spec in real_specs)
    assert set(kinds) == set(specs.TYPES), kinds  # every type has a real example
    modes = {mode for _, mode, _ in real_specs}
    assert modes == {"practice", "graded"}, "lessons practise and solutions are graded"


def test_every_real_spec_passes(real_specs):
    problems = []
    for where, mode, spec in real_specs:
        try:
            assert validate(spec, mode) is spec
        except SpecError as exc:
            problems.append(f"{where}: {exc}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_ids_are_unique_within_each_notebook(path):
    _, found, _ = notebook_specs(path)
    registry = SpecRegistry()
    for spec in found:
        registry.add(spec)
    assert len(registry) == len(found)


def test_the_real_keys_fail_in_graded_mode(real_specs):
    """A lesson's key, pasted into a graded exercise, is caught."""
    keyed = [spec for _, mode, spec in real_specs if mode == "practice" and "answer" in spec]
    assert len(keyed) >= 20
    for spec in keyed:
        with pytest.raises(SpecError) as caught:
            validate(spec, "graded")
        assert caught.value.field == "answer" and caught.value.question == spec["id"]
        assert "calificado" in str(caught.value)


# -- the schema file --------------------------------------------------------------------------


def test_the_schema_is_a_valid_json_schema_with_one_branch_per_type():
    from jsonschema import Draft202012Validator

    keys: list[list[str]] = []

    def no_duplicates(pairs):
        keys.append([k for k, _ in pairs])
        return dict(pairs)

    raw = json.loads(specs.SCHEMA_PATH.read_text("utf-8"), object_pairs_hook=no_duplicates)
    assert all(len(k) == len(set(k)) for k in keys), "a key repeated in the schema file"
    Draft202012Validator.check_schema(raw)
    assert raw["properties"]["type"]["enum"] == list(specs.TYPES)
    branches = {b["if"]["properties"]["type"]["const"]: b["then"]["$ref"] for b in raw["allOf"]}
    assert branches == {t: f"#/$defs/{t}" for t in specs.TYPES}
    for kind in specs.TYPES:
        definition = raw["$defs"][kind]
        assert definition["additionalProperties"] is False
        assert definition["properties"]["type"] == {"const": kind}
        assert {"id", "type", "prompt"} <= set(definition["required"])


def test_every_field_the_kit_reads_is_in_the_schema():
    kit = next(
        p
        for p in (ROOT / "course_utils/ui/widgets.py", ROOT / "course_utils/widgets.py")
        if p.exists()
    )
    source = kit.read_text("utf-8")
    read = set(re.findall(r"""spec(?:\[|\.get\()\s*["'](\w+)["']""", source))
    read |= set(re.findall(r"""["'](\w+)["'] in self\.spec""", source))
    for group in re.findall(r"for k in \(([^)]*)\) if k in self\.spec", source):
        read |= set(re.findall(r"""["'](\w+)["']""", group))
    assert len(read) >= 10, read
    allowed = {f for kind in specs.TYPES for f in specs.schema()["$defs"][kind]["properties"]}
    assert read <= allowed, read - allowed


def test_importing_is_cheap():
    code = (
        "import sys, course_utils.core.specs as s; "
        "assert 'jsonschema' not in sys.modules and s._schema.cache_info().currsize == 0"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# -- the mistakes a trainer makes -------------------------------------------------------------

SINGLE = {
    "id": "p1",
    "type": "single",
    "prompt": "¿Cuál?",
    "options": {"a": "Una", "b": "Otra", "c": "La tercera", "d": "La cuarta"},
    "answer": "b",
    "explanations": {"a": "No.", "b": "Sí."},
}
MULTIPLE = {
    "id": "p2",
    "type": "multiple",
    "prompt": "¿Cuáles?",
    "options": ["Uno", "Dos", "Tres"],
    "answer": ["a", "c"],
    "explanation": "Por esto.",
}
CLASSIFY = {
    "id": "p3",
    "type": "classify",
    "prompt": "Clasifica.",
    "label": "Comentario",
    "items": {"c1": "Tardaron mucho.", "c2": "¿Abrís el domingo?"},
    "categories": {"queja": "Queja", "pregunta": "Pregunta"},
    "answer": {"c1": "queja", "c2": ["pregunta", "queja"]},
    "explanations": {"c1": "Es una queja."},
}
ORDER = {
    "id": "p4",
    "type": "order",
    "prompt": "Ordena.",
    "items": {"personas": "Personas", "objetivos": "Objetivos", "tecnologia": "Tecnología"},
    "answer": ["personas", "objetivos", "tecnologia"],
    "method": "rank",
}
SCALE = {
    "id": "p5",
    "type": "scale",
    "prompt": "¿De acuerdo?",
    "items": ["Medimos.", "Escuchamos."],
    "explanation": "Guardado.",
}
NUMBER = {
    "id": "p6",
    "type": "number",
    "prompt": "¿Tasa?",
    "label": "Tasa:",
    "unit": "%",
    "answer": 4.5,
    "tolerance": 0.05,
}
TEXT = {
    "id": "p7",
    "type": "text",
    "prompt": "Cuéntalo.",
    "placeholder": "Por ejemplo…",
    "max_chars": 600,
    "rows": 3,
    "min_words": 5,
    "label": "Tu texto:",
}
GOOD = [SINGLE, MULTIPLE, CLASSIFY, ORDER, SCALE, NUMBER, TEXT]


def with_(spec: dict, **changes) -> dict:
    out = copy.deepcopy(spec)
    for key, value in changes.items():
        if value is ...:
            out.pop(key)
        else:
            out[key] = value
    return out


def failure(spec, mode: str = "practice") -> SpecError:
    with pytest.raises(SpecError) as caught:
        validate(spec, mode)
    return caught.value


def spanish(message: str) -> bool:
    """A message for a trainer: names the question, one line, ends a sentence, no jsonschema English."""
    return (
        message.startswith(("La pregunta", "Una pregunta"))
        and message[-1] in ".?"
        and "\n" not in message
        and not re.search(r"is not|is a required|Failed|Traceback|Additional properties", message)
    )


def well_formed(message: str) -> bool:
    """:func:`spanish`, in one or two sentences (for the messages of these tests' own specs)."""
    sentences = re.findall(r"[.?](?:\s|$)", message)
    return spanish(message) and 1 <= len(sentences) <= 2


@pytest.mark.parametrize("spec", GOOD, ids=lambda s: s["type"])
def test_good_specs_pass_and_come_back_unchanged(spec):
    before = copy.deepcopy(spec)
    assert validate(spec) is spec
    assert spec == before
    graded = {
        k: v
        for k, v in spec.items()
        if k not in ("answer", "explanation", "explanations", "tolerance", "method")
    }
    assert validate(graded, "graded") is graded


def test_a_typo_names_the_field_and_suggests_the_right_one():
    error = failure(with_(SINGLE, id="p3", answr="b", answer=...))
    assert (error.question, error.field) == ("p3", "answr")
    assert str(error) == "La pregunta «p3»: el campo «answr» no existe. ¿Querías decir «answer»?"


def test_an_answer_that_is_not_an_option():
    error = failure(with_(SINGLE, answer="e"))
    assert (error.question, error.field) == ("p1", "answer")
    assert (
        str(error) == "La pregunta «p1»: la respuesta «e» no está entre las opciones (a, b, c, d)."
    )


def test_a_classify_key_naming_a_category_that_does_not_exist():
    error = failure(with_(CLASSIFY, answer={"c1": "quejas", "c2": "pregunta"}))
    assert (error.question, error.field) == ("p3", "answer")
    assert "«c1»" in str(error) and "«quejas»" in str(error) and "queja, pregunta" in str(error)


def test_two_questions_with_one_id():
    seen: set[str] = set()
    check_unique("p1", seen)
    with pytest.raises(SpecError) as caught:
        check_unique("p1", seen)
    assert (caught.value.question, caught.value.field) == ("p1", "id")
    assert "«p1»" in str(caught.value) and well_formed(str(caught.value))
    registry = SpecRegistry()
    registry.add(SINGLE)
    registry.add(copy.deepcopy(SINGLE))  # the same cell run again: not a second question
    with pytest.raises(SpecError, match="«¿Cuál\\?»"):  # names the question that has the id
        registry.add(with_(MULTIPLE, id="p1"))
    assert registry.ids() == ["p1"] and "p1" in registry


def test_a_changed_spec_kept_in_the_registry_is_not_the_one_first_asked():
    registry, spec = SpecRegistry(), copy.deepcopy(SINGLE)
    registry.add(spec)
    spec["prompt"] = "Otra pregunta distinta"  # same dict object, edited: now a second question
    with pytest.raises(SpecError):
        registry.add(spec)


def test_graded_mode_refuses_the_key():
    error = failure(SINGLE, "graded")
    assert (error.question, error.field) == ("p1", "answer")
    assert "pruebas ocultas" in str(error) and well_formed(str(error))


def test_an_unknown_mode_is_a_programming_error():
    with pytest.raises(ValueError, match="Modo desconocido") as caught:
        validate(SINGLE, "examen")
    assert not isinstance(caught.value, SpecError)


MISTAKES = [
    # (spec, field, words the message must contain)
    (with_(SINGLE, type="singel"), "type", ["«singel»", "¿Querías decir «single»?"]),
    (with_(SINGLE, type="escala"), "type", ["¿Querías decir «scale»?"]),
    (with_(SINGLE, type=...), "type", ["falta el campo «type»"]),
    (with_(SINGLE, id=...), "id", ["La pregunta que empieza «¿Cuál?»", "falta el campo «id»"]),
    (with_(SINGLE, id="pregunta 1"), "id", ["«pregunta 1»", "no vale"]),
    (with_(SINGLE, id="ñandú"), "id", ["sin tilde ni ñ"]),
    (with_(SINGLE, prompt=...), "prompt", ["falta el campo «prompt»"]),
    (with_(SINGLE, prompt="  "), "prompt", ["«prompt» está vacío"]),
    (
        with_(SINGLE, opciones=SINGLE["options"], options=...),
        "opciones",
        ["¿Querías decir «options»?"],
    ),
    (with_(SINGLE, unit="%"), "unit", ["no se usa en las preguntas de tipo «single»"]),
    (with_(SINGLE, answer=["b", "z"]), "answer", ["«z»", "a, b, c, d"]),
    (with_(SINGLE, answer=2), "answer", ["número entero (2)"]),
    (with_(SINGLE, options={"a": "Una"}), "options", ["al menos 2"]),
    (with_(SINGLE, options={"a": "Una", "b": "una "}), "options", ["«a» y «b»", "mismo texto"]),
    (
        with_(SINGLE, options={"a": "Una", "b ": "Otra"}, answer="a", explanations=...),
        "options",
        ["«b »"],
    ),
    (with_(SINGLE, options={"a": "Una", "b": 7}), "options", ["«b»", "número entero (7)"]),
    (with_(SINGLE, options=("Una", "Otra")), "options", ["tupla"]),
    (with_(SINGLE, explanations={"a": "No.", "e": "¿?"}), "explanations", ["«e»", "a, b, c, d"]),
    (with_(SINGLE, answer=..., explanations={"a": "No."}), "explanations", ["«Comprobar»"]),
    (with_(MULTIPLE, answer=["a", "d"]), "answer", ["«d»", "a, b, c"]),
    (with_(MULTIPLE, answer=["a", "a"]), "answer", ["repite «a»"]),
    (with_(MULTIPLE, answer=[]), "answer", ["al menos 1"]),
    (with_(MULTIPLE, answer="a"), "answer", ["una lista"]),
    (with_(MULTIPLE, explanations={"a": "x"}), "explanations", ["«explanation»"]),
    (with_(MULTIPLE, options=[f"Opción {n}" for n in range(27)]), "options", ["26"]),
    (with_(CLASSIFY, answer={"c1": "queja", "c3": "queja"}), "answer", ["«c3»", "c1, c2"]),
    (with_(CLASSIFY, answer={"c1": "queja"}), "answer", ["«c2»"]),
    (with_(CLASSIFY, answer={"c1": "queja", "c2": ["pregunta", "duda"]}), "answer", ["«duda»"]),
    (with_(CLASSIFY, answer={"c1": "queja", "c2": []}), "answer", ["«c2»", "al menos 1"]),
    (with_(CLASSIFY, categories=["Queja"]), "categories", ["al menos 2"]),
    (with_(CLASSIFY, explanations={"c9": "?"}), "explanations", ["«c9»"]),
    (with_(CLASSIFY, items=...), "items", ["falta el campo «items»"]),
    (with_(ORDER, answer=["personas", "objetivos"]), "answer", ["«tecnologia»"]),
    (with_(ORDER, answer=["personas", "objetivos", "tecnologia", "redes"]), "answer", ["«redes»"]),
    (with_(ORDER, answer=["personas", "personas", "tecnologia"]), "answer", ["repite"]),
    (with_(ORDER, method="spearman"), "method", ["«spearman»"]),
    (with_(ORDER, items=["Solo uno"], answer=["a"]), "items", ["al menos 2"]),
    (with_(SCALE, answer={"a": 3}), "answer", ["no tiene respuesta correcta"]),
    (with_(SCALE, items=["Igual", "igual"]), "items", ["mismo texto"]),
    (with_(NUMBER, tolerance=-0.5), "tolerance", ["mayor o igual que 0", "-0.5"]),
    (with_(NUMBER, tolerance=float("inf")), "tolerance", ["finito"]),
    (with_(NUMBER, answer=float("nan")), "answer", ["finito"]),
    (with_(NUMBER, answer="4,5"), "answer", ["«4,5»"]),
    (with_(NUMBER, answer=True), "answer", ["verdadero o falso"]),
    (with_(NUMBER, answer=..., tolerance=0.1), "tolerance", ["sin «answer»"]),
    (with_(TEXT, max_chars=0), "max_chars", ["mayor o igual que 1"]),
    (with_(TEXT, max_chars=8), "min_words", ["5 palabras"]),
    (with_(TEXT, rows=2.5), "rows", ["2.5"]),
    (with_(TEXT, rows=100), "rows", ["de 1 a 40"]),
    (with_(TEXT, answer="x"), "answer", ["no se usa"]),
]


@pytest.mark.parametrize(
    "spec, field, words",
    MISTAKES,
    ids=[f"{s.get('id', '?')}-{f}-{i}" for i, (s, f, _) in enumerate(MISTAKES)],
)
def test_each_mistake_fails_naming_the_question_and_the_field(spec, field, words):
    error = failure(spec)
    message = str(error)
    assert error.field == field, message
    expected_id = spec.get("id") if isinstance(spec.get("id"), str) else None
    assert error.question == expected_id, message
    if expected_id:
        assert message.startswith(f"La pregunta «{expected_id}»"), message
    assert f"«{field}»" in message or field in ("id", "type", "answer"), message
    for word in words:
        assert word in message, message
    assert well_formed(message), message


def test_graded_mode_refuses_feedback_that_is_never_shown():
    error = failure(with_(TEXT, explanation="Gracias."), "graded")
    assert error.field == "explanation" and "calificado" in str(error)


def test_not_a_dict():
    error = failure(["id", "p1"])
    assert error.question is None and error.field is None
    assert str(error).startswith("Una pregunta: debe ser un diccionario") and well_formed(
        str(error)
    )


# -- random junk never raises anything but SpecError ------------------------------------------

FIELDS = sorted({f for kind in specs.TYPES for f in specs.schema()["$defs"][kind]["properties"]})
IDS = st.sampled_from(["a", "b", "c", "c1", "x", "", " a", "queja"])
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.floats(allow_nan=True)
    | st.text(max_size=4)
    | IDS
)
JUNK = st.recursive(
    SCALARS | st.builds(object) | st.frozensets(st.integers(0, 2), max_size=2),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(IDS | st.integers(0, 2) | st.sampled_from(FIELDS), inner, max_size=4)
    ),
    max_leaves=12,
)
CHOICES = st.dictionaries(IDS, st.text(max_size=3), max_size=4) | st.lists(
    st.text(max_size=3), max_size=4
)
PLAUSIBLE = {
    "options": CHOICES,
    "items": CHOICES,
    "categories": CHOICES,
    "answer": IDS
    | st.lists(IDS, max_size=4)
    | st.dictionaries(IDS, IDS | st.lists(IDS), max_size=4)
    | st.floats(allow_nan=True)
    | st.integers(),
    "explanations": st.dictionaries(IDS, st.text(max_size=3), max_size=3),
    "tolerance": st.floats(allow_nan=True) | st.integers(-2, 2),
    "max_chars": st.integers(-2, 30),
    "min_words": st.integers(-2, 30),
    "rows": st.integers(-2, 50),
    "method": st.sampled_from(["positions", "rank", "otro"]),
}
SPECS = st.builds(
    lambda base, fields: {**base, **fields},
    st.fixed_dictionaries(
        {
            "id": IDS | JUNK,
            "type": st.sampled_from(specs.TYPES) | JUNK,
            "prompt": st.text(max_size=4) | JUNK,
        }
    ),
    st.dictionaries(
        st.sampled_from(FIELDS) | st.text(max_size=6),
        st.one_of(JUNK, *PLAUSIBLE.values()),
        max_size=6,
    ),
)


def _only_spec_errors(spec, mode: str) -> None:
    try:
        assert validate(spec, mode) is spec
    except SpecError as exc:
        assert isinstance(exc.field, (str, type(None))) and spanish(str(exc)), str(exc)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=SPECS | JUNK, mode=st.sampled_from(specs.MODES))
def test_random_junk_raises_only_spec_errors(spec, mode):
    _only_spec_errors(spec, mode)


@settings(max_examples=200, deadline=None)
@given(
    base=st.sampled_from(GOOD),
    field=st.sampled_from(FIELDS) | st.text(max_size=6),
    value=st.one_of(JUNK, *PLAUSIBLE.values()),
    mode=st.sampled_from(specs.MODES),
)
def test_random_changes_to_good_specs_raise_only_spec_errors(base, field, value, mode):
    _only_spec_errors({**base, field: value}, mode)


# -- whatever validate accepts, the kit can show and check ------------------------------------


@st.composite
def valid_specs(draw) -> dict:
    kind = draw(st.sampled_from(specs.TYPES))
    texts = st.text(st.characters(codec="utf-8", categories=["L", "N"]), min_size=1, max_size=6)

    def choices(least: int):
        ids = draw(
            st.lists(
                st.sampled_from(["a", "b", "c", "x1", "queja", "R"]),
                min_size=least,
                max_size=5,
                unique=True,
            )
        )
        labels = draw(
            st.lists(texts, min_size=len(ids), max_size=len(ids), unique_by=lambda t: t.casefold())
        )
        return dict(zip(ids, labels, strict=True)) if draw(st.booleans()) else labels

    spec: dict = {"id": "q", "type": kind, "prompt": "¿?"}
    if kind in ("single", "multiple"):
        spec["options"] = choices(2)
    if kind in ("classify", "order", "scale"):
        spec["items"] = choices(2 if kind == "order" else 1)
    if kind == "classify":
        spec["categories"] = choices(2)

    def ids(field: str) -> list[str]:
        raw = spec[field]
        return list(raw) if isinstance(raw, dict) else [chr(ord("a") + i) for i in range(len(raw))]

    if kind == "single":
        spec["answer"] = draw(st.sampled_from(ids("options")))
    elif kind == "multiple":
        spec["answer"] = draw(st.lists(st.sampled_from(ids("options")), min_size=1, unique=True))
    elif kind == "classify":
        spec["answer"] = {i: draw(st.sampled_from(ids("categories"))) for i in ids("items")}
    elif kind == "order":
        spec["answer"] = draw(st.permutations(ids("items")))
        spec["method"] = draw(st.sampled_from(["positions", "rank"]))
    elif kind == "number":
        spec["answer"] = draw(st.floats(-1e6, 1e6))
        spec["tolerance"] = draw(st.floats(0, 10))
    return spec


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=valid_specs(), pick=st.randoms(use_true_random=False))
def test_what_validate_accepts_the_kit_builds_and_checks(spec, pick):
    session = pytest.importorskip("course_utils.ui.session")
    assert validate(spec) is spec
    with tempfile.TemporaryDirectory() as folder:
        question = session.start("nb", "practice", folder).ask(spec)
        kind = spec["type"]
        if kind == "single":
            question.control.value = pick.choice([oid for oid, _ in question.options])
        elif kind == "multiple":
            for box in question.boxes.values():
                box.value = pick.random() < 0.5
        elif kind in ("classify", "order", "scale"):
            for control in question.controls.values():
                control.value = pick.choice([v for _, v in control.options if v is not None])
        elif kind == "number":
            question.control.value = "3,5"
        if kind not in ("scale", "text"):
            result = question.check()  # used to raise KeyError in the click callback
            assert 0.0 <= result.fraction <= 1.0
