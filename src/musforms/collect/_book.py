"""The overview's workbook as bytes: safe cells, styles Office's validator accepts, encryption.

Every text goes through :func:`musforms.ooxml.xlsx_text.put_text` (never a
formula, nothing XML cannot hold). The styles part passes through
:func:`musforms.ooxml.xlsx_styles.in_schema_order` on its way into the zip,
as the form's workbooks do, and every zip entry carries the overview's date,
so that the same answers on the same day give the same bytes. With a password
the finished file is encrypted with Office's agile encryption (msoffcrypto-tool),
which Excel and LibreOffice open by asking for it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from musforms.ooxml.xlsx_text import put_text
from musforms.ooxml.xlsx_zip import save_workbook

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["append", "encrypt", "header", "put", "save", "widths"]


def _set(cell: Cell, value: Any) -> None:
    if isinstance(value, str):
        put_text(cell, value)
    else:
        cell.value = value


def append(sheet: Worksheet, row: Sequence[Any]) -> list[Cell]:
    """Append a row and return its cells; text that looks like a formula stays text.

    The cells are made first and handed to ``append``: looking them up again
    through ``max_row`` scans the whole sheet each time (quadratic in rows).
    """
    from openpyxl.cell.cell import Cell

    cells = []
    for value in row:
        cell = Cell(sheet)
        _set(cell, value)
        cells.append(cell)
    sheet.append(cells)
    return cells


def put(sheet: Worksheet, row: int, values: Sequence[Any], *, bold: bool = False) -> None:
    """Write ``values`` into ``row`` from column A."""
    from openpyxl.styles import Font

    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row, column)
        _set(cell, value)
        if bold:
            cell.font = Font(bold=True)


def widths(sheet: Worksheet, sizes: Sequence[float]) -> None:
    """Set the widths of the first columns."""
    from openpyxl.utils import get_column_letter

    for number, width in enumerate(sizes, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width


def header(sheet: Worksheet, names: Sequence[str]) -> None:
    """Append a bold header row, shaded, wrapped, frozen."""
    from openpyxl.styles import Alignment, Font, PatternFill

    for cell in append(sheet, names):
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E4ECF4")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"


def save(book: Workbook, day: dt.date) -> bytes:
    """Return ``book`` as the bytes of an .xlsx file, every entry dated ``day``."""
    stamp = dt.datetime(max(1980, min(day.year, 2107)), day.month, day.day)
    book.properties.creator = "musforms"
    book.properties.lastModifiedBy = "musforms"
    book.properties.created = stamp
    book.properties.modified = stamp
    return save_workbook(book, (stamp.year, stamp.month, stamp.day, 0, 0, 0))


def encrypt(data: bytes, password: str) -> bytes:
    """Return the .xlsx ``data`` encrypted with ``password`` (ECMA-376 agile encryption)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()
