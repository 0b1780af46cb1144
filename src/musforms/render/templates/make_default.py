"""Make ``default.docx``, the slim template musforms' Word forms start from.

Run it after changing the styles in ``musforms.render.docx._styles`` or the
page set-up below::

    PYTHONPATH=src python src/musforms/render/templates/make_default.py

Why a template of our own: python-docx's default carries 787 KB of style XML
that every document pays to parse and compress (NOTES.md); this one holds
only the styles musforms uses, an A4 page, and Danish separators. An HR
consultant may also open it in Word, add a logo and fonts, and pass it back
as ``template=``.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from lxml import etree

from musforms.render.docx._styles import BODY_FONT, ensure_styles, set_language

_ROOT_NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'mc:Ignorable="w14 w15 wp14"'
)

# A4, 2 cm side margins, room for the header and footer.
_DOCUMENT = (
    f"<w:document {_ROOT_NAMESPACES}><w:body><w:p/>"
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="1531" w:right="1134" w:bottom="1304" w:left="1134" w:header="680"'
    ' w:footer="567" w:gutter="0"/><w:cols w:space="708"/><w:docGrid w:linePitch="360"/>'
    "</w:sectPr></w:body></w:document>"
)

_SETTINGS = (
    f"<w:settings {_ROOT_NAMESPACES}>"
    '<w:zoom w:percent="100"/><w:proofState w:spelling="clean" w:grammar="clean"/>'
    '<w:defaultTabStop w:val="1304"/><w:hyphenationZone w:val="425"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word"'
    ' w:val="15"/></w:compat>'
    '<w:themeFontLang w:val="da-DK"/><w:decimalSymbol w:val=","/><w:listSeparator w:val=";"/>'
    "</w:settings>"
)

# Fonts with Word's panose data; altName names what LibreOffice may use instead.
_FONTS = (
    f"<w:fonts {nsdecls('w')}>"
    f'<w:font w:name="{BODY_FONT}"><w:altName w:val="Liberation Sans"/>'
    '<w:panose1 w:val="020B0604020202020204"/>'
    '<w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
    '<w:font w:name="MS Gothic"><w:altName w:val="Segoe UI Symbol"/>'
    '<w:panose1 w:val="020B0609070205080204"/><w:charset w:val="80"/><w:family w:val="modern"/>'
    '<w:pitch w:val="fixed"/></w:font>'
    "</w:fonts>"
)

_STYLES_START = (
    f"<w:styles {nsdecls('w')}><w:docDefaults><w:rPrDefault><w:rPr>"
    f'<w:rFonts w:ascii="{BODY_FONT}" w:eastAsia="{BODY_FONT}" w:hAnsi="{BODY_FONT}"'
    f' w:cs="{BODY_FONT}"/><w:sz w:val="21"/><w:szCs w:val="21"/>'
    '<w:lang w:val="da-DK" w:eastAsia="da-DK" w:bidi="ar-SA"/>'
    '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264"'
    ' w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
    "<w:unhideWhenUsed/></w:style>"
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0"'
    ' w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
    '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'
    "</w:style>"
    "</w:styles>"
)

_OFFICE = "application/vnd.openxmlformats-officedocument"
_WORD = f"{_OFFICE}.wordprocessingml"
_OVERRIDES = {
    "/word/document.xml": f"{_WORD}.document.main+xml",
    "/word/styles.xml": f"{_WORD}.styles+xml",
    "/word/settings.xml": f"{_WORD}.settings+xml",
    "/word/fontTable.xml": f"{_WORD}.fontTable+xml",
    "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
    "/docProps/app.xml": f"{_OFFICE}.extended-properties+xml",
}
_CONTENT_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels"'
    ' ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="png" ContentType="image/png"/>'
    + "".join(
        f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in _OVERRIDES.items()
    )
    + "</Types>"
)

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CORE_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_PACKAGE_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
    f'<Relationship Id="rId2" Type="{_CORE_REL}" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

_DOCUMENT_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/fontTable" Target="fontTable.xml"/>'
    "</Relationships>"
)

_CORE = (
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>MUS</dc:title><dc:creator>musforms</dc:creator><cp:keywords>MUS</cp:keywords>"
    "<dc:language>da-DK</dc:language><cp:revision>1</cp:revision>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:modified>'
    "</cp:coreProperties>"
)

_APP = (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>musforms</Application><DocSecurity>0</DocSecurity></Properties>"
)


def _xml(text: str) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + text.encode()


def _styles() -> bytes:
    styles = parse_xml(_STYLES_START)
    ensure_styles(styles)
    set_language(styles, "da")
    result: bytes = etree.tostring(styles, xml_declaration=True, encoding="UTF-8", standalone=True)
    return result


def make(target: Path) -> None:
    """Write the default template to ``target``, with fixed timestamps (reproducible)."""
    members = {
        "[Content_Types].xml": _xml(_CONTENT_TYPES),
        "_rels/.rels": _xml(_PACKAGE_RELS),
        "docProps/core.xml": _xml(_CORE),
        "docProps/app.xml": _xml(_APP),
        "word/document.xml": _xml(_DOCUMENT),
        "word/_rels/document.xml.rels": _xml(_DOCUMENT_RELS),
        "word/styles.xml": _styles(),
        "word/settings.xml": _xml(_SETTINGS),
        "word/fontTable.xml": _xml(_FONTS),
    }
    with zipfile.ZipFile(target, "w") as archive:
        for name, blob in members.items():
            entry = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, blob)


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("default.docx")
    make(out)
    print(f"wrote {out}")
