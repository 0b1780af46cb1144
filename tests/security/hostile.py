"""Hostile filled forms, made from real ones: their payload, XML and zip changed as an attacker would.

Every helper starts from a file musforms wrote and filled (``tests.fillers``), so
a mutation is one step away from a valid form and reaches deep into the reader.
The payload is found and written back without musforms' own code (the custom
XML part of a .docx, column A of the very hidden sheet of an .xlsx), so the
same helpers work on any version of the reader.
"""

from __future__ import annotations

import io
import json
import os
import socket
import struct
import sys
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import openpyxl
from lxml import etree

from musforms.form import Form
from tests.fillers import fill_docx, fill_xlsx

NAMESPACE = "urn:musforms:form:1"
META_SHEET = "musforms"
CHUNK = 32_000

#: Answers to the questions of :func:`small_form`, as a person fills them.
ANSWERS: dict[str, Any] = {
    "opgaver.resultater": "Et godt år",
    "ledelse.samarbejdet": 4,
    "afslutning.udviklingsplan": [{"goal": "Lære Python", "action": "Et kursus"}],
}


def small_form() -> Form:
    """Return a form of a free text, a scale and a development plan, with its people."""
    from musforms import FormBuilder

    builder = FormBuilder(title="MUS 2027", organisation="Eksempel Kommune")
    builder = builder.tick(*ANSWERS)
    return builder.build()


def filled(form: Form, suffix: str, answers: dict[str, Any] | None = None) -> bytes:
    """Return a .docx or .xlsx of ``form``, filled with ``answers`` (default :data:`ANSWERS`)."""
    buffer = io.BytesIO()
    if suffix == ".docx":
        form.to_docx(buffer)
        return fill_docx(form, buffer.getvalue(), ANSWERS if answers is None else answers)
    form.to_xlsx(buffer)
    return fill_xlsx(form, buffer.getvalue(), ANSWERS if answers is None else answers)


def members(data: bytes) -> dict[str, bytes]:
    """Return a zip's members by name, in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rezip(
    data: bytes, replace: dict[str, bytes | None] | None = None, *, stored: bool = False
) -> bytes:
    """Return the zip ``data`` with members replaced (``None``: removed) or added."""
    parts: dict[str, bytes | None] = {**members(data), **(replace or {})}
    out = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, blob in parts.items():
            if blob is not None:
                archive.writestr(name, blob)
    return out.getvalue()


def _payload_item(parts: dict[str, bytes]) -> str:
    for name, blob in parts.items():
        if name.startswith("customXml/item") and NAMESPACE.encode() in blob:
            return name
    raise AssertionError("no musforms custom XML part")


def payload_text(data: bytes) -> str:
    """Return the payload's JSON text as the file holds it."""
    parts = members(data)
    if "word/document.xml" in parts:
        root = etree.fromstring(parts[_payload_item(parts)])
        return root.findtext(f"{{{NAMESPACE}}}payload") or ""
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book[META_SHEET]
    chunks = []
    for (value,) in sheet.iter_rows(min_row=2, min_col=1, max_col=1, values_only=True):
        if not value:
            break
        chunks.append(str(value))
    return "".join(chunks)


def payload(data: bytes) -> dict[str, Any]:
    """Return the payload of a musforms file as data."""
    loaded: dict[str, Any] = json.loads(payload_text(data))
    return loaded


def with_payload_text(data: bytes, text: str) -> bytes:
    """Return ``data`` with its payload replaced by ``text`` (any text, valid JSON or not)."""
    parts = members(data)
    if "word/document.xml" in parts:
        name = _payload_item(parts)
        root = etree.fromstring(parts[name])
        root.find(f"{{{NAMESPACE}}}payload").text = text
        return rezip(data, {name: etree.tostring(root, xml_declaration=True, encoding="UTF-8")})
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book[META_SHEET]
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, 1).value = None
    for number, start in enumerate(range(0, len(text), CHUNK)):
        cell = sheet.cell(2 + number, 1)
        cell.value = text[start : start + CHUNK]
        cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _schema_of(current: dict[str, Any]) -> dict[str, Any]:
    """Return a JSON Schema of the payload's questions, as files of musforms 0.1 carried one.

    musforms no longer writes a schema into its files, and never reads one; an attacker
    may still put one in, so the hostile files here carry one to spoil.
    """
    questions = [q for s in current.get("spec", {}).get("sections", []) for q in s["questions"]]
    return {
        "type": "object",
        "properties": {
            q["id"]: {"title": q["id"], "x-musforms": {"kind": q.get("kind", "long_text")}}
            for q in questions
            if isinstance(q, dict) and "id" in q
        },
    }


def with_payload(data: bytes, change: Callable[[dict[str, Any]], Any]) -> bytes:
    """Return ``data`` with its payload changed in place by ``change`` (or replaced by its result)."""
    current = payload(data)
    current.setdefault("schema", _schema_of(current))
    result = change(current)
    new = current if result is None else result
    # ASCII escapes: any value, lone surrogates and controls included, fits in XML.
    return with_payload_text(data, json.dumps(new, ensure_ascii=True))


