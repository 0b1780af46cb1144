"""Cell-level helpers of the Excel renderer: safe text, styles, row heights, validations.

Everything that touches a single cell lives here, so that the sheet builders
talk only in questions and rows. The two rules that matter most:

- Text from users (question texts, options, names, the organisation) is
  always stored as a string cell, never as a formula, and loses the control
  characters XML cannot hold (openpyxl would raise on them; lxml too).
- Looks are named recipes (:data:`RECIPES`) applied through :class:`Styles`,
  which styles the first cell of a kind and copies that style to the rest:
  assigning fonts, fills and borders one by one was a quarter of a build.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from copy import copy
from dataclasses import dataclass
from typing import Any

from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from musforms.ooxml.xlsx_text import FORMULA_STARTS as _FORMULA_STARTS
from musforms.ooxml.xlsx_text import clean, put_text

#: Excel's tallest row, in points.
MAX_ROW_HEIGHT = 409.0

FONT_NAME = "Arial"  # metric-compatible with Liberation Sans, so Excel and LibreOffice wrap alike
INK = "1F2937"
ACCENT = "1F4E79"
MUTED = "5F6B7A"
ANSWER_FILL_COLOR = "FFF8E1"
LINE = "9AA5B1"

_thin = Side(style="thin", color=LINE)
BOX = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
UNDERLINE = Border(bottom=Side(style="thin", color=INK))
ANSWER_FILL = PatternFill("solid", fgColor=ANSWER_FILL_COLOR)
ACCENT_FILL = PatternFill("solid", fgColor=ACCENT)

TITLE_FONT = Font(name=FONT_NAME, size=16, bold=True, color=ACCENT)
SUBTITLE_FONT = Font(name=FONT_NAME, size=10, color=MUTED)
SECTION_FONT = Font(name=FONT_NAME, size=12, bold=True, color="FFFFFF")
HEADER_FONT = Font(name=FONT_NAME, size=10, bold=True, color="FFFFFF")
LABEL_FONT = Font(name=FONT_NAME, size=10, bold=True, color=INK)
BODY_FONT = Font(name=FONT_NAME, size=10, color=INK)
NUMBER_FONT = Font(name=FONT_NAME, size=10, bold=True, color=MUTED)
NOTE_FONT = Font(name=FONT_NAME, size=8.5, italic=True, color=MUTED)
HEADING_FONT = Font(name=FONT_NAME, size=14, bold=True, color=ACCENT)
LINK_FONT = Font(name=FONT_NAME, size=9, italic=True, color="1F5FA8", underline="single")
ANSWER_FONT = Font(name=FONT_NAME, size=10, color="000000")

_RICH_BODY = InlineFont(rFont=FONT_NAME, sz=10, color=INK)
_RICH_NOTE = InlineFont(rFont=FONT_NAME, sz=8.5, i=True, color=MUTED)

TOP_WRAP = Alignment(vertical="top", wrap_text=True)
TOP_WRAP_INDENT = Alignment(horizontal="left", vertical="top", wrap_text=True, indent=1)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
MIDDLE = Alignment(vertical="center", wrap_text=True)
BOTTOM = Alignment(vertical="bottom", wrap_text=True)
BANNER = Alignment(horizontal="left", vertical="center", indent=1)
NUMBER_ALIGN = Alignment(horizontal="right", vertical="top")
UNLOCKED = Protection(locked=False)

#: Points per line of 10 pt text, and of an 8.5 pt note.
LINE_PT = 13.0
NOTE_LINE_PT = 11.5
#: Characters per unit of column width, for Arial 10 prose (a unit is one Calibri-11 digit).
CHARS_PER_UNIT = 1.2


def put_rich(cell: Any, text: str, notes: list[str]) -> None:
    """Store a question ``text`` with grey italic ``notes`` under it, in one cell.

    One cell keeps one row per question, so the answer cell beside it is
    never merged; without notes the cell holds plain text.
    """
    if not notes:
        put_text(cell, text)
        return
    body = clean(text)
    note = clean("\n".join(notes))
    cell.value = CellRichText([TextBlock(_RICH_BODY, body), TextBlock(_RICH_NOTE, "\n" + note)])
    cell.data_type = "s"
    if body.startswith(_FORMULA_STARTS):
        cell.quotePrefix = True


def header_footer_text(text: str, limit: int = 80) -> str:
    """Return ``text`` safe for a page header or footer (``&`` starts a code there)."""
    text = clean(text, limit).replace("\n", " ").replace("\r", " ")
    return text.replace("&", "&&")


def lines_of(text: str, width: float) -> int:
    """Estimate how many lines ``text`` wraps to in a column ``width`` units wide."""
    per_line = max(1.0, width * CHARS_PER_UNIT)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def row_height(*heights: float) -> float:
    """Return the tallest of ``heights`` with some air, capped at Excel's maximum."""
    return min(MAX_ROW_HEIGHT, max(heights) + 4.0)


