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

from lxml import etree

from musforms._files import read_limited
from musforms.errors import RenderError
from musforms.ooxml.payload import NAMESPACE
from musforms.ooxml.safezip import ZIP_ERRORS, honest_copy
from musforms.ooxml.sdt import ControlRecord
from musforms.ooxml.wml import NSMAP
from musforms.render.docx._opc import RT, Package, Part
from musforms.render.docx._xml import clean, el, qn

__all__ = [
    "add_chart_part",
    "add_custom_xml",
    "add_image",
    "clear_body",
    "header_footer",
    "open_template",
    "package_bytes",
    "protect_forms",
    "set_core_properties",
    "settings_of",
    "styles_of",
    "text_width",
]

_W14 = NSMAP["w14"]
_MC = NSMAP["mc"]
_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_PROPS_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
_DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
_STYLES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
_SETTINGS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"
_CORE_TYPE = "application/vnd.openxmlformats-package.core-properties+xml"
_HEADER_FOOTER_TYPE = {
    "header": "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
    "footer": "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
}
#: Templates larger than this are refused: a logo and styles take a few hundred KB.
_MAX_TEMPLATE_BYTES = 50_000_000


@lru_cache(maxsize=1)
def _default_template() -> bytes:
    return resources.files("musforms.render").joinpath("templates/default.docx").read_bytes()


def open_template(template: str | Path | None) -> Package:
    """Return the package of ``template``, or of musforms' default template.

    A Word template (.dotx) is opened as a document. The document root gets
    the ``w14`` namespace (in ``mc:Ignorable``) that check boxes need.

    Raises:
        RenderError: the template is missing, not a Word file, or broken.
    """
    if template is None:
        package = Package.read(_default_template(), label="musforms' template")
    else:
        package = _open_organisation_template(Path(template))
    main = package.main
    assert main is not None  # Package.read refuses a package without one
    if main.content_type == _TEMPLATE_MAIN:
        main.content_type = _MAIN
    _declare_w14(main)
    return package


def _open_organisation_template(path: Path) -> Package:
    def fail(code: str, **params: str) -> RenderError:
        return RenderError(code=code, params=params, fmt="docx", file=path)

    if path.is_dir():
        raise fail("template.docx_folder")
    if not path.exists():
        raise fail("template.docx_missing")
    data = read_limited(path, _MAX_TEMPLATE_BYTES, RenderError)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise fail("template.docx_not_word")
    # A zip bomb is refused by its sizes before any part is read, and the package is
    # read from a copy whose sizes are true (a member may hold far more than it declares).
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS:
        raise fail("template.docx_not_word") from None
    data = honest_copy(archive, str(path), RenderError)
    try:
        package = Package.read(data, label=str(path))
        main = package.main
        assert main is not None
        # The parts every form edits are parsed here, so that a broken one is named now.
        for part in (main, main.related(RT.STYLES), main.related(RT.SETTINGS)):
            if part is not None:
                part.element  # noqa: B018 - parsed for its errors
    except RenderError as error:
        raise fail("template.docx_broken", why=str(error.params.get("why", ""))) from None
    return package


def _declare_w14(main: Part) -> None:
    """Make sure the document root declares ``w14`` and lists it in ``mc:Ignorable``.

    Word refuses check boxes (``w14:checkbox``) in a file whose root lacks
    either; templates saved by older programs have neither. lxml cannot add a
    namespace declaration to an existing element, so a new root is made.
    """
    root = main.element
    ignorable = (root.get(f"{{{_MC}}}Ignorable") or "").split()
    if root.nsmap.get("w14") == _W14 and root.nsmap.get("mc") == _MC and "w14" in ignorable:
        return
    nsmap = {**root.nsmap, "w14": _W14, "mc": _MC}
    new_root = etree.Element(root.tag, nsmap=nsmap)  # type: ignore[arg-type]  # None: default ns
    for key, value in root.attrib.items():
        new_root.set(key, value)
    new_root.set(f"{{{_MC}}}Ignorable", " ".join([*ignorable, "w14"]))
    for child in list(root):
        new_root.append(child)
    main.element = new_root


def _main(package: Package) -> Part:
    main = package.main
    assert main is not None  # Package.read refuses a package without one
    return main


