"""The page flow of the PDF form: A4 pages drawn top-down, with their furniture.

A :class:`Flow` owns the reportlab canvas and a cursor ``y``. It draws text
(in Vera, with runs of DejaVu for letters outside Windows-1252), keeps a
block with what follows (:meth:`Flow.need`), and puts on every page:

- the **header**, one Form XObject drawn by every page: organisation and title,
  and the names of the people the form is for, each at a fixed place and
  clipped to its column, so that batch can write other names into that one
  object without moving anything;
- the **footer**: the sheet's name and "Side X af Y", where Y is another
  XObject drawn by every footer and defined once the last page is known;
- a **bookmark** per section (the outline opens with the file).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, xObjectName
from reportlab.pdfbase.pdfdoc import PDFObjectReference as Reference

from musforms.render.pdf._fields import number
from musforms.render.pdf._fonts import BOLD, FALLBACK, REGULAR, encodable, literal, runs, width

__all__ = [
    "BOTTOM",
    "GREY",
    "HEAVY",
    "LEFT",
    "PAGE_H",
    "PAGE_W",
    "RIGHT",
    "TOP",
    "WIDTH",
    "Flow",
    "lines_of",
]

PAGE_W, PAGE_H = 595.28, 841.89  # A4
LEFT, RIGHT, TOP, BOTTOM = 52.0, 52.0, 74.0, 54.0
WIDTH = PAGE_W - LEFT - RIGHT
#: Help text: grey 0.4 on white is a contrast of about 5.7:1 (WCAG AA asks 4.5:1).
GREY = 0.4
#: Lines and frames people write in.
HEAVY = 0.45
_HEADER_Y = PAGE_H - 34
_FOOTER_Y = 30.0


def lines_of(text: str, font: str, size: float, room: float) -> list[str]:
    """Return ``text`` broken into lines that fit ``room`` points (paragraphs kept)."""
    result: list[str] = []
    for paragraph in text.split("\n"):
        result += simpleSplit(
            paragraph, font if encodable(paragraph) else FALLBACK, size, room
        ) or [""]
    return result


class Flow:
    """A document being drawn: canvas, cursor, page count, outline.

    Args:
        canvas: a fresh reportlab canvas, fonts registered.
        header: ``(organisation and title, [(label, name), ...])``: what the
            header shows; ``names`` hold only the people given.
        footer: the sheet's name, at the left of every footer.
        page_label: ``"Side {page} af "``: the text before the page count.
    """

    def __init__(
        self,
        canvas: Any,
        *,
        header: tuple[str, str, Sequence[tuple[str, str]]],
        footer: str,
        page_label: str,
    ) -> None:
        self.canvas = canvas
        self.doc = canvas._doc
        self.keys = {font: self.doc.getInternalFontName(font)[1:] for font in (REGULAR, BOLD)}
        self.footer = footer
        self.page_label = page_label
        self.page = 0
        self.y = PAGE_H - TOP
        self._bookmarks = 0
        #: Objects that hold a person's name (batch rewrites them per person).
        self.personal: list[Any] = []
        self._header(*header)
        self._start_page()

    # -- text ---------------------------------------------------------------

    def show(self, text: str, font: str, size: float) -> tuple[bytes, dict[str, Any]]:
        """Return the content operators that show ``text`` at the text cursor, and their fonts.

        Letters Vera has are written as Windows-1252 literals in the regular or
        bold Vera; the others in a subset of DejaVu Sans, through reportlab.
        """
        parts: list[bytes] = []
        fonts: dict[str, Any] = {}
        for ok, part in runs(text):
            if ok:
                key = self.keys[font]
                fonts[key] = Reference(key)
                parts.append(
                    b"/%s %s Tf (%s) Tj" % (key.encode(), number(size).encode(), literal(part))
                )
                continue
            fallback = pdfmetrics.getFont(FALLBACK)
            for subset, chunk in fallback.splitString(part, self.doc):
                key = fallback.getSubsetInternalName(subset, self.doc)[1:]
                fonts[key] = Reference(key)
                escaped = chunk.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
                parts.append(b"/%s %s Tf (%s) Tj" % (key.encode(), number(size).encode(), escaped))
        return b" ".join(parts), fonts

    def draw(
        self,
        x: float,
        y: float,
        text: str,
        font: str = REGULAR,
        size: float = 10,
        grey: float = 0,
    ) -> None:
        """Draw one line of ``text`` with its left end at ``(x, y)``."""
        c = self.canvas
        c.setFillGray(grey)
        for ok, part in runs(text):
            name = font if ok else FALLBACK
            c.setFont(name, size)
            c.drawString(x, y, part)
            x += pdfmetrics.stringWidth(part, name, size)
        c.setFillGray(0)

    def draw_right(
        self, x: float, y: float, text: str, font: str = REGULAR, size: float = 10, grey: float = 0
    ) -> None:
        """Draw one line of ``text`` with its right end at ``(x, y)``."""
        self.draw(x - width(text, font, size), y, text, font, size, grey)

    def paragraph(
        self,
        text: str,
        *,
        size: float = 10,
        grey: float = 0,
        font: str = REGULAR,
        indent: float = 0,
        leading: float = 1.3,
    ) -> None:
        """Draw ``text`` wrapped to the page, moving the cursor down; pages break as needed."""
        for line in lines_of(text, font, size, WIDTH - indent):
            self.need(size * leading)
            self.y -= size * leading
            self.draw(LEFT + indent, self.y, line, font, size, grey)

    def heading(self, text: str, *, size: float = 14, level: int = 1, keep: float = 80) -> None:
        """Draw a section heading with a bookmark, kept with ``keep`` points of what follows."""
        lines = lines_of(text, BOLD, size, WIDTH)
        self.need(len(lines) * size * 1.25 + size + keep)
        self.y -= size * 0.9
        key = f"b{self._bookmarks}"
        self._bookmarks += 1
        self.canvas.bookmarkHorizontal(key, 0, self.y + size + 2)
        self.canvas.addOutlineEntry(text, key, level=level)
        for line in lines:
            self.y -= size * 1.25
            self.draw(LEFT, self.y, line, BOLD, size)
        self.y -= size * 0.45

    def bookmark(self, text: str, level: int = 0) -> None:
        """Add a bookmark to the top of the current page."""
        key = f"b{self._bookmarks}"
        self._bookmarks += 1
        self.canvas.bookmarkHorizontal(key, 0, PAGE_H)
        self.canvas.addOutlineEntry(text, key, level=level)

    # -- pages ----------------------------------------------------------------

    def need(self, height: float) -> bool:
        """Start a new page unless ``height`` points fit under the cursor; tell if it did."""
        if self.y - height < BOTTOM:
            self.new_page()
            return True
        return False

    def new_page(self) -> None:
        """End the page and start the next one."""
        self.canvas.showPage()
        self._start_page()

    def _start_page(self) -> None:
        self.page += 1
        c = self.canvas
        c.doForm("header")
        label = self.page_label.format(page=self.page)
        right = PAGE_W - RIGHT - 12
        self.draw(LEFT, _FOOTER_Y, self.footer, REGULAR, 8, 0.25)
        self.draw_right(right, _FOOTER_Y, label, REGULAR, 8, 0.25)
        c.saveState()
        c.translate(right, _FOOTER_Y)
        c.doForm("total")  # defined by finish(), once the number of pages is known
        c.restoreState()
        c.setStrokeGray(0.6)
        c.setLineWidth(0.5)
        c.line(LEFT, _FOOTER_Y + 11, PAGE_W - RIGHT, _FOOTER_Y + 11)
        self.y = PAGE_H - TOP

    def _header(self, left: str, right: str, names: Sequence[tuple[str, str]]) -> None:
        """Make the header XObject every page draws (see the module's docstring)."""
        parts: list[bytes] = [b"q 0.25 g"]
        fonts: dict[str, Any] = {}

        def text_at(x: float, y: float, text: str, font: str, clip: float | None = None) -> None:
            shown, used = self.show(text, font, 8)
            fonts.update(used)
            if clip is not None:
                parts.append(f"q {number(x)} {number(y - 3)} {number(clip)} 12 re W n".encode())
            parts.append(
                b"BT 1 0 0 1 %s %s Tm %s ET" % (number(x).encode(), number(y).encode(), shown)
            )
            if clip is not None:
                parts.append(b"Q")

        text_at(LEFT, _HEADER_Y, left, BOLD)
        text_at(PAGE_W - RIGHT - width(right, REGULAR, 8), _HEADER_Y, right, REGULAR)
        rule = _HEADER_Y - 7
        if names:
            column = WIDTH / len(names)
            for index, (label, name) in enumerate(names):
                x = LEFT + index * column
                caption = f"{label}: "
                text_at(x, _HEADER_Y - 11, caption, BOLD)
                start = x + width(caption, BOLD, 8)
                # Each name is clipped to its column: a long one never runs into the next.
                text_at(start, _HEADER_Y - 11, name, REGULAR, clip=x + column - 8 - start)
            rule -= 11
        parts.append(
            f"0.6 G 0.5 w {number(LEFT)} {number(rule)} m {number(PAGE_W - RIGHT)} "
            f"{number(rule)} l S Q".encode()
        )
        dictionary = PDFDictionary(
            {
                "Type": PDFName("XObject"),
                "Subtype": PDFName("Form"),
                "BBox": PDFArray([0, 0, round(PAGE_W, 2), round(PAGE_H, 2)]),
                "Resources": PDFDictionary({"Font": PDFDictionary(fonts)}),
            }
        )
        stream = PDFStream(dictionary, b"\n".join(parts) + b"\n", filters=None)
        self.doc.Reference(stream, xObjectName("header"))
        if names:
            self.personal.append(stream)

    def finish(self) -> None:
        """End the last page and define the page count every footer shows."""
        c = self.canvas
        c.showPage()
        c.beginForm("total")
        self.draw(0, 0, str(self.page), REGULAR, 8, 0.25)
        c.endForm()

    @contextmanager
    def block(self) -> Iterator[None]:
        """Save and restore the graphics state around some drawing."""
        self.canvas.saveState()
        try:
            yield
        finally:
            self.canvas.restoreState()
