"""Text in a workbook cell, safe: what XML can hold, never read as a formula.

Shared by the form's workbook (:mod:`musforms.render.xlsx`) and the overview
(:mod:`musforms.collect`): every text from people passes through here.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["FORMULA_STARTS", "MAX_CELL_CHARS", "clean", "put_text"]

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: What Excel or openpyxl reads as the start of a formula when a cell is edited.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: A cell holds 32,767 characters; leave room.
MAX_CELL_CHARS = 32_000


def clean(text: str, limit: int = MAX_CELL_CHARS) -> str:
    """Return ``text`` without characters XML cannot hold, cut to ``limit`` characters."""
    text = _ILLEGAL_XML.sub("", text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def put_text(cell: Any, text: str, *, limit: int = MAX_CELL_CHARS) -> None:
    """Store ``text`` in ``cell`` as a string, never as a formula, whatever it starts with.

    openpyxl turns a string starting with ``=`` into a formula, and Excel reads
    ``+ - @`` and tab as the start of one when a cell is edited; the explicit
    type and the quote prefix keep such text literal in both.
    """
    value = clean(text, limit)
    cell.value = value
    cell.data_type = "s"
    if value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
