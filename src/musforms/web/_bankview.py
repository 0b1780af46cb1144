"""The bank as the page lists it: texts in each language, kinds, whose sheet, length.

Built once per app and language: the list is the same for every request. Each
question carries what the filters need (``data-kind``, ``data-audience``,
``data-length``) and its near-duplicates, shown as alternatives ("ligner: ...").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from musforms._templating import TextProblem, render_text
from musforms.bank.model import Kind, Language, Text
from musforms.bank.questionbank import QuestionBank
from musforms.web._search import length_of

__all__ = ["BankView", "CategoryItem", "QuestionItem"]

#: What the variables in bank texts read as in the list, where no form fills them in yet.
_PLACEHOLDERS: dict[Language, dict[str, str]] = {
    "da": {
        "organisation": "organisationen",
        "theme": "årets tema",
        "employee": "medarbejderen",
        "leader": "lederen",
        "department": "afdelingen",
        "date": "datoen",
    },
    "en": {
        "organisation": "the organisation",
        "theme": "the annual theme",
        "employee": "the employee",
        "leader": "the leader",
        "department": "the department",
        "date": "the date",
    },
}


@dataclass(frozen=True)
class QuestionItem:
    """A question of the list: id, kind, text and hint in one language, its filters' values.

    ``audience`` is the sheets it belongs on, space-separated; ``length`` is
    ``short``, ``medium`` or ``long``; ``alternatives`` its near-duplicates as
    (id, text) pairs.
    """

    id: str
    kind: Kind
    text: str
    help: str | None
    audience: str
    length: str
    alternatives: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CategoryItem:
    """A category of the list with its questions."""

    id: str
    title: str
    description: str | None
    questions: tuple[QuestionItem, ...]


def _shown(text: Text | None, language: Language) -> str | None:
    """Return a bank text as the list shows it, its variables read as words."""
    if text is None:
        return None
    raw = text.get(language)
    values = {**_PLACEHOLDERS[language], "year": dt.date.today().year}
    try:
        return render_text(raw, values)
    except TextProblem:
        return raw


class BankView:
    """The bank's categories and questions, ready for the page template, per language."""

    def __init__(self, bank: QuestionBank) -> None:
        self._by_language: dict[Language, list[CategoryItem]] = {}
        self._bank = bank

    def categories(self, language: Language) -> list[CategoryItem]:
        """Return the categories in bank order, with texts in ``language``."""
        if language not in self._by_language:
            self._by_language[language] = [
                CategoryItem(
                    id=category.id,
                    title=category.title.get(language),
                    description=_shown(category.description, language),
                    questions=tuple(
                        QuestionItem(
                            id=q.id,
                            kind=q.kind,
                            text=_shown(q.text, language) or "",
                            help=_shown(q.help, language),
                            audience=" ".join(q.audience),
                            length=length_of(q),
                            alternatives=tuple(
                                (other, _shown(self._bank[other].text, language) or other)
                                for other in self._bank.alternatives(q.id)
                            ),
                        )
                        for q in category.questions
                    ),
                )
                for category in self._bank.categories
            ]
        return self._by_language[language]
