"""Pictures and charts in a Word form: smiley faces and competence radar charts.

Each drawing needs a document-wide unique shape id and, for pictures, a
relationship to an image part; this class hands both out, and adds each
face's image part once however many smiley questions show it.

Every drawing carries alt text, a title and a description (``wp:docPr``
``title`` and ``descr``): Word's accessibility checker flags a picture
without, and a screen reader reads them. :func:`describe_pictures` gives
the pictures of a template's header and footer (a logo) alt text too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from musforms.ooxml.wml import nsdecls, qn
from musforms.render.docx._chart import chart_workbook, chart_xml, inline_chart
from musforms.render.docx._faces import face_png
from musforms.render.docx._opc import Package
from musforms.render.docx._package import add_chart_part, add_image
from musforms.render.docx._styles import language_tag
from musforms.render.docx._xml import add, clean, el
from musforms.words import wheel_parts as wheel_titles

if TYPE_CHECKING:
    from musforms.form import FormQuestion

__all__ = ["Drawings", "describe_pictures"]

_EMU_PER_CM = 360_000
_EMU_PER_TWIP = 635
#: Shape ids start here, clear of the few a template's header logo uses.
_FIRST_SHAPE_ID = 100


class Drawings:
    """Makes the drawings of one document.

    Args:
        document: the package of the document being built.
        language: the form's language, for the chart's series names.
        width: the room across the page for a chart, in twips.
        chart_title: the words that describe a chart to screen readers.
    """

    def __init__(self, document: Package, language: str, width: int, chart_title: str) -> None:
        self.document = document
        self.language = language
        self.width = width
        self.chart_title = chart_title
        self._shape_id = _FIRST_SHAPE_ID
        self._faces: dict[int, str] = {}

    def _next_shape(self) -> int:
        self._shape_id += 1
        return self._shape_id

    def picture(self, mood: int, description: str) -> etree._Element:
        """Return a run showing smiley face ``mood`` (0 saddest .. 4 happiest), 7.5 mm wide."""
        rid = self._faces.get(mood)
        if rid is None:
            rid = add_image(self.document, face_png(mood))
            self._faces[mood] = rid
        size = round(0.75 * _EMU_PER_CM)
        inline = _picture(self._next_shape(), rid, f"face{mood + 1}.png", size, size)
        docpr = inline.find(qn("wp:docPr"))
        assert docpr is not None
        docpr.set("descr", clean(description))
        docpr.set("title", clean(description))
        return _drawing(inline)

    def chart(self, question: FormQuestion) -> etree._Element:
        """Return a run showing the radar chart of a competence wheel, its web still blank."""
        scale = question.scale
        assert scale is not None
        titles = wheel_titles(self.language)
        empty: list[int | None] = [None] * len(question.competences)
        competences = [c.text for c in question.competences]
        series = [(titles["now"], empty), (titles["wanted"], empty)]
        xml = chart_xml(
            competences,
            series,
            minimum=scale.min,
            maximum=scale.max,
            language=language_tag(self.language),
        )
        rid = add_chart_part(self.document, xml, chart_workbook(competences, series))
        width = min(self.width, 15 * 567) * _EMU_PER_TWIP
        names = ", ".join(c.text for c in question.competences)
        inline = inline_chart(
            rid,
            self._next_shape(),
            width,
            round(width * 0.68),
            f"{self.chart_title}: {question.text} ({names})",
        )
        docpr = inline.find(qn("wp:docPr"))
        if docpr is not None:
            docpr.set("title", clean(f"{self.chart_title}: {question.text}"))
        return _drawing(inline)


def describe_pictures(part: etree._Element, description: str) -> int:
    """Give every drawing under ``part`` that has no alt text ``description``; return how many.

    For an organisation's template: its header logo usually comes without alt
    text, and the organisation's name says what it shows.
    """
    count = 0
    text = clean(description)
    for docpr in part.iter(qn("wp:docPr")):
        if not (docpr.get("descr") or "").strip():
            docpr.set("descr", text)
            count += 1
        if not (docpr.get("title") or "").strip():
            docpr.set("title", text)
    return count


def _picture(shape_id: int, rid: str, name: str, cx: int, cy: int) -> etree._Element:
    """Return a ``wp:inline`` showing the image related as ``rid``, ``cx`` by ``cy`` EMU."""
    xml = (
        f"<wp:inline {nsdecls('wp', 'a', 'pic', 'r')}>"
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{shape_id}" name="Picture {shape_id}"/>'
        '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="{name}"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch>'
        f'</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/>'
        '</a:xfrm><a:prstGeom prst="rect"/></pic:spPr></pic:pic></a:graphicData></a:graphic>'
        "</wp:inline>"
    )
    inline: etree._Element = etree.fromstring(xml)
    return inline


def _drawing(inline: etree._Element) -> etree._Element:
    r = el("w:r")
    add(r, "w:drawing").append(inline)
    return r
