"""The .docx package around the body: template, parts, metadata, settings, bytes.

Everything here is about the file rather than the form's content: opening
the template (musforms' slim default, or an organisation's), clearing its
body, the custom XML part that carries the form, a chart part, core
properties, "filling in forms" protection, and writing the zip with fixed
timestamps so that the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
import zipfile
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.oxml.parser import oxml_parser
from lxml import etree

from musforms._files import read_limited
from musforms.errors import RenderError
from musforms.ooxml.payload import NAMESPACE
from musforms.ooxml.safezip import ZIP_ERRORS, honest_copy
from musforms.ooxml.sdt import ControlRecord
from musforms.ooxml.zipfast import zip_timestamp
from musforms.render.docx._xml import clean, el

__all__ = [
    "add_chart_part",
    "add_custom_xml",
    "clear_body",
    "open_template",
    "package_bytes",
    "protect_forms",
    "set_core_properties",
    "text_width",
]

_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_PROPS_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
_DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
#: Templates larger than this are refused: a logo and styles take a few hundred KB.
_MAX_TEMPLATE_BYTES = 50_000_000


@lru_cache(maxsize=1)
def _default_template() -> bytes:
    return resources.files("musforms.render").joinpath("templates/default.docx").read_bytes()


def open_template(template: str | Path | None) -> Any:
    """Return a python-docx ``Document`` of ``template``, or of musforms' default template.

    A Word template (.dotx) is opened as a document. The document root gets
    the ``w14`` namespace (in ``mc:Ignorable``) that check boxes need.

    Raises:
        RenderError: the template is missing, not a Word file, or broken.
    """
    if template is None:
        document = docx.Document(io.BytesIO(_default_template()))
    else:
        document = _open_organisation_template(Path(template))
    _declare_w14(document)
    return document


def _open_organisation_template(path: Path) -> Any:
    def fail(code: str, **params: str) -> RenderError:
        return RenderError(code=code, params=params, fmt="docx", file=path)

    if path.is_dir():
        raise fail("template.docx_folder")
    if not path.exists():
        raise fail("template.docx_missing")
    data = read_limited(path, _MAX_TEMPLATE_BYTES, RenderError)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise fail("template.docx_not_word")
    # A zip bomb is refused by its sizes before python-docx unpacks it, and python-docx
    # gets a copy whose sizes are true (a member may hold far more than it declares).
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS:
        raise fail("template.docx_not_word") from None
    data = honest_copy(archive, str(path), RenderError)
    try:
        data = _as_document(data)
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml and zip errors
        raise fail("template.docx_broken", why=type(exc).__name__) from None


def _as_document(data: bytes) -> bytes:
    """Return a .dotx package relabelled as a .docx (the parts are the same)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        types = source.read("[Content_Types].xml")
        if _TEMPLATE_MAIN.encode() not in types:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                blob = source.read(info)
                if info.filename == "[Content_Types].xml":
                    blob = blob.replace(_TEMPLATE_MAIN.encode(), _MAIN.encode())
                target.writestr(info, blob)
        return out.getvalue()


def _declare_w14(document: Any) -> None:
    """Make sure the document root declares ``w14`` and lists it in ``mc:Ignorable``.

    Word refuses check boxes (``w14:checkbox``) in a file whose root lacks
    either; templates saved by older programs have neither. lxml cannot add a
    namespace declaration to an existing element, so a new root is made.
    """
    part = document.part
    root = part.element
    ignorable = (root.get(f"{{{_MC}}}Ignorable") or "").split()
    if root.nsmap.get("w14") == _W14 and root.nsmap.get("mc") == _MC and "w14" in ignorable:
        return
    nsmap = {**root.nsmap, "w14": _W14, "mc": _MC}
    new_root = oxml_parser.makeelement(root.tag, nsmap=nsmap)
    for key, value in root.attrib.items():
        new_root.set(key, value)
    new_root.set(f"{{{_MC}}}Ignorable", " ".join([*ignorable, "w14"]))
    for child in list(root):
        new_root.append(child)
    part._element = new_root
    document._element = new_root
    document._Document__body = None  # python-docx's cached body proxy of the old root


def clear_body(document: Any) -> etree._Element:
    """Remove the template's content, keeping the last section's properties; return the body."""
    body: etree._Element = document.part.element.find(qn("w:body"))
    section = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not section:
            body.remove(child)
    if section is None:
        section = el("w:sectPr")
        body.append(section)
    return body


def text_width(body: etree._Element) -> int:
    """Return the width between the margins of the body's last section, in twips."""
    section = body.find(qn("w:sectPr"))
    size = section.find(qn("w:pgSz")) if section is not None else None
    margins = section.find(qn("w:pgMar")) if section is not None else None
    width = _twips(size, "w:w", 11906)
    if size is not None and size.get(qn("w:orient")) == "landscape":
        width = max(width, _twips(size, "w:h", 16838))
    left = _twips(margins, "w:left", 1134)
    right = _twips(margins, "w:right", 1134)
    return max(width - left - right, 4000)


def _twips(element: etree._Element | None, attribute: str, default: int) -> int:
    if element is None:
        return default
    try:
        return int(float(element.get(qn(attribute)) or default))
    except ValueError:
        return default


