"""Fuzz: real filled forms with their payload, XML or zip mutated are refused, never a crash.

A 90-second fuzz of this kind once found 4,466 crashes (issue 12, item 7). Each
example takes a filled .docx or .xlsx (``tests.fillers``), changes it one way
an attacker or a broken program could, and reads it: the reader must give
answers or raise a :class:`~musforms.errors.MusformsError`. Any other exception
fails the test. Examples are bounded and derandomized (``tests/conftest.py``).

X001: any value put anywhere in the payload (or a key removed) -> answers or MusformsError.
X002: any element of any XML part changed, removed, copied or cut -> the same.
X003: any bytes of the zip changed, any member removed, renamed or cut -> the same.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import zipfile
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from musforms.answers.read import read_answers
from musforms.errors import MusformsError
from tests.security import hostile

SUFFIXES = [".docx", ".xlsx"]
_MARK = "@@PAYLOAD@@"


@functools.cache
def _filled(suffix: str) -> bytes:
    return hostile.filled(hostile.small_form(), suffix)


@functools.cache
def _payload_text(suffix: str) -> str:
    return hostile.payload_text(_filled(suffix))


@functools.cache
def _with_mark(suffix: str) -> tuple[dict[str, bytes], str]:
    """The filled form with a mark where the payload's text goes, and the member holding it."""
    parts = hostile.members(hostile.with_payload_text(_filled(suffix), _MARK))
    member = next(name for name, blob in parts.items() if _MARK.encode() in blob)
    return parts, member


def _with_payload(suffix: str, payload: Any) -> bytes:
    """Return the filled form with ``payload`` as its payload, fast (no openpyxl)."""
    parts, member = _with_mark(suffix)
    text = json.dumps(payload, ensure_ascii=True)  # any value, controls included, fits in XML
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _zip({**parts, member: parts[member].replace(_MARK.encode(), escaped.encode())})


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, blob in parts.items():
            archive.writestr(name, blob)
    return out.getvalue()


def _read(data: bytes) -> None:
    """Read ``data`` as a filled form: answers or a MusformsError, nothing else."""
    with contextlib.suppress(MusformsError):
        read_answers(io.BytesIO(data))


_TEXTS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            " ",
            "../../etc/passwd",
            "http://127.0.0.1:9/x",
            "{{ organisation }}",
            "{{ 7 * 7 }}",
            "{% if 1 %}x{% endif %}",
            "{{",
            "custom.x",
            "opgaver.resultater",
            "0.",
            "2027-02-30",
            "9" * 5000,
            "x" * 5000,
            "\ud800",
            "\x00",
        ]
    ),
)
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([0, -1, 1, 2, 99, 2**63, -(2**63), 10**100]),
    st.floats(allow_nan=True, allow_infinity=True),
    _TEXTS,
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(_TEXTS, inner, max_size=4)
    ),
    max_leaves=8,
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Return the path of every value inside a JSON document (the root's is ``()``)."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


@settings(max_examples=150)
@given(data=st.data(), suffix=st.sampled_from(SUFFIXES))
def test_any_payload_change_is_answers_or_a_musforms_error(data: Any, suffix: str) -> None:
    # X001
    payload = json.loads(_payload_text(suffix))  # a fresh copy to change
    changes = data.draw(st.integers(1, 3))
    for _ in range(changes):
        path = data.draw(st.sampled_from(_paths(payload)))
        if not path:
            payload = data.draw(_VALUES)
            continue
        parent = payload
        for step in path[:-1]:
            parent = parent[step]
        if data.draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = data.draw(_VALUES)
    _read(_with_payload(suffix, payload))


_XML_PARTS = {
    ".docx": ["word/document.xml", "customXml/item1.xml", "[Content_Types].xml", "_rels/.rels"],
    ".xlsx": [
        "xl/worksheets/sheet1.xml",
        "xl/worksheets/sheet3.xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "[Content_Types].xml",
    ],
}
_ATTRIBUTES = [
    "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val",
    "{http://schemas.microsoft.com/office/word/2010/wordml}val",
    "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}fullDate",
    "r",
    "t",
    "s",
    "name",
    "sheetId",
    "state",
    "Target",
    "Id",
    "tag",
    "placeholder",
    "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id",
]


@settings(max_examples=150)
@given(data=st.data(), suffix=st.sampled_from(SUFFIXES))
def test_any_xml_change_is_answers_or_a_musforms_error(data: Any, suffix: str) -> None:
    # X002
    parts = hostile.members(_filled(suffix))
    member = data.draw(st.sampled_from([m for m in _XML_PARTS[suffix] if m in parts]))
    root = etree.fromstring(parts[member])
    elements = list(root.iter())
    for _ in range(data.draw(st.integers(1, 4))):
        element = data.draw(st.sampled_from(elements))
        how = data.draw(
            st.sampled_from(["text", "attribute", "drop-attribute", "remove", "copy", "empty"])
        )
        parent = element.getparent()
        if how == "text":
            element.text = data.draw(st.text(max_size=20).filter(_xml_safe))
        elif how == "attribute":
            name = data.draw(st.sampled_from([*element.attrib.keys(), *_ATTRIBUTES]))
            element.set(name, data.draw(_TEXTS.filter(_xml_safe)))
        elif how == "drop-attribute" and element.attrib:
            del element.attrib[data.draw(st.sampled_from(sorted(element.attrib.keys())))]
        elif how == "remove" and parent is not None:
            parent.remove(element)
        elif how == "copy" and parent is not None:
            parent.insert(data.draw(st.integers(0, len(parent))), _copy(element))
        elif how == "empty":
            element.clear()
    blob = etree.tostring(root)
    if data.draw(st.booleans()):  # and sometimes not well-formed at all
        cut = data.draw(st.integers(0, len(blob)))
        blob = blob[:cut] + data.draw(st.binary(max_size=8)) + blob[cut + 1 :]
    _read(_zip({**parts, member: blob}))


def _xml_safe(text: str) -> bool:
    try:
        etree.Element("x").text = text
    except ValueError:
        return False
    return True


def _copy(element: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(element))


@settings(max_examples=150)
@given(data=st.data(), suffix=st.sampled_from(SUFFIXES))
def test_any_zip_change_is_answers_or_a_musforms_error(data: Any, suffix: str) -> None:
    # X003
    blob = _filled(suffix)
    how = data.draw(st.sampled_from(["bytes", "cut", "drop", "rename", "duplicate", "headers"]))
    if how in {"bytes", "headers"}:
        mutable = bytearray(blob)
        # The headers (sizes, CRCs, offsets, methods) sit at the end: hit them often.
        low = len(mutable) - 2000 if how == "headers" else 0
        for _ in range(data.draw(st.integers(1, 8))):
            mutable[data.draw(st.integers(max(low, 0), len(mutable) - 1))] = data.draw(
                st.integers(0, 255)
            )
        blob = bytes(mutable)
    elif how == "cut":
        blob = blob[: data.draw(st.integers(0, len(blob)))]
    else:
        parts = hostile.members(blob)
        name = data.draw(st.sampled_from(sorted(parts)))
        if how == "drop":
            del parts[name]
        elif how == "rename":
            parts[data.draw(_TEXTS.filter(lambda t: t and "\x00" not in t and _xml_safe(t)))] = (
                parts.pop(name)
            )
        else:
            parts[f"{name}.copy"] = parts[name]
        blob = _zip(parts)
    _read(blob)
