"""Where each chosen question goes: the form's sections, in the order she gave them.

The rules, so that the form stays in order without her tidying it:

- Sections keep their order and their questions' places; questions no longer
  chosen leave, and each question is placed once.
- A newly ticked bank question joins the section made for its category, or
  else the section that already holds most questions of its category (a ready
  form's "Trivsel og arbejdspres" takes a new question on pressure), next to
  them in bank order. Failing both, it gets a section of its own, placed in
  bank order among the other themes.
- A new own question joins the own-questions section, made when missing.
- New sections never go after the *closing block*: the sections at the end
  that close the conversation (the development plan, minutes, follow-up: a
  section made for the closing category, or one whose questions are mostly
  from it). The closing block stays last unless she moves it away from the end;
  then there is none, and new sections go last.
- Empty sections with an automatic title disappear; a section she named stays,
  empty, until she deletes it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from musforms.bank.questionbank import QuestionBank
from musforms.web._state import PageState, SectionDraft

__all__ = ["CLOSING_CATEGORIES", "closing_start", "is_closing", "resolve_layout"]

#: The bank categories whose questions close a conversation (plan, minutes, follow-up).
CLOSING_CATEGORIES = frozenset({"afslutning"})


def _category_of(item: str) -> str | None:
    return None if item.startswith("custom:") or "." not in item else item.split(".", 1)[0]


def is_closing(section: SectionDraft) -> bool:
    """Tell whether a section closes the conversation (see the module's doc)."""
    if section.category in CLOSING_CATEGORIES:
        return True
    closing = sum(1 for item in section.items if _category_of(item) in CLOSING_CATEGORIES)
    return bool(section.items) and closing * 2 >= len(section.items)


def closing_start(sections: list[SectionDraft]) -> int:
    """Return the index where the closing block begins (``len(sections)`` when there is none)."""
    start = len(sections)
    while start > 0 and is_closing(sections[start - 1]):
        start -= 1
    return start


def _new_key(taken: set[str]) -> str:
    number = 1
    while f"s{number}" in taken:
        number += 1
    return f"s{number}"


def resolve_layout(state: PageState, bank: QuestionBank) -> list[SectionDraft]:
    """Return the sections with every ticked and custom question placed exactly once."""
    ticked = state.ticked_set
    customs = {f"custom:{c.key}" for c in state.customs}
    position = {q.id: i for i, q in enumerate(bank.questions)}
    order = {c.id: c.order for c in bank.categories}
    placed: set[str] = set()
    sections: list[SectionDraft] = []
    for section in state.layout or ():
        items = []
        for item in section.items:
            if item not in placed and (item in ticked or item in customs):
                items.append(item)
                placed.add(item)
        sections.append(replace(section, items=items))
    keys = {s.key for s in sections}

    def new_section(**settings: Any) -> SectionDraft:
        section = SectionDraft(key=_new_key(keys), **settings)
        keys.add(section.key)
        return section

    unplaced = [i for i in state.ticked if i not in placed]
    unplaced.sort(key=lambda i: position.get(i, len(position)))
    for question_id in unplaced:
        question = bank.get(question_id)
        category = question.category if question else None
        target = _home(sections, category)
        if target is None:
            target = new_section(category=category)
            if category in CLOSING_CATEGORIES:
                at = len(sections)
            else:
                later = next(
                    (
                        i
                        for i, s in enumerate(sections)
                        if s.custom
                        or (category and s.category and order.get(s.category, 0) > order[category])
                    ),
                    len(sections),
                )
                at = min(later, closing_start(sections))
            sections.insert(at, target)
        _insert(target, question_id, category, position)
    for custom in state.customs:
        reference = f"custom:{custom.key}"
        if reference in placed:
            continue
        target = next((s for s in sections if s.custom), None)
        if target is None:
            target = new_section(custom=True)
            sections.insert(closing_start(sections), target)
        target.items.append(reference)
    return [s for s in sections if s.items or s.title is not None]


def _home(sections: list[SectionDraft], category: str | None) -> SectionDraft | None:
    """Return the section a question of ``category`` joins; ``None``: a new one is made."""
    if category is None:
        return None
    made_for = next((s for s in sections if s.category == category), None)
    if made_for is not None:
        return made_for
    best, most = None, 0
    for section in sections:
        count = sum(1 for item in section.items if _category_of(item) == category)
        if count > most:
            best, most = section, count
    return best


def _insert(
    section: SectionDraft, question_id: str, category: str | None, position: dict[str, int]
) -> None:
    """Put a question among its category's questions in the section, in bank order."""
    here = position.get(question_id, len(position))
    same = [i for i, item in enumerate(section.items) if _category_of(item) == category]
    if not same:
        section.items.append(question_id)
        return
    after = next((i for i in same if position.get(section.items[i], -1) > here), None)
    section.items.insert(after if after is not None else same[-1] + 1, question_id)
