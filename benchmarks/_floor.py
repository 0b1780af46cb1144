"""The zip floor: a personalised copy of a zip at the least cost a zip allows.

Every member is copied as it is stored, compressed bytes and all, except the
parts that hold the names: those are replaced in and deflated again whole.
Nothing can personalise a .docx or .xlsx much faster without tricks of its
own (musforms' :mod:`musforms.ooxml.zipfast` has one: it never re-deflates the
static text around a name). This writer is independent of ``src/`` on
purpose; it is the yardstick, not the thing measured.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass

__all__ = ["ZipFloor"]

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")


@dataclass(frozen=True)
class _Member:
    name: bytes
    flags: int
    method: int
    crc: int
    size: int
    raw: bytes  # as stored: compressed with ``method``
    text: bytes | None  # the uncompressed part, when it is rewritten per copy


class ZipFloor:
    """A zip whose chosen parts get text replaced per copy; the rest is copied raw.

    Args:
        data: the template zip.
        rewrite: tells, by member name, which parts are rewritten per copy.
    """

    def __init__(self, data: bytes, rewrite: Callable[[str], bool]) -> None:
        self.members: list[_Member] = []
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                # The local header's name and extra field may differ from the central one's.
                start = info.header_offset
                name_len, extra_len = struct.unpack_from("<HH", data, start + 26)
                begin = start + 30 + name_len + extra_len
                raw = data[begin : begin + info.compress_size]
                text = archive.read(info) if rewrite(info.filename) else None
                self.members.append(
                    _Member(
                        info.filename.encode("utf-8"),
                        info.flag_bits & 0x0800,  # keep the UTF-8 flag, drop data descriptors
                        info.compress_type,
                        info.CRC,
                        info.file_size,
                        raw,
                        text,
                    )
                )
        if not any(m.text is not None for m in self.members):
            raise ValueError("no member of the template is chosen for rewriting")

    def fill(self, values: Mapping[bytes, bytes]) -> bytes:
        """Return a copy with every key of ``values`` replaced by its value in the chosen parts."""
        out = io.BytesIO()
        central: list[bytes] = []
        for member in self.members:
            method, crc, size, raw = member.method, member.crc, member.size, member.raw
            if member.text is not None:
                text = member.text
                for old, new in values.items():
                    text = text.replace(old, new)
                compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
                raw = compressor.compress(text) + compressor.flush()
                method, crc, size = zipfile.ZIP_DEFLATED, zlib.crc32(text), len(text)
            offset = out.tell()
            name = member.name
            out.write(
                _LOCAL.pack(
                    0x04034B50, 20, member.flags, method, 0, 33, crc, len(raw), size, len(name), 0
                )
            )
            out.write(name)
            out.write(raw)
            central.append(
                _CENTRAL.pack(
                    0x02014B50,
                    20,
                    20,
                    member.flags,
                    method,
                    0,
                    33,
                    crc,
                    len(raw),
                    size,
                    len(name),
                    0,
                    0,
                    0,
                    0,
                    0,
                    offset,
                )
                + name
            )
        start = out.tell()
        directory = b"".join(central)
        out.write(directory)
        count = len(self.members)
        out.write(_END.pack(0x06054B50, 0, 0, count, count, len(directory), start, 0))
        return out.getvalue()
