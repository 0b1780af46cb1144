"""Opening filled files safely: they are zips of XML from outside, so trust nothing.

A filled form comes back by mail from someone's laptop. Before any byte is
parsed, this module checks that the file is a zip of sensible size, that no
member declares (or turns out to have) a huge uncompressed size, and that the
compression ratio is not that of a zip bomb. XML is parsed with entities,
DTDs and network access off.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from musforms._files import describe_size, read_limited
from musforms.errors import AnswersError, MusformsError

#: A filled MUS form is well under a megabyte; pictures may make it a few.
MAX_FILE_BYTES = 50_000_000
#: No single part of a form needs more than this uncompressed.
MAX_MEMBER_BYTES = 64 * 1024 * 1024
#: All parts together.
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_MEMBERS = 5_000
#: XML compresses 5-30x; a ratio beyond this is a bomb, not a document.
MAX_RATIO = 200
#: What zipfile raises on bytes that are no zip it can read: a damaged or hostile file,
#: whatever the exception (its header parser and inflater raise all of these).
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    NotImplementedError,
    ValueError,
    OSError,
    EOFError,
    zlib.error,
    struct.error,
    KeyError,
    IndexError,
    OverflowError,
)


def open_zip(
    source: str | Path | BinaryIO,
    *,
    name: str | None = None,
    error: type[MusformsError] = AnswersError,
    limit: int = MAX_FILE_BYTES,
) -> zipfile.ZipFile:
    """Return the zip at ``source`` after checking its sizes, before anything is unpacked.

    Args:
        error: the error class to raise (a filled form's, a template's, ...).
        limit: the largest file accepted.

    Raises:
        error: not a regular file, too large, not a zip, too many parts, or a zip bomb.
    """
    label = name or (str(source) if isinstance(source, str | Path) else "<file>")
    if isinstance(source, str | Path):
        content = read_limited(source, limit, error, label=label, hint=_SIZE_HINT)
    else:
        content = source.read(limit + 1)
        if len(content) > limit:
            raise error(
                code="file.too_large",
                params={"limit": describe_size(limit), "hint": _SIZE_HINT[0]},
                file=label,
            )
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except ZIP_ERRORS:
        raise error(code="answers.not_zip", file=label) from None
    check_sizes(archive, label, error)
    return archive


_SIZE_HINT = ("a filled form is far smaller. Is it the right file?", "er det den rigtige fil?")


def check_sizes(
    archive: zipfile.ZipFile, label: str, error: type[MusformsError] = AnswersError
) -> None:
    """Refuse a zip whose declared sizes, part count or compression ratio are a bomb's."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise error(code="zip.too_many_parts", params={"count": len(members)}, file=label)
    total = 0
    for member in members:
        declared = member.file_size
        total += declared
        if declared > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
            raise error(code="zip.bomb", file=label)
        if (
            member.compress_size
            and declared / member.compress_size > MAX_RATIO
            and declared > 2**20
        ):
            raise error(code="zip.ratio", file=label)


def honest_copy(
    archive: zipfile.ZipFile, label: str, error: type[MusformsError] = AnswersError
) -> bytes:
    """Return the zip rebuilt from what its members unpack to, after :func:`check_sizes`.

    :func:`check_sizes` trusts the sizes a zip declares. A library handed the
    zip afterwards (python-docx for a Word template, openpyxl for a people
    workbook) reads each member whole, and zipfile inflates all of a member's
    compressed data before it cuts it to the declared size: a member that
    declares 1 KB and holds 400 MB of zeros costs 400 MB. Here each member is
    unpacked a MiB at a time, never past its declared size (zipfile stops
    there, and checks the CRC), and written into a new zip whose sizes are
    true by construction: that one is safe to hand on.

    Raises:
        error: a member is damaged (its CRC or its data), or the sizes are a bomb's.
    """
    check_sizes(archive, label, error)
    unpacked: dict[str, bytes] = {}  # a name listed twice: the last, as zipfile reads it
    for info in archive.infolist():
        chunks: list[bytes] = []
        try:
            with archive.open(info) as stream:
                while chunk := stream.read(1 << 20):
                    chunks.append(chunk)
        except ZIP_ERRORS:
            raise error(
                code="zip.part_damaged", params={"member": info.filename}, file=label
            ) from None
        unpacked[info.filename] = b"".join(chunks)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as copy:  # stored: it is read once, at once
        for name, content in unpacked.items():
            copy.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), content)
    return out.getvalue()


def read_member(
    archive: zipfile.ZipFile,
    member: str,
    *,
    label: str,
    error: type[MusformsError] = AnswersError,
) -> bytes:
    """Return a member's bytes, stopping if it unpacks beyond its declared size or the limit.

    Raises:
        error: the member is missing, broken or larger than it says.
    """
    try:
        info = archive.getinfo(member)
    except KeyError:
        raise error(code="zip.part_missing", params={"member": member}, file=label) from None
    limit = min(info.file_size, MAX_MEMBER_BYTES)
    try:
        with archive.open(info) as stream:
            content = stream.read(limit + 1)
    except ZIP_ERRORS:
        raise error(code="zip.part_damaged", params={"member": member}, file=label) from None
    if len(content) > limit:
        raise error(code="zip.part_too_large", params={"member": member}, file=label)
    return content


def _safe_parser(
    *, remove_comments: bool = False, remove_pis: bool = False, remove_blank_text: bool = False
) -> etree.XMLParser:
    """Return a parser that never reads a DTD, resolves an entity, fetches or grows unbounded."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=remove_comments,
        remove_pis=remove_pis,
        remove_blank_text=remove_blank_text,
    )


_PARSER = _safe_parser(remove_comments=True, remove_pis=True)
#: The same, for a part that is edited and written again (a Word template's): its comments
#: stay, and the whitespace between elements goes, as Word itself writes none.
_EDIT_PARSER = _safe_parser(remove_blank_text=True)


def parse_xml(
    content: bytes, *, label: str, member: str, for_editing: bool = False
) -> etree._Element:
    """Parse untrusted XML: no DTD, no entities, no network, no huge trees.

    ``for_editing`` keeps comments and processing instructions (the part is
    written out again) and drops whitespace-only text between elements.

    Raises:
        AnswersError: the XML declares a DTD or entities, or is not well-formed.
    """
    # XML is case-sensitive: these are the only spellings a parser would honour.
    if b"<!DOCTYPE" in content[:4096] or b"<!ENTITY" in content:
        raise AnswersError(code="xml.dtd", params={"member": member}, file=label)
    try:
        return etree.fromstring(content, parser=_EDIT_PARSER if for_editing else _PARSER)
    except etree.XMLSyntaxError:
        raise AnswersError(code="xml.bad", params={"member": member}, file=label) from None
