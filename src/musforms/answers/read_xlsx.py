"""Reading a filled Excel workbook made by musforms: payload, typed answers and people.

The workbook carries everything needed on its very hidden sheet (see
:mod:`musforms.render.xlsx._book`): the form's payload and a map from tags to
answer cells, with the meaning of every drop-down entry. So the reader needs
no spec: it reads each mapped cell and types its value by the kind the map
gives. Values that cannot be typed are passed on as they are, for the
schema check in :mod:`musforms.answers.read` to report.

This module only reads; validating against the schema is the caller's job.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from musforms.answers._rebuild import form_of
from musforms.answers.model import RawAnswers, parse_date
from musforms.errors import AnswersError
from musforms.kinds import PLAN_DATE_FIELDS, PLAN_FIELDS, WHEEL_PARTS, split_tag
from musforms.ooxml.payload import decode_payload
from musforms.ooxml.safezip import open_zip
from musforms.ooxml.xlsx_map import (
    CELL_COLUMN,
    FIRST_ROW,
    KIND_COLUMN,
    META_SHEET,
    PAYLOAD_COLUMN,
    TAG_COLUMN,
    VALUES_COLUMN,
    split_reference,
)
from musforms.ooxml.xlsx_values import get_column_letter

if TYPE_CHECKING:
    from zipfile import ZipFile

    from musforms.bank.questionbank import QuestionBank

__all__ = ["read_xlsx", "read_xlsx_archive"]

#: The person fields a title block may hold.
PERSON_FIELDS = ("employee", "leader", "department", "date")


def read_xlsx(source: str | Path | BinaryIO, *, bank: QuestionBank | None = None) -> RawAnswers:
    """Return what a filled musforms workbook holds, not yet checked against its form.

    Answers are typed by the kind of the question in the rebuilt form (smileys
    and scales as ints, choices as option ids, dates as ISO strings), never by
    what the hidden map says the kind is.

    Raises:
        AnswersError: the file is not a readable workbook, not musforms' own,
            its form is damaged, or its map points at sheets that are gone.
    """
    label = str(source) if isinstance(source, str | Path) else "<file>"
    return read_xlsx_archive(open_zip(source, name=label), label=label, bank=bank)


def read_xlsx_archive(
    archive: ZipFile, *, label: str, bank: QuestionBank | None = None
) -> RawAnswers:
    """Read a workbook from an already opened (and size-checked) zip; see :func:`read_xlsx`."""
    cells = _Cells(archive, label)
    payload_chunks, entries = cells.meta()
    payload = decode_payload("".join(payload_chunks), label=label) if payload_chunks else None
    if payload is None:
        raise AnswersError(code="answers.not_musforms", file=label)
    form = form_of(payload, label=label, bank=bank)
    values: dict[str, Any] = {}
    person: dict[str, Any] = dict(payload.person)
    parts: dict[str, list[tuple[tuple[str, ...], str, Any, dict[str, Any] | None]]] = {}
    for tag, reference, _, meanings in entries:
        question_id, rest = split_tag(tag)
        if question_id == "person":
            raw = cells.value(reference)
            if rest and rest[0] in PERSON_FIELDS and not _blank(raw):
                person[rest[0]] = _date(raw) if rest[0] == "date" else _text(raw)
            continue
        question = form.get(question_id)
        if question is None:
            continue  # a map row the form does not know: nothing of ours to read there
        raw = cells.value(reference)
        if rest:
            parts.setdefault(question_id, []).append((rest, question.kind, raw, meanings))
            continue
        if _blank(raw):
            continue
        values[question_id] = _typed(question.kind, raw, meanings)
    for question_id, cells_of in parts.items():
        value = _combined(cells_of)
        if value is not None:
            values[question_id] = value
    return RawAnswers(payload, form, values, person)


class _Cells:
    """The workbook's cell values (read from its XML) and its hidden map."""

    def __init__(self, archive: ZipFile, label: str) -> None:
        from musforms.ooxml.xlsx_values import XmlCells

        self.label = label
        self.xml = XmlCells(archive, label)

    def _sheet(self, name: str) -> dict[str, Any]:
        return self.xml.sheet(name)

    def value(self, reference: str) -> Any:
        sheet, coordinate = split_reference(reference)
        return self._sheet(sheet).get(coordinate.replace("$", ""))

    def meta(self) -> tuple[list[str], list[tuple[str, str, str, dict[str, Any] | None]]]:
        """Return the payload chunks and the map entries of the hidden sheet."""
        if META_SHEET not in self.xml.sheetnames:
            return [], []
        cells = self._sheet(META_SHEET)

        def at(column: int, row: int) -> Any:
            return cells.get(f"{get_column_letter(column)}{row}")

        payload = []
        row = FIRST_ROW
        while at(PAYLOAD_COLUMN, row) is not None:
            payload.append(str(at(PAYLOAD_COLUMN, row)))
            row += 1
        entries = []
        row = FIRST_ROW
        while at(TAG_COLUMN, row) is not None:
            entries.append(
                (
                    str(at(TAG_COLUMN, row)),
                    str(at(CELL_COLUMN, row)),
                    str(at(KIND_COLUMN, row)),
                    _meanings(at(VALUES_COLUMN, row)),
                )
            )
            row += 1
        return payload, entries


