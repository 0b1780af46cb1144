"""The build context of one workbook (:class:`Book`), and its very hidden sheet.

The hidden sheet's layout (payload, answer map, drop-down lists) is shared
with the reader: see :mod:`musforms.ooxml.xlsx_map`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from openpyxl.utils import get_column_letter

from musforms.errors import RenderError
from musforms.ooxml.xlsx_map import (
    CELL_COLUMN,
    FIRST_LIST_COLUMN,
    FIRST_ROW,
    KIND_COLUMN,
    META_SHEET,
    PAYLOAD_CHUNK,
    PAYLOAD_COLUMN,
    TAG_COLUMN,
    VALUES_COLUMN,
    cell_reference,
)
from musforms.ooxml.xlsx_text import put_text
from musforms.render.xlsx._cells import Styles

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from musforms.form import Form


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
        words: the workbook's own words in the form's language (see ``_words.WORDS``).
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
