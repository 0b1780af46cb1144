"""What one sheet of a form holds: its sections, each with the questions for that sheet.

The workbook and the HTML preview both show one sheet, the main one of the
form's type (the conversation form; for colleague input, the colleague's
sheet). A type without a development plan (colleague input) shows none,
even if a plan question was ticked, so neither format draws a plan or
signatures where the conversation has none.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from musforms import words

if TYPE_CHECKING:
    from musforms.form import Form, FormQuestion, FormSection
    from musforms.kinds import Sheet

__all__ = ["SheetSection", "sheet_sections"]


@dataclass(frozen=True)
class SheetSection:
    """A section as a sheet shows it: heading and intro for the sheet's reader, its questions."""

    section: FormSection
    title: str
    intro: str | None
    questions: tuple[FormQuestion, ...]


def sheet_sections(form: Form, sheet: Sheet | None = None) -> Iterator[SheetSection]:
    """Yield the sections of ``sheet`` (``None``: the type's main sheet) that hold a question."""
    audience = form.sheet(sheet)
    has_plan = bool(words.plan_title(form.type, form.language))
    for section in form.sections:
        questions = tuple(
            q
            for q in section.questions
            if q.for_audience(audience) and (has_plan or q.kind != "action_plan")
        )
        if questions:
            yield SheetSection(
                section, section.title_for(audience), section.intro_for(audience), questions
            )
