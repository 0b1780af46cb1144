"""The PDF form's fields (AcroForm), written by hand on a reportlab canvas.

Why not reportlab's own ``canvas.acroForm``: its text fields take only the 14
standard fonts, so typed text would be in a Helvetica the file does not
carry; a check box's "on" value is always ``/Yes``; check boxes and radio
buttons are marked *required*; a text field holds at most 100 letters by
default; and fields with the same look share one appearance stream, which
pypdf then fills for all of them at once. Here each field is a dictionary of
our own, made with reportlab's PDF objects:

- text fields (``/FT /Tx``, multi-line for long answers) in the embedded Vera,
  each with its **own** appearance stream (``/AP /N``);
- check boxes whose on-state is the option id (``/kursus``), radio groups
  whose states are option ids or scale points (``/1`` ... ``/5``);
- an appearance for every state, so a viewer that does not redraw fields
  (poppler, Preview, printing) shows what was chosen; ``/MK /CA`` names the
  ZapfDingbats tick or dot for viewers that redraw (Acrobat);
- ``/TU`` on every field: the question a screen reader announces.

No field runs an action and none is required: a PDF reader fills what the
person chooses to fill.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObject, PDFStream

from musforms.render.pdf._fonts import label_string, text_string

__all__ = ["Fields", "Radio", "Raw", "number"]

#: Annotation flag: print the field.
_PRINT = 4
_MULTILINE = 1 << 12
_NO_TOGGLE_TO_OFF = 1 << 14
_RADIO = 1 << 15


def number(value: float) -> str:
    """Return a number as a PDF operand: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


