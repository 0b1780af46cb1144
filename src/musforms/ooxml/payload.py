"""The form's identity, spec and schema, as carried inside every file musforms writes.

A filled file must be readable without the spec it was made from, and must be
recognisable as musforms' own. Every renderer embeds the same JSON payload
(a custom XML part in .docx, a very hidden sheet in .xlsx); readers parse it
back with :func:`parse_payload`.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from musforms import __version__

if TYPE_CHECKING:
    from musforms.form import Form

#: The payload's format; readers refuse payloads of a newer format.
PAYLOAD_FORMAT = 1
#: The XML namespace of the custom XML part in .docx files.
NAMESPACE = "urn:musforms:form:1"


def form_payload(form: Form, *, audience: str | None = None) -> dict[str, Any]:
    """Return the JSON-ready payload that identifies ``form`` inside a file.

    Keys: ``musforms`` (payload format), ``generator``, ``form_id``, ``audience``,
    ``language``, ``person`` (employee, leader, department, date as written in
    the file; ``None`` means left to be filled in), ``spec`` and ``schema``.
    """
    return {
        "musforms": PAYLOAD_FORMAT,
        "generator": f"musforms {__version__}",
        "form_id": form.form_id,
        "audience": audience,
        "language": form.language,
        "title": form.title,
        "organisation": form.organisation,
        "person": {
            "employee": form.employee,
            "leader": form.leader,
            "department": form.department,
            "date": form.date.isoformat() if form.date else None,
        },
        "spec": form.spec.to_data(),
        "schema": form.json_schema(),
    }


#: Characters XML 1.0 cannot hold; inside the JSON they are written as \uXXXX escapes.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def payload_json(form: Form, *, audience: str | None = None) -> str:
    """Return :func:`form_payload` as compact JSON text that any XML container can hold.

    Letters are kept as they are (not ``\\u`` escaped), so that a name in the
    payload is the same bytes as the name in the document: batch fills both at once.
    """
    payload = form_payload(form, audience=audience)
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return _NOT_XML.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def parse_payload(text: str) -> dict[str, Any] | None:
    """Return the payload in ``text``; ``None`` means it is not a musforms payload."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("musforms"), int):
        return None
    if not isinstance(data.get("schema"), dict) or not isinstance(data.get("form_id"), str):
        return None
    return data
