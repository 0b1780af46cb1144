"""A filled form's answers as the page shows them: read, never kept.

She uploads a filled .docx or .xlsx made by musforms; the page shows its form
and each answer beside its question. Nothing is stored: the file is read in
memory, shown in that one response (``cache-control: no-store``) and never
written to the browser's storage by the script either.

The preview of an answered form is drawn by the HTML renderer when it can draw
answers (``render_body(form, answers=...)``, with smiley faces and the
competence wheel); until then this module lists the answers, the wheel as a
table of ratings. :func:`answered_body` is the one place that chooses.

A filled Word form with a competence wheel can also be had back with its
wheels drawn from the ratings (:mod:`musforms._redraw`): the panel asks for
the file once more (a page cannot hand an upload back to the browser, and
nothing is kept to do it for her) and ``POST /redraw`` answers with the file.
"""

from __future__ import annotations

import datetime as dt
import inspect
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from musforms import words
from musforms.answers.model import Answers
from musforms.answers.read import answers_from, read_raw
from musforms.form import Form, FormQuestion
from musforms.kinds import PLAN_FIELDS
from musforms.web._labels import labels

__all__ = [
    "REDRAW_WORDS",
    "WORD_MEDIA_TYPE",
    "AnswerRow",
    "AnswersView",
    "answered_body",
    "is_word",
    "read_filled",
    "redrawn",
    "view",
]

WORD_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: The panel's words for the redrawn download, in the page's language.
REDRAW_WORDS: dict[str, dict[str, str]] = {
    "da": {
        "title": "Skemaet med tegnet hjul",
        "label": "Udfyldt Word-skema",
        "hint": (
            "Vælg den samme fil igen, så får du den tilbage med kompetencehjulet tegnet ud "
            "fra vurderingerne. Alle svar bliver stående. Filen gemmes ikke."
        ),
        "button": "Hent med tegnet hjul",
        "suffix": "med hjul",
    },
    "en": {
        "title": "The form with its wheel drawn",
        "label": "Filled-in Word form",
        "hint": (
            "Choose the same file again to get it back with its competence wheel drawn from "
            "the ratings. Every answer stays. The file is not kept."
        ),
        "button": "Download with the wheel drawn",
        "suffix": "with wheel",
    },
}


@dataclass(frozen=True)
class AnswerRow:
    """One question and its answer in words; ``table`` for a wheel or a plan (header first)."""

    question_id: str
    question: str
    answer: str | None
    table: tuple[tuple[str, ...], ...] = ()


@dataclass
class AnswersView:
    """What the page shows of a filled form."""

    name: str
    title: str
    people: str
    language: str
    count: int
    total: int
    sections: list[tuple[str, list[AnswerRow]]] = field(default_factory=list)
    body: Markup | None = None
    #: The words of the redrawn download; ``None``: the file is no Word form with a wheel.
    redraw: dict[str, str] | None = None


def read_filled(data: bytes, name: str) -> tuple[Form, Answers]:
    """Return the form a filled file was made from and its checked answers.

    Raises:
        AnswersError: the file is no filled form of musforms, or is damaged.
    """
    raw = read_raw(io.BytesIO(data), label=name)
    return raw.form, answers_from(raw, label=name)


def is_word(data: bytes) -> bool:
    """Return whether an upload (already read safely by :func:`read_filled`) is a Word file."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def redrawn(data: bytes, name: str, lang: str) -> tuple[bytes, str]:
    """Return a filled Word form with its wheels drawn, and the name to download it as.

    Raises:
        AnswersError: the file cannot be redrawn (see :func:`musforms.redraw`).
    """
    from musforms._redraw import redraw_bytes  # python-docx's XML: only when asked

    result = redraw_bytes(data, label=name)
    stem = name[:-5] if name.lower().endswith(".docx") else name
    suffix = REDRAW_WORDS["en" if lang == "en" else "da"]["suffix"]
    return result.data, f"{stem or 'skema'} ({suffix}).docx"


def _date(value: Any, language: str) -> str:
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return day.strftime("%d.%m.%Y") if language == "da" else day.isoformat()


def _row(question: FormQuestion, value: Any, lang: str) -> AnswerRow:
    """Return a question's answer in the page's words."""
    names = labels("en" if lang == "en" else "da")
    text = question.text
    if value is None:
        return AnswerRow(question.id, text, None)
    kind = question.kind
    if kind == "yes_no":
        return AnswerRow(question.id, text, names["answers_yes" if value else "answers_no"])
    if kind == "smiley":
        faces = words.faces(lang, question.faces or 5)
        shown = faces[value - 1] if isinstance(value, int) and 0 < value <= len(faces) else value
        return AnswerRow(question.id, text, f"{shown} ({value} / {len(faces)})")
    if kind in {"choice", "multi_choice"}:
        options = {o.id: o.text for o in question.options}
        chosen = value if isinstance(value, list) else [value]
        return AnswerRow(question.id, text, ", ".join(options.get(str(v), str(v)) for v in chosen))
    if kind == "date":
        return AnswerRow(question.id, text, _date(value, lang))
    if kind == "competence_wheel" and isinstance(value, dict):
        parts = words.wheel_parts(lang)
        rows: list[tuple[str, ...]] = [(names["answers_competence"], parts["now"], parts["wanted"])]
        for competence in question.competences:
            rating = value.get(competence.id) or {}
            rows.append(
                (competence.text, str(rating.get("now", "–")), str(rating.get("wanted", "–")))
            )
        return AnswerRow(question.id, text, "", tuple(rows))
    if kind == "action_plan" and isinstance(value, list):
        heads = words.plan_fields(lang)
        plan: list[tuple[str, ...]] = [tuple(heads[f] for f in PLAN_FIELDS)]
        for entry in value:
            if isinstance(entry, dict):
                cells = []
                for name in PLAN_FIELDS:
                    cell = entry.get(name) or ""
                    cells.append(
                        _date(cell, lang)
                        if cell and name in {"deadline", "follow_up"}
                        else str(cell)
                    )
                plan.append(tuple(cells))
        return AnswerRow(question.id, text, "", tuple(plan))
    return AnswerRow(question.id, text, str(value))


def answered_body(form: Form, answers: Answers) -> Markup | None:
    """Return the answered form drawn by the HTML renderer, if it can draw answers; else ``None``.

    The hook for the renderer's answers (faces and the competence wheel drawn):
    when ``render_body`` takes ``answers``, the page shows its drawing instead of
    the list.
    """
    from musforms.render.html import render_body

    if "answers" not in inspect.signature(render_body).parameters:
        return None
    draw: Any = render_body  # typed without ``answers`` until the renderer has it
    html: str = draw(form, heading_level=3, answers=answers)
    return Markup(html)  # the renderer's own autoescaped template


def view(form: Form, answers: Answers, name: str, lang: str, *, word: bool = False) -> AnswersView:
    """Return the page's view of a filled form's answers (``word``: the upload is a .docx)."""
    info = answers.form
    people = " · ".join(p for p in (info.employee, info.leader, info.department) if p)
    result = AnswersView(
        name=name,
        title=form.title,
        people=people,
        language=form.language,
        count=len(answers),
        total=len(form.questions),
        body=answered_body(form, answers),
    )
    if word and any(q.kind == "competence_wheel" for q in form.questions):
        result.redraw = REDRAW_WORDS["en" if lang == "en" else "da"]
    for section in form.sections:
        rows = [_row(q, answers.get(q.id), form.language) for q in section.questions]
        result.sections.append((section.title, rows))
    return result
