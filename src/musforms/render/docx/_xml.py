"""Small WordprocessingML builders: paragraphs, runs, tables, fields.

python-docx's proxies (``Document.add_paragraph``, ``Table.cell``) look styles
up by name and recompute table grids on every call, which is most of its build
time (NOTES.md). The renderer instead builds the few elements it needs
directly with lxml, and looks every style up once. Every text that reaches
XML passes :func:`clean` first, because texts come from users and lxml
refuses characters that XML 1.0 forbids.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from lxml import etree

from musforms.ooxml.wml import NSMAP, clean, qn

__all__ = [
    "TWIPS_PER_CM",
    "Cell",
    "add",
    "cell_margins",
    "clean",
    "el",
    "field_runs",
    "keep_with_next",
    "paragraph",
    "qn",
    "run",
    "table",
]

TWIPS_PER_CM = 567


_clark = qn  # ``{uri}local`` of ``prefix:local``, cached


def _attrs(attrs: dict[str, str] | None) -> dict[str, str]:
    return {_clark(key): value for key, value in attrs.items()} if attrs else {}


def el(tag: str, attrs: dict[str, str] | None = None, *children: etree._Element) -> etree._Element:
    """Return a new element ``tag`` (``"w:p"``) with prefixed ``attrs`` and ``children``."""
    clark, nsmap = _tag(tag)
    element: etree._Element = etree.Element(clark, attrib=_attrs(attrs), nsmap=nsmap)
    for child in children:
        element.append(child)
    return element


@lru_cache(maxsize=256)
def _tag(tag: str) -> tuple[str, dict[str, str]]:
    prefix = tag.split(":", 1)[0]
    return _clark(tag), {prefix: NSMAP[prefix]}


def add(parent: etree._Element, tag: str, attrs: dict[str, str] | None = None) -> etree._Element:
    """Append a new element ``tag`` with ``attrs`` to ``parent`` and return it."""
    return etree.SubElement(parent, _clark(tag), _attrs(attrs))


def run(
    text: str,
    *,
    style: str | None = None,
    bold: bool = False,
    size: float | None = None,
    color: str | None = None,
) -> etree._Element:
    """Return a ``w:r`` showing ``text``; tabs and newlines become ``w:tab`` and ``w:br``.

    Args:
        style: a character style id, or ``None`` for the paragraph's own.
        size: the font size in points; ``None`` means the style's.
        color: a hex RGB colour such as ``"595959"``; ``None`` means the style's.
    """
    r = el("w:r")
    if style or bold or size or color:
        rpr = add(r, "w:rPr")
        if style:
            add(rpr, "w:rStyle", {"w:val": style})
        if bold:
            add(rpr, "w:b")
        if color:
            add(rpr, "w:color", {"w:val": color})
        if size:
            half_points = str(round(size * 2))
            add(rpr, "w:sz", {"w:val": half_points})
            add(rpr, "w:szCs", {"w:val": half_points})
    _add_text(r, clean(text))
    return r


def _add_text(r: etree._Element, text: str) -> None:
    for number, line in enumerate(text.split("\n")):
        if number:
            add(r, "w:br")
        for position, piece in enumerate(line.split("\t")):
            if position:
                add(r, "w:tab")
            if piece:
                t = add(r, "w:t")
                t.text = piece
                if piece[0] == " " or piece[-1] == " ":
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def paragraph(
    style: str | None = None,
    *content: etree._Element,
    keep_next: bool = False,
    keep_lines: bool = False,
    align: str | None = None,
    space_after: int | None = None,
    space_before: int | None = None,
    tabs: Sequence[tuple[str, int]] = (),
    indent: tuple[int, int] | None = None,
    rule: str | None = None,
) -> etree._Element:
    """Return a ``w:p`` in paragraph style ``style`` holding ``content`` (runs, controls).

    Args:
        keep_next: keep the paragraph on the page of the next one (a question
            with its answer area).
        align: ``"left"``, ``"center"``, ``"right"`` or ``None`` for the style's.
        space_after, space_before: in twips; ``None`` means the style's.
        tabs: ``(kind, position)`` tab stops, kind ``"left"``, ``"center"`` or ``"right"``.
        indent: ``(left, hanging)`` in twips.
        rule: draw a thin line on this side (``"top"`` or ``"bottom"``), as under a page header.
    """
    p = el("w:p")
    ppr = add(p, "w:pPr")
    if style:
        add(ppr, "w:pStyle", {"w:val": style})
    if keep_next:
        add(ppr, "w:keepNext")
    if keep_lines:
        add(ppr, "w:keepLines")
    if rule:
        add(
            add(ppr, "w:pBdr"),
            f"w:{rule}",
            {"w:val": "single", "w:sz": "4", "w:space": "4", "w:color": BORDER_COLOR},
        )
    if tabs:
        tab_list = add(ppr, "w:tabs")
        for kind, position in tabs:
            add(tab_list, "w:tab", {"w:val": kind, "w:pos": str(position)})
    if space_after is not None or space_before is not None:
        spacing = add(ppr, "w:spacing")
        if space_before is not None:
            spacing.set(qn("w:before"), str(space_before))
        if space_after is not None:
            spacing.set(qn("w:after"), str(space_after))
    if indent is not None:
        add(ppr, "w:ind", {"w:left": str(indent[0]), "w:hanging": str(indent[1])})
    if align:
        add(ppr, "w:jc", {"w:val": align})
    for child in content:
        p.append(child)
    return p


def field_runs(instruction: str, shown: str, style: str | None = None) -> list[etree._Element]:
    """Return the runs of a field (``PAGE``, ``NUMPAGES``) that shows ``shown`` until updated."""
    runs: list[etree._Element] = []
    for kind in ("begin", "instr", "separate", "result", "end"):
        r = el("w:r")
        if style:
            add(add(r, "w:rPr"), "w:rStyle", {"w:val": style})
        if kind == "instr":
            instr = add(r, "w:instrText")
            instr.text = f" {instruction} \\* MERGEFORMAT "
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        elif kind == "result":
            add(r, "w:t").text = shown
        else:
            add(r, "w:fldChar", {"w:fldCharType": kind})
        runs.append(r)
    return runs


class Cell:
    """A table cell to build: its paragraphs and looks.

    Attributes:
        shade: a hex fill colour, or ``None`` for none.
        borders: ``None`` for the table's borders, or which sides to draw
            (``"bottom"``, ``"top"``, ``"box"``) for a cell in a borderless table.
        valign: ``"top"``, ``"center"`` or ``"bottom"``.
        span: how many grid columns the cell spans.
    """

    __slots__ = ("borders", "content", "shade", "span", "valign")

    def __init__(
        self,
        *content: etree._Element,
        shade: str | None = None,
        borders: str | None = None,
        valign: str = "top",
        span: int = 1,
    ) -> None:
        self.content = content
        self.shade = shade
        self.borders = borders
        self.valign = valign
        self.span = span


BORDER_COLOR = "A6A6A6"


def _border_set(parent: etree._Element, tag: str, sides: Iterable[str], size: int = 4) -> None:
    borders = add(parent, tag)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if side in sides:
            add(
                borders,
                f"w:{side}",
                {"w:val": "single", "w:sz": str(size), "w:space": "0", "w:color": BORDER_COLOR},
            )
        else:
            add(borders, f"w:{side}", {"w:val": "nil"})


def cell_margins(parent: etree._Element, top: int, side: int, bottom: int) -> None:
    """Add ``w:tblCellMar`` (twips) to a ``w:tblPr``."""
    margins = add(parent, "w:tblCellMar")
    for name, value in (("top", top), ("left", side), ("bottom", bottom), ("right", side)):
        add(margins, f"w:{name}", {"w:w": str(value), "w:type": "dxa"})


_ALL_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")
_CELL_BORDERS = {
    "bottom": ("bottom",),
    "top": ("top",),
    "box": ("top", "left", "bottom", "right"),
}


def table(
    widths: Sequence[int],
    rows: Sequence[Sequence[Cell]],
    *,
    grid: bool = True,
    header_rows: int = 0,
    heights: Sequence[int | None] | None = None,
    keep_together: bool = False,
    margins: tuple[int, int, int] = (57, 85, 57),
) -> etree._Element:
    """Return a fixed-layout ``w:tbl`` with column ``widths`` (twips) and ``rows`` of cells.

    A fixed layout keeps a 5,000-character word from widening a column off the
    page: Word and LibreOffice wrap it inside the cell instead.

    Args:
        grid: draw every border; ``False`` draws none but what a cell asks for.
        header_rows: the first rows repeat at the top of each page (``w:tblHeader``).
        heights: per row, a minimum height in twips or ``None``.
        keep_together: keep each row with the next (short tables never split).
        margins: cell margins (top, left/right, bottom) in twips.
    """
    tbl = el("w:tbl")
    tblpr = add(tbl, "w:tblPr")
    add(tblpr, "w:tblW", {"w:w": str(sum(widths)), "w:type": "dxa"})
    _border_set(tblpr, "w:tblBorders", _ALL_SIDES if grid else ())
    add(tblpr, "w:tblLayout", {"w:type": "fixed"})
    cell_margins(tblpr, *margins)
    add(
        tblpr,
        "w:tblLook",
        {
            "w:val": "0000",
            "w:firstRow": "0",
            "w:lastRow": "0",
            "w:firstColumn": "0",
            "w:lastColumn": "0",
            "w:noHBand": "1",
            "w:noVBand": "1",
        },
    )
    tblgrid = add(tbl, "w:tblGrid")
    for width in widths:
        add(tblgrid, "w:gridCol", {"w:w": str(width)})
    last = len(rows) - 1
    for index, cells in enumerate(rows):
        tr = add(tbl, "w:tr")
        trpr = add(tr, "w:trPr")
        add(trpr, "w:cantSplit")
        height = heights[index] if heights else None
        if height:
            add(trpr, "w:trHeight", {"w:val": str(height), "w:hRule": "atLeast"})
        if index < header_rows:
            add(trpr, "w:tblHeader")
        column = 0
        for cell in cells:
            tc = add(tr, "w:tc")
            tcpr = add(tc, "w:tcPr")
            width = sum(widths[column : column + cell.span])
            add(tcpr, "w:tcW", {"w:w": str(width), "w:type": "dxa"})
            if cell.span > 1:
                add(tcpr, "w:gridSpan", {"w:val": str(cell.span)})
            column += cell.span
            if cell.borders:
                _border_set(tcpr, "w:tcBorders", _CELL_BORDERS[cell.borders], size=6)
            if cell.shade:
                add(tcpr, "w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": cell.shade})
            add(tcpr, "w:vAlign", {"w:val": cell.valign})
            content = cell.content or (paragraph(),)
            for child in content:
                if keep_together and index < last and child.tag == qn("w:p"):
                    _keep_next(child)
                tc.append(child)
    return tbl


def keep_with_next(p: etree._Element) -> None:
    """Keep paragraph ``p`` on the page of the next one (``w:keepNext``, in schema order)."""
    _keep_next(p)


def _keep_next(p: etree._Element) -> None:
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = el("w:pPr")
        p.insert(0, ppr)
    if ppr.find(qn("w:keepNext")) is None:
        # keepNext must follow pStyle in the schema's order.
        style = ppr.find(qn("w:pStyle"))
        position = 1 if style is not None else 0
        ppr.insert(position, el("w:keepNext"))
