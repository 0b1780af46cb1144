"""The main sheet of a musforms workbook: title block, sections and one row per question.

Three columns fit an A4 page in portrait: the question's number, its text
(with help and a hint on how to answer in small grey italics under it) and
the answer cell, the only kind of cell a protected sheet lets people edit.
Competence wheels and development plans get sheets of their own; their row
here points there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openpyxl.worksheet.hyperlink import Hyperlink

from musforms.ooxml.xlsx_text import clean, put_text
from musforms.render.xlsx._cells import (
    LINE_PT,
    NOTE_LINE_PT,
    TEXT_LIMIT,
    Messages,
    Validations,
    date_rule,
    length_rule,
    lines_of,
    list_rule,
    put_rich,
    row_height,
    whole_rule,
)
from musforms.render.xlsx._words import smiley_entries

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from musforms.form import FormQuestion, FormSection
    from musforms.render.xlsx._book import Book

#: Column widths (in Excel's units) of number, question and answer: about A4 portrait.
WIDTHS = (5.0, 44.0, 50.0)
_TOTAL = sum(WIDTHS)
#: Least row height of an answer cell by kind, in points (room to write).
_ANSWER_HEIGHT = {"long_text": 96.0, "text": 32.0}
_DEFAULT_ANSWER_HEIGHT = 20.0
#: Person fields of the title block, in print order.
PERSON_FIELDS = ("employee", "leader", "department", "date")
#: The longest person field (FormSpec allows 300 characters).
_PERSON_LIMIT = 300


def build_main(book: Book, sheet: Worksheet) -> None:
    """Fill ``sheet`` with the title block and every question of ``book.form``."""
    _MainSheet(book, sheet).build()


class _MainSheet:
    """Writes the main sheet row by row; ``row`` is the next free row."""

    def __init__(self, book: Book, sheet: Worksheet) -> None:
        self.book = book
        self.sheet = sheet
        self.words = book.words
        self.style = book.styles.apply
        self.rules = Validations(sheet)
        self.row = 1
        self.number = 0

    def build(self) -> None:
        self._title_block()
        for section in self.book.form.sections:
            self._section(section)
        for letter, width in zip("ABC", WIDTHS, strict=True):
            self.sheet.column_dimensions[letter].width = width

    # -- title block ---------------------------------------------------------

    def _banner(self, text: str, recipe: str, height: float) -> None:
        """Write ``text`` across all three columns of a new row."""
        row = self.row
        cell = self.sheet.cell(row, 1)
        self.style(cell, recipe)
        put_text(cell, text)
        self.sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        self.sheet.row_dimensions[row].height = height
        self.row += 1

    def _spacer(self, height: float = 8.0) -> None:
        self.sheet.row_dimensions[self.row].height = height
        self.row += 1

    def _title_block(self) -> None:
        form, words = self.book.form, self.words
        self._banner(form.title, "title", row_height(lines_of(form.title, _TOTAL / 1.6) * 22))
        subtitle = [form.organisation.strip()] if form.organisation.strip() else []
        if form.theme:
            subtitle.append(words["theme"].format(theme=form.theme))
        if subtitle:
            text = " · ".join(subtitle)
            self._banner(text, "subtitle", row_height(lines_of(text, _TOTAL) * LINE_PT))
        if form.intro:
            self._spacer(4)
            height = row_height(lines_of(form.intro, _TOTAL) * LINE_PT)
            self._banner(form.intro, "intro", height)
        self._spacer()
        if not form.organisation.strip():
            self._person("organisation", None)
        for name in PERSON_FIELDS:
            self._person(name, getattr(form, name))
        self._spacer(12)

    def _person(self, name: str, value: object) -> None:
        """Write a label and the person's value, or an answer cell when there is none."""
        sheet, row = self.sheet, self.row
        label = sheet.cell(row, 1)
        self.style(label, "label")
        put_text(label, self.words[name])
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        cell = sheet.cell(row, 3)
        sheet.row_dimensions[row].height = 20
        self.row += 1
        if value is not None:
            if name == "date":
                self.style(cell, "value", self.book.date_format)
                cell.value = value
            else:
                self.style(cell, "value")
                put_text(cell, str(value))
            return
        self.style(cell, "answer_middle", self.book.date_format if name == "date" else None)
        kind = "date" if name == "date" else "text"
        if name == "date":
            self._date_rule(cell.coordinate)
        else:
            self._length_rule(cell.coordinate, _PERSON_LIMIT)
        self.book.record(f"person:{name}", sheet, cell.coordinate, kind)

    # -- sections and questions ---------------------------------------------

    def _section(self, section: FormSection) -> None:
        self._spacer(10)
        self._banner(section.title, "section", 22)
        if section.intro:
            height = row_height(lines_of(section.intro, _TOTAL) * NOTE_LINE_PT)
            self._banner(section.intro, "note", height)
        for question in section.questions:
            self._question(question)

    def _question(self, question: FormQuestion) -> None:
        sheet, row = self.sheet, self.row
        self.number += 1
        number = sheet.cell(row, 1)
        self.style(number, "number")
        number.value = f"{self.number}."
        notes = self._notes(question)
        text_cell = sheet.cell(row, 2)
        self.style(text_cell, "question")
        put_rich(text_cell, question.wording("conversation"), notes)
        text_width = WIDTHS[1]
        if question.kind == "multi_choice":
            sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
            text_width += WIDTHS[2]
        text_height = lines_of(clean(question.wording("conversation")), text_width) * LINE_PT
        if notes:
            text_height += lines_of("\n".join(notes), text_width * 1.15) * NOTE_LINE_PT
        answer_height = _ANSWER_HEIGHT.get(question.kind, _DEFAULT_ANSWER_HEIGHT)
        sheet.row_dimensions[row].height = row_height(text_height, answer_height)
        self.row += 1
        kind = question.kind
        if kind == "multi_choice":
            self._multi_choice(question)
        elif kind in {"competence_wheel", "action_plan"}:
            self._pointer(question, sheet.cell(row, 3))
        else:
            self._answer(question, sheet.cell(row, 3))

    def _notes(self, question: FormQuestion) -> list[str]:
        """Return the grey lines under a question: its help, how to answer, required."""
        words = self.words
        notes = [question.help] if question.help else []
        kind = question.kind
        if kind == "scale" and question.scale is not None:
            scale = question.scale
            hint = words["scale_hint"].format(min=scale.min, max=scale.max)
            ends = _scale_ends(question, words["scale_ends"])
            notes.append(f"{hint[:-1]} ({ends})." if ends else hint)
        elif kind == "smiley":
            entries = smiley_entries(self.book.form.language, question.faces or 5)
            notes.append(words["smiley_hint"].format(low=entries[0][0], high=entries[-1][0]))
        elif kind == "choice":
            options = " / ".join(option.text for option in question.options)
            notes.append(words["choice_hint"].format(options=options))
        elif kind == "multi_choice":
            notes.append(words["multi_hint"])
        elif kind == "date":
            notes.append(words["date_hint"])
        if question.required:
            notes.append(words["required"])
        return notes

    def _answer(self, question: FormQuestion, cell: Any) -> None:
        """Make the answer cell of a one-cell question, with its validation."""
        words, kind = self.words, question.kind
        coordinate: str = cell.coordinate
        self.style(cell, "answer", self.book.date_format if kind == "date" else None)
        values: dict[str, object] | None = None
        if kind in {"text", "long_text"}:
            self._length_rule(coordinate, TEXT_LIMIT)
        elif kind == "scale" and question.scale is not None:
            low, high = question.scale.min, question.scale.max
            messages = Messages(
                prompt_title=words["scale_title"].format(min=low, max=high),
                prompt=_scale_ends(question, words["scale_ends"]) or None,
                error_title=words["error_title"],
                error=words["whole_error"].format(min=low, max=high),
            )
            key = ("whole", low, high, messages)
            self.rules.add(key, lambda: whole_rule(low, high, messages), coordinate)
        elif kind == "date":
            self._date_rule(coordinate)
        else:
            values = self._choices(question)
            self._list_rule(coordinate, tuple(values))
        self.book.record(question.id, self.sheet, coordinate, kind, values)

    def _choices(self, question: FormQuestion) -> dict[str, object]:
        """Return the drop-down entries of a smiley, yes/no or choice question and their values."""
        if question.kind == "smiley":
            return dict(smiley_entries(self.book.form.language, question.faces or 5))
        if question.kind == "yes_no":
            return {self.words["yes"]: True, self.words["no"]: False}
        return unique_entries([(option.text, option.id) for option in question.options])

    def _multi_choice(self, question: FormQuestion) -> None:
        """Write one row per option, each with a yes/no answer cell."""
        sheet = self.sheet
        yes_no: dict[str, object] = {self.words["yes"]: True, self.words["no"]: False}
        for option in question.options:
            row = self.row
            label = sheet.cell(row, 2)
            self.style(label, "option")
            put_text(label, option.text)
            cell = sheet.cell(row, 3)
            self.style(cell, "answer")
            self._list_rule(cell.coordinate, tuple(yes_no))
            self.book.record(
                f"{question.id}:{option.id}", sheet, cell.coordinate, "multi_choice", yes_no
            )
            height = lines_of(clean(option.text), WIDTHS[1] - 2) * LINE_PT
            sheet.row_dimensions[row].height = row_height(height, _DEFAULT_ANSWER_HEIGHT)
            self.row += 1

    def _pointer(self, question: FormQuestion, cell: Any) -> None:
        """Point a competence wheel or plan question at the sheet that holds its cells."""
        target = self.book.sheet_of[question.id]
        text = self.words["see_sheet"].format(sheet=target)
        location = "'{}'!A1".format(target.replace("'", "''"))
        self.style(cell, "link")
        cell.hyperlink = Hyperlink(ref="", location=location, display=text)
        put_text(cell, text)

    # -- rules ---------------------------------------------------------------

    def _list_rule(self, coordinate: str, entries: tuple[str, ...]) -> None:
        source = self.book.list_source(entries)
        messages = Messages(
            prompt_title=self.words["list_title"],
            prompt=self.words["list_prompt"],
            error_title=self.words["error_title"],
            error=self.words["list_error"],
        )
        self.rules.add(("list", source), lambda: list_rule(source, messages), coordinate)

    def _date_rule(self, coordinate: str) -> None:
        messages = Messages(
            prompt_title=self.words["date_title"],
            prompt=self.words["date_prompt"],
            error_title=self.words["error_title"],
            error=self.words["date_error"],
        )
        self.rules.add(("date",), lambda: date_rule(messages), coordinate)

    def _length_rule(self, coordinate: str, limit: int) -> None:
        messages = Messages(
            prompt_title=None,
            prompt=None,
            error_title=self.words["error_title"],
            error=self.words["length_error"].format(n=limit),
        )
        self.rules.add(("length", limit), lambda: length_rule(limit, messages), coordinate)


def _scale_ends(question: FormQuestion, pattern: str) -> str:
    """Return ``1 = Slet ikke, 5 = Fuldt ud`` for a scale's labelled ends (``""``: none)."""
    scale = question.scale
    if scale is None:
        return ""
    ends = [
        pattern.format(value=value, label=label)
        for value, label in ((scale.min, scale.min_label), (scale.max, scale.max_label))
        if label
    ]
    return ", ".join(ends)


def unique_entries(pairs: list[tuple[str, str]]) -> dict[str, object]:
    """Return drop-down entries as written, made unique, mapped to their option ids.

    Two options with the same text (or texts that differ only in characters
    XML cannot hold) would be indistinguishable in a drop-down; the later one
    gets `` (2)``.
    """
    entries: dict[str, object] = {}
    for text, value in pairs:
        entry = clean(text, 250).strip() or value
        candidate, count = entry, 1
        while candidate in entries:
            count += 1
            candidate = f"{entry} ({count})"
        entries[candidate] = value
    return entries