@contextmanager
def listener() -> Iterator[tuple[int, list[str]]]:
    """Listen on a free port of 127.0.0.1; yield the port and the list of connections made.

    A thread accepts every connection, records who came and closes it at once,
    so that a client that does connect fails fast instead of waiting.
    """
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.05)
    connections: list[str] = []
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                client, address = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            connections.append(f"{address[0]}:{address[1]}")
            client.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], connections
    finally:
        done.set()
        thread.join(timeout=2)
        server.close()


_WATCHED: list[tuple[set[str], list[str]]] = []
_NETWORK_EVENTS = frozenset(
    {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request"}
)


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _WATCHED:
        return
    paths, seen = _WATCHED[-1]
    if event in _NETWORK_EVENTS:
        seen.append(f"{event} {args[1] if event == 'socket.connect' else args[0]}")
    elif event == "open" and args and isinstance(args[0], str | bytes | os.PathLike):
        path = os.fsdecode(args[0])
        if path in paths:
            seen.append(f"open {path}")


@contextmanager
def watching(*paths: str | os.PathLike[str]) -> Iterator[list[str]]:
    """Record every network access, and every open of one of ``paths``, while inside.

    An audit hook (PEP 578) sees what the library does however it does it:
    ``socket.connect`` and name look-ups below urllib, requests or any
    resolver of JSON Schema references, and ``open`` below ``open()``,
    ``os.open`` and ``Path.read_bytes``.
    """
    if not _HOOKED:
        sys.addaudithook(_audit)
        _HOOKED.append(True)
    seen: list[str] = []
    _WATCHED.append(({os.fspath(path) for path in paths}, seen))
    try:
        yield seen
    finally:
        _WATCHED.pop()


_HOOKED: list[bool] = []


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def type_into(data: bytes, typed: dict[str, str]) -> bytes:
    """Return a .docx with ``typed[tag]`` typed into the control of that tag, as text.

    Unlike ``tests.fillers``, any text goes into any control: a date picker
    gets the text and no date, as when someone types into it by hand.
    """
    parts = members(data)
    root = etree.fromstring(parts["word/document.xml"])
    for sdt in root.iter(f"{{{W}}}sdt"):
        properties = sdt.find(f"{{{W}}}sdtPr")
        tag = properties.find(f"{{{W}}}tag") if properties is not None else None
        name = tag.get(f"{{{W}}}val") if tag is not None else None
        if name not in typed:
            continue
        for flag in properties.findall(f"{{{W}}}showingPlcHdr"):
            properties.remove(flag)
        texts = list(sdt.find(f"{{{W}}}sdtContent").iter(f"{{{W}}}t"))
        texts[0].text = typed[name]
        for extra in texts[1:]:
            extra.text = ""
    return rezip(data, {"word/document.xml": etree.tostring(root)})


def _zip_of_raw(entries: list[tuple[str, bytes, int, int]], *, central_extra: int = 1) -> bytes:
    """Return a zip of already deflated members: (name, deflated, crc, size) each.

    With ``central_extra`` above 1, the central directory lists every member
    that many times, all pointing at the same data: the overlapping-files bomb.
    """
    out = bytearray()
    central = bytearray()
    count = 0
    for name, deflated, crc, size in entries:
        encoded = name.encode()
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 33, crc, len(deflated), size, len(encoded), 0
        )
        out += encoded + deflated
        for copy in range(central_extra):
            listed = encoded if copy == 0 else f"{name}.{copy}".encode()
            central += struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50, 20, 20, 0, 8, 0, 33, crc, len(deflated), size,
                len(listed), 0, 0, 0, 0, 0, offset,
            )  # fmt: skip
            central += listed
            count += 1
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), len(out), 0)
    return bytes(out + central + end)


def zeros(size: int) -> tuple[bytes, int]:
    """Return ``size`` zero bytes deflated, cheaply (one MiB compressed once, repeated), and their CRC."""
    chunk = bytes(1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    segment = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(size >> 20):
        crc = zlib.crc32(chunk, crc)
    return segment * (size >> 20) + b"\x03\x00", crc


def zip_bomb(
    base: bytes, size: int, name: str = "word/document.xml", *, declared: int | None = None
) -> bytes:
    """Return the zip ``base`` with its member ``name`` unpacking to ``size`` zero bytes.

    Built on a real document, so that a reader that trusts it goes as far as
    unpacking the bomb. ``declared`` is the size its headers claim (default:
    the truth); a small one makes a bomb that lies about its size.
    """
    entries = []
    for member, blob in members(base).items():
        if member != name:
            entries.append((member, zlib.compress(blob)[2:-4], zlib.crc32(blob), len(blob)))
    deflated, crc = zeros(size)
    entries.append((name, deflated, crc, size if declared is None else declared))
    return _zip_of_raw(entries)


def overlapping_bomb(size: int, copies: int) -> bytes:
    """Return a zip listing one member of ``size`` zero bytes ``copies`` times (Fifield's bomb)."""
    deflated, crc = zeros(size)
    return _zip_of_raw([("word/document.xml", deflated, crc, size)], central_extra=copies)


def xml_text(part: bytes) -> str:
    """Return the text of a Word part as a reader sees it: runs joined, tags left out."""
    return "".join(etree.fromstring(part).itertext())
