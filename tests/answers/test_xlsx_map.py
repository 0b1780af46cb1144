"""The workbook's hidden map points at the cells a person fills in.

X001: every cell of the hidden map is the cell a person finds for that answer
      by what the sheets show (question number and text, option, competence and
      rating headings, plan headings, person labels), and no answer cell is
      left out of the map.
X002: a map pointing one row off is caught: answers filled in by the layout
      read back different, or are refused.
"""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from musforms import FormBuilder, build_form, preset, presets
from musforms.answers.read import read_answers
from musforms.bank.questionbank import QuestionBank
from musforms.errors import AnswersError
from musforms.form import Form
from musforms.ooxml.xlsx_map import META_SHEET, cell_reference, split_reference
from tests.conftest import EVERY_KIND
from tests.fillers import fill_xlsx, xlsx_cells_by_layout

CASES = [(name, "da") for name in presets()] + [
    (name, "en") for name in ("standard", "grus", "kollega-input", "leder")
]


def _xlsx(form: Form) -> bytes:
    buffer = io.BytesIO()
    form.to_xlsx(buffer)
    return buffer.getvalue()


def _map(data: bytes) -> dict[str, str]:
    sheet = openpyxl.load_workbook(io.BytesIO(data))[META_SHEET]
    rows = sheet.iter_rows(min_row=2, min_col=3, max_col=4, values_only=True)
    return {str(tag): str(cell) for tag, cell in rows if tag}


@pytest.mark.parametrize(("name", "language"), CASES, ids=[f"{n}-{lang}" for n, lang in CASES])
def test_every_mapped_cell_is_where_a_person_finds_the_answer(name: str, language: str) -> None:
    form = build_form(preset(name, language))  # type: ignore[arg-type]
    data = _xlsx(form)
    assert _map(data) == xlsx_cells_by_layout(form, data)  # X001


def _every_kind(bank: QuestionBank) -> Form:
    return FormBuilder(bank, title="T").tick(*EVERY_KIND.values()).build()


def distinct_answers(form: Form) -> dict[str, Any]:
    """Answer every question so that no two neighbouring cells hold the same answer."""
    answers: dict[str, Any] = {}
    for question in form.questions:
        kind, options = question.kind, [o.id for o in question.options]
        if kind in {"text", "long_text"}:
            answers[question.id] = f"Svar til {question.id}"
        elif kind == "scale":
            assert question.scale is not None
            answers[question.id] = question.scale.min + 1
        elif kind == "smiley":
            answers[question.id] = 4
        elif kind == "yes_no":
            answers[question.id] = True
        elif kind == "choice":
            answers[question.id] = options[1]
        elif kind == "multi_choice":
            answers[question.id] = options[::2]
        elif kind == "competence_wheel":
            assert question.scale is not None
            low, span = question.scale.min, question.scale.max - question.scale.min + 1
            answers[question.id] = {
                c.id: {"now": low + n % span, "wanted": low + (n + 2) % span}
                for n, c in enumerate(question.competences)
            }
        elif kind == "action_plan":
            answers[question.id] = [{"goal": f"Mål {n}", "deadline": "2027-06-30"} for n in (1, 2)]
        elif kind == "date":
            answers[question.id] = "2027-03-01"
    return answers


def shifted(data: bytes, question_id: str, rows: int = 1) -> bytes:
    """Return the workbook with the map's cells of ``question_id`` moved ``rows`` rows down."""
    book = openpyxl.load_workbook(io.BytesIO(data), rich_text=True)
    meta = book[META_SHEET]
    moved = 0
    for tag, cell in meta.iter_rows(min_row=2, min_col=3, max_col=4):
        if tag.value == question_id or str(tag.value).startswith(f"{question_id}:"):
            sheet, coordinate = split_reference(str(cell.value))
            column, row = openpyxl.utils.cell.coordinate_from_string(coordinate)
            cell.value = cell_reference(sheet, f"{column}{row + rows}")
            moved += 1
    assert moved, question_id
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_answers_of_every_kind_filled_in_read_back_equal(bank: QuestionBank) -> None:
    form = _every_kind(bank)
    answers = distinct_answers(form)
    assert dict(read_answers(io.BytesIO(fill_xlsx(form, _xlsx(form), answers)))) == answers


@pytest.mark.parametrize("question_id", EVERY_KIND.values(), ids=EVERY_KIND.keys())
def test_a_map_one_row_off_is_caught(bank: QuestionBank, question_id: str) -> None:  # X002
    form = _every_kind(bank)
    answers = distinct_answers(form)
    broken = shifted(_xlsx(form), question_id)
    try:
        read = read_answers(io.BytesIO(fill_xlsx(form, broken, answers)))
    except AnswersError as error:
        assert error.question_id == question_id or question_id in str(error.problems)
        return
    assert read.get(question_id) != answers[question_id]
