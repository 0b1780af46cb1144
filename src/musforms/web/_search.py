"""The bank list's search and filters, for the page and for ``/search``.

The search is the bank's own (:meth:`QuestionBank.find`): forgiving of typos,
compounds and synonyms, in the language the page shows unless she asks for
both. The filters (theme, answer type, whose sheet, how long a question takes
in the talk) narrow what it found. The script asks ``/search`` as she types;
without JavaScript the "Søg" button sends the same fields with the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final

from markupsafe import Markup, escape

from musforms.bank.model import Language, Question
from musforms.bank.questionbank import QuestionBank
from musforms.bank.search import fold
from musforms.kinds import TABLE
from musforms.web._labels import labels
from musforms.web._state import SearchDraft

__all__ = ["LENGTHS", "Found", "find", "highlight", "length_of"]

#: How long a question takes in the talk, by the minutes of its kind (kinds.TABLE).
LENGTHS: Final = ("short", "medium", "long")
_WORD = re.compile(r"[^\W_]+")
_AUDIENCES: Final = frozenset({"employee", "leader", "colleague"})


def length_of(question: Question) -> str:
    """Return ``short`` (up to 1½ minutes), ``medium`` (up to 3) or ``long`` (more)."""
    minutes = TABLE[question.kind].minutes
    if minutes <= 1.5:
        return "short"
    return "medium" if minutes <= 3 else "long"


@dataclass
class Found:
    """What the list shows: ``ids`` (``None``: everything), the words to mark, a message."""

    ids: set[str] | None = None
    terms: dict[str, frozenset[str]] = field(default_factory=dict)
    corrections: dict[str, str] = field(default_factory=dict)
    message: str = ""

    def category_terms(self, questions: Iterable[Any]) -> set[str]:
        """Return the words to mark in a theme's title: those its shown questions matched."""
        return {t for q in questions if self.shows(q.id) for t in self.terms.get(q.id, ())}

    def shows(self, question_id: str) -> bool:
        """Tell whether the list shows a question."""
        return self.ids is None or question_id in self.ids


def find(bank: QuestionBank, search: SearchDraft, lang: Language) -> Found:
    """Return the questions the search and filters leave, in the page's language ``lang``."""
    if not search.active:
        return Found()
    names = labels(lang)
    questions = bank.questions
    terms: dict[str, frozenset[str]] = {}
    corrections: dict[str, str] = {}
    if search.query.strip():
        result = bank.find(search.query[:200], None if search.both else lang)
        chosen = set(result.ids)
        terms = result.terms
        corrections = result.corrections
        questions = [q for q in questions if q.id in chosen]
    questions = [
        q
        for q in questions
        if (not search.category or q.category == search.category)
        and (not search.kind or q.kind == search.kind)
        and (
            not search.audience
            or search.audience not in _AUDIENCES
            or search.audience in q.audience
        )
        and (not search.length or length_of(q) == search.length)
    ]
    count = len(questions)
    message = names["search_count"].format(n=count) if count else names["search_none"]
    if count == 1:
        message = names["search_one"]
    if corrections:
        read_as = ", ".join(f"«{word}»" for word in dict.fromkeys(corrections.values()))
        message += " " + names["search_read_as"].format(words=read_as)
    return Found({q.id for q in questions}, terms, corrections, message)


def highlight(text: str, terms: frozenset[str] | set[str] | None) -> Markup:
    """Return ``text`` escaped, with each word whose folded form is in ``terms`` in ``<mark>``."""
    if not terms:
        return Markup(escape(text))
    parts: list[str] = []
    last = 0
    for match in _WORD.finditer(text):
        if fold(match.group()) in terms:
            parts.append(escape(text[last : match.start()]))
            parts.append(Markup("<mark>") + escape(match.group()) + Markup("</mark>"))
            last = match.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)
