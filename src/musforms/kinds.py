"""One table of what each kind of question is, shared by every writer and reader.

In the style of pyxform's ``question_type_dictionary``: a kind's extra bank
keys, the minutes it takes in a conversation, whether it is answered without
words, how its answer is split into tagged parts (a check box per option, a
cell per competence rating, a cell per plan field), its JSON Schema, and how
a read answer is checked. A new kind is one row here plus one function per
format; nothing else needs an ``if kind == ...``.

Also the facts of the four types of conversation: which sheets each has.

This module is plain Python (no pydantic, no XML), so that the bank, the
renderers and the readers can all import it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from musforms import words

__all__ = [
    "KINDS",
    "PLAN_DATE_FIELDS",
    "PLAN_FIELDS",
    "SHEETS",
    "SHEETS_OF_TYPE",
    "TABLE",
    "WHEEL_PARTS",
    "AnswerProblem",
    "Audience",
    "ConversationType",
    "Kind",
    "KindInfo",
    "Phase",
    "Sheet",
    "answer_schema",
    "check_answer",
    "pdf_field_name",
    "split_tag",
    "tag",
]

Kind = Literal[
    "text",
    "long_text",
    "scale",
    "smiley",
    "yes_no",
    "choice",
    "multi_choice",
    "competence_wheel",
    "action_plan",
    "date",
]
KINDS: tuple[Kind, ...] = Kind.__args__  # type: ignore[attr-defined]
Audience = Literal["employee", "leader", "colleague"]
Phase = Literal["preparation", "conversation", "follow_up"]
#: The type of conversation a form is for (PRODUCT.md, "Types of conversation").
ConversationType = Literal["mus", "lus", "grus", "colleague"]

#: Whose sheet a document is: the form used in the talk, a preparation sheet
#: (the employee's, the leader's), or the sheet a colleague fills in.
Sheet = Literal["conversation", "employee", "leader", "colleague"]
SHEETS: tuple[Sheet, ...] = ("conversation", "employee", "leader", "colleague")
#: The sheets each type of conversation has, its main sheet first.
SHEETS_OF_TYPE: dict[ConversationType, tuple[Sheet, ...]] = {
    "mus": ("conversation", "employee", "leader"),
    "lus": ("conversation", "employee", "leader"),
    "grus": ("conversation", "employee", "leader"),
    "colleague": ("colleague",),
}

#: The fields of a development-plan row, in print order.
PLAN_FIELDS = ("goal", "action", "success", "responsible", "deadline", "follow_up")
PLAN_DATE_FIELDS = frozenset({"deadline", "follow_up"})
#: A competence's two ratings.
WHEEL_PARTS = ("now", "wanted")

#: The longest free-text answer (a plan cell: a tenth of it).
MAX_TEXT = 20_000
MAX_PLAN_CELL = 4_000
MAX_PLAN_ROWS = 100


class ScaleShape(Protocol):
    """The part of a scale the table needs."""

    @property
    def min(self) -> int: ...
    @property
    def max(self) -> int: ...


class ChoiceShape(Protocol):
    """An option or competence: its id and the text it shows."""

    @property
    def id(self) -> str: ...
    @property
    def text(self) -> Any: ...


class QuestionShape(Protocol):
    """What the table needs of a question (a form's, with its texts rendered)."""

    @property
    def kind(self) -> Kind: ...
    @property
    def scale(self) -> ScaleShape | None: ...
    @property
    def faces(self) -> int | None: ...
    @property
    def options(self) -> Sequence[ChoiceShape]: ...
    @property
    def competences(self) -> Sequence[ChoiceShape]: ...


@dataclass(frozen=True)
class AnswerProblem:
    """Why an answer does not fit its question: a code of the catalogue, its params, and
    where inside the answer (``""``: the whole answer; ``samarbejde/now``; ``2/deadline``)."""

    code: str
    params: Mapping[str, Any]
    at: str = ""


Checker = Callable[[Any, QuestionShape], Iterator[AnswerProblem]]
Schema = Callable[[QuestionShape, str], dict[str, Any]]


@dataclass(frozen=True)
class KindInfo:
    """The facts of one kind of question.

    Attributes:
        keys: the bank keys the kind has beyond the common ones.
        required_keys: the ones it must have.
        minutes: its share of the conversation's length (see ``Form.estimated_minutes``).
        closed: answered by ticking, without words (a section of such questions
            gets a notes box on the conversation form).
        parts: how the answer is split into tagged parts: ``""`` one control for
            the whole answer, ``"option"`` a check box per option id (or scale
            point, or yes/no), ``"competence"`` ``id:competence:now``,
            ``"plan"`` ``id:row:field``.
        answer: the JSON answer, in words, for the docs.
    """

    name: Kind
    keys: frozenset[str]
    required_keys: frozenset[str]
    minutes: float
    closed: bool
    parts: str
    answer: str
    schema: Schema
    check: Checker


# -- JSON Schemas --------------------------------------------------------------


def _text_schema(question: QuestionShape, language: str) -> dict[str, Any]:
    return {"type": "string", "maxLength": MAX_TEXT}


def _range(question: QuestionShape) -> tuple[int, int]:
    if question.kind == "smiley":
        return 1, question.faces or 5
    assert question.scale is not None  # the bank fills every scale's default
    return question.scale.min, question.scale.max


def _rating_schema(question: QuestionShape, language: str) -> dict[str, Any]:
    low, high = _range(question)
    return {"type": "integer", "minimum": low, "maximum": high}


def _yes_no_schema(question: QuestionShape, language: str) -> dict[str, Any]:
    return {"type": "boolean"}


def _option_schema(question: QuestionShape) -> dict[str, Any]:
    return {"type": "string", "oneOf": [{"const": o.id, "title": o.text} for o in question.options]}


def _choice_schema(question: QuestionShape, language: str) -> dict[str, Any]:
    return _option_schema(question)


def _multi_schema(question: QuestionShape, language: str) -> dict[str, Any]:
    return {"type": "array", "uniqueItems": True, "items": _option_schema(question)}


def _wheel_schema(question: QuestionShape, language: str) -> dict[str, Any]:
    low, high = _range(question)
    rating = {"type": "integer", "minimum": low, "maximum": high}
    titles = words.wheel_parts(language)
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            c.id: {
                "title": c.text,
                "type": "object",
                "additionalProperties": False,
                "properties": {part: {**rating, "title": titles[part]} for part in WHEEL_PARTS},
            }
            for c in question.competences
        },
    }


