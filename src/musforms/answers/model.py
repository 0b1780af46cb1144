"""Answers: what one filled form says, keyed by question id and typed by kind."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from musforms.form import Form
    from musforms.ooxml.payload import Payload

__all__ = ["Answers", "FormInfo", "QuestionInfo", "RawAnswers", "parse_date"]


@dataclass(frozen=True)
class FormInfo:
    """The form a file was made from, and the people it was filled for.

    ``None`` means the file does not say (e.g. the employee's name was left blank).
    """

    title: str
    organisation: str
    form_id: str
    language: str
    employee: str | None = None
    leader: str | None = None
    department: str | None = None
    date: str | None = None
    audience: str | None = None


@dataclass(frozen=True)
class QuestionInfo:
    """A question of the form a file was made from: what an answer is to.

    ``options`` and ``competences`` give each option's (competence's) text by id.
    """

    kind: str
    category: str
    title: str
    options: Mapping[str, str] = field(default_factory=dict)
    competences: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RawAnswers:
    """What a format's reader found in a file, before the answers are checked.

    ``form`` is the form rebuilt from the file's payload; ``values`` the answered
    questions, typed by kind where they could be; ``person`` the people as the
    file gives them (``None``: blank); ``notes`` what the reader could not tell
    for sure.
    """

    payload: Payload
    form: Form
    values: dict[str, Any]
    person: dict[str, Any]
    notes: tuple[str, ...] = ()


class Answers(Mapping[str, Any]):
    """The answers of one filled form: a read-only mapping of question id -> value.

    Values are typed as PRODUCT.md's table says (str, int, bool, list, dict;
    dates as ISO strings). Unanswered questions are not keys: they are in
    ``missing``.

    Attributes:
        form: the form and the people.
        missing: ids of questions left unanswered, in form order.
        questions: every question of the form, by id: its kind, category and text.
        source: the file read, if any.
        notes: what the reader could not tell for sure (e.g. data a program dropped).
    """

    def __init__(
        self,
        answers: Mapping[str, Any],
        *,
        form: FormInfo,
        missing: Iterable[str] = (),
        questions: Mapping[str, QuestionInfo] | None = None,
        source: Path | None = None,
        notes: Iterable[str] = (),
    ) -> None:
        self._answers = dict(answers)
        self.form = form
        self.missing = tuple(missing)
        self.questions: Mapping[str, QuestionInfo] = dict(questions or {})
        self.source = source
        self.notes = tuple(notes)

    def __repr__(self) -> str:
        return (
            f"<Answers of {self.form.title!r}: {len(self)} answered, {len(self.missing)} missing>"
        )

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Answers):
            return self._answers == other._answers and self.form == other.form
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]

    def __getitem__(self, question_id: str) -> Any:
        return self._answers[question_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._answers)

    def __len__(self) -> int:
        return len(self._answers)

    def kind(self, question_id: str) -> str | None:
        """Return the kind of a question of the form; ``None`` means not in the form."""
        info = self.questions.get(question_id)
        return info.kind if info else None

    def title(self, question_id: str) -> str:
        """Return the question's text as the form printed it."""
        info = self.questions.get(question_id)
        return info.title if info else question_id

    @property
    def schema(self) -> dict[str, Any]:
        """The questions in the shape of a JSON Schema's ``properties`` (title and
        ``x-musforms``), for programs written against musforms 0.1."""
        return {
            "properties": {
                question_id: {
                    "title": info.title,
                    "x-musforms": {"kind": info.kind, "category": info.category},
                    **(
                        {"properties": {c: {"title": t} for c, t in info.competences.items()}}
                        if info.competences
                        else {}
                    ),
                }
                for question_id, info in self.questions.items()
            }
        }

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"form", "answers", "missing"}``, ready for JSON."""
        return {
            "form": asdict(self.form),
            "answers": dict(self._answers),
            "missing": list(self.missing),
        }

    def to_json(self, indent: int | None = 2) -> str:
        """Return :meth:`to_dict` as JSON text (Danish letters kept readable)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


_DAY_FIRST = re.compile(r"^(\d{1,2})[-./ ](\d{1,2})[-./ ](\d{4})$")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januar", "january", "jan"),
            ("februar", "february", "feb"),
            ("marts", "march", "mar"),
            ("april", "apr"),
            ("maj", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_WORDS = re.compile(r"^(\d{1,2})\.?\s+([a-zæøå]+)\.?\s+(\d{4})$")


def parse_date(text: str | dt.date | dt.datetime) -> str | None:
    """Return a date as an ISO string, or ``None`` if ``text`` is not a date.

    Accepts what people and programs write: ``2027-03-01``, ``01-03-2027``,
    ``1.3.2027``, ``1. marts 2027``, ``1 March 2027``, and date objects.
    """
    if isinstance(text, dt.datetime):
        return text.date().isoformat()
    if isinstance(text, dt.date):
        return text.isoformat()
    value = text.strip().lower()
    try:
        return (
            dt.date.fromisoformat(value[:10]).isoformat()
            if len(value) >= 10 and value[4] == "-"
            else _other(value)
        )
    except ValueError:
        return None


def _other(value: str) -> str | None:
    match = _DAY_FIRST.match(value)
    if match:
        day, month, year = (int(part) for part in match.groups())
        return dt.date(year, month, day).isoformat()
    match = _WORDS.match(value)
    if match and match.group(2) in _MONTHS:
        return dt.date(
            int(match.group(3)), _MONTHS[match.group(2)], int(match.group(1))
        ).isoformat()
    return None
