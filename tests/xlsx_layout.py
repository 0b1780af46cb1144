"""Finding the answer cells of a musforms workbook as a person does: by what the sheets show.

The workbook's very hidden map tells the reader where each answer is. A test
that types answers where that same map says would pass with a map pointing
one row off; so this module never reads the map. It looks, as someone
filling in the form would, for

- on the main sheet, the row numbered as the question and showing its text
  (the text cell may be rich text with grey help lines under the question:
  its runs are joined), and the unlocked cell of that question, on its row or
  the rows below it up to the next question;
- for a multiple choice, the row below the question that shows each option;
- for a competence wheel and a development plan, the sheet the question's
  link leads to; there, the row of each competence under the columns headed
  "Nu" and "Ønsket" ("Now", "Wanted"), and the rows under the plan's column
  headings (:func:`musforms.words.plan_fields`);
- for the title block, the row labelled with the person field's name.

A drop-down cell takes the entry a person would pick, found by the words the
list shows (:func:`drop_down_entries`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from musforms import words
from musforms.render._sheet import sheet_sections

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

    from musforms.form import Form, FormQuestion

__all__ = ["Layout", "LayoutError", "drop_down_entries", "pick", "shown_words", "visible"]

#: The headings of a competence's two ratings, as the wheel's sheet shows them.
WHEEL_HEADINGS = {"da": {"now": "Nu", "wanted": "Ønsket"}, "en": {"now": "Now", "wanted": "Wanted"}}
_NUMBERED = re.compile(r"\d+\.")
_RANGE = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)$")


def visible(cell: Cell) -> str:
    """Return the text a cell shows: rich text's runs joined, numbers as text."""
    value = cell.value
    return "" if value is None else str(value)


def _unlocked(cell: Cell) -> bool:
    return cell.protection is not None and cell.protection.locked is False


class LayoutError(AssertionError):
    """The sheet does not show what a person would need to answer a question."""