def styles_of(package: Package) -> etree._Element:
    """Return the styles part's XML, adding an empty styles part if the template has none."""
    return _word_part(package, RT.STYLES, "/word/styles.xml", _STYLES_TYPE, "w:styles")


def settings_of(package: Package) -> etree._Element:
    """Return the settings part's XML, adding an empty settings part if the template has none."""
    return _word_part(package, RT.SETTINGS, "/word/settings.xml", _SETTINGS_TYPE, "w:settings")


def _word_part(
    package: Package, reltype: str, name: str, content_type: str, root: str
) -> etree._Element:
    main = _main(package)
    part = main.related(reltype)
    if part is None:
        part = package.add(name, content_type, element=el(root))
        main.relate_to(part, reltype)
    return part.element


def header_footer(package: Package, kind: str) -> tuple[etree._Element, bool]:
    """Return the XML of the last section's default ``kind`` (``header``/``footer``).

    The second value says whether the part is new: a template without one gets
    an empty part, referred to from the section, for the form to fill.
    """
    main = _main(package)
    body = main.element.find(qn("w:body"))
    assert body is not None
    section = body.find(qn("w:sectPr"))
    assert section is not None  # clear_body keeps or makes one
    reference_tag = qn(f"w:{kind}Reference")
    rid_attribute = qn("r:id")
    for reference in section.iterfind(reference_tag):
        if reference.get(qn("w:type"), "default") == "default":
            rel = main.rels.get(reference.get(rid_attribute) or "")
            if rel is not None and rel.part is not None:
                return rel.part.element, False
            section.remove(reference)  # a dangling reference: replaced below
    template = f"/word/{kind}%d.xml"
    root = etree.Element(
        qn("w:hdr" if kind == "header" else "w:ftr"), nsmap={p: NSMAP[p] for p in ("w", "r")}
    )
    part = package.add(package.next_partname(template), _HEADER_FOOTER_TYPE[kind], element=root)
    rid = main.relate_to(part, RT.HEADER if kind == "header" else RT.FOOTER)
    reference = el(f"w:{kind}Reference", {"w:type": "default", "r:id": rid})
    # Header and footer references come first in a section's properties (ECMA-376).
    references = [
        child
        for child in section
        if child.tag in (qn("w:headerReference"), qn("w:footerReference"))
    ]
    section.insert(section.index(references[-1]) + 1 if references else 0, reference)
    return part.element, True


def add_image(package: Package, png: bytes) -> str:
    """Add a PNG image part related from the document; return the relationship id."""
    part = package.add(package.next_partname("/word/media/image%d.png"), "image/png", png)
    return _main(package).relate_to(part, RT.IMAGE)


def clear_body(package: Package) -> etree._Element:
    """Remove the template's content, keeping the last section's properties; return the body."""
    root = _main(package).element
    body = root.find(qn("w:body"))
    if body is None:
        body = el("w:body")
        root.append(body)
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


def add_chart_part(package: Package, xml: bytes, workbook: bytes | None = None) -> str:
    """Add a chart part to the document and return the relationship id that shows it.

    ``workbook`` is the chart's embedded data (``word/embeddings/*.xlsx``), related
    from the chart part as its first relationship, the id its ``c:externalData`` names.
    """
    from musforms.render.docx._chart import (
        CHART_CONTENT_TYPE,
        DATA_RELATIONSHIP_ID,
        WORKBOOK_CONTENT_TYPE,
    )

    part = package.add(package.next_partname("/word/charts/chart%d.xml"), CHART_CONTENT_TYPE, xml)
    rid = _main(package).relate_to(part, RT.CHART)
    if workbook is not None:
        name = package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx")
        embedded = package.add(name, WORKBOOK_CONTENT_TYPE, workbook)
        if part.relate_to(embedded, RT.PACKAGE) != DATA_RELATIONSHIP_ID:
            raise AssertionError("a new chart part's first relationship is not rId1")
    return rid


