"""The main sheet of a musforms workbook: title block, sections and one row per question.

Three columns fit an A4 page in portrait: the question's number, its text
(with help and a hint on how to answer in small grey italics under it) and
the answer cell, the only kind of cell a protected sheet lets people edit.
Competence wheels and development plans get sheets of their own; their row
here points there.

The header's fields, the sheet's name and its intro follow the form's type of
conversation (:mod:`musforms.words`); each kind of question has one function
here that writes its answer cells, and one that says how to answer it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from openpyxl.worksheet.hyperlink import Hyperlink

from musforms import words as shared
from musforms.ooxml.xlsx_text import clean, put_text
from musforms.render._sheet import sheet_sections
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
from musforms.render.xlsx._pages import Pages
from musforms.render.xlsx._words import smiley_entries

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from musforms.form import FormQuestion
    from musforms.render._sheet import SheetSection
    from musforms.render.xlsx._book import Book

#: Column widths (in Excel's units) of number, question and answer: about A4 portrait.
WIDTHS = (5.0, 44.0, 50.0)
_TOTAL = sum(WIDTHS)
#: Least row height of an answer cell by kind, in points (room to write).
_ANSWER_HEIGHT = {"long_text": 96.0, "text": 32.0}
_DEFAULT_ANSWER_HEIGHT = 20.0
#: The longest person field (FormSpec allows 300 characters).
_PERSON_LIMIT = 300
#: Person fields that may hold several names (a team's participants) get a taller cell.
_PERSON_HEIGHT = {("grus", "employee"): 40.0}


def build_main(book: Book, sheet: Worksheet) -> Pages:
    """Fill ``sheet`` with the title block and every question of the form's main sheet.

    Returns the sheet's rows as they print, for placing its page breaks.
    """
    main = _MainSheet(book, sheet)
    main.build()
    return main.pages


class _MainSheet:
    """Writes the main sheet row by row; ``row`` is the next free row."""

    def __init__(self, book: Book, sheet: Worksheet) -> None:
        self.book = book
        self.form = book.form
        self.sheet = sheet
        self.words = book.words
        self.labels = shared.labels(book.form.language)
        self.style = book.styles.apply
        self.rules = Validations(sheet)
        self.pages = Pages()
        self.audience = book.form.sheet(None)
        self.row = 1
        self.number = 0

    def build(self) -> None:
        self._title_block()
        for section in sheet_sections(self.form):
            self._section(section)
        for letter, width in zip("ABC", WIDTHS, strict=True):
            self.sheet.column_dimensions[letter].width = width

    # -- rows ------------------------------------------------------------------

    def _height(self, height: float, *, keep_with_next: bool = False) -> int:
        """Give the current row ``height``, note it for the page breaks; return the row."""
        row = self.row
        self.sheet.row_dimensions[row].height = self.pages.row(
            row, height, keep_with_next=keep_with_next
        )
        self.row += 1
        return row

    def _banner(self, text: str, recipe: str, height: float, *, keep: bool = True) -> None:
        """Write ``text`` across all three columns of a new row."""
        cell = self.sheet.cell(self.row, 1)
        self.style(cell, recipe)
        put_text(cell, text)
        self.sheet.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=3)
        self._height(height, keep_with_next=keep)

    def _spacer(self, height: float = 8.0, *, keep: bool = False) -> None:
        self._height(height, keep_with_next=keep)

    # -- title block -----------------------------------------------------------

    def _title_block(self) -> None:
        form = self.form
        self._banner(form.title, "title", row_height(lines_of(form.title, _TOTAL / 1.6) * 22))
        subtitle = [shared.sheet_name(form.type, self.audience, form.language)]
        if form.organisation.strip():
            subtitle.append(form.organisation.strip())
        if form.theme:
            subtitle.append(f"{self.labels['theme']}: {form.theme}")
        text = " · ".join(subtitle)
        self._banner(text, "subtitle", row_height(lines_of(text, _TOTAL) * LINE_PT))
        intros = (
            form.intro_for(self.audience),
            shared.sheet_intro(form.type, self.audience, form.language),
        )
        for intro in filter(None, intros):
            self._spacer(4, keep=True)
            self._banner(intro, "intro", row_height(lines_of(intro, _TOTAL) * LINE_PT))
        fields = shared.person_fields(form.type, form.language)
        if fields:
            self._spacer(keep=True)
        if not form.organisation.strip() and form.type != "colleague":
            self._person("organisation", self.labels["organisation"], None)
        for name, label in fields:
            self._person(name, label, getattr(form, name))
        self._spacer(12)

    def _person(self, name: str, label_text: str, value: object) -> None:
        """Write a label and the person's value, or an answer cell when there is none."""
        sheet, row = self.sheet, self.row
        label = sheet.cell(row, 1)
        self.style(label, "label")
        put_text(label, label_text)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        cell = sheet.cell(row, 3)
        self._height(_PERSON_HEIGHT.get((self.form.type, name), 20.0), keep_with_next=True)
        if value is not None:
            if name == "date":
                self.style(cell, "value", self.book.date_format)
                cell.value = value
            else:
                self.style(cell, "value")
                put_text(cell, str(value))
            return
        if name == "date":
            self.style(cell, "answer_middle", self.book.date_format)
            self._date_rule(cell.coordinate)
        else:
            self.style(cell, "answer_middle")
            self._length_rule(cell.coordinate, _PERSON_LIMIT)
        self.book.record(
            f"person:{name}", sheet, cell.coordinate, "date" if name == "date" else "text"
        )

    # -- sections and questions ---------------------------------------------

    def _section(self, section: SheetSection) -> None:
        self._spacer(10)
        # The heading and its intro keep with the first question (and its options).
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
        wording = question.wording(self.audience)
        hint = question.hint(self.audience)
        notes = [hint] if hint else []
        how = _HOW_TO_ANSWER.get(question.kind)
        if how is not None:
            notes.append(how(self, question))
        if question.required:
            notes.append(f"{self.labels['required']}.")
        text_cell = sheet.cell(row, 2)
        self.style(text_cell, "question")
        put_rich(text_cell, wording, notes)
        text_width = WIDTHS[1]
        many_rows = question.kind == "multi_choice"
        if many_rows:
            sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
            text_width += WIDTHS[2]
        text_height = lines_of(clean(wording), text_width) * LINE_PT
        if notes:
            text_height += lines_of("\n".join(notes), text_width * 1.15) * NOTE_LINE_PT
        answer_height = _ANSWER_HEIGHT.get(question.kind, _DEFAULT_ANSWER_HEIGHT)
        self._height(row_height(text_height, answer_height), keep_with_next=many_rows)
        _ANSWER_CELLS[question.kind](self, question, sheet.cell(row, 3))

    # -- answer cells, by kind --------------------------------------------------

    def _text(self, question: FormQuestion, cell: Any) -> None:
        self._cell(question, cell)
        self._length_rule(cell.coordinate, TEXT_LIMIT)

    def _scale(self, question: FormQuestion, cell: Any) -> None:
        self._cell(question, cell)
        if question.scale is None:  # pragma: no cover - the bank fills every scale
            return
        low, high = question.scale.min, question.scale.max
        messages = Messages(
            prompt_title=self.words["scale_title"].format(min=low, max=high),
            prompt=_scale_ends(question, self.words["scale_ends"]) or None,
            error_title=self.words["error_title"],
            error=self.words["whole_error"].format(min=low, max=high),
        )
        key = ("whole", low, high, messages)
        self.rules.add(key, lambda: whole_rule(low, high, messages), cell.coordinate)

    def _date(self, question: FormQuestion, cell: Any) -> None:
        self._cell(question, cell, self.book.date_format)
        self._date_rule(cell.coordinate)

    def _drop_down(self, question: FormQuestion, cell: Any) -> None:
        values = _CHOICES[question.kind](self, question)
        self._cell(question, cell, values=values)
        self._list_rule(cell.coordinate, tuple(values))

    def _cell(
        self,
        question: FormQuestion,
        cell: Any,
        number_format: str | None = None,
        values: dict[str, object] | None = None,
    ) -> None:
        """Make ``cell`` the answer cell of ``question`` and note it in the map."""
        self.style(cell, "answer", number_format)
        self.book.record(question.id, self.sheet, cell.coordinate, question.kind, values)

    def _multi_choice(self, question: FormQuestion, cell: Any) -> None:
        """Write one row per option, each with a yes/no answer cell."""
        sheet = self.sheet
        yes_no = self._yes_no_entries(question)
        for index, option in enumerate(question.options, start=1):
            row = self.row
            label = sheet.cell(row, 2)
            self.style(label, "option")
            put_text(label, option.text)
            answer = sheet.cell(row, 3)
            self.style(answer, "answer")
            self._list_rule(answer.coordinate, tuple(yes_no))
            self.book.record(
                f"{question.id}:{option.id}", sheet, answer.coordinate, "multi_choice", yes_no
            )
            height = lines_of(clean(option.text), WIDTHS[1] - 2) * LINE_PT
            last = index == len(question.options)
            self._height(row_height(height, _DEFAULT_ANSWER_HEIGHT), keep_with_next=not last)

    def _pointer(self, question: FormQuestion, cell: Any) -> None:
        """Point a competence wheel or plan question at the sheet that holds its cells."""
        target = self.book.sheet_of[question.id]
        text = self.words["see_sheet"].format(sheet=target)
        location = "'{}'!A1".format(target.replace("'", "''"))
        self.style(cell, "link")
        cell.hyperlink = Hyperlink(ref="", location=location, display=text)
        put_text(cell, text)

    # -- drop-down entries, by kind ----------------------------------------------

    def _smiley_entries(self, question: FormQuestion) -> dict[str, object]:
        return dict(smiley_entries(self.form.language, question.faces or 5))

    def _yes_no_entries(self, question: FormQuestion) -> dict[str, object]:
        return {self.labels["yes"]: True, self.labels["no"]: False}

    def _option_entries(self, question: FormQuestion) -> dict[str, object]:
        return unique_entries([(option.text, option.id) for option in question.options])

    # -- how to answer, by kind -----------------------------------------------------

    def _scale_hint(self, question: FormQuestion) -> str:
        assert question.scale is not None  # the bank fills every scale's default
        hint = self.words["scale_hint"].format(min=question.scale.min, max=question.scale.max)
        ends = _scale_ends(question, self.words["scale_ends"])
        return f"{hint[:-1]} ({ends})." if ends else hint

    def _smiley_hint(self, question: FormQuestion) -> str:
        entries = smiley_entries(self.form.language, question.faces or 5)
        return self.words["smiley_hint"].format(low=entries[0][0], high=entries[-1][0])

    def _choice_hint(self, question: FormQuestion) -> str:
        options = " / ".join(option.text for option in question.options)
        return self.words["choice_hint"].format(options=options)

    def _fixed_hint(self, question: FormQuestion) -> str:
        return self.words["multi_hint" if question.kind == "multi_choice" else "date_hint"]

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


