"""A PDF's objects, put together with the per-person ones last: one layout for every file.

reportlab writes a classic PDF: its objects one after another in number
order, then a cross-reference table of their offsets. This module cuts such
a file into its objects and writes it again with the objects that hold a
person's name (the header, the person fields, the payload) **moved to the
end**. PDF does not care about the order of objects (nothing is
linearised), and so every other object keeps its offset whatever the names:
a batch writes the static part once and only the last few objects per person
(:mod:`musforms.render.pdf._template`).

Every PDF musforms writes goes through :class:`Skeleton`, the renderer's
included, so a file filled by batch is byte for byte the file ``musforms
build`` makes for that person; batch checks that on every template.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = ["Cut", "Skeleton", "cut"]

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_TRAILER_REF = re.compile(rb"/(Root|Info) (\d+) 0 R")


@dataclass(frozen=True)
class Cut:
    """A PDF cut into its objects (``N 0 obj ... endobj``, by number) and trailer references."""

    head: bytes
    objects: dict[int, bytes]
    root: int
    info: int


def cut(data: bytes) -> Cut:
    """Return the objects of a PDF as reportlab writes it (one classic xref, in order).

    Raises:
        ValueError: the file is not laid out so (never for reportlab's output).
    """
    match = _STARTXREF.search(data[-64:])
    if match is None:
        raise ValueError("no startxref")
    start = int(match.group(1))
    lines = data[start:].split(b"\n")
    if lines[0] != b"xref":
        raise ValueError("not a classic cross-reference table")
    first, count = (int(part) for part in lines[1].split())
    offsets: dict[int, int] = {}
    for index in range(count):
        offset, _, kind = lines[2 + index].split()
        if kind == b"n":
            offsets[first + index] = int(offset)
    order = sorted(offsets, key=offsets.__getitem__)
    ends = [offsets[n] for n in order[1:]] + [start]
    objects = {n: data[offsets[n] : end] for n, end in zip(order, ends, strict=True)}
    references = dict(_TRAILER_REF.findall(data[start:]))
    return Cut(
        head=data[: offsets[order[0]]],
        objects=objects,
        root=int(references[b"Root"]),
        info=int(references[b"Info"]),
    )


class Skeleton:
    """The static part of a PDF, ready to take its per-person objects.

    Args:
        pdf: the cut file.
        personal: the numbers of the objects that hold a person's name.
    """

    def __init__(self, pdf: Cut, personal: Iterable[int]) -> None:
        self.personal = tuple(sorted(personal))
        size = max(pdf.objects) + 1
        parts = [pdf.head]
        position = len(pdf.head)
        self.xref = [b"0000000000 65535 f \n"] + [b"0000000000 65535 f \n"] * (size - 1)
        for number in sorted(pdf.objects):
            if number in self.personal:
                continue
            self.xref[number] = b"%010d 00000 n \n" % position
            parts.append(pdf.objects[number])
            position += len(pdf.objects[number])
        self.static = b"".join(parts)
        self.size = size
        self.digest = hashlib.md5(self.static, usedforsecurity=False).digest()
        self.trailer = b"/Info %d 0 R\n/Root %d 0 R\n/Size %d\n>>\n" % (pdf.info, pdf.root, size)

    def assemble(self, objects: Mapping[int, bytes]) -> bytes:
        """Return the whole file: the static part, then ``objects`` (the personal ones).

        The file's ``/ID`` is a digest of its content, so that the same form for the
        same person is the same file, and two people's files differ.
        """
        xref = self.xref.copy()
        position = len(self.static)
        parts = [self.static]
        ident = hashlib.md5(self.digest, usedforsecurity=False)
        for number in self.personal:
            data = objects[number]
            xref[number] = b"%010d 00000 n \n" % position
            parts.append(data)
            ident.update(data)
            position += len(data)
        parts.append(b"xref\n0 %d\n" % self.size)
        parts += xref
        hexed = ident.hexdigest().encode("ascii")
        parts.append(b"trailer\n<<\n/ID [<%s><%s>]\n" % (hexed, hexed))
        parts.append(self.trailer)
        parts.append(b"startxref\n%d\n%%%%EOF\n" % position)
        return b"".join(parts)
