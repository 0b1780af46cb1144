"""The package of a Word file (Open Packaging Conventions): parts, relationships, content types.

A .docx is a zip of parts (``/word/document.xml``, ``/word/styles.xml``, images)
tied together by relationship files and typed by ``[Content_Types].xml``. The
renderer needs a template read, a few of its parts edited as XML, some parts
added (header, images, a chart, the form's custom XML) and the whole written
again. python-docx's package layer did this; importing python-docx costs ~25 ms
of every build (its two hundred element classes, enums and image readers), and
the renderer uses none of its proxies, so the package is kept here, on lxml.

A part keeps its bytes until its XML is asked for, and is written back as it
came unless it was parsed; only parts reachable from the package's
relationships are written, so dropping a relationship drops its part (as
python-docx did). The XML of a template is untrusted and parsed safely
(:func:`musforms.ooxml.safezip.parse_xml`).
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from musforms.errors import AnswersError, RenderError
from musforms.ooxml.safezip import parse_xml
from musforms.ooxml.zipfast import zip_timestamp

__all__ = ["RT", "Package", "Part", "Relationship"]

_RELS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _broken(why: str) -> RenderError:
    """The error of a template that is not a sound Word package; ``why`` names the part."""
    return RenderError(code="template.docx_broken", params={"why": why}, fmt="docx")


class RT:
    """The relationship types the renderer makes or follows."""

    OFFICE_DOCUMENT = f"{_OFFICE}/officeDocument"
    STYLES = f"{_OFFICE}/styles"
    SETTINGS = f"{_OFFICE}/settings"
    HEADER = f"{_OFFICE}/header"
    FOOTER = f"{_OFFICE}/footer"
    IMAGE = f"{_OFFICE}/image"
    CHART = f"{_OFFICE}/chart"
    PACKAGE = f"{_OFFICE}/package"
    CUSTOM_XML = f"{_OFFICE}/customXml"
    CUSTOM_XML_PROPS = f"{_OFFICE}/customXmlProps"
    CORE_PROPERTIES = (
        "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
    )


@dataclass
class Relationship:
    """A relationship of a part: to another part, or to an outside address (``external``)."""

    rid: str
    reltype: str
    target: str  # as written in the .rels file: relative to the source, or a URL
    external: bool = False
    part: Part | None = None


class Part:
    """One part of the package: its name, content type, bytes or XML, and relationships."""

    def __init__(
        self,
        name: str,
        content_type: str,
        blob: bytes = b"",
        *,
        element: etree._Element | None = None,
        label: str = "template",
    ) -> None:
        self.name = name
        self.content_type = content_type
        self.rels: dict[str, Relationship] = {}
        self._blob = blob
        self._element = element
        self._label = label

    @property
    def element(self) -> etree._Element:
        """The part's XML, parsed (safely) on first use; edits to it are written out."""
        if self._element is None:
            try:
                self._element = parse_xml(
                    self._blob, label=self._label, member=self.name[1:], for_editing=True
                )
            except AnswersError:
                raise _broken(self.name[1:]) from None
        return self._element

    @element.setter
    def element(self, value: etree._Element) -> None:
        self._element = value

    @property
    def blob(self) -> bytes:
        """The part's bytes: its XML serialised if it was parsed, else as read."""
        if self._element is not None:
            data: bytes = etree.tostring(
                self._element, xml_declaration=True, encoding="UTF-8", standalone=True
            )
            return data
        return self._blob

    def related(self, reltype: str) -> Part | None:
        """Return the first part this one relates to by ``reltype``; ``None`` if none."""
        for rel in self.rels.values():
            if rel.reltype == reltype and rel.part is not None:
                return rel.part
        return None

    def relate_to(self, target: Part, reltype: str) -> str:
        """Relate this part to ``target`` (once) and return the relationship's id."""
        for rel in self.rels.values():
            if rel.part is target and rel.reltype == reltype:
                return rel.rid
        rid = next(f"rId{n}" for n in range(1, len(self.rels) + 2) if f"rId{n}" not in self.rels)
        self.rels[rid] = Relationship(rid, reltype, _relative(self.name, target.name), part=target)
        return rid

    def drop_rel(self, rid: str) -> None:
        """Remove a relationship (its part goes too, unless another part relates to it)."""
        self.rels.pop(rid, None)


