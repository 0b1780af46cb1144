"""Word content controls (``w:sdt``): every control musforms writes is built here.

python-docx has no API for content controls, so they are built from
``docx.oxml`` elements. Each control carries its tag (PRODUCT.md: the
question id, or ``id:part`` for part of an answer) in ``w:tag``, and a title a
person reads ("3. Hvor godt trives du …", "Svar 3: Passende") in ``w:alias``,
the words Word shows on the control's tab. LibreOffice drops every ``w:tag``
when it re-saves a .docx, so controls are also logged in document order
(:class:`Controls`), and the renderer stores that list in the file's custom
XML part: a reader matches the controls LibreOffice strips bare by their
order and kind, and checks the titles LibreOffice keeps (on text controls).

Multi-line answers are rich-text controls (no ``w:text``): LibreOffice 7.4
moves a line break out of a plain-text control when it re-saves (``linje
1linje 2``), but keeps the ``w:br`` of a rich-text control, whose ``w:sdtPr``
it writes empty. The reader takes such an untyped control, one holding no
other control, for a text control.

Placeholder texts are logged with each control: LibreOffice also drops
``w:showingPlcHdr`` from text controls, and a reader must not take an
untouched placeholder for an answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from lxml import etree

from musforms.errors import RenderError
from musforms.ooxml.wml import add, clean, el, qn

__all__ = [
    "BOX_CHECKED",
    "BOX_UNCHECKED",
    "CHECKBOX_FONT",
    "ControlRecord",
    "Controls",
    "FoundControl",
    "read_controls",
]

BOX_UNCHECKED = "\u2610"
BOX_CHECKED = "\u2612"
#: The font Word itself uses for check box glyphs; LibreOffice falls back to a
#: font with U+2610/U+2612 (DejaVu Sans, OpenSymbol) where it is missing.
CHECKBOX_FONT = "MS Gothic"

#: ``w:sdt`` kinds as logged in the custom XML part.
TEXT, CHECKBOX, DATE, DROPDOWN = "text", "checkbox", "date", "dropdown"


@dataclass(frozen=True)
class ControlRecord:
    """One control as logged for readers: its tag, kind, placeholder text and title."""

    tag: str
    kind: str
    placeholder: str = ""
    title: str = ""


@dataclass
class Controls:
    """Builds content controls, numbering them and logging them in document order.

    Attributes:
        placeholder_style: the character style id of placeholder text, or ``None``.
        lock: add ``w:lock sdtLocked`` so that a user cannot delete a control by accident.
        title_of: returns the title (``w:alias``) of the control tagged so;
            ``""`` or ``None`` gives the control no title. Never the tag: Word
            shows the title to the person filling in the form.
    """

    placeholder_style: str | None = None
    lock: bool = True
    title_of: Callable[[str], str] | None = None
    records: dict[str, ControlRecord] = field(default_factory=dict)
    _next_id: int = 1000

    def in_document_order(self, root: etree._Element) -> list[ControlRecord]:
        """Return the records of the controls under ``root`` in document order.

        Controls are made in whatever order the layout needs them (a table's
        cells before the table); readers need the order in the file.
        """
        found = []
        for sdt in root.iter(qn("w:sdt")):
            tag = sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")
            record = self.records.get(tag.get(qn("w:val")) or "") if tag is not None else None
            if record is not None:
                found.append(record)
        return found

    def text(
        self,
        tag: str,
        placeholder: str,
        *,
        multiline: bool = False,
        run_style: str | None = None,
    ) -> etree._Element:
        """Return a text control showing ``placeholder`` until something is typed.

        Args:
            multiline: allow line breaks, for long answers: a rich-text control
                (no ``w:text``), whose line breaks survive a LibreOffice re-save;
                otherwise a plain-text control (``w:text``).
            run_style: a character style for the typed text.
        """
        placeholder = clean(placeholder)
        sdt, pr = self._sdt(tag, TEXT, placeholder, run_style=run_style)
        if not multiline:
            add(pr, "w:text")
        self._content(sdt, placeholder, placeholder=True, run_style=run_style)
        return sdt

    def checkbox(self, tag: str, *, checked: bool = False, size: float = 12) -> etree._Element:
        """Return a check box (``w14:checkbox``): U+2610 or U+2612 in :data:`CHECKBOX_FONT`."""
        sdt, pr = self._sdt(tag, CHECKBOX, "", glyph_size=size)
        box = add(pr, "w14:checkbox")
        add(box, "w14:checked", {"w14:val": "1" if checked else "0"})
        add(box, "w14:checkedState", {"w14:val": "2612", "w14:font": CHECKBOX_FONT})
        add(box, "w14:uncheckedState", {"w14:val": "2610", "w14:font": CHECKBOX_FONT})
        content = add(sdt, "w:sdtContent")
        r = add(content, "w:r")
        _glyph_rpr(r, size)
        add(r, "w:t").text = BOX_CHECKED if checked else BOX_UNCHECKED
        return sdt

    def dropdown(
        self,
        tag: str,
        items: Sequence[tuple[str, str]],
        placeholder: str,
        *,
        run_style: str | None = None,
    ) -> etree._Element:
        """Return a drop-down list (``w:dropDownList``) of ``(shown text, value)`` items."""
        placeholder = clean(placeholder)
        sdt, pr = self._sdt(tag, DROPDOWN, placeholder, run_style=run_style)
        kind = add(pr, "w:dropDownList")
        for shown, value in items:
            add(kind, "w:listItem", {"w:displayText": clean(shown), "w:value": clean(value)})
        self._content(sdt, placeholder, placeholder=True, run_style=run_style)
        return sdt

    def date(
        self,
        tag: str,
        placeholder: str,
        *,
        date_format: str,
        lid: str,
        value: dt.date | None = None,
        shown: str = "",
        run_style: str | None = None,
    ) -> etree._Element:
        """Return a date picker (``w:date``) in ``date_format`` for locale ``lid``.

        Args:
            value: a date already chosen (``w:fullDate``), shown as ``shown``;
                ``None`` shows ``placeholder``.
        """
        placeholder = clean(placeholder)
        sdt, pr = self._sdt(tag, DATE, placeholder, run_style=run_style, plain=value is not None)
        kind = add(pr, "w:date")
        if value is not None:
            kind.set(qn("w:fullDate"), f"{value.isoformat()}T00:00:00Z")
        add(kind, "w:dateFormat", {"w:val": date_format})
        add(kind, "w:lid", {"w:val": lid})
        add(kind, "w:storeMappedDataAs", {"w:val": "dateTime"})
        add(kind, "w:calendar", {"w:val": "gregorian"})
        if value is None:
            self._content(sdt, placeholder, placeholder=True, run_style=run_style)
        else:
            self._content(sdt, shown, placeholder=False, run_style=run_style)
        return sdt

    # -- parts shared by every kind -----------------------------------------

    def _sdt(
        self,
        tag: str,
        kind: str,
        placeholder: str,
        *,
        run_style: str | None = None,
        glyph_size: float | None = None,
        plain: bool = False,
    ) -> tuple[etree._Element, etree._Element]:
        tag = clean(tag)
        if tag in self.records:
            raise RenderError(
                code="render.duplicate_tag",
                params={"tag": tag},
                fmt="docx",
                question_id=tag.split(":", 1)[0],
            )
        title = clean(self.title_of(tag)) if self.title_of is not None else ""
        self.records[tag] = ControlRecord(tag, kind, placeholder, title)
        self._next_id += 1
        sdt = el("w:sdt")
        pr = add(sdt, "w:sdtPr")
        if glyph_size is not None:
            _glyph_fonts(add(pr, "w:rPr"), glyph_size)
        elif run_style:
            add(add(pr, "w:rPr"), "w:rStyle", {"w:val": run_style})
        if title:  # the title Word shows on the control's tab
            add(pr, "w:alias", {"w:val": title})
        add(pr, "w:tag", {"w:val": tag})
        add(pr, "w:id", {"w:val": str(self._next_id)})
        if self.lock:
            add(pr, "w:lock", {"w:val": "sdtLocked"})
        if kind != CHECKBOX and not plain:
            add(pr, "w:showingPlcHdr")
        return sdt, pr

    def _content(
        self, sdt: etree._Element, text: str, *, placeholder: bool, run_style: str | None
    ) -> None:
        content = add(sdt, "w:sdtContent")
        r = add(content, "w:r")
        # LibreOffice 7.4 shows runs in plain text controls without their
        # character style, so there the placeholder is not grey; Word greys it.
        style = self.placeholder_style if placeholder else run_style
        if style:
            add(add(r, "w:rPr"), "w:rStyle", {"w:val": style})
        t = add(r, "w:t")
        t.text = text
        if text[:1] == " " or text[-1:] == " ":
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _glyph_fonts(rpr: etree._Element, size: float) -> None:
    add(
        rpr,
        "w:rFonts",
        {
            "w:ascii": CHECKBOX_FONT,
            "w:eastAsia": CHECKBOX_FONT,
            "w:hAnsi": CHECKBOX_FONT,
            "w:hint": "eastAsia",
        },
    )
    half_points = str(round(size * 2))
    add(rpr, "w:sz", {"w:val": half_points})
    add(rpr, "w:szCs", {"w:val": half_points})


def _glyph_rpr(r: etree._Element, size: float) -> None:
    _glyph_fonts(add(r, "w:rPr"), size)


# -- reading ----------------------------------------------------------------------------

_TYPES = {
    qn("w:text"): TEXT,
    qn("w14:checkbox"): CHECKBOX,
    qn("w:dropDownList"): DROPDOWN,
    qn("w:comboBox"): DROPDOWN,
    qn("w:date"): DATE,
}
#: Untyped-looking controls that are not text: building blocks (a table of
#: contents Word inserted), groups, pictures, equations, citations.
_NOT_TEXT = frozenset(
    qn(f"w:{name}")
    for name in ("docPartObj", "docPartList", "group", "picture", "equation", "citation")
) | {qn("w:bibliography")}
_SDT, _PR, _CONTENT = qn("w:sdt"), qn("w:sdtPr"), qn("w:sdtContent")
_VAL, _W14_VAL = qn("w:val"), qn("w14:val")


@dataclass(frozen=True)
class FoundControl:
    """A content control as found in a (filled) document.

    Attributes:
        kind: ``text``, ``checkbox``, ``dropdown`` or ``date``.
        tag, alias: ``None`` when missing (LibreOffice drops tags when it saves).
        text: the text shown; ``""`` while the placeholder shows.
        checked: a check box's state; ``None`` for other kinds.
        value: a drop-down's chosen value or a date's ISO date (``w:fullDate``);
            ``None`` when there is none.
    """

    kind: str
    tag: str | None
    alias: str | None
    text: str
    checked: bool | None = None
    value: str | None = None


def read_controls(root: etree._Element) -> list[FoundControl]:
    """Return the content controls under ``root`` that hold answers, in document order.

    A control without a type is a rich-text control, read as text, unless it
    holds other controls (the wrappers LibreOffice puts round paragraphs of
    check boxes: skipped, the controls inside them are found) or is a
    building block, group or picture (skipped).
    """
    found = []
    for sdt in root.iter(_SDT):
        pr = sdt.find(_PR)
        if pr is None:
            continue
        kind_element = next((child for child in pr if child.tag in _TYPES), None)
        if kind_element is None:
            if any(child.tag in _NOT_TEXT for child in pr) or _holds_controls(sdt):
                continue
            kind_element, kind = pr, TEXT
        else:
            kind = _TYPES[kind_element.tag]
        placeholder = pr.find(qn("w:showingPlcHdr")) is not None
        content = sdt.find(_CONTENT)
        text = "" if placeholder or content is None else _text_of(content)
        checked = value = None
        if kind == CHECKBOX:
            state = kind_element.find(qn("w14:checked"))
            checked = state is not None and state.get(_W14_VAL) in {"1", "true"}
        elif kind == DROPDOWN and text:
            shown = text.strip()
            for item in kind_element.iterfind(qn("w:listItem")):
                if (item.get(qn("w:displayText")) or item.get(qn("w:value"))) == shown:
                    value = item.get(qn("w:value"))
                    break
        elif kind == DATE and not placeholder:
            full = kind_element.get(qn("w:fullDate"))
            value = full[:10] if full else None
        found.append(
            FoundControl(kind, _val(pr, "w:tag"), _val(pr, "w:alias"), text, checked, value)
        )
    return found


def _holds_controls(sdt: etree._Element) -> bool:
    return any(True for _ in sdt.iterdescendants(_SDT))


def _val(pr: etree._Element, tag: str) -> str | None:
    element = pr.find(qn(tag))
    return element.get(_VAL) if element is not None else None


_T, _TAB, _BR, _CR, _P = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:p")


def _text_of(content: etree._Element) -> str:
    """Return the text of a control's content: tabs, line breaks and paragraphs kept."""
    pieces: list[str] = []
    paragraphs = 0
    for element in content.iter(_T, _TAB, _BR, _CR, _P):
        if element.tag == _T:
            pieces.append(element.text or "")
        elif element.tag == _TAB:
            pieces.append("\t")
        elif element.tag == _P:
            if paragraphs:
                pieces.append("\n")
            paragraphs += 1
        else:
            pieces.append("\n")
    return "".join(pieces)