def add_custom_xml(
    package: Package, payload: str, controls: list[ControlRecord], *, audience: str, key: str
) -> None:
    """Embed the form (``payload``) and the control list in a custom XML part.

    The part is ``customXml/itemN.xml`` with its ``itemPropsN.xml``, related
    from the document. Custom XML parts of musforms already in the template
    (a template made from a musforms file) are dropped first, so that a file
    carries exactly one form.
    """
    main = _main(package)
    for rid, rel in list(main.rels.items()):
        ours = rel.reltype == RT.CUSTOM_XML and rel.part is not None
        if ours and rel.part is not None and NAMESPACE.encode() in rel.part.blob:
            main.drop_rel(rid)
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
    item_name = package.next_partname("/customXml/item%d.xml")
    number = item_name.removeprefix("/customXml/item").removesuffix(".xml")
    item = package.add(item_name, "application/xml", blob)
    guid = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{NAMESPACE}:{key}")).upper() + "}"
    props_xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>'
        f'<ds:datastoreItem ds:itemID="{guid}" xmlns:ds="{_DS}"><ds:schemaRefs>'
        f'<ds:schemaRef ds:uri="{NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>'
    ).encode()
    props = package.add(f"/customXml/itemProps{number}.xml", _PROPS_TYPE, props_xml)
    item.relate_to(props, RT.CUSTOM_XML_PROPS)
    main.relate_to(item, RT.CUSTOM_XML)


def stamp_of(date: dt.date | None, year: int) -> dt.datetime:
    """Return the fixed timestamp of a form's file: its date, or 1 January of its year."""
    day = date or dt.date(min(max(year, 1980), 2107), 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC = "http://purl.org/dc/elements/1.1/"
_DCTERMS = "http://purl.org/dc/terms/"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
#: Where each core property lives (Dublin Core or OPC's own), by its keyword argument.
_CORE_NAMES = {
    "title": f"{{{_DC}}}title",
    "subject": f"{{{_DC}}}subject",
    "author": f"{{{_DC}}}creator",
    "keywords": f"{{{_CP}}}keywords",
    "category": f"{{{_CP}}}category",
    "language": f"{{{_DC}}}language",
    "identifier": f"{{{_DC}}}identifier",
}


def set_core_properties(package: Package, *, stamp: dt.datetime, **values: str) -> None:
    """Set the core properties (``title=...``, ``author=...``) and fixed timestamps.

    A template's other core properties (its description, say) are kept; a template
    without a core properties part gets one.
    """
    part = package.root.related(RT.CORE_PROPERTIES)
    if part is None:
        core = etree.Element(
            f"{{{_CP}}}coreProperties",
            nsmap={"cp": _CP, "dc": _DC, "dcterms": _DCTERMS, "xsi": _XSI},
        )
        part = package.add("/docProps/core.xml", _CORE_TYPE, element=core)
        package.root.relate_to(part, RT.CORE_PROPERTIES)
    root = part.element
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    texts = {_CORE_NAMES[name]: clean(value)[:255] for name, value in values.items()}
    texts[f"{{{_DCTERMS}}}created"] = when
    texts[f"{{{_DCTERMS}}}modified"] = when
    texts[f"{{{_CP}}}lastModifiedBy"] = "musforms"
    texts[f"{{{_CP}}}revision"] = "1"
    for tag, text in texts.items():
        element = root.find(tag)
        if element is None:
            element = etree.SubElement(root, tag)
        element.text = text
        if tag.startswith(f"{{{_DCTERMS}}}"):
            element.set(f"{{{_XSI}}}type", "dcterms:W3CDTF")


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


def protect_forms(package: Package) -> None:
    """Allow only filling in the content controls (``w:documentProtection w:edit="forms"``).

    There is no password: the protection guards against slips, not people.
    """
    settings = settings_of(package)
    for old in settings.findall(qn("w:documentProtection")):
        settings.remove(old)
    protection = el("w:documentProtection", {"w:edit": "forms", "w:enforcement": "1"})
    earlier = [index for index, child in enumerate(settings) if child.tag in _BEFORE_PROTECTION]
    settings.insert(earlier[-1] + 1 if earlier else 0, protection)


def package_bytes(package: Package, stamp: dt.datetime) -> bytes:
    """Return the document as .docx bytes whose zip entries all carry ``stamp``'s day.

    Fixed dates, not the clock's: the same input gives byte-identical files.
    """
    return package.to_bytes(stamp.date())