#: Named cell looks: attribute -> value, applied by :class:`Styles`.
RECIPES: dict[str, dict[str, Any]] = {
    "title": {"font": TITLE_FONT, "alignment": MIDDLE},
    "subtitle": {"font": SUBTITLE_FONT, "alignment": MIDDLE},
    "intro": {"font": BODY_FONT, "alignment": MIDDLE},
    "section": {"font": SECTION_FONT, "fill": ACCENT_FILL, "alignment": BANNER},
    "heading": {"font": HEADING_FONT, "alignment": TOP_WRAP},
    "note": {"font": NOTE_FONT, "alignment": TOP_WRAP},
    "label": {"font": LABEL_FONT, "alignment": MIDDLE},
    "value": {"font": BODY_FONT, "alignment": MIDDLE},
    "number": {"font": NUMBER_FONT, "alignment": NUMBER_ALIGN},
    "question": {"font": BODY_FONT, "alignment": TOP_WRAP},
    "option": {"font": BODY_FONT, "alignment": TOP_WRAP_INDENT},
    "link": {"font": LINK_FONT, "alignment": TOP_WRAP},
    "header": {"font": HEADER_FONT, "fill": ACCENT_FILL, "alignment": CENTER},
    "gap": {"font": LABEL_FONT, "alignment": CENTER, "border": BOX},
    "sign_label": {"font": LABEL_FONT, "alignment": BOTTOM},
    "sign_line": {"border": UNDERLINE},
    "answer": {
        "protection": UNLOCKED,
        "fill": ANSWER_FILL,
        "border": BOX,
        "font": ANSWER_FONT,
        "alignment": TOP_WRAP,
    },
    "answer_middle": {
        "protection": UNLOCKED,
        "fill": ANSWER_FILL,
        "border": BOX,
        "font": ANSWER_FONT,
        "alignment": MIDDLE,
    },
    "answer_center": {
        "protection": UNLOCKED,
        "fill": ANSWER_FILL,
        "border": BOX,
        "font": ANSWER_FONT,
        "alignment": CENTER,
    },
}


class Styles:
    """Gives cells the looks of :data:`RECIPES`, quickly.

    openpyxl hashes every font, fill and border on each assignment, which was
    a quarter of a workbook's build time; so each recipe is applied once, and
    later cells get a copy of that cell's style array (as openpyxl's own
    worksheet copier does). One instance serves one workbook: the arrays index
    into its style tables.
    """

    def __init__(self) -> None:
        self._arrays: dict[tuple[str, str | None], Any] = {}

    def apply(self, cell: Any, recipe: str, number_format: str | None = None) -> None:
        """Give ``cell`` the look ``recipe``, with ``number_format`` if given.

        Call it before writing text: it replaces the whole style, quote prefix too.
        """
        key = (recipe, number_format)
        array = self._arrays.get(key)
        if array is not None:
            cell._style = copy(array)
            return
        for name, value in RECIPES[recipe].items():
            setattr(cell, name, value)
        if number_format:
            cell.number_format = number_format
        self._arrays[key] = copy(cell._style)


#: The dates a date cell accepts, as Excel serial numbers (1900-01-01 .. 2199-12-31).
DATE_MIN, DATE_MAX = 1, 109_574
#: Longest answers Excel accepts in text cells, from the answer schema.
TEXT_LIMIT = 20_000
PLAN_TEXT_LIMIT = 4_000


@dataclass(frozen=True)
class Messages:
    """The prompt and error texts of one validation, cut to the lengths Excel allows."""

    prompt_title: str | None
    prompt: str | None
    error: str
    error_title: str

    def apply(self, validation: DataValidation) -> None:
        """Set the texts on ``validation`` and switch its error message on."""
        validation.showErrorMessage = True
        validation.errorStyle = "stop"
        validation.errorTitle = clean(self.error_title, 32)
        validation.error = clean(self.error, 225)
        if self.prompt:
            validation.showInputMessage = True
            validation.promptTitle = clean(self.prompt_title or "", 32) or None
            validation.prompt = clean(self.prompt, 250)


class Validations:
    """The data validations of one sheet, one per distinct rule, each covering many cells."""

    def __init__(self, sheet: Worksheet) -> None:
        self._sheet = sheet
        self._rules: dict[tuple[Any, ...], DataValidation] = {}

    def add(
        self, key: tuple[Any, ...], make: Callable[[], DataValidation], coordinate: str
    ) -> None:
        """Apply rule ``key`` (made by ``make`` the first time) to the cell at ``coordinate``."""
        rule = self._rules.get(key)
        if rule is None:
            rule = make()
            self._sheet.add_data_validation(rule)
            self._rules[key] = rule
        rule.add(coordinate)


def whole_rule(low: int, high: int, messages: Messages) -> DataValidation:
    """Return a rule accepting whole numbers from ``low`` to ``high``."""
    rule = DataValidation(
        type="whole", operator="between", formula1=str(low), formula2=str(high), allow_blank=True
    )
    messages.apply(rule)
    return rule


def list_rule(source: str, messages: Messages) -> DataValidation:
    """Return a drop-down rule whose entries are the cells at ``source``."""
    rule = DataValidation(type="list", formula1=source, allow_blank=True)
    messages.apply(rule)
    return rule


def date_rule(messages: Messages) -> DataValidation:
    """Return a rule accepting dates (Excel serial numbers in a sane range)."""
    rule = DataValidation(
        type="date",
        operator="between",
        formula1=str(DATE_MIN),
        formula2=str(DATE_MAX),
        allow_blank=True,
    )
    messages.apply(rule)
    return rule


def length_rule(limit: int, messages: Messages) -> DataValidation:
    """Return a rule accepting text of at most ``limit`` characters."""
    rule = DataValidation(
        type="textLength", operator="lessThanOrEqual", formula1=str(limit), allow_blank=True
    )
    messages.apply(rule)
    return rule
