"""A native DrawingML radar chart (``c:radarChart``) of a competence wheel.

The chart is a real chart part that Word and LibreOffice draw themselves, so
it prints sharp at any size and needs no imaging library. Its data point into
a small embedded workbook (``Sheet1``: the competences in column A, the
ratings now in B and wanted in C, the series names in row 1), as every chart
Word makes does, so that Word's "Edit data" opens it; the chart also carries
the values it shows (``c:strCache``/``c:numCache``), which is what Word and
LibreOffice draw. A form with no values yet draws the empty web, scale rings
``min``..``max`` with the competences round it, for the person to mark by
hand; :mod:`musforms.redraw` writes both again from a filled form's ratings.

The competences run clockwise from the top: that is how Office draws a radar
chart whose category axis runs ``minMax``, and LibreOffice reads it so. A save
in LibreOffice 7.4 writes the opposite orientation of the one it read (tried
with both), so a form saved there shows its wheel mirrored; a redraw writes the
chart anew, the right way round.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

from lxml import etree

from musforms.ooxml.wml import escape, nsdecls
from musforms.render.docx._xml import clean

__all__ = [
    "CHART_CONTENT_TYPE",
    "CHART_URI",
    "DATA_RELATIONSHIP_ID",
    "PACKAGE_RELATIONSHIP",
    "WORKBOOK_CONTENT_TYPE",
    "chart_workbook",
    "chart_xml",
    "inline_chart",
]

CHART_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_NSMAP = {
    "c": _C,
    "a": _A,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}

WORKBOOK_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PACKAGE_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
#: The chart part's one relationship, to its workbook: a new part's first id.
DATA_RELATIONSHIP_ID = "rId1"
#: The sheet the chart's formulas name.
SHEET = "Sheet1"
#: Column of each series in the workbook (now, wanted), after the competences in A.
_COLUMNS = "BCDEFGHIJ"

#: Line colours of the two series: now (the accent) and wanted (an orange).
_SERIES_COLOURS = ("1F4E79", "C55A11")


def _c(parent: etree._Element, tag: str, val: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{_C}}}{tag}")
    if val is not None:
        element.set("val", val)
    return element


def _a(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{_A}}}{tag}")
    for key, value in attrs.items():
        element.set(key, value)
    return element


def _line(parent: etree._Element, colour: str, width: int, dash: str | None = None) -> None:
    sp = _c(parent, "spPr")
    ln = _a(sp, "ln", w=str(width))
    _a(_a(ln, "solidFill"), "srgbClr", val=colour)
    if dash:
        _a(ln, "prstDash", val=dash)


def _text_props(parent: etree._Element, size: int, colour: str = "404040") -> None:
    tx = _c(parent, "txPr")
    _a(tx, "bodyPr")
    _a(tx, "lstStyle")
    p = _a(tx, "p")
    ppr = _a(p, "pPr")
    rpr = _a(ppr, "defRPr", sz=str(size))
    _a(_a(rpr, "solidFill"), "srgbClr", val=colour)
    _a(rpr, "latin", typeface="Arial")
    _a(p, "endParaRPr", lang="da-DK")


def _value(values: Sequence[int | None], index: int) -> int | None:
    return values[index] if index < len(values) else None


def _str_ref(parent: etree._Element, formula: str, texts: Sequence[str]) -> None:
    ref = _c(parent, "strRef")
    etree.SubElement(ref, f"{{{_C}}}f").text = formula
    cache = _c(ref, "strCache")
    _c(cache, "ptCount", str(len(texts)))
    for number, text in enumerate(texts):
        point = _c(cache, "pt")
        point.set("idx", str(number))
        etree.SubElement(point, f"{{{_C}}}v").text = text


def chart_xml(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int | None]]],
    *,
    minimum: int,
    maximum: int,
    language: str,
    data: str | None = DATA_RELATIONSHIP_ID,
) -> bytes:
    """Return the chart part of a radar chart.

    Args:
        categories: the competences, one spoke each.
        series: ``(name, values)`` per line; a value ``None`` is left out.
        minimum, maximum: the scale; the centre is one below ``minimum`` so that
            the lowest rating is a ring, not the centre point.
        language: the chart's language tag (``da-DK``).
        data: the relationship id of the chart part's embedded workbook
            (:func:`chart_workbook`); ``None`` makes a chart without one.
    """
    space = etree.Element(f"{{{_C}}}chartSpace", nsmap=_NSMAP)
    _c(space, "date1904", "0")
    _c(space, "lang", language)
    _c(space, "roundedCorners", "0")
    chart = _c(space, "chart")
    _c(chart, "autoTitleDeleted", "1")
    plot = _c(chart, "plotArea")
    _c(plot, "layout")
    radar = _c(plot, "radarChart")
    _c(radar, "radarStyle", "marker")
    _c(radar, "varyColors", "0")
    names = [clean(name) for name in categories]
    last = len(names) + 1  # the last row of the competences in the workbook
    for index, (title, values) in enumerate(series):
        ser = _c(radar, "ser")
        _c(ser, "idx", str(index))
        _c(ser, "order", str(index))
        column = _COLUMNS[index % len(_COLUMNS)]
        _str_ref(_c(ser, "tx"), f"{SHEET}!${column}$1", [clean(title)])
        colour = _SERIES_COLOURS[index % len(_SERIES_COLOURS)]
        _line(ser, colour, 22225, None if index == 0 else "dash")
        marker = _c(ser, "marker")
        _c(marker, "symbol", "circle")
        _c(marker, "size", "6")
        _str_ref(_c(ser, "cat"), f"{SHEET}!$A$2:$A${last}", names)
        ref = _c(_c(ser, "val"), "numRef")
        etree.SubElement(ref, f"{{{_C}}}f").text = f"{SHEET}!${column}$2:${column}${last}"
        num = _c(ref, "numCache")
        etree.SubElement(num, f"{{{_C}}}formatCode").text = "General"
        _c(num, "ptCount", str(len(names)))
        for number, value in enumerate(_value(values, i) for i in range(len(names))):
            if value is None:
                continue
            point = _c(num, "pt")
            point.set("idx", str(number))
            etree.SubElement(point, f"{{{_C}}}v").text = str(value)
    _c(radar, "axId", "501")
    _c(radar, "axId", "502")
    cat_ax = _c(plot, "catAx")
    _c(cat_ax, "axId", "501")
    _c(_c(cat_ax, "scaling"), "orientation", "minMax")
    _c(cat_ax, "delete", "0")
    _c(cat_ax, "axPos", "b")
    _line(_c(cat_ax, "majorGridlines"), "BFBFBF", 9525)
    numfmt = _c(cat_ax, "numFmt")
    numfmt.set("formatCode", "General")
    numfmt.set("sourceLinked", "0")
    _c(cat_ax, "majorTickMark", "none")
    _c(cat_ax, "minorTickMark", "none")
    _c(cat_ax, "tickLblPos", "nextTo")
    _line(cat_ax, "BFBFBF", 9525)
    _text_props(cat_ax, 900)
    _c(cat_ax, "crossAx", "502")
    _c(cat_ax, "crosses", "autoZero")
    _c(cat_ax, "auto", "1")
    _c(cat_ax, "lblAlgn", "ctr")
    _c(cat_ax, "lblOffset", "100")
    _c(cat_ax, "noMultiLvlLbl", "0")
    val_ax = _c(plot, "valAx")
    _c(val_ax, "axId", "502")
    scaling = _c(val_ax, "scaling")
    _c(scaling, "orientation", "minMax")
    _c(scaling, "max", str(maximum))
    _c(scaling, "min", str(minimum - 1))
    _c(val_ax, "delete", "0")
    _c(val_ax, "axPos", "l")
    _line(_c(val_ax, "majorGridlines"), "BFBFBF", 9525)
    numfmt = _c(val_ax, "numFmt")
    # Positive numbers only: the centre's ring value stays unlabelled.
    numfmt.set("formatCode", "0;;;")
    numfmt.set("sourceLinked", "0")
    _c(val_ax, "majorTickMark", "cross")
    _c(val_ax, "minorTickMark", "none")
    _c(val_ax, "tickLblPos", "nextTo")
    _line(val_ax, "BFBFBF", 9525)
    _text_props(val_ax, 800, "7F7F7F")
    _c(val_ax, "crossAx", "501")
    _c(val_ax, "crosses", "autoZero")
    _c(val_ax, "crossBetween", "between")
    _c(val_ax, "majorUnit", "1")
    legend = _c(chart, "legend")
    _c(legend, "legendPos", "b")
    _c(legend, "overlay", "0")
    _text_props(legend, 900)
    _c(chart, "plotVisOnly", "1")
    _c(chart, "dispBlanksAs", "gap")
    sp = _c(space, "spPr")
    _a(sp, "noFill")
    _a(_a(sp, "ln"), "noFill")
    _text_props(space, 900)
    if data is not None:
        external = _c(space, "externalData")
        external.set(f"{{{_NSMAP['r']}}}id", data)
        # Word reads the cached values; it opens the workbook only for "Edit data".
        _c(external, "autoUpdate", "0")
    result: bytes = etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True)
    return result


def inline_chart(
    relationship_id: str, shape_id: int, cx: int, cy: int, title: str
) -> etree._Element:
    """Return a ``wp:inline`` showing the chart related as ``relationship_id`` (size in EMU)."""
    xml = (
        f'<wp:inline {nsdecls("wp", "a", "c", "r")} distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="Chart {shape_id}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{CHART_URI}"><c:chart r:id="{relationship_id}"/>'
        "</a:graphicData></a:graphic></wp:inline>"
    )
    inline: etree._Element = etree.fromstring(xml)
    docpr = inline[2]
    docpr.set("descr", clean(title))
    return inline


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
#: The workbook's fixed parts; only the sheet differs from chart to chart.
_WORKBOOK_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.styles+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{_REL}"><Relationship Id="rId1" Type="{_DOC_REL}/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_REL}"><sheets>'
        f'<sheet name="{SHEET}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{_REL}">'
        f'<Relationship Id="rId1" Type="{_DOC_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_DOC_REL}/styles" Target="styles.xml"/>'
        "</Relationships>"
    ),
    "xl/styles.xml": (
        f'<styleSheet xmlns="{_MAIN}"><fonts count="1"><font><sz val="10"/>'
        '<name val="Arial"/></font></fonts><fills count="2"><fill><patternFill '
        'patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
        '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
        'borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" '
        'fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle '
        'name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    ),
}
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _text_cell(reference: str, text: str) -> str:
    value = escape(clean(text))
    return f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{value}</t></is></c>'


def chart_workbook(
    categories: Sequence[str], series: Sequence[tuple[str, Sequence[int | None]]]
) -> bytes:
    """Return the small .xlsx a chart of :func:`chart_xml` points at, for Word's "Edit data".

    ``Sheet1`` holds the series names in row 1 (from B1), the competences in
    column A (from A2) and each series' ratings below its name; a rating
    ``None`` is an empty cell. Written by hand, not by openpyxl: it is a few
    hundred bytes of fixed XML, made once per form, and a batch copies it as
    it is. The same input gives the same bytes.
    """
    columns = [_COLUMNS[i % len(_COLUMNS)] for i in range(len(series))]
    rows = ['<row r="1">']
    rows += [_text_cell(f"{c}1", title) for c, (title, _) in zip(columns, series, strict=True)]
    rows.append("</row>")
    for number, name in enumerate(categories):
        line = number + 2
        rows.append(f'<row r="{line}">{_text_cell(f"A{line}", name)}')
        for column, (_, values) in zip(columns, series, strict=True):
            value = _value(values, number)
            if value is not None:
                rows.append(f'<c r="{column}{line}"><v>{int(value)}</v></c>')
        rows.append("</row>")
    end = columns[-1] if columns else "A"
    sheet = (
        f'<worksheet xmlns="{_MAIN}"><dimension ref="A1:{end}{len(categories) + 1}"/>'
        f"<sheetData>{''.join(rows)}</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for name, xml in (*_WORKBOOK_PARTS.items(), ("xl/worksheets/sheet1.xml", sheet)):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            book.writestr(info, _DECLARATION + xml)
    return out.getvalue()
