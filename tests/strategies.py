"""Hypothesis strategies: specs drawn from the shipped bank, custom questions, answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from musforms import load_bank
from musforms.bank.model import KINDS, without_controls

_BANK = load_bank()
_IDS = [q.id for q in _BANK.questions]
_CATEGORIES = [c.id for c in _BANK.categories]

#: Text a user might type, hostile characters included (controls, markup, formulas, RTL).
user_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="{}"),
    min_size=1,
    max_size=60,
).filter(lambda s: str(without_controls(s)).strip() != "")


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


#: Text a person types into an answer: letters (Danish too), digits, punctuation, line breaks.
answer_text = (
    st.text(
        alphabet=st.sampled_from(
            list("abcdefghijklmnopqrstuvwxyzæøåÆØÅ ABCXYZ0123456789.,!?-&<>\"'")
        ),
        min_size=1,
        max_size=40,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)


@st.composite
def answers_for(draw: st.DrawFn, form: Any) -> dict[str, Any]:
    """Answers to some questions of ``form`` (a musforms Form), valid for its schema."""
    answers: dict[str, Any] = {}
    for question in form.questions:
        if not question.required and not draw(st.booleans()):
            continue
        kind = question.kind
        if kind == "text":
            answers[question.id] = draw(answer_text)
        elif kind == "long_text":
            lines = draw(st.lists(answer_text, min_size=1, max_size=3))
            answers[question.id] = "\n".join(lines)
        elif kind == "scale":
            answers[question.id] = draw(st.integers(question.scale.min, question.scale.max))
        elif kind == "smiley":
            answers[question.id] = draw(st.integers(1, question.faces))
        elif kind == "yes_no":
            answers[question.id] = draw(st.booleans())
        elif kind == "choice":
            answers[question.id] = draw(st.sampled_from([o.id for o in question.options]))
        elif kind == "multi_choice":
            chosen = draw(st.sets(st.sampled_from([o.id for o in question.options]), min_size=1))
            answers[question.id] = [o.id for o in question.options if o.id in chosen]
        elif kind == "competence_wheel":
            rating = st.integers(question.scale.min, question.scale.max)
            answers[question.id] = {
                c.id: {"now": draw(rating), "wanted": draw(rating)}
                for c in question.competences
                if draw(st.booleans())
            } or {question.competences[0].id: {"now": draw(rating), "wanted": draw(rating)}}
        elif kind == "action_plan":
            day = st.dates(dt.date(2026, 1, 1), dt.date(2030, 12, 31)).map(dt.date.isoformat)
            row = st.fixed_dictionaries(
                {"goal": answer_text},
                optional={
                    "action": answer_text,
                    "responsible": answer_text,
                    "deadline": day,
                    "follow_up": day,
                },
            )
            answers[question.id] = draw(
                st.lists(row, min_size=1, max_size=min(question.rows or 1, 3))
            )
        elif kind == "date":
            answers[question.id] = draw(
                st.dates(dt.date(2026, 1, 1), dt.date(2030, 12, 31))
            ).isoformat()
    return answers
