"""JSON Schema (Draft 2020-12) of one filled form.

The schema is the contract between the form and everything that reads its
answers: readers validate against it, other systems generate input for it.
Every property is keyed by the full question id and carries
``x-musforms: {kind, category}`` so that a reader can map answers back.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from musforms._version import __version__
from musforms.kinds import answer_schema
from musforms.render import register
from musforms.render._base import BytesRenderer

if TYPE_CHECKING:
    from musforms.form import Form

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def form_schema(form: Form) -> dict[str, Any]:
    """Return the Draft 2020-12 JSON Schema of a filled ``form``'s answers."""
    properties: dict[str, Any] = {}
    for question in form.questions:
        prop: dict[str, Any] = {"title": question.text}
        if question.help:
            prop["description"] = question.help
        prop.update(answer_schema(question, form.language))
        prop["x-musforms"] = {"kind": question.kind, "category": question.category}
        properties[question.id] = prop
    required = [q.id for q in form.questions if q.required]
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": f"urn:musforms:form:{form.form_id}",
        "title": form.title,
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "x-musforms": {
            "title": form.title,
            "organisation": form.organisation,
            "language": form.language,
            "theme": form.theme,
            "year": form.year,
            "form_id": form.form_id,
            "spec_version": form.spec.version,
            "generator": f"musforms {__version__}",
            "sections": [
                {"title": s.title, "questions": [q.id for q in s.questions]} for s in form.sections
            ],
            "questions": {q.id: {"kind": q.kind, "category": q.category} for q in form.questions},
        },
    }
    if form.intro:
        schema["description"] = form.intro
    if required:
        schema["required"] = required
    return schema


def _schema(form: Form) -> bytes:
    return (json.dumps(form_schema(form), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


SCHEMA = register(
    BytesRenderer(
        make=_schema,
        name="schema",
        suffixes=(".schema.json", ".json"),
        media_type="application/schema+json",
        title={"da": "JSON Schema", "en": "JSON Schema"},
        description={
            "da": "JSON Schema over svarene, til andre it-systemer",
            "en": "JSON Schema of the answers, for other systems",
        },
    )
)
