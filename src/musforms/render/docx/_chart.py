"""A native DrawingML radar chart (``c:radarChart``) of a competence wheel.

The chart is a real chart part that Word and LibreOffice draw themselves, so
it prints sharp at any size and needs no imaging library. Its data are
literals (``c:strLit``/``c:numLit``) rather than references into an embedded
workbook: a blank form has no values, and a chart without a workbook opens in
both programs. A form with no values yet draws the empty web, scale rings
``min``..``max`` with the competences round it, for the person to mark by hand.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.oxml.ns import nsdecls
from lxml import etree

from musforms.render.docx._xml import clean

__all__ = ["CHART_CONTENT_TYPE", "CHART_URI", "chart_xml", "inline_chart"]

CHART_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_NSMAP = {
    "c": _C,
    "a": _A,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}

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


def chart_xml(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int | None]]],
    *,
    minimum: int,
    maximum: int,
    language: str,
) -> bytes:
    """Return the chart part of a radar chart.

    Args:
        categories: the competences, one spoke each.
        series: ``(name, values)`` per line; a value ``None`` is left out.
        minimum, maximum: the scale; the centre is one below ``minimum`` so that
            the lowest rating is a ring, not the centre point.
        language: the chart's language tag (``da-DK``).
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
    for index, (title, values) in enumerate(series):
        ser = _c(radar, "ser")
        _c(ser, "idx", str(index))
        _c(ser, "order", str(index))
        etree.SubElement(_c(ser, "tx"), f"{{{_C}}}v").text = clean(title)
        colour = _SERIES_COLOURS[index % len(_SERIES_COLOURS)]
        _line(ser, colour, 22225, None if index == 0 else "dash")
        marker = _c(ser, "marker")
        _c(marker, "symbol", "circle")
        _c(marker, "size", "6")
        cat = _c(_c(ser, "cat"), "strLit")
        _c(cat, "ptCount", str(len(names)))
        for number, name in enumerate(names):
            point = _c(cat, "pt")
            point.set("idx", str(number))
            etree.SubElement(point, f"{{{_C}}}v").text = name
        num = _c(_c(ser, "val"), "numLit")
        etree.SubElement(num, f"{{{_C}}}formatCode").text = "General"
        _c(num, "ptCount", str(len(names)))
        for number, value in enumerate(values):
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
    result: bytes = etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True)
    return result


def inline_chart(
    relationship_id: str, shape_id: int, cx: int, cy: int, title: str
) -> etree._Element:
    """Return a ``wp:inline`` showing the chart related as ``relationship_id`` (size in EMU)."""
    from docx.oxml import parse_xml

    xml = (
        f'<wp:inline {nsdecls("wp", "a", "c", "r")} distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="Chart {shape_id}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{CHART_URI}"><c:chart r:id="{relationship_id}"/>'
        "</a:graphicData></a:graphic></wp:inline>"
    )
    inline: etree._Element = parse_xml(xml)
    docpr = inline[2]
    docpr.set("descr", clean(title))
    return inline
