"""Reading an uploaded spec file safely.

``FormSpec.from_text`` already refuses YAML aliases (the "billion laughs"
bomb) and any tag that builds Python objects. Two things remain for a server
that must not fall over on a hostile file: nesting deep enough to exhaust the
parser (PyYAML's C composer recurses without a limit and crashes the whole
process on about 100,000 ``[``; the Python side raises RecursionError at a
few hundred levels), and text that is not UTF-8. Both are refused here before
the spec parser sees the file.

An upload over the body limit is answered by :class:`OversizeUploads` with the
page itself, the fields she sent intact; the file's bytes are dropped unread.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from musforms._located import MAX_NESTING
from musforms.errors import SpecError
from musforms.spec import FormSpec

__all__ = ["MAX_NESTING", "MAX_OVERSIZE_BYTES", "OversizeUploads", "parse_upload", "safe_name"]

_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f<>:\"/\\|?*]+")


def safe_name(filename: str | None) -> str:
    """Return an uploaded file's name fit to show: no folders, no control characters."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_NAME.sub("_", name).strip(" .")
    return name[:80] or "spec.yaml"


def parse_upload(data: bytes, filename: str) -> FormSpec:
    """Parse an uploaded spec (YAML or JSON) of at most the app's body limit.

    Raises:
        SpecError: the file is not UTF-8, nests too deeply, or is not a valid
            spec; the message names the line where known.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpecError(code="file.not_text", file=filename) from None
    try:
        return FormSpec.from_text(text, file=filename, json=filename.lower().endswith(".json"))
    except RecursionError:
        raise SpecError(code="yaml.too_deep", params={"levels": 40}, file=filename) from None


# -- an upload over the limit, answered on the page ---------------------------------------

#: The largest upload request read to answer "too large" on the page; larger ones get the
#: plain 413 page of the body limit. Reading and dropping 64 MB on this machine takes well
#: under a second.
MAX_OVERSIZE_BYTES = 64_000_000

#: Renders the page for an over-size upload: (text fields, file name, file field) -> response.
OversizePage = Callable[[dict[str, list[str]], str, str], Awaitable[Response]]


@dataclass
class _Part:
    name: str = ""
    filename: str | None = None
    data: bytearray = field(default_factory=bytearray)
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)


class _FieldsOnly:
    """A multipart parser that keeps the text fields and counts, then drops, every file."""

    def __init__(self, boundary: bytes, limit: int) -> None:
        self.fields: dict[str, list[str]] = {}
        self.files: list[tuple[str, str]] = []
        self._limit = limit
        self._kept = 0
        self._part = _Part()
        self._name = b""
        self._value = b""
        self.parser = MultipartParser(
            boundary,
            {
                "on_part_begin": self._begin,
                "on_part_data": self._data,
                "on_part_end": self._end,
                "on_header_field": self._header_field,
                "on_header_value": self._header_value,
                "on_header_end": self._header_end,
                "on_headers_finished": self._headers_finished,
            },
        )

    def _begin(self) -> None:
        self._part = _Part()

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._name += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        self._part.headers.append((self._name.lower(), self._value))
        self._name = self._value = b""

    def _headers_finished(self) -> None:
        disposition = next((v for k, v in self._part.headers if k == b"content-disposition"), b"")
        _, options = parse_options_header(disposition)
        self._part.name = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" in options:
            self._part.filename = options[b"filename"].decode("utf-8", "replace")

    def _data(self, data: bytes, start: int, end: int) -> None:
        if self._part.filename is not None:
            return  # a file's content: dropped, never kept or written anywhere
        self._kept += end - start
        if self._kept <= self._limit:
            self._part.data.extend(data[start:end])

    def _end(self) -> None:
        if self._part.filename is not None:
            self.files.append((self._part.name, self._part.filename))
        elif self._kept <= self._limit and len(self.fields) < 5000:
            text = self._part.data.decode("utf-8", "replace")
            self.fields.setdefault(self._part.name, []).append(text)


class OversizeUploads:
    """Answer an upload over the body limit with the page itself, her form intact.

    Without JavaScript the browser sends the whole form with the file, so the
    body limit's plain 413 page would lose her work. This middleware sits in
    front of the body limit: for a POST to one of ``paths`` whose declared
    length is over ``limit`` (and at most :data:`MAX_OVERSIZE_BYTES`), it reads
    the body as a stream, keeps the text fields (at most ``limit`` bytes in
    all), drops the file's bytes as they come, and answers with ``page``: the
    builder with the fields she sent and "the file is too large" at the file's
    field. Any other request goes on unchanged.
    """

    def __init__(
        self, app: ASGIApp, *, paths: frozenset[str], limit: int, page: OversizePage
    ) -> None:
        self.app = app
        self.paths = paths
        self.limit = limit
        self.page = page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        boundary = self._boundary(scope)
        if boundary is None:
            await self.app(scope, receive, send)
            return
        reader = _FieldsOnly(boundary, self.limit)
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            if chunk:
                try:
                    reader.parser.write(chunk)
                except Exception:  # a malformed body: answered like any bad request
                    break
            if not message.get("more_body", False):
                break
        name, filename = reader.files[0] if reader.files else ("spec_file", "")
        response = await self.page(reader.fields, safe_name(filename), name)
        await response(scope, receive, send)

    def _boundary(self, scope: Scope) -> bytes | None:
        """Return the multipart boundary of an over-size upload this middleware answers."""
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] not in self.paths:
            return None
        headers = Headers(scope=scope)
        try:
            declared = int(headers.get("content-length", ""))
        except ValueError:
            return None
        if not self.limit < declared <= MAX_OVERSIZE_BYTES:
            return None
        kind, options = parse_options_header(headers.get("content-type", ""))
        boundary = options.get(b"boundary")
        return boundary if kind == b"multipart/form-data" and boundary else None