class Raw(PDFObject):  # type: ignore[misc]  # reportlab has no type hints
    """PDF bytes written as they are (a text string, a name with an escaped ``/``)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        """Return the bytes (reportlab's formatting hook)."""
        return self.data


def _circle(cx: float, cy: float, r: float) -> str:
    k = 0.5523 * r
    n = number
    return (
        f"{n(cx + r)} {n(cy)} m "
        f"{n(cx + r)} {n(cy + k)} {n(cx + k)} {n(cy + r)} {n(cx)} {n(cy + r)} c "
        f"{n(cx - k)} {n(cy + r)} {n(cx - r)} {n(cy + k)} {n(cx - r)} {n(cy)} c "
        f"{n(cx - r)} {n(cy - k)} {n(cx - k)} {n(cy - r)} {n(cx)} {n(cy - r)} c "
        f"{n(cx + k)} {n(cy - r)} {n(cx + r)} {n(cy - k)} {n(cx + r)} {n(cy)} c"
    )


def tick(w: float, h: float) -> bytes:
    """Return the 'on' look of a square box: a tick drawn as a line."""
    s = min(w, h)
    n = number
    return (
        f"q 0 g 0 G {n(s * 0.12)} w 1 J 1 j {n(s * 0.2)} {n(s * 0.52)} m "
        f"{n(s * 0.42)} {n(s * 0.25)} l {n(s * 0.82)} {n(s * 0.8)} l S Q"
    ).encode()


def dot(w: float, h: float) -> bytes:
    """Return the 'on' look of a round button: a filled dot."""
    return f"q 0 g {_circle(w / 2, h / 2, min(w, h) * 0.27)} f Q".encode()


def ring(cx: float, cy: float, r: float, dot_y: float) -> bytes:
    """Return the 'on' look of a smiley: a ring round the face and a dot under it."""
    return (
        f"q 0.08 0.3 0.6 RG 2 w {_circle(cx, cy, r + 3)} S Q q 0 g {_circle(cx, dot_y, 2.6)} f Q"
    ).encode()


@dataclass
class Radio:
    """A radio group being drawn: its field dictionary and its buttons so far."""

    dictionary: PDFDictionary
    kids: PDFArray
    reference: Any
    off: dict[tuple[float, float], Any] = field(default_factory=dict)


#: Draws a text field's appearance: (value, width, height, size, multiline) -> content, fonts.
Appearance = Callable[[str, float, float, float, bool], tuple[bytes, dict[str, Any]]]


class Fields:
    """The fields of one document, collected while its pages are drawn.

    Args:
        canvas: the reportlab canvas (its current page gets the widgets).
        font_key: the internal name of the embedded Vera (``F1``): the ``/DA`` font.
        font_ref: a reference to it, for ``/DR`` and the appearances' resources.
        appearance: draws a text value (see :data:`Appearance`).
    """

    def __init__(
        self, canvas: Any, font_key: str, font_ref: Any, appearance: Appearance, size: float = 10
    ) -> None:
        self.canvas = canvas
        self.doc = canvas._doc
        self.font_key = font_key
        self.font_ref = font_ref
        self.appearance = appearance
        self.size = size
        self.fields: list[Any] = []
        self.names: set[str] = set()
        #: Objects that hold a person's name, by reportlab's name for them (for batch).
        self.personal: list[PDFObject] = []

    def _name(self, name: str) -> Raw:
        if name in self.names or "." in name:
            raise ValueError(f"bad or duplicate field name {name!r}")  # a bug, not bad input
        self.names.add(name)
        return Raw(label_string(name))

    def _xobject(self, content: bytes, w: float, h: float, fonts: dict[str, Any] | None) -> Any:
        dictionary = {
            "Type": PDFName("XObject"),
            "Subtype": PDFName("Form"),
            "BBox": PDFArray([0, 0, round(w, 2), round(h, 2)]),
        }
        if fonts:
            dictionary["Resources"] = PDFDictionary({"Font": PDFDictionary(fonts)})
        stream = PDFStream(PDFDictionary(dictionary), content, filters=None)
        return stream, self.doc.Reference(stream)

    def _widget(self, entries: dict[str, Any]) -> Any:
        widget = PDFDictionary(
            {
                "Type": PDFName("Annot"),
                "Subtype": PDFName("Widget"),
                "F": _PRINT,
                "P": self.doc.thisPageRef(),
                **entries,
            }
        )
        # _addAnnotation registers the widget and lists it in the page's /Annots;
        # it must come before doc.Reference, which would register it a second time.
        self.canvas._addAnnotation(widget)
        return widget, self.doc.Reference(widget)

    @staticmethod
    def _rect(x: float, y: float, w: float, h: float) -> PDFArray:
        return PDFArray([round(v, 2) for v in (x, y, x + w, y + h)])

    def text(
        self,
        name: str,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        tooltip: str,
        multiline: bool = False,
        value: str = "",
        size: float | None = None,
        personal: bool = False,
    ) -> None:
        """Add a text field; ``personal``: ``value`` is a person's name (batch rewrites it)."""
        size = size or self.size
        content, fonts = self.appearance(value, w, h, size, multiline)
        stream, appearance = self._xobject(content, w, h, fonts)
        widget, reference = self._widget(
            {
                "FT": PDFName("Tx"),
                "T": self._name(name),
                "TU": Raw(label_string(tooltip)),
                "Ff": _MULTILINE if multiline else 0,
                "Rect": self._rect(x, y, w, h),
                "DA": Raw(f"(/{self.font_key} {number(size)} Tf 0 g)".encode()),
                "MK": PDFDictionary({}),
                "AP": PDFDictionary({"N": appearance}),
                **({"V": Raw(text_string(value))} if value else {}),
            }
        )
        if personal:
            self.personal += [widget, stream]
        self.fields.append(reference)

    def checkbox(
        self, name: str, state: str, x: float, y: float, s: float, *, tooltip: str
    ) -> None:
        """Add a check box whose on-state is ``state`` (an option id)."""
        _, on = self._xobject(tick(s, s), s, s, None)
        _, off = self._xobject(b"", s, s, None)
        _, reference = self._widget(
            {
                "FT": PDFName("Btn"),
                "T": self._name(name),
                "TU": Raw(label_string(tooltip)),
                "Ff": 0,
                "Rect": self._rect(x, y, s, s),
                "V": PDFName("Off"),
                "AS": PDFName("Off"),
                "MK": PDFDictionary({"CA": Raw(b"(4)")}),  # ZapfDingbats' tick
                "AP": PDFDictionary({"N": PDFDictionary({state: on, "Off": off})}),
            }
        )
        self.fields.append(reference)

    def radio_group(self, name: str, *, tooltip: str) -> Radio:
        """Start a radio group (a button may be clicked again to clear it)."""
        kids = PDFArray([])
        dictionary = PDFDictionary(
            {
                "FT": PDFName("Btn"),
                "T": self._name(name),
                "TU": Raw(label_string(tooltip)),
                "Ff": _RADIO,
                "Kids": kids,
            }
        )
        reference = self.doc.Reference(dictionary)
        self.fields.append(reference)
        return Radio(dictionary, kids, reference)

    def radio(
        self,
        group: Radio,
        state: str,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        on: bytes,
        caption: str = "l",
    ) -> None:
        """Add a button of ``group`` with the on-state ``state`` and the look ``on``."""
        _, on_look = self._xobject(on, w, h, None)
        key = (round(w, 2), round(h, 2))
        if key not in group.off:  # fillers switch /AS only: off-looks may be shared
            group.off[key] = self._xobject(b"", w, h, None)[1]
        _, reference = self._widget(
            {
                "Parent": group.reference,
                "Rect": self._rect(x, y, w, h),
                "AS": PDFName("Off"),
                "MK": PDFDictionary({"CA": Raw(f"({caption})".encode())}),
                "AP": PDFDictionary({"N": PDFDictionary({state: on_look, "Off": group.off[key]})}),
            }
        )
        group.kids.sequence.append(reference)

    def finish(self) -> None:
        """Write the ``/AcroForm`` dictionary into the catalog."""
        self.doc.Catalog.AcroForm = PDFDictionary(
            {
                "Fields": PDFArray(self.fields),
                "DA": Raw(f"(/{self.font_key} {number(self.size)} Tf 0 g)".encode()),
                "DR": PDFDictionary({"Font": PDFDictionary({self.font_key: self.font_ref})}),
            }
        )