def add_chart_part(document: Any, xml: bytes, workbook: bytes | None = None) -> str:
    """Add a chart part to the document and return the relationship id that shows it.

    ``workbook`` is the chart's embedded data (``word/embeddings/*.xlsx``), related
    from the chart part as its first relationship, the id its ``c:externalData`` names.
    """
    package = document.part.package
    partname = package.next_partname("/word/charts/chart%d.xml")
    from musforms.render.docx._chart import (
        CHART_CONTENT_TYPE,
        DATA_RELATIONSHIP_ID,
        WORKBOOK_CONTENT_TYPE,
    )

    part = Part(partname, CHART_CONTENT_TYPE, xml, package)
    rid: str = document.part.relate_to(part, RT.CHART)
    if workbook is not None:
        name = package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx")
        embedded = Part(name, WORKBOOK_CONTENT_TYPE, workbook, package)
        if part.relate_to(embedded, RT.PACKAGE) != DATA_RELATIONSHIP_ID:
            raise AssertionError("a new chart part's first relationship is not rId1")
    return rid


def add_custom_xml(
    document: Any, payload: str, controls: list[ControlRecord], *, audience: str, key: str
) -> None:
    """Embed the form (``payload``) and the control list in a custom XML part.

    The part is ``customXml/itemN.xml`` with its ``itemPropsN.xml``, related
    from the document. Custom XML parts of musforms already in the template
    (a template made from a musforms file) are dropped first, so that a file
    carries exactly one form.
    """
    part = document.part
    for rid, rel in list(part.rels.items()):
        ours = rel.reltype == RT.CUSTOM_XML and not rel.is_external
        if ours and NAMESPACE.encode() in rel.target_part.blob:
            part.drop_rel(rid)
    root = etree.Element(f"{{{NAMESPACE}}}form", nsmap={None: NAMESPACE})  # type: ignore[dict-item]
    root.set("audience", audience)
    etree.SubElement(root, f"{{{NAMESPACE}}}payload").text = payload
    listing = etree.SubElement(root, f"{{{NAMESPACE}}}controls")
    for record in controls:
        entry = etree.SubElement(listing, f"{{{NAMESPACE}}}control")
        entry.set("tag", record.tag)
        entry.set("kind", record.kind)
        if record.placeholder:
            entry.set("placeholder", clean(record.placeholder))
        if record.title:
            entry.set("title", record.title)
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    package = part.package
    item_name = package.next_partname("/customXml/item%d.xml")
    number = item_name.idx
    item = Part(item_name, "application/xml", blob, package)
    guid = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{NAMESPACE}:{key}")).upper() + "}"
    props_xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>'
        f'<ds:datastoreItem ds:itemID="{guid}" xmlns:ds="{_DS}"><ds:schemaRefs>'
        f'<ds:schemaRef ds:uri="{NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>'
    ).encode()
    props = Part(PackURI(f"/customXml/itemProps{number}.xml"), _PROPS_TYPE, props_xml, package)
    item.relate_to(props, RT.CUSTOM_XML_PROPS)
    part.relate_to(item, RT.CUSTOM_XML)


def stamp_of(date: dt.date | None, year: int) -> dt.datetime:
    """Return the fixed timestamp of a form's file: its date, or 1 January of its year."""
    day = date or dt.date(min(max(year, 1980), 2107), 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def set_core_properties(document: Any, *, stamp: dt.datetime, **values: str) -> None:
    """Set the core properties (``title=...``, ``author=...``) and fixed timestamps."""
    props = document.core_properties
    for name, value in values.items():
        setattr(props, name, clean(value)[:255])
    props.created = stamp.replace(tzinfo=None)
    props.modified = stamp.replace(tzinfo=None)
    props.last_modified_by = "musforms"
    props.revision = 1


# Children of w:settings that come before w:documentProtection (ECMA-376 order).
_BEFORE_PROTECTION = {
    qn(f"w:{name}")
    for name in [
        "writeProtection",
        "view",
        "zoom",
        "removePersonalInformation",
        "removeDateAndTime",
        "doNotDisplayPageBoundaries",
        "displayBackgroundShape",
        "printPostScriptOverText",
        "printFractionalCharacterWidth",
        "printFormsData",
        "embedTrueTypeFonts",
        "embedSystemFonts",
        "saveSubsetFonts",
        "saveFormsData",
        "mirrorMargins",
        "alignBordersAndEdges",
        "bordersDoNotSurroundHeader",
        "bordersDoNotSurroundFooter",
        "gutterAtTop",
        "hideSpellingErrors",
        "hideGrammaticalErrors",
        "activeWritingStyle",
        "proofState",
        "formsDesign",
        "attachedTemplate",
        "linkStyles",
        "stylePaneFormatFilter",
        "stylePaneSortMethod",
        "documentType",
        "mailMerge",
        "revisionView",
        "trackRevisions",
        "doNotTrackMoves",
        "doNotTrackFormatting",
    ]
}


def protect_forms(document: Any) -> None:
    """Allow only filling in the content controls (``w:documentProtection w:edit="forms"``).

    There is no password: the protection guards against slips, not people.
    """
    settings = document.settings.element
    for old in settings.findall(qn("w:documentProtection")):
        settings.remove(old)
    protection = el("w:documentProtection", {"w:edit": "forms", "w:enforcement": "1"})
    earlier = [index for index, child in enumerate(settings) if child.tag in _BEFORE_PROTECTION]
    settings.insert(earlier[-1] + 1 if earlier else 0, protection)


def package_bytes(document: Any, stamp: dt.datetime) -> bytes:
    """Return the document as .docx bytes whose zip entries all carry ``stamp``.

    python-docx stamps zip entries with the clock; rewriting them with the
    form's own time makes the same input give byte-identical files.
    """
    raw = io.BytesIO()
    document.save(raw)
    when = zip_timestamp(stamp.date())
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info), compresslevel=6)
    return out.getvalue()