def _plan_schema(question: QuestionShape, language: str) -> dict[str, Any]:
    titles = words.plan_fields(language)
    return {
        "type": "array",
        "maxItems": MAX_PLAN_ROWS,
        "items": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                name: (
                    {"type": "string", "format": "date", "title": titles[name]}
                    if name in PLAN_DATE_FIELDS
                    else {"type": "string", "maxLength": MAX_PLAN_CELL, "title": titles[name]}
                )
                for name in PLAN_FIELDS
            },
        },
    }


def _date_schema(question: QuestionShape, language: str) -> dict[str, Any]:
    return {"type": "string", "format": "date"}


# -- checks of read answers (never quoting the answer: it is personal data) -------


def _wrong(kind: str, expected: str, expected_da: str, at: str = "") -> AnswerProblem:
    return AnswerProblem(
        "answers.wrong_type", {"kind": kind, "expected": expected, "expected_da": expected_da}, at
    )


def _check_text(value: Any, question: QuestionShape) -> Iterator[AnswerProblem]:
    if not isinstance(value, str):
        yield _wrong(question.kind, "text", "tekst")
    elif len(value) > MAX_TEXT:
        yield AnswerProblem("answers.too_long", {"limit": f"{MAX_TEXT} characters"})


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_rating(value: Any, question: QuestionShape, at: str = "") -> Iterator[AnswerProblem]:
    low, high = _range(question)
    if isinstance(value, list):
        yield AnswerProblem("answers.several_ticked", {}, at)
    elif not _is_int(value):
        yield _wrong(question.kind, "a whole number", "et helt tal", at)
    elif not low <= value <= high:
        yield AnswerProblem("answers.out_of_range", {"low": low, "high": high}, at)


def _check_yes_no(value: Any, question: QuestionShape) -> Iterator[AnswerProblem]:
    if isinstance(value, list):
        yield AnswerProblem("answers.several_ticked", {})
    elif not isinstance(value, bool):
        yield _wrong("yes_no", "yes or no (true or false)", "ja eller nej")


def _option_ids(question: QuestionShape) -> set[str]:
    return {o.id for o in question.options}


def _check_choice(value: Any, question: QuestionShape) -> Iterator[AnswerProblem]:
    if isinstance(value, list):
        yield AnswerProblem("answers.several_ticked", {})
    elif not isinstance(value, str):
        yield _wrong("choice", "an option id", "en svarmulighed")
    elif value not in _option_ids(question):
        yield AnswerProblem("answers.not_an_option", {})


def _check_multi(value: Any, question: QuestionShape) -> Iterator[AnswerProblem]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        yield _wrong("multi_choice", "a list of option ids", "en liste af svarmuligheder")
        return
    known = _option_ids(question)
    for index, item in enumerate(value):
        if item not in known:
            yield AnswerProblem("answers.not_an_option", {}, str(index))
    if len(set(value)) != len(value):
        yield AnswerProblem("answers.ticked_twice", {})


def _check_wheel(value: Any, question: QuestionShape) -> Iterator[AnswerProblem]:
    if not isinstance(value, dict):
        yield _wrong("competence_wheel", "an object of ratings", "et sæt vurderinger")
        return
    known = {c.id for c in question.competences}
    for competence, ratings in value.items():
        if competence not in known:
            yield AnswerProblem("answers.unknown_part", {}, str(competence))
            continue
        if not isinstance(ratings, dict):
            yield _wrong("competence_wheel", "now/wanted ratings", "nu/ønsket", str(competence))
            continue
        for part, rating in ratings.items():
            at = f"{competence}/{part}"
            if part not in WHEEL_PARTS:
                yield AnswerProblem("answers.unknown_part", {}, at)
            else:
                yield from _check_rating(rating, question, at)