_Writer = Callable[[_MainSheet, "FormQuestion", Any], None]

#: The answer cells of each kind of question.
_ANSWER_CELLS: dict[str, _Writer] = {
    "text": _MainSheet._text,
    "long_text": _MainSheet._text,
    "scale": _MainSheet._scale,
    "smiley": _MainSheet._drop_down,
    "yes_no": _MainSheet._drop_down,
    "choice": _MainSheet._drop_down,
    "multi_choice": _MainSheet._multi_choice,
    "competence_wheel": _MainSheet._pointer,
    "action_plan": _MainSheet._pointer,
    "date": _MainSheet._date,
}

#: The drop-down entries (and the answer each stands for) of the kinds answered by one.
_CHOICES: dict[str, Callable[[_MainSheet, FormQuestion], dict[str, object]]] = {
    "smiley": _MainSheet._smiley_entries,
    "yes_no": _MainSheet._yes_no_entries,
    "choice": _MainSheet._option_entries,
}

#: The grey line under a question that says how to answer it, for the kinds that need one.
_HOW_TO_ANSWER: dict[str, Callable[[_MainSheet, FormQuestion], str]] = {
    "scale": _MainSheet._scale_hint,
    "smiley": _MainSheet._smiley_hint,
    "choice": _MainSheet._choice_hint,
    "multi_choice": _MainSheet._fixed_hint,
    "date": _MainSheet._fixed_hint,
}


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
