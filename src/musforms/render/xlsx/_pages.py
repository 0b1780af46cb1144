"""Where a printed sheet's pages end: worked out from the row heights, so nothing is stranded.

Excel and LibreOffice break a page where the next row no longer fits; neither
knows that a section heading belongs with the question under it, or the
signature lines with the end of the plan. So the sheet builders say which
rows belong together (:meth:`Pages.row`, ``keep_with_next``), and
:meth:`Pages.breaks` places every page break itself, a little before the page
is full, as manual row breaks. With every break placed, Excel and LibreOffice
have none of their own to add, and both print the same pages.

The sheet prints at a fixed scale (:func:`scale_to_width`) rather than "fit to
one page wide": Excel ignores manual page breaks on a sheet set to fit to
pages, and a known scale is what turns row heights into page lengths.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["A4", "Margins", "Pages", "scale_to_width", "snap"]

#: A4 portrait in points.
A4 = (595.28, 841.89)
#: Points per unit of column width: a unit is one digit of the workbook's default
#: font, Arial 10. Excel rounds a digit down to whole pixels (7 px, 5.25 pt);
#: LibreOffice takes it as it is (0.556 em), so its columns are 6 % wider: the
#: scale is worked out for the wider.
_PT_PER_UNIT = 10 * 0.556
#: Excel draws rows in whole pixels (0.75 pt at 96 dpi).
_PIXEL_PT = 0.75
#: The share of a page the breaks fill at most: room for the two programs' rounding.
_FILL = 0.97
#: How many percent below the width's scale a sheet may print to save a page.
_SHRINK = 8


def snap(height: float) -> float:
    """Return ``height`` rounded up to whole pixels, as Excel draws (and prints) it."""
    return math.ceil(round(height / _PIXEL_PT, 6)) * _PIXEL_PT


@dataclass(frozen=True)
class Margins:
    """Page margins in inches (header and footer sit inside top and bottom)."""

    left: float = 0.6
    right: float = 0.6
    top: float = 0.8
    bottom: float = 0.8
    header: float = 0.35
    footer: float = 0.35

    @property
    def width(self) -> float:
        """The printable width of an A4 portrait page, in points."""
        return A4[0] - (self.left + self.right) * 72

    @property
    def height(self) -> float:
        """The printable height of an A4 portrait page, in points."""
        return A4[1] - (self.top + self.bottom) * 72


def scale_to_width(widths: Sequence[float], margins: Margins) -> int:
    """Return the print scale in percent (10-100) at which ``widths`` fit across the page."""
    width = sum(widths) * _PT_PER_UNIT
    return max(10, min(100, math.floor(100 * margins.width / width) - 1))


@dataclass
class Pages:
    """The rows of one sheet as they will print: heights, and which must stay together.

    Attributes:
        heights: each row's height in points, by row number (1-based).
        glued: rows that must print on the same page as the row after them.
    """

    heights: dict[int, float] = field(default_factory=dict)
    glued: set[int] = field(default_factory=set)

    def row(self, number: int, height: float, *, keep_with_next: bool = False) -> float:
        """Note row ``number``'s height (in whole pixels, returned) and whether it
        keeps with the next row."""
        height = snap(height)
        self.heights[number] = height
        if keep_with_next:
            self.glued.add(number)
        else:
            self.glued.discard(number)
        return height

    def layout(
        self, *, page_height: float, widest: int, repeat: Sequence[int] = ()
    ) -> tuple[int, list[int]]:
        """Return the print scale and the page breaks (see :meth:`breaks`).

        The scale is ``widest`` (what fits the width), or up to ``_SHRINK`` percent
        less where that saves a page: a last page holding one question is paper
        wasted, and a sheet at 85 % reads as well as at 91 %.
        """
        best = (widest, self.breaks(page_height=page_height, scale=widest, repeat=repeat))
        for scale in range(widest - 1, max(10, widest - _SHRINK) - 1, -1):
            ends = self.breaks(page_height=page_height, scale=scale, repeat=repeat)
            if len(ends) < len(best[1]):
                best = (scale, ends)
        return best

    def breaks(self, *, page_height: float, scale: int, repeat: Sequence[int] = ()) -> list[int]:
        """Return the rows that end a page (before the last row), in order.

        Args:
            page_height: the printable height of a page in points.
            scale: the print scale in percent.
            repeat: the rows printed again at the top of every later page.
        """
        room = page_height * _FILL * 100 / scale
        repeated = sum(self.heights.get(row, 0.0) for row in repeat)
        rows = sorted(self.heights)
        ends: list[int] = []
        start, used = 0, 0.0  # index into rows of the page's first row; height used so far
        index = 0
        while index < len(rows):
            height = self.heights[rows[index]]
            if used + height <= room or index == start:
                used += height
                index += 1
                continue
            # rows[index] does not fit: end the page before the latest row that may start one.
            cut = index
            while cut > start and rows[cut - 1] in self.glued:
                cut -= 1
            if cut == start:  # a group longer than a page: it breaks where it must
                cut = index
            ends.append(rows[cut - 1])
            start, index = cut, cut
            used = repeated
        return ends
