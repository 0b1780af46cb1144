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


#: Spec keys that name people: the payload says them once, in ``person``, at its end.
_PERSON_KEYS = ("employee", "leader", "department", "date")


def form_payload(form: Form, *, audience: str | None = None) -> dict[str, Any]:
    """Return the JSON-ready payload that identifies ``form`` inside a file.

    What names people (the rendered title, ``person``) comes last, after the
    spec, and the spec itself carries no names (its variables keep their names,
    not their values): so the long static part is the same for everyone in a
    batch, and a workbook's payload cells break at the same places for all.
    The JSON Schema is not carried: readers rebuild it from the spec and never
    trust a file's own (``-o form.schema.json`` gives it to other systems).
    """
    spec = {k: v for k, v in form.resolved_spec.to_data().items() if k not in _PERSON_KEYS}
    if isinstance(spec.get("variables"), dict):
        spec["variables"] = dict.fromkeys(spec["variables"], "")
    return {
        "musforms": PAYLOAD_FORMAT,
        "generator": f"musforms {__version__}",
        "form_id": form.form_id,
        "audience": audience,
        "language": form.language,
        "spec": spec,
        "title": form.title,
        "organisation": form.organisation,
        "person": {
            "employee": form.employee,
            "leader": form.leader,
            "department": form.department,
            "date": form.date.isoformat() if form.date else None,
        },
    }


def payload_json(form: Form, *, audience: str | None = None) -> str:
    """Return :func:`form_payload` as compact JSON that any XML container can hold."""
    return encode_payload(form_payload(form, audience=audience))
