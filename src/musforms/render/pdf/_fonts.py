"""The fonts of the PDF form, and how text becomes bytes in a PDF.

Page text, field text and the names a batch writes in all use one font,
Bitstream Vera (it ships inside reportlab), embedded **whole** as a simple
TrueType font with WinAnsiEncoding (Windows-1252). Why whole, and why not
reportlab's ``TTFont``: that one always subsets (256 glyphs a subset, coded
by order of first use) and forgets the mapping when the file is saved, so a
PDF viewer could not draw typed text with it, and a batch could not write a
new name into a once-rendered file. A whole font with a fixed one-byte code
serves as the AcroForm's default font (``/DR``) too: every letter of
Windows-1252 (æøå, äöü, é, š, ž, œ, € ...) types and prints in every field.

Letters outside Windows-1252 (a custom question in Polish, a name such as
Łukasz Żółć) are drawn in DejaVu Sans, which extends Vera and ships in this
package (``fonts/``, with its licence), subset-embedded by reportlab. Such a
person's file is rendered whole by batch, never filled.

Every encoder here works letter by letter (an encoded text is the encodings
of its letters, joined), so that batch may replace an encoded placeholder by
an encoded name inside a longer string.
"""

from __future__ import annotations

import zlib
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import reportlab
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFile

__all__ = [
    "BOLD",
    "FALLBACK",
    "REGULAR",
    "WholeFont",
    "encodable",
    "label_string",
    "literal",
    "register_fonts",
    "runs",
    "text_string",
    "width",
]

#: reportlab's names of the fonts (their PDF names are Vera, Vera-Bold, DejaVuSans).
REGULAR = "MusformsVera"
BOLD = "MusformsVeraBd"
FALLBACK = "MusformsDejaVuSans"
#: Windows-1252 is PDF's WinAnsiEncoding for every printable letter.
ENCODING = "cp1252"

_REPORTLAB_FONTS = Path(reportlab.__file__).parent / "fonts"


def encodable(text: str) -> bool:
    """Tell whether every letter of ``text`` has a Windows-1252 code (and so a Vera glyph)."""
    try:
        text.encode(ENCODING)
    except UnicodeEncodeError:
        return False
    return True


_LITERAL_ESCAPES = {ord("\\"): b"\\\\", ord("("): b"\\(", ord(")"): b"\\)"}


def literal(text: str) -> bytes:
    """Return ``text`` as the inside of a PDF string literal in Windows-1252 (for ``Tj``).

    Line breaks and other control letters become spaces: a literal draws one line.

    Raises:
        UnicodeEncodeError: a letter outside Windows-1252 (see :func:`encodable`).
    """
    raw = "".join(" " if ord(c) < 32 else c for c in text).encode(ENCODING)
    if b"\\" in raw or b"(" in raw or b")" in raw:
        return b"".join(_LITERAL_ESCAPES.get(byte, bytes((byte,))) for byte in raw)
    return raw


def text_string(text: str) -> bytes:
    """Return ``text`` as a PDF text string (``/V``, ``/TU``): UTF-16BE in hex, with its BOM.

    Hex of UTF-16 is the same for every reader, whatever the letters, and is
    made letter by letter (batch's placeholders rely on that).
    """
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


#: The letters PDFDocEncoding codes as Latin-1 does (0xAD, the soft hyphen, it lacks).
_DOC_LETTERS = frozenset(map(chr, [*range(0x20, 0x7F), *range(0xA1, 0xAD), *range(0xAE, 0x100)]))


def label_string(text: str) -> bytes:
    """Return ``text`` as a PDF text string for a name or tooltip (``/T``, ``/TU``).

    A PDFDocEncoding literal where every letter allows, which readers parse several
    times faster than hex, else :func:`text_string`. Values (``/V``) always use
    :func:`text_string`, which batch's placeholders need.
    """
    if set(text) <= _DOC_LETTERS:
        raw = text.encode("latin-1")
        return b"(" + b"".join(_LITERAL_ESCAPES.get(b, bytes((b,))) for b in raw) + b")"
    return text_string(text)


