"""Writing many near-identical zips fast: the engine of batch personalisation.

A personalised .docx or .xlsx differs from its template only in a few short
strings (the employee's name, the leader's, ...). Re-building or even
re-compressing the whole document per person is what makes mail-merge slow.
Here the template is split once at every placeholder; each static piece is
deflated once, on its own, ending in a full flush (byte-aligned, no back
references across the cut). Raw deflate segments made like that may be
concatenated, so a person's part is the static segments with the person's
few bytes deflated in between, and a final empty block. Per person, only the
CRC-32 of the uncompressed part is computed over again.

The zip container is written here too (stored/deflated members, no zip64),
with fixed timestamps so that the same input gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

#: A raw deflate stream's final block, empty, with fixed Huffman codes.
_FINAL_EMPTY_BLOCK = b"\x03\x00"
#: 1980-01-01 00:00 in DOS date/time: the fixed timestamp of every member.
_DOS_TIME = 0
_DOS_DATE = (1980 - 1980) << 9 | 1 << 5 | 1
_UTF8_NAMES = 0x0800


#: The first and last days a zip entry can be dated (DOS dates count years 1980-2107).
ZIP_FIRST_DAY = dt.date(1980, 1, 1)
ZIP_LAST_DAY = dt.date(2107, 12, 31)


def zip_timestamp(day: dt.date) -> tuple[int, int, int, int, int, int]:
    """Return midnight of ``day`` as a zip entry's ``date_time``, moved into 1980-2107.

    A form may be dated any day (a typo of 2207, a form for 1975); its file
    must still be written. Only the zip entries' dates move; the document
    prints the form's own date.
    """
    clamped = min(max(day, ZIP_FIRST_DAY), ZIP_LAST_DAY)
    return (clamped.year, clamped.month, clamped.day, 0, 0, 0)


def _deflate_segment(data: bytes, level: int = 6) -> bytes:
    """Return ``data`` as raw deflate blocks ending in a full flush (not final)."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


@dataclass(frozen=True)
class _Static:
    """A member that is the same in every file: stored once, compressed."""

    name: bytes
    crc: int
    size: int
    compressed: bytes


class _CrcShift:
    """The CRC-32 of a fixed piece of ``length`` bytes appended to anything, without its bytes.

    zlib's ``crc32(piece, c)`` is affine in the running value ``c``: it is
    ``A(c) ^ crc32(piece, 0)``, where the linear map ``A`` depends only on the
    piece's length. ``A`` is kept as four byte-indexed tables, so a person's CRC
    costs four look-ups per static piece instead of a pass over its kilobytes.
    """

    __slots__ = ("base", "tables")

    def __init__(self, piece: bytes) -> None:
        zeros = bytes(len(piece))
        plain = zlib.crc32(zeros, 0)
        columns = [zlib.crc32(zeros, 1 << bit) ^ plain for bit in range(32)]
        self.tables = tuple(
            tuple(_combine(columns[8 * byte : 8 * byte + 8], value) for value in range(256))
            for byte in range(4)
        )
        self.base = zlib.crc32(piece, 0)

    def after(self, crc: int) -> int:
        """Return ``zlib.crc32(piece, crc)``."""
        t0, t1, t2, t3 = self.tables
        return (
            t0[crc & 0xFF] ^ t1[(crc >> 8) & 0xFF] ^ t2[(crc >> 16) & 0xFF] ^ t3[crc >> 24]
        ) ^ self.base


def _combine(columns: Sequence[int], value: int) -> int:
    result = 0
    for bit, column in enumerate(columns):
        if value >> bit & 1:
            result ^= column
    return result


def _stored(value: bytes) -> bytes:
    """Return ``value`` as raw-deflate stored blocks (not final), byte-aligned like a flush.

    A person's few bytes gain nothing from compression; a stored block costs no
    zlib call at all. After a full flush the stream is byte-aligned, so the
    block's three header bits and their padding are the byte 0x00.
    """
    blocks = []
    for start in range(0, len(value), 0xFFFF):
        chunk = value[start : start + 0xFFFF]
        blocks.append(b"\x00" + struct.pack("<HH", len(chunk), len(chunk) ^ 0xFFFF) + chunk)
    return b"".join(blocks)