class Package:
    """The parts of a Word file and the package's own relationships."""

    def __init__(self) -> None:
        self.root = Part("/", "")  # holds the package relationships (/_rels/.rels)
        self._parts: dict[str, Part] = {}

    @classmethod
    def read(cls, data: bytes, *, label: str = "template") -> Package:
        """Read a package from zip bytes whose member sizes are true (``honest_copy``).

        Raises:
            RenderError: not a Word package (no content types, no main document part).
        """

        package = cls()
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            members = {info.filename: archive.read(info) for info in archive.infolist()}
        except (zipfile.BadZipFile, ValueError, OSError, EOFError):
            raise _broken("zip") from None
        if "[Content_Types].xml" not in members:
            raise _broken("[Content_Types].xml")
        defaults, overrides = _content_types(members.pop("[Content_Types].xml"), label)
        rels_files: dict[str, bytes] = {}
        for member, blob in members.items():
            if member.endswith("/"):
                continue
            if (
                member.endswith(".rels")
                and posixpath.basename(posixpath.dirname(member)) == "_rels"
            ):
                rels_files[member] = blob
                continue
            name = "/" + member
            extension = posixpath.splitext(member)[1][1:].lower()
            content_type = overrides.get(name.lower()) or defaults.get(extension)
            package._parts[name] = Part(name, content_type or "", blob, label=label)
        for source in (package.root, *package._parts.values()):
            rels_file = rels_files.get(_rels_member(source.name))
            if rels_file is not None:
                source.rels = package._read_rels(source.name, rels_file, label)
        if package.main is None:
            raise _broken("word/document.xml")
        # What the document uses must be there and typed (python-docx refused it too): a
        # relationship to a missing part, or a part of no type, would be a broken .docx.
        for source in (package.root, *package.iter_parts()):
            if source is not package.root and not source.content_type:
                raise _broken(f"{source.name[1:]}: no content type")
            for rel in source.rels.values():
                if not rel.external and rel.part is None:
                    raise _broken(f"{_rels_member(source.name)}: {rel.target}")
        return package

    def _read_rels(self, source: str, blob: bytes, label: str) -> dict[str, Relationship]:
        try:
            root = parse_xml(blob, label=label, member=_rels_member(source))
        except AnswersError:
            raise _broken(_rels_member(source)) from None
        rels: dict[str, Relationship] = {}
        for entry in root.iterfind(f"{{{_PACKAGE_RELS}}}Relationship"):
            rid, reltype, target = entry.get("Id"), entry.get("Type"), entry.get("Target")
            if not rid or not reltype or target is None:
                continue
            external = entry.get("TargetMode") == "External"
            part = None if external else self._parts.get(_absolute(source, target))
            rels[rid] = Relationship(rid, reltype, target, external, part)
        return rels

    @property
    def main(self) -> Part | None:
        """The main document part (``/word/document.xml``)."""
        return self.root.related(RT.OFFICE_DOCUMENT)

    def iter_parts(self) -> Iterator[Part]:
        """Yield every part reachable from the package's relationships, once, depth first.

        Iterative: a template's parts may relate to one another in a chain thousands
        long (safezip allows 5,000 members), deeper than Python's recursion.
        """
        seen: set[int] = set()
        stack = [iter(self.root.rels.values())]
        while stack:
            rel = next(stack[-1], None)
            if rel is None:
                stack.pop()
                continue
            part = rel.part
            if part is not None and id(part) not in seen:
                seen.add(id(part))
                yield part
                stack.append(iter(part.rels.values()))

    def next_partname(self, template: str) -> str:
        """Return the first free name of ``template`` (``/word/media/image%d.png``)."""
        names = {part.name for part in self.iter_parts()}
        return next(template % n for n in range(1, len(names) + 2) if template % n not in names)

    def add(
        self,
        name: str,
        content_type: str,
        blob: bytes = b"",
        *,
        element: etree._Element | None = None,
    ) -> Part:
        """Return a new part, of bytes or of XML (written once a relationship reaches it)."""
        part = Part(name, content_type, blob, element=element)
        self._parts[name] = part
        return part

    def to_bytes(self, day: dt.date) -> bytes:
        """Return the package as a zip whose members are all dated midnight of ``day``."""
        when = zip_timestamp(day)
        parts = list(self.iter_parts())
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:

            def put(member: str, blob: bytes) -> None:
                entry = zipfile.ZipInfo(member, date_time=when)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                archive.writestr(entry, blob, compresslevel=6)

            put("[Content_Types].xml", _content_types_xml(parts))
            put("_rels/.rels", _rels_xml(self.root))
            for part in parts:
                put(part.name[1:], part.blob)
                if part.rels:
                    put(_rels_member(part.name), _rels_xml(part))
        return out.getvalue()