class WholeFont(pdfmetrics.Font):  # type: ignore[misc]  # reportlab has no type hints
    """A TrueType font embedded whole, coded in WinAnsiEncoding; drawn like Helvetica.

    ``canvas.setFont``, ``drawString`` and ``stringWidth`` work as for a
    standard font; :meth:`addObjects` writes the font file once per document.
    """

    def __init__(self, name: str, path: Path) -> None:
        self.path = path
        # Vera-Bold fails reportlab's checksum check; reportlab itself reads with validate=0.
        self.ttf = TTFontFile(str(path), validate=0)
        face = pdfmetrics.TypeFace(name)
        face.builtIn = 0
        face.requiredEncoding = None
        vector = pdfmetrics.getEncoding("WinAnsiEncoding").vector
        self.code_widths = [0] * 256
        glyph_widths: dict[str, int] = {}
        for code in range(256):
            try:
                char = bytes((code,)).decode(ENCODING)
            except UnicodeDecodeError:
                continue
            advance = int(self.ttf.charWidths.get(ord(char), self.ttf.defaultWidth))
            self.code_widths[code] = advance
            if vector[code]:
                glyph_widths[vector[code]] = advance
        face.glyphWidths = glyph_widths
        face.ascent, face.descent = self.ttf.ascent, self.ttf.descent
        pdfmetrics.registerTypeFace(face)
        super().__init__(name, name, "WinAnsiEncoding")
        self.substitutionFonts: list[Any] = []  # never fall back silently to Symbol

    def addObjects(self, doc: Any) -> None:  # noqa: N802 - reportlab's name
        """Write the font, its descriptor and the whole font file into ``doc``."""
        internal = f"F{len(doc.fontMapping) + 1}"
        ttf = self.ttf
        data = self.path.read_bytes()
        font_file = pdfdoc.PDFStream(
            pdfdoc.PDFDictionary({"Length1": len(data)}),
            zlib.compress(data, 6),
            filters=None,
        )
        font_file.dictionary["Filter"] = pdfdoc.PDFName("FlateDecode")
        name = ttf.name.decode("latin-1")
        descriptor = pdfdoc.PDFDictionary(
            {
                "Type": pdfdoc.PDFName("FontDescriptor"),
                "FontName": pdfdoc.PDFName(name),
                "Flags": 32,  # nonsymbolic: WinAnsi codes map through the font's Unicode cmap
                "FontBBox": pdfdoc.PDFArray(ttf.bbox),
                "ItalicAngle": ttf.italicAngle,
                "Ascent": ttf.ascent,
                "Descent": ttf.descent,
                "CapHeight": ttf.capHeight,
                "StemV": ttf.stemV,
                "MissingWidth": ttf.defaultWidth,
                "FontFile2": doc.Reference(font_file, f"FontFile2:{self.fontName}"),
            }
        )
        font = pdfdoc.PDFTrueTypeFont()
        font.Name = internal
        font.BaseFont = name
        font.FirstChar = 32
        font.LastChar = 255
        font.Widths = pdfdoc.PDFArray(self.code_widths[32:256])
        font.Encoding = pdfdoc.PDFName("WinAnsiEncoding")
        font.FontDescriptor = doc.Reference(descriptor, f"FontDescriptor:{self.fontName}")
        doc.Reference(font, internal)
        doc.idToObject["BasicFonts"].dict[internal] = font
        doc.fontMapping[self.fontName] = f"/{internal}"

    def width(self, text: str, size: float) -> float:
        """Return the width of ``text`` at ``size`` points (Windows-1252 letters only)."""
        return sum(self.code_widths[b] for b in text.encode(ENCODING, "replace")) * size / 1000


@cache
def register_fonts() -> tuple[WholeFont, WholeFont]:
    """Register the regular and bold Vera and the DejaVu fallback with reportlab, once."""
    regular = WholeFont(REGULAR, _REPORTLAB_FONTS / "Vera.ttf")
    bold = WholeFont(BOLD, _REPORTLAB_FONTS / "VeraBd.ttf")
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(bold)
    fallback = files("musforms.render.pdf").joinpath("fonts", "DejaVuSans.ttf")
    pdfmetrics.registerFont(TTFont(FALLBACK, str(fallback)))
    return regular, bold


def runs(text: str) -> list[tuple[bool, str]]:
    """Split ``text`` into runs: ``(True, letters Vera draws)``, ``(False, the others)``."""
    result: list[tuple[bool, str]] = []
    for char in text:
        ok = encodable(char)
        if result and result[-1][0] == ok:
            result[-1] = (ok, result[-1][1] + char)
        else:
            result.append((ok, char))
    return result


def width(text: str, font: str, size: float) -> float:
    """Return the width of ``text`` drawn in ``font``, fallback runs included."""
    return float(
        sum(pdfmetrics.stringWidth(part, font if ok else FALLBACK, size) for ok, part in runs(text))
    )
