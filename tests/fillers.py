"""Filling forms as people do, from typed answers (PRODUCT.md's JSON shapes).

``fill_docx`` edits content controls as Word does; ``fill_xlsx`` types into the
cells the hidden map names, choosing drop-down texts as Excel users do. Both
start from the answers a reader should give back, so round-trip tests compare
like with like.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import openpyxl

from musforms.form import Form
from musforms.ooxml.xlsx_map import META_SHEET, split_reference
from tests.answers.test_read_docx import fill as fill_docx_tags


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
    """Return a copy of an .xlsx of ``form`` with ``answers`` typed into its cells."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    entries: dict[str, tuple[str, dict[str, Any]]] = {}
    for row in book[META_SHEET].iter_rows(min_row=2, min_col=3, max_col=6, values_only=True):
        if row[0]:
            meanings = json.loads(row[3]) if isinstance(row[3], str) and row[3] else {}
            entries[str(row[0])] = (str(row[1]), meanings)

    def put(tag: str, value: Any) -> None:
        reference, meanings = entries[tag]
        shown = next((text for text, meant in meanings.items() if meant == value), None)
        sheet, coordinate = split_reference(reference)
        cell = book[sheet][coordinate]
        if shown is not None:
            cell.value = shown
        elif isinstance(value, str) and len(value) == 10 and value[4] == "-" and "date" in tag:
            cell.value = dt.datetime.fromisoformat(value)
        else:
            cell.value = value
        if isinstance(cell.value, str):
            cell.data_type = "s"

    for question_id, value in answers.items():
        question = form.get(question_id)
        assert question is not None, question_id
        kind = question.kind
        if kind == "multi_choice":
            for option in question.options:
                put(f"{question_id}:{option.id}", option.id in value)
        elif kind == "competence_wheel":
            for competence, rating in value.items():
                for part, number in rating.items():
                    put(f"{question_id}:{competence}:{part}", number)
        elif kind == "action_plan":
            for number, row in enumerate(value, start=1):
                for name, text in row.items():
                    put(f"{question_id}:{number}:{name}", text)
        elif kind == "date":
            put(question_id, dt.datetime.fromisoformat(value))
        else:
            put(question_id, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
