"""The fast zip template behind batch: filled zips equal the slow substitution.

Z001: any members with any placeholders give a valid zip whose members are the
      text with the values put in (property test).
Z002: filling twice with the same values gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st

from musforms.ooxml.zipfast import ZipTemplate

MARKERS = {b"@@A@@": "a", b"@@B@@": "b"}
MARKER = re.compile(b"@@A@@|@@B@@")

text = st.binary(max_size=3000).map(lambda b: b.replace(b"@", b"#"))


@settings(max_examples=150)
@given(
    chunks=st.lists(st.tuples(text, st.sampled_from([b"", b"@@A@@", b"@@B@@"])), max_size=8),
    other=text,
    a=st.text(max_size=40),
    b=st.text(max_size=40),
)
def test_filled_members_equal_plain_substitution(
    chunks: list[tuple[bytes, bytes]], other: bytes, a: str, b: str
) -> None:  # Z001
    document = b"".join(piece + marker for piece, marker in chunks)
    template = ZipTemplate([("word/document.xml", document), ("other.bin", other)], MARKERS)
    values = {"a": a.encode(), "b": b.encode()}
    data = template.fill(values)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        # One pass over the document: chained replaces would also replace a marker that a
        # value put in together with the text after it (a = "@@B" before "@@B@@").
        expected = re.sub(b"@@A@@|@@B@@", lambda found: values[MARKERS[found.group()]], document)
        assert archive.read("word/document.xml") == expected
        assert archive.read("other.bin") == other
    assert template.fill(values) == data  # Z002


def test_only_members_with_placeholders_are_templated() -> None:
    template = ZipTemplate([("a.xml", b"x @@A@@ y"), ("b.xml", b"static")], MARKERS)
    assert template.templated == ["a.xml"]


def test_names_keep_danish_letters() -> None:
    data = ZipTemplate([("blåbær/æ.xml", b"@@A@@")], MARKERS).fill({"a": b"x", "b": b""})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["blåbær/æ.xml"]
