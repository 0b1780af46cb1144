"""The payload every renderer embeds: a form's identity and self-contained spec.

See :mod:`musforms.ooxml.payload` for its keys and why readers trust none of
it without checking.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from musforms._version import __version__
from musforms.ooxml.payload import PAYLOAD_FORMAT, encode_payload

if TYPE_CHECKING:
    from musforms.form import Form

__all__ = ["form_payload", "payload_json"]


def form_payload(form: Form, *, audience: str | None = None) -> dict[str, Any]:
    """Return the JSON-ready payload that identifies ``form`` inside a file."""
    from musforms.render.schema import form_schema

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
        "spec": form.resolved_spec.to_data(),
        "schema": form_schema(form),
    }


def payload_json(form: Form, *, audience: str | None = None) -> str:
    """Return :func:`form_payload` as compact JSON that any XML container can hold."""
    return encode_payload(form_payload(form, audience=audience))
