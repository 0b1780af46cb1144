"""A table of contents for long Word forms, and the page estimate that decides it.

A form of more than :data:`TOC_MIN_PAGES` pages gets a table of contents under
its title block: a ``TOC`` field over the section headings, with the headings
already written in as the field's result (so LibreOffice and a Word that does
not update fields show them), and ``w:updateFields`` in the settings, so that
Word fills in the page numbers when the file opens.

Whether a form is that long is estimated from the body's XML, without laying
it out: lines of text from their length and the style's font size, table rows
from their minimum heights, drawings from their size. The estimate is checked
against LibreOffice's page counts of every preset (tests/render/test_docx_features.py).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from lxml import etree

from musforms.ooxml.wml import nsdecls, qn
from musforms.render.docx._xml import add, el, paragraph, run

if TYPE_CHECKING:
    from musforms.render.docx._styles import StyleIds

__all__ = ["TOC_INSTRUCTION", "TOC_MIN_PAGES", "add_toc", "estimate_pages"]

#: A form estimated at more pages than this gets a table of contents.
TOC_MIN_PAGES = 4
#: Section headings only (level 1): questions are level-2 outline entries, and
#: listing 20-odd of them would fill a page of a form meant to be short.
TOC_INSTRUCTION = 'TOC \\o "1-1" \\h \\z \\u'
_TITLES = {"da": "Indhold", "en": "Contents"}
_TOC_HEADING, _TOC1 = "TOCHeading", "TOC1"

#: Page space lost to keeping headings with their questions and rows unsplit.
_SLACK = 1.03
_EMU_PER_TWIP = 635


class _Metrics:
    """How tall a paragraph of a style is: line height, spacing and character width (twips)."""

    __slots__ = ("after", "before", "char", "line")

    def __init__(self, points: float, before: int = 0, after: int = 120) -> None:
        self.line = round(points * 20 * 1.18)
        self.char = points * 20 * 0.5
        self.before = before
        self.after = after


def _metrics(styles: StyleIds) -> dict[str, _Metrics]:
    return {
        styles.title: _Metrics(20, 0, 60),
        styles.subtitle: _Metrics(12, 0, 240),
        styles.heading1: _Metrics(14, 360, 160),
        styles.heading2: _Metrics(11.5, 240, 60),
        styles.question: _Metrics(10.5, 220, 60),
        styles.help: _Metrics(9, 0, 80),
        styles.label: _Metrics(8.5, 0, 0),
        styles.table_text: _Metrics(9.5, 0, 0),
        styles.table_header: _Metrics(9, 0, 0),
        styles.answer: _Metrics(10.5, 0, 0),
        styles.note: _Metrics(10.5, 120, 120),
    }


_NORMAL = _Metrics(10.5)
_P, _TBL, _SECT = qn("w:p"), qn("w:tbl"), qn("w:sectPr")


def estimate_pages(body: etree._Element, styles: StyleIds, width: int) -> float:
    """Return about how many A4 pages the blocks of ``body`` fill (``width``: text width, twips)."""
    metrics = _metrics(styles)
    height = _page_height(body)
    total = 0
    for block in body:
        if block.tag == _P:
            total += _paragraph_height(block, metrics, width)
        elif block.tag == _TBL:
            total += _table_height(block, metrics, width)
    return total * _SLACK / height


def _page_height(body: etree._Element) -> int:
    sect = body.find(_SECT)
    size = sect.find(qn("w:pgSz")) if sect is not None else None
    margins = sect.find(qn("w:pgMar")) if sect is not None else None

    def twips(element: etree._Element | None, name: str, default: int) -> int:
        value = element.get(qn(name)) if element is not None else None
        try:
            return abs(int(value)) if value else default
        except ValueError:
            return default

    room = twips(size, "w:h", 16838) - twips(margins, "w:top", 1418)
    room -= twips(margins, "w:bottom", 1418)
    return max(room, 2000)


def _paragraph_height(p: etree._Element, metrics: dict[str, _Metrics], width: int) -> int:
    ppr = p.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    m = metrics.get((style.get(qn("w:val")) or "") if style is not None else "", _NORMAL)
    before, after = m.before, m.after
    spacing = ppr.find(qn("w:spacing")) if ppr is not None else None
    if spacing is not None:
        before = int(spacing.get(qn("w:before")) or before)
        after = int(spacing.get(qn("w:after")) or after)
    text = "".join(t.text or "" for t in p.iter(qn("w:t")))
    breaks = sum(1 for _ in p.iter(qn("w:br")))
    per_line = max(int(width / m.char), 10)
    lines = max(1, math.ceil(len(text) / per_line)) + breaks
    drawn = sum(int(e.get("cy") or 0) for e in p.iter(qn("wp:extent"))) // _EMU_PER_TWIP
    return before + after + lines * m.line + drawn


def _table_height(tbl: etree._Element, metrics: dict[str, _Metrics], width: int) -> int:
    total = 0
    for tr in tbl.iterfind(qn("w:tr")):
        row = 0
        for tc in tr.iterfind(qn("w:tc")):
            w = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
            cell_width = int(w.get(qn("w:w")) or width) if w is not None else width
            cell = sum(_paragraph_height(p, metrics, cell_width - 170) for p in tc.iter(_P))
            row = max(row, cell + 114)
        minimum = tr.find(f"{qn('w:trPr')}/{qn('w:trHeight')}")
        if minimum is not None:
            row = max(row, int(minimum.get(qn("w:val")) or 0))
        total += row
    return total


def add_toc(
    anchor: etree._Element,
    headings: list[str],
    *,
    language: str,
    styles: StyleIds,
    styles_element: etree._Element,
    settings_element: etree._Element,
) -> None:
    """Put a table of contents listing ``headings`` before ``anchor``; ask Word to update it."""
    _ensure_toc_styles(styles_element, heading=styles.heading1, normal=styles.normal)
    anchor.addprevious(paragraph(_TOC_HEADING, run(_TITLES.get(language, _TITLES["da"]))))
    entries = headings or [""]
    for index, heading in enumerate(entries):
        p = paragraph(_TOC1)
        if index == 0:
            p.extend(_field_start())
        p.append(run(heading))
        if index == len(entries) - 1:
            p.append(_fld_char("end"))
        anchor.addprevious(p)
    _update_fields(settings_element)


def _fld_char(kind: str) -> etree._Element:
    r = el("w:r")
    add(r, "w:fldChar", {"w:fldCharType": kind})
    return r


def _field_start() -> list[etree._Element]:
    instruction = el("w:r")
    text = add(instruction, "w:instrText")
    text.text = f" {TOC_INSTRUCTION} "
    text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return [_fld_char("begin"), instruction, _fld_char("separate")]


#: Children of w:settings that come before w:updateFields (ECMA-376 order).
_BEFORE_UPDATE = frozenset(
    qn(f"w:{name}")
    for name in (
        "writeProtection", "view", "zoom", "removePersonalInformation",
        "removeDateAndTime", "doNotDisplayPageBoundaries", "displayBackgroundShape",
        "printPostScriptOverText", "printFractionalCharacterWidth", "printFormsData",
        "embedTrueTypeFonts", "embedSystemFonts", "saveSubsetFonts", "saveFormsData",
        "mirrorMargins", "alignBordersAndEdges", "bordersDoNotSurroundHeader",
        "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors",
        "hideGrammaticalErrors", "activeWritingStyle", "proofState", "formsDesign",
        "attachedTemplate", "linkStyles", "stylePaneFormatFilter", "stylePaneSortMethod",
        "documentType", "mailMerge", "revisionView", "trackRevisions", "doNotTrackMoves",
        "doNotTrackFormatting", "documentProtection", "autoFormatOverride",
        "styleLockTheme", "styleLockQFSet", "defaultTabStop", "autoHyphenation",
        "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps",
        "showEnvelope", "summaryLength", "clickAndTypeStyle", "defaultTableStyle",
        "evenAndOddHeaders", "bookFoldRevPrinting", "bookFoldPrinting",
        "bookFoldPrintingSheets", "drawingGridHorizontalSpacing",
        "drawingGridVerticalSpacing", "displayHorizontalDrawingGridEvery",
        "displayVerticalDrawingGridEvery", "doNotUseMarginsForDrawingGridOrigin",
        "drawingGridHorizontalOrigin", "drawingGridVerticalOrigin", "doNotShadeFormData",
        "noPunctuationKerning", "characterSpacingControl", "printTwoOnOne",
        "strictFirstAndLastChars", "noLineBreaksAfter", "noLineBreaksBefore",
        "savePreviewPicture", "doNotValidateAgainstSchema", "saveInvalidXml",
        "ignoreMixedContent", "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml",
        "saveXmlDataOnly", "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags",
        "alwaysMergeEmptyNamespace",
    )
)  # fmt: skip


def _update_fields(settings: etree._Element) -> None:
    if settings.find(qn("w:updateFields")) is not None:
        return
    update = el("w:updateFields", {"w:val": "true"})
    earlier = [index for index, child in enumerate(settings) if child.tag in _BEFORE_UPDATE]
    settings.insert(earlier[-1] + 1 if earlier else 0, update)


_STYLES_XML = {
    _TOC_HEADING: (
        '<w:style w:type="paragraph" w:styleId="TOCHeading">'
        '<w:name w:val="TOC Heading"/><w:basedOn w:val="{heading}"/>'
        '<w:next w:val="{normal}"/><w:uiPriority w:val="39"/><w:unhideWhenUsed/><w:qFormat/>'
        '<w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>'
    ),
    _TOC1: (
        '<w:style w:type="paragraph" w:styleId="TOC1">'
        '<w:name w:val="toc 1"/><w:basedOn w:val="{normal}"/><w:next w:val="{normal}"/>'
        '<w:uiPriority w:val="39"/><w:unhideWhenUsed/>'
        '<w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9628"/></w:tabs>'
        '<w:spacing w:after="60"/></w:pPr></w:style>'
    ),
}


def _ensure_toc_styles(styles: etree._Element, *, heading: str, normal: str) -> None:
    """Add the ``TOC Heading`` and ``toc 1`` styles unless the template has them."""
    ids = {s.get(qn("w:styleId")) for s in styles.iterfind(qn("w:style"))}
    for style_id, xml in _STYLES_XML.items():
        if style_id in ids:
            continue
        text = xml.format(heading=heading, normal=normal)
        styles.append(etree.fromstring(text.replace("<w:style ", f"<w:style {nsdecls('w')} ", 1)))