class Layout:
    """The answer cells of one workbook of ``form``, found by what its sheets show.

    ``book`` must be loaded with ``rich_text=True`` when it is to be saved
    again, so that the question cells keep their looks.

    Attributes:
        questions: the questions of the main sheet, in the order it numbers them.
    """

    def __init__(self, form: Form, book: Workbook) -> None:
        self.form, self.book = form, book
        self.main: Worksheet = book.worksheets[0]
        self.language = words.for_language(form.language)
        self.questions = [q for s in sheet_sections(form) for q in s.questions]
        self._rows: dict[str, int] = {}
        self._ends: list[int] = []
        self._find_questions()

    # -- the main sheet ---------------------------------------------------------

    def _find_questions(self) -> None:
        """Note the row of every question the main sheet shows, by its number and text."""
        audience = self.form.sheet(None)
        numbered = {
            visible(row[0]): row[0].row
            for row in self.main.iter_rows(min_col=1, max_col=1)
            if _NUMBERED.fullmatch(visible(row[0]))
        }
        for number, question in enumerate(self.questions, start=1):
            row = numbered.get(f"{number}.")
            if row is None:
                raise LayoutError(f"no row is numbered {number}. for {question.id}")
            text = visible(self.main.cell(row, 2))
            wording = question.wording(audience)
            if text != wording and not text.startswith(f"{wording}\n"):
                raise LayoutError(f"row {row} shows {text[:60]!r}, not {question.id}'s text")
            self._rows[question.id] = row
        self._ends = sorted(numbered.values())

    def _span(self, question: FormQuestion) -> range:
        """The main sheet's rows from the question's row up to the next question's."""
        try:
            row = self._rows[question.id]
        except KeyError:
            raise LayoutError(f"{question.id} is not on the main sheet") from None
        later = [r for r in self._ends if r > row]
        return range(row, later[0] if later else self.main.max_row + 1)

    def _unlocked_in(self, rows: range) -> list[Cell]:
        return [
            cell
            for row in self.main.iter_rows(min_row=rows.start, max_row=rows.stop - 1)
            for cell in row
            if _unlocked(cell)
        ]

    def answer_cell(self, question: FormQuestion) -> Cell:
        """The one unlocked cell of a question answered in one cell."""
        cells = self._unlocked_in(self._span(question))
        if len(cells) != 1:
            found = [c.coordinate for c in cells]
            raise LayoutError(f"{question.id}: {len(cells)} unlocked cells ({found}), not one")
        return cells[0]

    def option_cell(self, question: FormQuestion, option_id: str) -> Cell:
        """The unlocked cell on the row below a multiple choice that shows the option."""
        option = next(o for o in question.options if o.id == option_id)
        rows = self._span(question)
        for row in range(rows.start + 1, rows.stop):
            if visible(self.main.cell(row, 2)) == option.text:
                cells = self._unlocked_in(range(row, row + 1))
                if len(cells) != 1:
                    raise LayoutError(f"{question.id}:{option_id}: {len(cells)} answer cells")
                return cells[0]
        raise LayoutError(f"no row under {question.id} shows the option {option.text!r}")

    def person_cell(self, name: str) -> Cell:
        """The unlocked cell beside the title block's label of a person field."""
        labels = dict(words.person_fields(self.form.type, self.language))
        labels["organisation"] = words.labels(self.language)["organisation"]
        first = min(self._ends, default=self.main.max_row + 1)
        for row in range(1, first):
            if visible(self.main.cell(row, 1)) == labels[name]:
                cells = self._unlocked_in(range(row, row + 1))
                if len(cells) == 1:
                    return cells[0]
        raise LayoutError(f"no answer cell beside the label {labels[name]!r}")

    # -- the sheets a link leads to ------------------------------------------------

    def linked_sheet(self, question: FormQuestion) -> Worksheet:
        """The sheet that the link in the question's row leads to (a person clicks it)."""
        for cell in self.main[self._span(question).start]:
            if cell.hyperlink is None or not cell.hyperlink.location:
                continue
            name = cell.hyperlink.location.rpartition("!")[0]
            if name.startswith("'") and name.endswith("'"):
                name = name[1:-1].replace("''", "'")
            sheet = self.book[name]
            heading = visible(sheet.cell(1, 1))
            if heading != question.wording(self.form.sheet(None)):
                raise LayoutError(f"sheet {name!r} is headed {heading[:60]!r}")
            return sheet
        raise LayoutError(f"the row of {question.id} links to no sheet")

    @staticmethod
    def _header(sheet: Worksheet, titles: list[str]) -> tuple[int, dict[str, int]]:
        """The row holding every one of ``titles`` and the column of each."""
        for row in sheet.iter_rows():
            columns = {visible(c): c.column for c in row if c.value is not None}
            if all(title in columns for title in titles):
                return row[0].row, {title: columns[title] for title in titles}
        raise LayoutError(f"sheet {sheet.title!r} has no row headed {titles}")

    def wheel_cell(self, question: FormQuestion, competence_id: str, part: str) -> Cell:
        """The cell of a competence's rating ``part`` (now, wanted) on the wheel's sheet."""
        sheet = self.linked_sheet(question)
        headings = WHEEL_HEADINGS[self.language]
        header, columns = self._header(sheet, list(headings.values()))
        competence = next(c for c in question.competences if c.id == competence_id)
        for row in range(header + 1, sheet.max_row + 1):
            if visible(sheet.cell(row, 1)) == competence.text:
                cell = sheet.cell(row, columns[headings[part]])
                if not _unlocked(cell):
                    raise LayoutError(f"{sheet.title}!{cell.coordinate} is locked")
                return cell
        raise LayoutError(f"no row of {sheet.title!r} shows {competence.text!r}")

    def plan_cell(self, question: FormQuestion, number: int, name: str) -> Cell:
        """The cell of field ``name`` in the plan's row ``number`` (1 is under the headings)."""
        sheet = self.linked_sheet(question)
        titles = words.plan_fields(self.language)
        header, columns = self._header(sheet, list(titles.values()))
        cell = sheet.cell(header + number, columns[titles[name]])
        if not _unlocked(cell):
            raise LayoutError(f"{sheet.title}!{cell.coordinate} is locked: no plan row {number}")
        return cell

    def plan_rows(self, question: FormQuestion) -> int:
        """How many rows under the plan's headings can be written in."""
        sheet = self.linked_sheet(question)
        titles = words.plan_fields(self.language)
        header, columns = self._header(sheet, list(titles.values()))
        rows = 0
        while _unlocked(sheet.cell(header + rows + 1, columns[titles["goal"]])):
            rows += 1
        return rows


def drop_down_entries(book: Workbook, cell: Cell) -> list[str] | None:
    """The entries of the drop-down list of ``cell`` (``None``: it has none).

    The list is where the cell's data validation points, as Excel shows it.
    """
    for rule in cell.parent.data_validations.dataValidation:
        if rule.type == "list" and cell.coordinate in rule.sqref:
            found = _RANGE.match(rule.formula1 or "")
            if found is None:
                raise LayoutError(f"the list of {cell.coordinate} is {rule.formula1!r}")
            quoted, plain, first_column, first_row, last_column, last_row = found.groups()
            sheet = book[quoted.replace("''", "'") if quoted else plain]
            cells = sheet[f"{first_column}{first_row}:{last_column}{last_row}"]
            return [visible(row[0]) for row in cells]
    return None


def pick(entries: list[str], shown: str) -> str:
    """The entry showing ``shown``, perhaps after a face (``😊 5 – Meget godt``)."""
    for entry in entries:
        if entry == shown or (entry.endswith(f" {shown}") and " " not in entry[: -len(shown) - 1]):
            return entry
    raise LayoutError(f"no entry {shown!r} in the list {entries}")


def shown_words(form: Form, question: FormQuestion, value: Any) -> str:
    """The words a person looks for in a drop-down to answer ``value``."""
    language = words.for_language(form.language)
    if question.kind == "smiley":
        return f"{value} – {words.faces(language, question.faces or 5)[value - 1]}"
    if question.kind in {"yes_no", "multi_choice"}:
        return {"da": ("Nej", "Ja"), "en": ("No", "Yes")}[language][bool(value)]
    if question.kind == "choice":
        return next(o.text for o in question.options if o.id == value)
    raise LayoutError(f"{question.id}: a {question.kind} has no drop-down")