def _rels_member(source: str) -> str:
    """Return the zip member of a part's relationships: ``word/_rels/document.xml.rels``."""
    folder, name = posixpath.split(source)
    return posixpath.join(folder, "_rels", f"{name}.rels").lstrip("/")


def _absolute(source: str, target: str) -> str:
    """Return the part name a relationship of part ``source`` points to."""
    if target.startswith("/"):
        return posixpath.normpath(target)
    base = posixpath.dirname(source) if source != "/" else "/"
    return posixpath.normpath(posixpath.join(base, target))


def _relative(source: str, target: str) -> str:
    base = posixpath.dirname(source) if source != "/" else "/"
    return posixpath.relpath(target, base)


def _content_types(blob: bytes, label: str) -> tuple[dict[str, str], dict[str, str]]:
    try:
        root = parse_xml(blob, label=label, member="[Content_Types].xml")
    except AnswersError:
        raise _broken("[Content_Types].xml") from None
    defaults = {
        (e.get("Extension") or "").lower(): e.get("ContentType") or ""
        for e in root.iterfind(f"{{{_CONTENT_TYPES}}}Default")
    }
    overrides = {
        (e.get("PartName") or "").lower(): e.get("ContentType") or ""
        for e in root.iterfind(f"{{{_CONTENT_TYPES}}}Override")
    }
    return defaults, overrides


#: Parts typed by their extension in [Content_Types].xml; every other part gets an Override.
_DEFAULTS = {
    "rels": _RELS_TYPE,
    "xml": "application/xml",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _content_types_xml(parts: list[Part]) -> bytes:
    root = etree.Element(f"{{{_CONTENT_TYPES}}}Types", nsmap={None: _CONTENT_TYPES})  # type: ignore[dict-item]
    used = {posixpath.splitext(part.name)[1][1:].lower() for part in parts} | {"rels"}
    for extension, content_type in sorted(_DEFAULTS.items()):
        if extension in used:
            etree.SubElement(
                root, f"{{{_CONTENT_TYPES}}}Default", Extension=extension, ContentType=content_type
            )
    for part in sorted(parts, key=lambda part: part.name):
        extension = posixpath.splitext(part.name)[1][1:].lower()
        if _DEFAULTS.get(extension) != part.content_type:
            etree.SubElement(
                root,
                f"{{{_CONTENT_TYPES}}}Override",
                PartName=part.name,
                ContentType=part.content_type,
            )
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


def _rels_xml(source: Part) -> bytes:
    root = etree.Element(f"{{{_PACKAGE_RELS}}}Relationships", nsmap={None: _PACKAGE_RELS})  # type: ignore[dict-item]
    for rel in source.rels.values():
        entry = etree.SubElement(
            root, f"{{{_PACKAGE_RELS}}}Relationship", Id=rel.rid, Type=rel.reltype
        )
        entry.set("Target", rel.target)
        if rel.external:
            entry.set("TargetMode", "External")
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data