def _meanings(text: Any) -> dict[str, Any] | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    """Return a text answer as text, numbers without a spurious ``.0``, dates as ISO."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return str(parse_date(value))
    return str(value)


def _int(value: Any) -> Any:
    """Return a whole number as ``int``; anything else unchanged (the schema check reports it)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return value
    return value


def _date(value: Any) -> Any:
    """Return a date as an ISO string; text that is no date is returned unchanged."""
    if isinstance(value, dt.datetime | dt.date):
        return parse_date(value)
    if isinstance(value, str):
        return parse_date(value) or value
    return value


def _typed(kind: str, raw: Any, meanings: dict[str, Any] | None) -> Any:
    """Return the answer a single cell of ``kind`` holds."""
    if meanings is not None:
        key = raw.strip() if isinstance(raw, str) else raw
        if isinstance(key, str) and key in meanings:
            return meanings[key]
        if kind == "yes_no" and isinstance(raw, bool):
            return raw
        return _int(raw) if kind == "smiley" else _text(raw)
    if kind in {"scale", "smiley", "competence_wheel"}:
        return _int(raw)
    if kind == "date":
        return _date(raw)
    return _text(raw)


Filled = list[tuple[tuple[str, ...], Any, dict[str, Any] | None]]


def _multi(filled: Filled) -> Any:
    """A multi-choice is a yes/no cell per option: the options answered yes."""
    return [rest[0] for rest, raw, meanings in filled if _typed("yes_no", raw, meanings) is True]


def _wheel(filled: Filled) -> Any:
    """A wheel is a cell per competence and rating (``id:competence:now``)."""
    wheel: dict[str, dict[str, Any]] = {}
    for rest, raw, _ in filled:
        if len(rest) == 2 and rest[1] in WHEEL_PARTS:
            wheel.setdefault(rest[0], {})[rest[1]] = _int(raw)
    return wheel


def _plan(filled: Filled) -> Any:
    """A plan is a cell per row and field (``id:2:goal``), rows in order."""
    rows: dict[str, dict[str, Any]] = {}
    for rest, raw, _ in filled:
        if len(rest) == 2 and rest[1] in PLAN_FIELDS:
            field = rest[1]
            rows.setdefault(rest[0], {})[field] = (
                _date(raw) if field in PLAN_DATE_FIELDS else _text(raw)
            )
    order = sorted(rows, key=lambda index: int(index) if index.isdigit() else 0)
    return [rows[index] for index in order]


#: How the kinds whose answer spans several cells are put back together.
_COMBINE: dict[str, Callable[[Filled], Any]] = {
    "multi_choice": _multi,
    "competence_wheel": _wheel,
    "action_plan": _plan,
}


def _combined(cells: list[tuple[tuple[str, ...], str, Any, dict[str, Any] | None]]) -> Any:
    """Return the answer of a question spread over cells (``id:part`` tags); ``None``: blank."""
    kind = cells[0][1]
    filled = [(rest, raw, meanings) for rest, _, raw, meanings in cells if not _blank(raw)]
    if not filled:
        return None
    combine = _COMBINE.get(kind)
    if combine is not None:
        return combine(filled)
    return _typed(kind, filled[0][1], filled[0][2])
