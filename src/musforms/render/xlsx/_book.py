"""The very hidden sheet of a musforms workbook: payload, answer map and drop-down lists.

A filled workbook must be readable without the spec it was made from, and
openpyxl drops custom XML parts of .xlsx files on re-save, so everything a
reader needs sits in cells of one sheet that Excel's user interface cannot
show (``veryHidden``):

- column A from row 2: the payload (:func:`musforms.ooxml.payload.payload_json`),
  cut into cells of at most 32,000 characters (a cell holds 32,767);
- columns C to F from row 2: the answer map, one row per answer cell: the tag
  (the question id, or ``id:part`` as Word's content controls are tagged:
  ``id:option``, ``id:<competence>:now``, ``id:<row>:goal``; ``person:<field>``
  for the title block), the cell (``'Sheet'!C12``), the kind, and for drop-down
  cells a JSON object from each entry's text to the answer value it means;
- columns H onwards: the entries of the drop-down lists, one list per column.

Row 1 holds headers. :mod:`musforms.answers.read_xlsx` reads this layout.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from openpyxl.utils import get_column_letter

from musforms.errors import RenderError
from musforms.render.xlsx._cells import Styles, put_text

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from musforms.form import Form

#: The name of the very hidden sheet.
META_SHEET = "musforms"
#: Columns of the layout (1-based); data starts on :data:`FIRST_ROW`.
PAYLOAD_COLUMN = 1
TAG_COLUMN, CELL_COLUMN, KIND_COLUMN, VALUES_COLUMN = 3, 4, 5, 6
FIRST_LIST_COLUMN = 8
FIRST_ROW = 2
#: The longest piece of payload in one cell.
PAYLOAD_CHUNK = 32_000


def cell_reference(sheet: str, coordinate: str) -> str:
    """Return ``'Sheet'!C12``: a cell reference as Excel writes it, sheet name quoted."""
    return "'{}'!{}".format(sheet.replace("'", "''"), coordinate)


def split_reference(reference: str) -> tuple[str, str]:
    """Return the sheet name and coordinate of a :func:`cell_reference`."""
    sheet, _, coordinate = reference.rpartition("!")
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, coordinate


@dataclass(frozen=True)
class MapEntry:
    """One answer cell: its tag, where it is, the kind of answer and its drop-down meanings."""

    tag: str
    reference: str
    kind: str
    values: Mapping[str, Any] | None = None


@dataclass
class Book:
    """What the sheet builders share while one workbook is built.

    Attributes:
        form: the form being rendered.
        words: the workbook's words in the form's language (see ``_xlsx_cells.WORDS``).
        date_format: the number format of date cells.
        entries: the answer map, in the order the cells were made.
        sheet_of: the sheet name of each competence wheel and development plan question.
        styles: the cell looks of this workbook.
    """

    form: Form
    words: Mapping[str, str]
    date_format: str
    entries: list[MapEntry] = field(default_factory=list)
    sheet_of: dict[str, str] = field(default_factory=dict)
    styles: Styles = field(default_factory=Styles)
    _lists: dict[tuple[str, ...], str] = field(default_factory=dict)

    def record(
        self,
        tag: str,
        sheet: Worksheet,
        coordinate: str,
        kind: str,
        values: Mapping[str, Any] | None = None,
    ) -> None:
        """Add an answer cell to the map."""
        self.entries.append(MapEntry(tag, cell_reference(sheet.title, coordinate), kind, values))

    def list_source(self, entries: tuple[str, ...]) -> str:
        """Return the range holding ``entries`` on the hidden sheet, for a drop-down rule.

        Entries live in cells rather than inside the rule's formula, so that an
        option with a comma, a quote or a leading ``=`` is shown as written, and
        lists longer than a formula's 255 characters still work.
        """
        source = self._lists.get(entries)
        if source is None:
            column = get_column_letter(FIRST_LIST_COLUMN + len(self._lists))
            last = FIRST_ROW + len(entries) - 1
            source = f"'{META_SHEET}'!${column}${FIRST_ROW}:${column}${last}"
            self._lists[entries] = source
        return source

    def write_meta(self, workbook: Workbook, payload: str) -> Worksheet:
        """Add the very hidden sheet with ``payload``, the map and the lists; return it."""
        sheet = workbook.create_sheet(META_SHEET)
        sheet.sheet_state = "veryHidden"
        for column, title in (
            (PAYLOAD_COLUMN, "payload"),
            (TAG_COLUMN, "tag"),
            (CELL_COLUMN, "cell"),
            (KIND_COLUMN, "kind"),
            (VALUES_COLUMN, "values"),
        ):
            sheet.cell(1, column, title)
        chunks = [payload[i : i + PAYLOAD_CHUNK] for i in range(0, len(payload), PAYLOAD_CHUNK)]
        for row, chunk in enumerate(chunks, start=FIRST_ROW):
            # A chunk may start with '-' or '=' where the JSON was cut: keep it text.
            put_text(sheet.cell(row, PAYLOAD_COLUMN), chunk)
        for row, entry in enumerate(self.entries, start=FIRST_ROW):
            put_text(sheet.cell(row, TAG_COLUMN), entry.tag)
            put_text(sheet.cell(row, CELL_COLUMN), entry.reference)
            put_text(sheet.cell(row, KIND_COLUMN), entry.kind)
            if entry.values is not None:
                text = json.dumps(dict(entry.values), ensure_ascii=True, separators=(",", ":"))
                if len(text) > PAYLOAD_CHUNK:
                    raise RenderError(
                        code="render.options_too_long",
                        fmt="xlsx",
                        question_id=entry.tag.split(":", 1)[0],
                    )
                put_text(sheet.cell(row, VALUES_COLUMN), text)
        for index, entries in enumerate(self._lists):
            column = FIRST_LIST_COLUMN + index
            sheet.cell(1, column, f"list {index + 1}")
            for row, text in enumerate(entries, start=FIRST_ROW):
                put_text(sheet.cell(row, column), text)
        return sheet
