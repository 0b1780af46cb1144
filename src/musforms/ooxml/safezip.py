"""Opening filled files safely: they are zips of XML from outside, so trust nothing.

A filled form comes back by mail from someone's laptop. Before any byte is
parsed, this module checks that the file is a zip of sensible size, that no
member declares (or turns out to have) a huge uncompressed size, and that the
compression ratio is not that of a zip bomb. XML is parsed with entities,
DTDs and network access off.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import IO, BinaryIO

from lxml import etree

from musforms.errors import AnswersError

#: A filled MUS form is well under a megabyte; pictures may make it a few.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: No single part of a form needs more than this uncompressed.
MAX_MEMBER_BYTES = 64 * 1024 * 1024
#: All parts together.
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_MEMBERS = 5_000
#: XML compresses 5-30x; a ratio beyond this is a bomb, not a document.
MAX_RATIO = 200


def open_zip(source: str | Path | BinaryIO, *, name: str | None = None) -> zipfile.ZipFile:
    """Return the zip at ``source`` after checking its sizes.

    Raises:
        AnswersError: not a zip, too large, too many parts, or a zip bomb.
    """
    label = name or (str(source) if isinstance(source, str | Path) else "<file>")
    data: IO[bytes]
    if isinstance(source, str | Path):
        path = Path(source)
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise AnswersError("no such file. Check the path", file=label) from None
        except OSError as exc:
            raise AnswersError(f"cannot read the file ({exc.strerror})", file=label) from None
        if not path.is_file():
            raise AnswersError("not a file. Give a filled .docx or .xlsx", file=label)
        if size > MAX_FILE_BYTES:
            raise AnswersError(
                f"the file is larger than {MAX_FILE_BYTES // 2**20} MB; a filled form is far "
                "smaller. Is it the right file?",
                file=label,
            )
        try:
            data = io.BytesIO(path.read_bytes())
        except OSError as exc:
            raise AnswersError(f"cannot read the file ({exc.strerror})", file=label) from None
    else:
        content = source.read(MAX_FILE_BYTES + 1)
        if len(content) > MAX_FILE_BYTES:
            raise AnswersError(f"the file is larger than {MAX_FILE_BYTES // 2**20} MB", file=label)
        data = io.BytesIO(content)
    try:
        archive = zipfile.ZipFile(data)
    except (zipfile.BadZipFile, ValueError, OSError):
        raise AnswersError(
            "not a Word or Excel file (it is not a zip). Give a filled .docx or .xlsx made by "
            "musforms",
            file=label,
        ) from None
    _check_sizes(archive, label)
    return archive


def _check_sizes(archive: zipfile.ZipFile, label: str) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise AnswersError(f"the file has {len(members)} parts; a form has a few dozen", file=label)
    total = 0
    for member in members:
        declared = member.file_size
        total += declared
        if declared > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
            raise AnswersError(
                "the file unpacks to far more than a form could hold (a zip bomb?). Refused",
                file=label,
            )
        if (
            member.compress_size
            and declared / member.compress_size > MAX_RATIO
            and declared > 2**20
        ):
            raise AnswersError(
                "the file is compressed like a zip bomb, not like a document. Refused", file=label
            )


def read_member(archive: zipfile.ZipFile, member: str, *, label: str) -> bytes:
    """Return a member's bytes, stopping if it unpacks beyond its declared size or the limit.

    Raises:
        AnswersError: the member is missing, broken or larger than it says.
    """
    try:
        info = archive.getinfo(member)
    except KeyError:
        raise AnswersError(
            f"the part {member} is missing; the file is damaged", file=label
        ) from None
    limit = min(info.file_size, MAX_MEMBER_BYTES)
    try:
        with archive.open(info) as stream:
            content = stream.read(limit + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise AnswersError(f"the part {member} is damaged and cannot be read", file=label) from None
    if len(content) > limit:
        raise AnswersError(f"the part {member} is larger than it says. Refused", file=label)
    return content


_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)


def parse_xml(content: bytes, *, label: str, member: str) -> etree._Element:
    """Parse untrusted XML: no DTD, no entities, no network, no huge trees.

    Raises:
        AnswersError: the XML declares a DTD or entities, or is not well-formed.
    """
    # XML is case-sensitive: these are the only spellings a parser would honour.
    if b"<!DOCTYPE" in content[:4096] or b"<!ENTITY" in content:
        raise AnswersError(
            f"the part {member} declares a DTD or entities, which Word and Excel never write. "
            "Refused",
            file=label,
        )
    try:
        return etree.fromstring(content, parser=_PARSER)
    except etree.XMLSyntaxError:
        raise AnswersError(
            f"the part {member} is not well-formed XML; the file is damaged", file=label
        ) from None
