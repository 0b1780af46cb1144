"""The payload: what every file musforms writes carries about its form, in both directions.

A filled file must be readable without the spec it was made from, and must be
recognisable as musforms' own. Every format embeds the same JSON payload (a
custom XML part in .docx, a very hidden sheet in .xlsx, an embedded file in
.pdf). Its keys:

- ``musforms``: the payload format (2; files of musforms 0.1 say 1);
- ``form_id``: the fingerprint of the form's questions (``Form.form_id``);
- ``audience``, ``language``;
- ``spec``: the form's spec with every bank question written out (format 2),
  so that it builds again without any bank, and without the people;
- ``title``, ``organisation``, ``person`` (employee, leader, department, date
  as written in the file; ``null``: left to be filled in), last.

Files of musforms 0.1 also carry ``schema``, the JSON Schema of the answers.
Readers never use it: a file says what it likes about itself.

This module only encodes and decodes, and checks the payload's shape; it
knows no spec and no form. :mod:`musforms.answers` validates the spec inside
as strictly as a spec file and rebuilds the form from it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from musforms.errors import AnswersError

__all__ = [
    "KNOWN_FORMATS",
    "MAX_PAYLOAD_CHARS",
    "NAMESPACE",
    "PAYLOAD_FORMAT",
    "PDF_ATTACHMENT",
    "Payload",
    "decode_payload",
    "encode_payload",
]

#: The payload format musforms writes.
PAYLOAD_FORMAT = 2
#: The formats it reads (1: musforms 0.1, whose spec refers to the bank).
KNOWN_FORMATS = frozenset({1, 2})
#: The XML namespace of the custom XML part in .docx files.
NAMESPACE = "urn:musforms:form:1"
#: The name of the embedded file that holds the payload in a .pdf (the only one read).
PDF_ATTACHMENT = "musforms.json"
#: No payload is bigger: a spec is at most 1 MB, its schema about as much.
MAX_PAYLOAD_CHARS = 4_000_000
#: A payload nests about 12 levels; JSON far deeper is an attack on the parser.
MAX_PAYLOAD_DEPTH = 40

_PERSON_FIELDS = ("employee", "leader", "department", "date")
_FORM_ID = re.compile(r"^[0-9a-f]{16}$")
_AUDIENCE = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
_MAX_SHORT = 1000

#: Characters XML 1.0 cannot hold; inside the JSON they are written as \uXXXX escapes.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def encode_payload(payload: Mapping[str, Any]) -> str:
    """Return ``payload`` as compact JSON text that any XML container can hold.

    Letters are kept as they are (not ``\\u`` escaped), so that a name in the
    payload is the same bytes as the name in the document: batch fills both at once.
    """
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return _NOT_XML.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


@dataclass(frozen=True)
class Payload:
    """A payload whose shape has been checked; ``spec`` is still untrusted raw data.

    ``person`` values are ``None`` where the file leaves the field to fill in.
    """

    format: int
    form_id: str
    audience: str | None
    language: str
    title: str
    organisation: str
    person: Mapping[str, str | None]
    spec: dict[str, Any]


def _depth(text: str) -> int:
    """Return how deeply ``text`` nests brackets (quotes ignored: errs on the safe side)."""
    deepest = depth = 0
    for char in text:
        if char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif char in "]}":
            depth -= 1
    return deepest


def decode_payload(text: str, *, label: str) -> Payload | None:
    """Return the payload in ``text``; ``None`` means it is no musforms payload at all.

    Raises:
        AnswersError: ``answers.damaged_form`` for a payload of the wrong size or
            shape, ``answers.unknown_version`` for a newer format than this
            musforms reads. Nothing in the payload is ever fetched or compiled.
    """
    if len(text) > MAX_PAYLOAD_CHARS or _depth(text) > MAX_PAYLOAD_DEPTH:
        raise _damaged(label, "it is far too large or deep")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or "musforms" not in data:
        return None
    if _has_lone_surrogate(text, data):
        raise _damaged(label, "it holds characters that are no text")
    version = data["musforms"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _damaged(label, "its format is not a number")
    if version not in KNOWN_FORMATS:
        raise AnswersError(
            code="answers.unknown_version",
            params={"version": version, "known": ", ".join(map(str, sorted(KNOWN_FORMATS)))},
            file=label,
        )
    form_id = data.get("form_id")
    if not isinstance(form_id, str) or not _FORM_ID.match(form_id):
        raise _damaged(label, "it has no fingerprint")
    audience = data.get("audience")
    if audience is not None and (not isinstance(audience, str) or not _AUDIENCE.match(audience)):
        raise _damaged(label, "its audience is not one")
    language = data.get("language", "da")
    if not isinstance(language, str) or language not in {"da", "en"}:
        raise _damaged(label, "its language is not da or en")
    spec = data.get("spec")
    if not isinstance(spec, dict):
        raise _damaged(label, "it holds no spec")
    return Payload(
        format=version,
        form_id=form_id,
        audience=audience,
        language=language,
        title=_short(data.get("title"), label, "title"),
        organisation=_short(data.get("organisation"), label, "organisation"),
        person=_person(data.get("person"), label),
        spec=spec,
    )


def _has_lone_surrogate(text: str, data: Any) -> bool:
    """Tell whether the decoded payload holds half of a UTF-16 pair, which is no text.

    JSON may write one as an escape (``\\ud800``); Python decodes it into a
    string that every later step (hashing, writing, printing) fails to encode.
    Only an escape can bring one in, so the whole payload is checked only then.
    """
    if "\\ud" not in text and "\\uD" not in text:
        return False
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _short(value: Any, label: str, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > _MAX_SHORT:
        raise _damaged(label, f"its {name} is not a short text")
    return value


def _person(value: Any, label: str) -> dict[str, str | None]:
    if value is None:
        return dict.fromkeys(_PERSON_FIELDS)
    if not isinstance(value, dict):
        raise _damaged(label, "its person fields are not a mapping")
    person: dict[str, str | None] = {}
    for name in _PERSON_FIELDS:
        field = value.get(name)
        if field is not None and (not isinstance(field, str) or len(field) > _MAX_SHORT):
            raise _damaged(label, f"its {name} is not a short text")
        person[name] = field or None
    return person


def _damaged(label: str, why: str) -> AnswersError:
    return AnswersError(code="answers.damaged_form", params={"why": f" ({why})"}, file=label)
