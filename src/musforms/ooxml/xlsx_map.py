"""The layout of the very hidden sheet of a musforms workbook, for writer and reader.

A filled workbook must be readable without the spec it was made from, and
openpyxl drops custom XML parts of .xlsx files on re-save, so everything a
reader needs sits in cells of one sheet that Excel's user interface cannot
show (``veryHidden``):

- column A from row 2: the payload (:func:`musforms.ooxml.payload.encode_payload`),
  cut into cells of at most 32,000 characters (a cell holds 32,767);
- columns C to F from row 2: the answer map, one row per answer cell: the tag
  (the question id, or ``id:part`` as Word's content controls are tagged:
  ``id:option``, ``id:<competence>:now``, ``id:<row>:goal``; ``person:<field>``
  for the title block), the cell (``'Sheet'!C12``), the kind, and for drop-down
  cells a JSON object from each entry's text to the answer value it means;
- columns H onwards: the entries of the drop-down lists, one list per column.

Row 1 holds headers. :mod:`musforms.render.xlsx` writes this layout and
:mod:`musforms.answers.read_xlsx` reads it.
"""

from __future__ import annotations

__all__ = [
    "CELL_COLUMN",
    "FIRST_LIST_COLUMN",
    "FIRST_ROW",
    "KIND_COLUMN",
    "META_SHEET",
    "PAYLOAD_CHUNK",
    "PAYLOAD_COLUMN",
    "TAG_COLUMN",
    "VALUES_COLUMN",
    "cell_reference",
    "split_reference",
]

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