@dataclass(frozen=True)
class _Templated:
    """A member with placeholders: static pieces and, between them, keys to fill."""

    name: bytes
    pieces: tuple[bytes, ...]  # uncompressed static text, one more than keys
    segments: tuple[bytes, ...]  # the pieces deflated, each ending in a full flush
    keys: tuple[str, ...]
    shifts: tuple[_CrcShift, ...]  # each piece's CRC, appendable to any running CRC
    static_size: int


class ZipTemplate:
    """A zip whose members may hold placeholders, to be filled many times fast.

    Args:
        members: the members in order, name -> uncompressed bytes.
        placeholders: placeholder text (ASCII, as it appears in the members) -> key.
    """

    def __init__(self, members: Sequence[tuple[str, bytes]], placeholders: Mapping[bytes, str]):
        self._members: list[_Static | _Templated] = []
        self.placeholders = dict(placeholders)
        for name, data in members:
            encoded = name.encode("utf-8")
            if any(marker in data for marker in placeholders):
                pieces, keys = _split(data, placeholders)
                self._members.append(
                    _Templated(
                        encoded,
                        tuple(pieces),
                        tuple(_deflate_segment(piece) for piece in pieces),
                        tuple(keys),
                        tuple(_CrcShift(piece) for piece in pieces),
                        sum(len(piece) for piece in pieces),
                    )
                )
            else:
                compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
                compressed = compressor.compress(data) + compressor.flush()
                self._members.append(_Static(encoded, zlib.crc32(data), len(data), compressed))

    @property
    def templated(self) -> list[str]:
        """The names of the members that hold placeholders."""
        return [m.name.decode() for m in self._members if isinstance(m, _Templated)]

    def fill(self, values: Mapping[str, bytes]) -> bytes:
        """Return the zip with every placeholder replaced by ``values[key]`` (already escaped)."""
        out = bytearray()
        central = bytearray()
        for member in self._members:
            if isinstance(member, _Static):
                crc, size, data = member.crc, member.size, member.compressed
            else:
                crc, size, data = _fill(member, values)
            offset = len(out)
            out += _local_header(member.name, crc, len(data), size)
            out += data
            central += _central_header(member.name, crc, len(data), size, offset)
        end = struct.pack(
            "<IHHHHIIH",
            0x06054B50,
            0,
            0,
            len(self._members),
            len(self._members),
            len(central),
            len(out),
            0,
        )
        return bytes(out + central + end)


def _split(data: bytes, placeholders: Mapping[bytes, str]) -> tuple[list[bytes], list[str]]:
    pieces: list[bytes] = []
    keys: list[str] = []
    position = 0
    while True:
        found = [(data.find(marker, position), marker) for marker in placeholders]
        found = [(index, marker) for index, marker in found if index >= 0]
        if not found:
            pieces.append(data[position:])
            return pieces, keys
        index, marker = min(found)
        pieces.append(data[position:index])
        keys.append(placeholders[marker])
        position = index + len(marker)


def _fill(member: _Templated, values: Mapping[str, bytes]) -> tuple[int, int, bytes]:
    crc = 0
    size = member.static_size
    parts: list[bytes] = []
    for index, key in enumerate(member.keys):
        crc = member.shifts[index].after(crc)
        parts.append(member.segments[index])
        value = values[key]
        crc = zlib.crc32(value, crc)
        size += len(value)
        parts.append(_stored(value))
    crc = member.shifts[-1].after(crc)
    parts.append(member.segments[-1])
    parts.append(_FINAL_EMPTY_BLOCK)
    return crc, size, b"".join(parts)


def _local_header(name: bytes, crc: int, compressed: int, size: int) -> bytes:
    return (
        struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            20,
            _UTF8_NAMES,
            zlib.DEFLATED,
            _DOS_TIME,
            _DOS_DATE,
            crc,
            compressed,
            size,
            len(name),
            0,
        )
        + name
    )


def _central_header(name: bytes, crc: int, compressed: int, size: int, offset: int) -> bytes:
    return (
        struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            _UTF8_NAMES,
            zlib.DEFLATED,
            _DOS_TIME,
            _DOS_DATE,
            crc,
            compressed,
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
