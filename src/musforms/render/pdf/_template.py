"""Batch personalisation of the PDF form: one render with placeholders, names filled per person.

The renderer writes every object that holds a person's name last (see
:mod:`musforms.render.pdf._file`): the header XObject, the person fields and
their appearance streams, and the embedded payload. So a template is that
file cut in two: the static part, written as it is for everyone, and those
few objects, each split at its placeholders. Filling in a person is joining
the pieces with the person's names, each encoded as its place needs:

- in a content stream (the header, a field's look): a Windows-1252 literal;
- in a field's value (``/V``): UTF-16 in hex;
- in the payload: JSON, then deflated again;

then fixing the streams' ``/Length`` and writing a new cross-reference table
and ``/ID``. Every encoder works letter by letter, so an encoded placeholder
is replaced by an encoded name and nothing else moves; the header places
each name at a fixed point and clips it, so no layout depends on a name.

A template is refused (``None``: batch renders each person whole) when a
placeholder turns up anywhere else, e.g. in a question text that names the
employee; a person is refused when a name has a letter outside Windows-1252
(the renderer draws those with a subset font that only a full render makes).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from musforms.ooxml.payload import encode_payload
from musforms.render.pdf._document import payload_stream
from musforms.render.pdf._file import Skeleton, cut
from musforms.render.pdf._fonts import literal, text_string

__all__ = ["PdfTemplate", "template"]

_STREAM = re.compile(rb"^(\d+ 0 obj\n<<.*?)/Length (\d+)(.*?>>\nstream\n)", re.S)
_END = b"endstream\nendobj\n"


def _hex(value: str) -> bytes:
    return text_string(value)[5:-1]


def _json(value: str) -> bytes:
    return encode_payload({"v": value})[6:-2].encode("utf-8")


@dataclass(frozen=True)
class _Pieces:
    """Bytes split at placeholders: ``parts[0] key parts[1] key ...``."""

    parts: tuple[bytes, ...]
    keys: tuple[str, ...]

    def join(self, values: Mapping[str, bytes]) -> bytes:
        out = [self.parts[0]]
        for key, part in zip(self.keys, self.parts[1:], strict=True):
            out += (values[key], part)
        return b"".join(out)


def _split(data: bytes, markers: Mapping[bytes, str]) -> _Pieces:
    pattern = re.compile(b"|".join(re.escape(m) for m in markers))
    parts: list[bytes] = []
    keys: list[str] = []
    start = 0
    for match in pattern.finditer(data):
        parts.append(data[start : match.start()])
        keys.append(markers[match.group()])
        start = match.end()
    parts.append(data[start:])
    return _Pieces(tuple(parts), tuple(keys))


@dataclass(frozen=True)
class _Object:
    """One personal object: how it is remade for a person."""

    number: int
    context: str  # "literal" (a content stream), "hex" (a dictionary), "json" (the payload)
    head: tuple[bytes, bytes] | None  # a stream's dictionary, split where /Length goes
    body: _Pieces

    def make(self, encoded: Mapping[str, Mapping[str, bytes]]) -> bytes:
        body = self.body.join(encoded[self.context])
        if self.head is None:
            return body
        if self.context == "json":
            body = payload_stream(body)
        before, after = self.head
        return b"%s/Length %d%s%s%s" % (before, len(body), after, body, _END)


class PdfTemplate:
    """A musforms PDF rendered with placeholder names, ready to fill per person."""

    def __init__(self, skeleton: Skeleton, objects: list[_Object]) -> None:
        self.skeleton = skeleton
        self.objects = objects
        self.contexts = {o.context for o in objects}

    def fill(self, values: Mapping[str, str]) -> bytes | None:
        """Return the PDF for ``values`` (by placeholder key); ``None``: render it whole."""
        encoders: dict[str, Callable[[str], bytes]] = {
            "literal": literal,
            "hex": _hex,
            "json": _json,
        }
        try:
            encoded = {
                context: {key: encoders[context](value) for key, value in values.items()}
                for context in self.contexts
            }
        except UnicodeEncodeError:  # a letter outside Windows-1252
            return None
        return self.skeleton.assemble({o.number: o.make(encoded) for o in self.objects})


def template(data: bytes, markers: Mapping[str, str]) -> PdfTemplate | None:
    """Return the template of a PDF rendered with ``markers`` (placeholder -> key) as names.

    ``None`` means the file cannot be filled by placeholders (see the module's docstring).
    """
    try:
        pdf = cut(data)
    except ValueError:
        return None
    plain = {m.encode("ascii"): key for m, key in markers.items()}  # as the payload has them
    literal_marks = {literal(m): key for m, key in markers.items()}
    hex_marks = {_hex(m): key for m, key in markers.items()}
    objects: list[_Object] = []
    for number, raw in pdf.objects.items():
        stream = _STREAM.match(raw)
        if stream is None:
            if any(m in raw for m in plain):
                return None  # a name in a dictionary, not as a field's value
            if any(m in raw for m in hex_marks):
                objects.append(_Object(number, "hex", None, _split(raw, hex_marks)))
            continue
        head = (stream.group(1), stream.group(3))
        end = stream.end() + int(stream.group(2))
        if raw[end:] != _END:
            return None
        content = raw[stream.end() : end]
        if b"/FlateDecode" in stream.group(0):
            try:
                content = zlib.decompress(content)
            except zlib.error:
                return None
            if not any(m in content for m in plain):
                continue
            if b"/EmbeddedFile" not in stream.group(0):
                return None  # a name in a page or a font: not a fillable place
            objects.append(_Object(number, "json", head, _split(content, plain)))
        elif any(m in content for m in literal_marks):
            if b"/Subtype /Form" not in stream.group(0):
                return None
            objects.append(_Object(number, "literal", head, _split(content, literal_marks)))
        elif any(m in raw for m in plain):
            return None
    if not objects:
        return None
    return PdfTemplate(Skeleton(pdf, [o.number for o in objects]), objects)
