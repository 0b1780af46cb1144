"""Put a workbook's ``xl/styles.xml`` in the order Microsoft's own validator expects.

openpyxl writes a font's children in its own order (``name``, ``family``,
``b``, ``i``, ``color``, ``sz``). ECMA-376's schema allows any order there,
but the Open XML SDK (what Office's validator and many tools are built on)
models ``CT_Font`` as a fixed sequence and reports every out-of-order child
as an error; Excel writes the sequence too. Reordering the finished part in
one place fixes every font the workbook has (cell styles, differential
formats, openpyxl's defaults), whoever made them, without touching openpyxl.
"""

from __future__ import annotations

from typing import Final

from lxml import etree

__all__ = ["FONT_ORDER", "STYLES_PART", "in_schema_order"]

STYLES_PART: Final = "xl/styles.xml"
_MAIN: Final = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#: The children of a font in the Open XML SDK's sequence (what Excel writes).
FONT_ORDER: Final = (
    "b",
    "i",
    "strike",
    "condense",
    "extend",
    "outline",
    "shadow",
    "u",
    "vertAlign",
    "sz",
    "color",
    "name",
    "family",
    "charset",
    "scheme",
)
_RANK: Final = {f"{{{_MAIN}}}{name}": rank for rank, name in enumerate(FONT_ORDER)}


def in_schema_order(xml: bytes) -> bytes:
    """Return the styles part ``xml`` with every font's children in the SDK's sequence.

    Children the sequence does not name (an extension) keep their place after
    the named ones, in their own order; nothing else in the part changes.
    """
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    for font in root.iter(f"{{{_MAIN}}}font"):
        children = list(font)
        ordered = sorted(
            children,
            key=lambda child: _RANK.get(child.tag, len(_RANK)),
        )
        if ordered != children:
            for child in children:
                font.remove(child)
            font.extend(ordered)
    result: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return result