def _is_date(value: Any) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _check_plan(value: Any, question: QuestionShape) -> Iterator[AnswerProblem]:
    if not isinstance(value, list):
        yield _wrong("action_plan", "a list of plan rows", "en liste af rækker")
        return
    if len(value) > MAX_PLAN_ROWS:
        yield AnswerProblem("answers.too_long", {"limit": f"{MAX_PLAN_ROWS} rows"})
        return
    for number, row in enumerate(value):
        if not isinstance(row, dict):
            yield _wrong("action_plan", "a plan row", "en række", str(number))
            continue
        for name, cell in row.items():
            at = f"{number}/{name}"
            if name not in PLAN_FIELDS:
                yield AnswerProblem("answers.unknown_part", {}, at)
            elif name in PLAN_DATE_FIELDS and not _is_date(cell):
                yield AnswerProblem("answers.not_a_date", {}, at)
            elif not isinstance(cell, str):
                yield _wrong("action_plan", "text", "tekst", at)
            elif len(cell) > MAX_PLAN_CELL:
                yield AnswerProblem(
                    "answers.too_long", {"limit": f"{MAX_PLAN_CELL} characters"}, at
                )


def _check_date(value: Any, question: QuestionShape) -> Iterator[AnswerProblem]:
    if not _is_date(value):
        yield AnswerProblem("answers.not_a_date", {})


def _row(
    name: Kind,
    minutes: float,
    schema: Schema,
    check: Checker,
    answer: str,
    *,
    keys: tuple[str, ...] = (),
    required: tuple[str, ...] = (),
    closed: bool = False,
    parts: str = "",
) -> KindInfo:
    return KindInfo(
        name=name,
        keys=frozenset(keys),
        required_keys=frozenset(required),
        minutes=minutes,
        closed=closed,
        parts=parts,
        answer=answer,
        schema=schema,
        check=check,
    )


#: Every kind, in PRODUCT.md's order.
TABLE: dict[Kind, KindInfo] = {
    row.name: row
    for row in (
        _row("text", 1.5, _text_schema, _check_text, "string"),
        _row("long_text", 3.0, _text_schema, _check_text, "string"),
        _row(
            "scale",
            1.5,
            _rating_schema,
            _check_rating,
            "integer in range",
            keys=("scale",),
            required=("scale",),
            closed=True,
            parts="option",
        ),
        _row(
            "smiley",
            1.0,
            _rating_schema,
            _check_rating,
            "integer 1..faces",
            keys=("faces",),
            closed=True,
            parts="option",
        ),
        _row("yes_no", 1.0, _yes_no_schema, _check_yes_no, "boolean", closed=True, parts="option"),
        _row(
            "choice",
            1.5,
            _choice_schema,
            _check_choice,
            "option id",
            keys=("options",),
            required=("options",),
            closed=True,
            parts="option",
        ),
        _row(
            "multi_choice",
            2.0,
            _multi_schema,
            _check_multi,
            "list of option ids",
            keys=("options",),
            required=("options",),
            closed=True,
            parts="option",
        ),
        _row(
            "competence_wheel",
            8.0,
            _wheel_schema,
            _check_wheel,
            "object: competence id -> {now: int, wanted: int}",
            keys=("competences", "scale"),
            required=("competences",),
            closed=True,
            parts="competence",
        ),
        _row(
            "action_plan",
            10.0,
            _plan_schema,
            _check_plan,
            "list of {goal, action, success, responsible, deadline (date), follow_up (date)}",
            keys=("rows",),
            parts="plan",
        ),
        _row("date", 0.5, _date_schema, _check_date, "ISO date string"),
    )
}


def answer_schema(question: QuestionShape, language: str) -> dict[str, Any]:
    """Return the JSON Schema of one question's answer (PRODUCT.md's table of kinds)."""
    return TABLE[question.kind].schema(question, language)


def check_answer(value: Any, question: QuestionShape) -> list[AnswerProblem]:
    """Return every way ``value`` does not fit ``question`` (empty: it fits)."""
    return list(TABLE[question.kind].check(value, question))


def tag(question_id: str, *parts: str | int) -> str:
    """Return the tag of an answer or part of one: ``id``, ``id:option``, ``id:2:goal``."""
    return ":".join((question_id, *(str(part) for part in parts)))


def split_tag(value: str) -> tuple[str, tuple[str, ...]]:
    """Return the question id and the parts of a :func:`tag`."""
    question_id, *parts = value.split(":")
    return question_id, tuple(parts)


def pdf_field_name(question_id: str, *parts: str | int) -> str:
    """Return the name of a PDF form field holding an answer or part of one.

    A PDF field name may not hold ``.`` (it separates a field from its parent),
    so the question id's dots become ``/``: ``trivsel/energi``,
    ``kompetencer/hjul:samarbejde:now``, ``afslutning/plan:2:goal``. Ids and
    parts hold neither ``/`` nor ``:``, so no two tags give the same name. The
    renderer (:mod:`musforms.render.pdf`) names its fields so, and the reader
    (:mod:`musforms.answers.read_pdf`) looks up only the names the form's
    questions give.
    """
    return tag(question_id.replace(".", "/"), *parts)
