"""Filling forms as people do, from typed answers (PRODUCT.md's JSON shapes).

``fill_docx`` edits content controls as Word does. ``fill_xlsx`` types into the
cells a person finds by what the sheets show (:mod:`tests.xlsx_layout`), never
where the workbook's hidden map says, and picks drop-down entries by their
words: so a round trip checks the map against the layout (a filler typing
where the map says would pass with a map one row off). Both start from the answers a reader should give back, so round-trip tests compare
like with like.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl

from musforms.form import Form, FormQuestion
from musforms.ooxml.xlsx_map import cell_reference
from tests.answers.test_read_docx import fill as fill_docx_tags
from tests.xlsx_layout import Layout, LayoutError, drop_down_entries, pick, shown_words

#: The fields of a development plan's row that hold dates (PRODUCT.md's plan shape).
PLAN_DATES = ("deadline", "follow_up")
#: The kinds answered by picking from a drop-down list.
DROP_DOWN_KINDS = ("smiley", "yes_no", "choice", "multi_choice")


def docx_tags(form: Form, answers: dict[str, Any]) -> dict[str, Any]:
    """Return the content-control tags and values that hold ``answers`` in a .docx."""
    tags: dict[str, Any] = {}
    for question_id, value in answers.items():
        question = form.get(question_id)
        assert question is not None, question_id
        kind = question.kind
        if kind in {"text", "long_text", "date"}:
            tags[question_id] = value
        elif kind in {"scale", "smiley", "choice"}:
            tags[f"{question_id}:{value}"] = True
        elif kind == "yes_no":
            tags[f"{question_id}:{'yes' if value else 'no'}"] = True
        elif kind == "multi_choice":
            tags.update({f"{question_id}:{option}": True for option in value})
        elif kind == "competence_wheel":
            for competence, rating in value.items():
                tags.update({f"{question_id}:{competence}:{p}": str(v) for p, v in rating.items()})
        elif kind == "action_plan":
            for number, row in enumerate(value, start=1):
                tags.update({f"{question_id}:{number}:{f}": v for f, v in row.items()})
    return tags


def fill_docx(form: Form, data: bytes, answers: dict[str, Any]) -> bytes:
    """Return a copy of a .docx of ``form`` with ``answers`` filled in."""
    return fill_docx_tags(data, docx_tags(form, answers))


def fill_xlsx(form: Form, data: bytes, answers: dict[str, Any]) -> bytes:
    """Return a copy of an .xlsx of ``form`` with ``answers`` typed in as a person would.

    Each answer goes into the cell the sheets show for it (:class:`tests.xlsx_layout.Layout`);
    a drop-down cell gets the entry of its list that shows the answer's words,
    a date cell a date, a number cell a number, a text cell text (even text
    that looks like a formula: the tests that use it want text).

    Raises:
        LayoutError: a question, option, competence or plan cell is not where a
            person would look for it.
    """
    book = openpyxl.load_workbook(io.BytesIO(data), rich_text=True)
    layout = Layout(form, book)
    for question_id, value in answers.items():
        question = form.get(question_id)
        assert question is not None, question_id
        kind = question.kind
        if kind == "multi_choice":
            for option in question.options:
                _type(
                    book,
                    form,
                    question,
                    layout.option_cell(question, option.id),
                    option.id in value,
                )
        elif kind == "competence_wheel":
            for competence, rating in value.items():
                for part, number in rating.items():
                    _type(
                        book, form, question, layout.wheel_cell(question, competence, part), number
                    )
        elif kind == "action_plan":
            for number, row in enumerate(value, start=1):
                for name, text in row.items():
                    cell = layout.plan_cell(question, number, name)
                    is_date = name in PLAN_DATES and _is_iso_date(text)
                    _type(book, form, question, cell, _day(text) if is_date else text)
        elif kind == "date":
            _type(book, form, question, layout.answer_cell(question), _day(value))
        else:
            _type(book, form, question, layout.answer_cell(question), value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_cells_by_layout(form: Form, data: bytes) -> dict[str, str]:
    """Return every answer cell of a workbook of ``form`` as a person finds it, by map tag.

    The tags are the hidden map's (``id``, ``id:option``, ``id:competence:now``,
    ``id:1:goal``, ``person:employee``); the cells are ``'Sheet'!C12``, found
    without the map, for a test to hold the map against.
    """
    book = openpyxl.load_workbook(io.BytesIO(data), rich_text=True)
    layout = Layout(form, book)
    cells: dict[str, str] = {}

    def note(tag: str, cell: Any) -> None:
        cells[tag] = cell_reference(cell.parent.title, cell.coordinate)

    for name in ("organisation", "employee", "leader", "department", "date"):
        try:
            note(f"person:{name}", layout.person_cell(name))
        except (LayoutError, KeyError):
            continue  # the type has no such field, or the spec filled it in
    for question in layout.questions:
        kind = question.kind
        if kind == "multi_choice":
            for option in question.options:
                note(f"{question.id}:{option.id}", layout.option_cell(question, option.id))
        elif kind == "competence_wheel":
            for competence in question.competences:
                for part in ("now", "wanted"):
                    cell = layout.wheel_cell(question, competence.id, part)
                    note(f"{question.id}:{competence.id}:{part}", cell)
        elif kind == "action_plan":
            for number in range(1, layout.plan_rows(question) + 1):
                for name in ("goal", "action", "success", "responsible", *PLAN_DATES):
                    cell = layout.plan_cell(question, number, name)
                    note(f"{question.id}:{number}:{name}", cell)
        else:
            note(question.id, layout.answer_cell(question))
    return cells


def _is_iso_date(value: Any) -> bool:
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def _day(value: str) -> dt.datetime:
    """A date as Excel keeps a typed one: a number shown in the cell's date format."""
    return dt.datetime.fromisoformat(value)


def _type(book: Any, form: Form, question: FormQuestion, cell: Any, value: Any) -> None:
    """Write ``value`` into ``cell`` as a person would: a drop-down by its entry's words."""
    entries = drop_down_entries(book, cell)
    if question.kind in DROP_DOWN_KINDS:
        if entries is None:
            raise LayoutError(f"{question.id}: {cell.coordinate} has no drop-down list")
        cell.value = pick(entries, shown_words(form, question, value))
    else:
        cell.value = value
    if isinstance(cell.value, str):
        cell.data_type = "s"
