"""Content written once: the data files load, agree with each other, and no notebook keeps a copy."""

from __future__ import annotations

import json

import pytest
import yaml

from course_utils.core import content
from course_utils.topics import audit, delegation, maturity, triage
from support import ROOT, tracked

NOTEBOOKS = [
    p
    for p in tracked("*.ipynb")
    if p.parts[len(ROOT.parts)] in {"lessons", "exercises", "solutions"}
]


def _code(path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


def test_every_source_loads():
    for name in content.SOURCES:
        assert isinstance(content.load(name), dict), name
    with pytest.raises(ValueError):
        content.load("no_existe")


def test_a_broken_file_gives_a_spanish_message(tmp_path, monkeypatch):
    (tmp_path / "triage.yaml").write_text("kinds: [sin cerrar\n", encoding="utf-8")
    monkeypatch.setattr(content, "DATA_DIR", tmp_path)
    content.load.cache_clear()
    try:
        with pytest.raises(content.ContentError, match="«triage.yaml» tiene un error de formato"):
            content.load("triage")
    finally:
        content.load.cache_clear()


def test_the_flowchart_uses_known_kinds_and_actions():
    kinds, actions = triage.kinds(), triage.actions()
    assert set(triage.action_notes()) == set(actions)
    for step in triage.flowchart():
        assert step["action"] in actions and step["question"].startswith("¿")
        assert set(step.get("kinds", [])) <= set(kinds)
    reached = {triage.recommended_action(k) for k in kinds}
    reached |= {
        triage.recommended_action("troll", serious=True),
        triage.recommended_action("cliente_insatisfecho", personal_data=True),
    }
    assert reached == set(actions)


def test_maturity_limits_fit_the_stages():
    data = content.load("maturity")
    assert len(data["limits"]) == len(data["stages"]) - 1
    assert data["limits"] == sorted(data["limits"])
    assert all(1 <= limit <= 5 for limit in data["limits"])


def test_examples_name_businesses_of_the_cast():
    businesses = content.load("cast")["businesses"]
    for source in ("maturity", "audit", "delegation"):
        assert content.load(source)["example"]["business"] in businesses
    assert content.business_of("bar_sol") == "del Bar Sol"
    assert content.business_of("peluqueria_marta") == "de la Peluquería Marta"
    for person in content.people().values():
        assert person["business"] in businesses and person["role"]


def test_the_delegation_rule_can_give_every_recommendation():
    import itertools

    options = {q: list(info["options"]) for q, info in delegation.questions().items()}
    seen = {
        delegation.recommend(dict(zip(options, combo, strict=True)))[0]
        for combo in itertools.product(*options.values())
    }
    assert seen == set(delegation.recommendations())


def _labels() -> list[str]:
    """Texts that live in the data files and must not be copied into a notebook."""
    texts = list(triage.kinds().values()) + list(triage.actions().values())
    texts += [s["question"] for s in triage.flowchart()]
    texts += [s["description"] for s in maturity.stages()]
    for info in audit.mistakes().values():
        texts += [info["statement"], info["action"]]
    for info in audit.security_measures().values():
        texts += [info["done"], info["todo"]]
    for info in delegation.questions().values():
        texts.append(info["prompt"])
        texts += [o["text"] for o in info["options"].values()]
    return texts


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_notebook_copies_the_content(path):
    """Changing a comment kind, a stage or a security item is one edit: in the data file."""
    code = _code(path)
    copies = [text for text in _labels() if f'"{text}"' in code]
    assert not copies, f"{path.name} repeats content kept in course_utils/data: {copies[:3]}"


def test_data_files_are_plain_yaml_a_trainer_can_edit():
    for name in content.SOURCES:
        text = (content.DATA_DIR / f"{name}.yaml").read_text(encoding="utf-8")
        assert text.startswith("#"), f"{name}.yaml starts with a comment saying what it holds"
        assert yaml.safe_load(text) == content.load(name)
