"""Hypothesis strategies: specs drawn from the shipped bank, custom questions, answers."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from musforms import load_bank
from musforms.bank.model import KINDS

_BANK = load_bank()
_IDS = [q.id for q in _BANK.questions]
_CATEGORIES = [c.id for c in _BANK.categories]

#: Text a user might type, hostile characters included (controls, markup, formulas, RTL).
user_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="{}"),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip() != "")


@st.composite
def custom_questions(draw: st.DrawFn) -> dict[str, Any]:
    """A custom question of any kind, with the keys that kind needs."""
    kind = draw(st.sampled_from(KINDS))
    question: dict[str, Any] = {"text": draw(user_text), "kind": kind}
    if kind in {"scale", "competence_wheel"}:
        low = draw(st.integers(0, 3))
        question["scale"] = {"min": low, "max": draw(st.integers(low + 1, 10))}
    if kind == "smiley":
        question["faces"] = draw(st.sampled_from([3, 5]))
    if kind in {"choice", "multi_choice"}:
        question["options"] = [f"Valg {i}" for i in range(draw(st.integers(2, 6)))]
    if kind == "competence_wheel":
        question["competences"] = [f"Kompetence {i}" for i in range(draw(st.integers(6, 8)))]
    if kind == "action_plan":
        question["rows"] = draw(st.integers(1, 6))
    if draw(st.booleans()):
        question["required"] = True
    return question


@st.composite
def specs(draw: st.DrawFn) -> dict[str, Any]:
    """Plain data of a valid spec: ticked ids, whole categories and custom questions."""
    ids = draw(st.lists(st.sampled_from(_IDS), unique=True, max_size=12))
    sections: list[dict[str, Any]] = []
    used_categories = draw(st.lists(st.sampled_from(_CATEGORIES), unique=True, max_size=2))
    for category in used_categories:
        sections.append({"category": category})
    in_categories = {q.id for c in used_categories for q in _BANK.filter(category=c)}
    ticked: list[Any] = [
        {"id": i, "required": True} if draw(st.booleans()) else i
        for i in ids
        if i not in in_categories
    ]
    ticked += draw(st.lists(custom_questions(), max_size=4))
    if ticked or not sections:
        sections.append({"title": draw(user_text), "questions": ticked or [_IDS[0]]})
    return {
        "title": draw(user_text),
        "organisation": draw(st.text(max_size=30)),
        "language": draw(st.sampled_from(["da", "en"])),
        "theme": draw(st.none() | user_text),
        "sections": sections,
    }
