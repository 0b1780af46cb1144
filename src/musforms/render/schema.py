"""JSON Schema (Draft 2020-12) of one filled form.

The schema is the contract between the form and everything that reads its
answers: readers validate against it, other systems generate input for it.
Every property is keyed by the full question id and carries
``x-musforms: {kind, category}`` so that a reader can map answers back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from musforms import __version__

if TYPE_CHECKING:
    from musforms.form import Form, FormQuestion

DRAFT = "https://json-schema.org/draft/2020-12/schema"

#: The keys of a development-plan row, in print order.
PLAN_FIELDS = ("goal", "action", "responsible", "deadline", "follow_up")
PLAN_DATE_FIELDS = frozenset({"deadline", "follow_up"})
#: A competence cell's two ratings.
WHEEL_PARTS = ("now", "wanted")

_PLAN_TITLES = {
    "da": {
        "goal": "Mål",
        "action": "Handling",
        "responsible": "Ansvarlig",
        "deadline": "Frist",
        "follow_up": "Opfølgning",
    },
    "en": {
        "goal": "Goal",
        "action": "Action",
        "responsible": "Responsible",
        "deadline": "Deadline",
        "follow_up": "Follow-up",
    },
}
_WHEEL_TITLES = {"da": {"now": "Nu", "wanted": "Ønsket"}, "en": {"now": "Now", "wanted": "Wanted"}}


def plan_titles(language: str) -> dict[str, str]:
    """Return the column titles of a development plan in ``language``."""
    return _PLAN_TITLES["en" if language == "en" else "da"]


def wheel_titles(language: str) -> dict[str, str]:
    """Return the titles of the now/wanted ratings in ``language``."""
    return _WHEEL_TITLES["en" if language == "en" else "da"]


def answer_schema(question: FormQuestion, language: str) -> dict[str, Any]:
    """Return the schema of one question's answer (PRODUCT.md's table of kinds)."""
    kind = question.kind
    if kind in {"text", "long_text"}:
        return {"type": "string", "maxLength": 20_000}
    if kind == "scale":
        assert question.scale is not None
        return {"type": "integer", "minimum": question.scale.min, "maximum": question.scale.max}
    if kind == "smiley":
        return {"type": "integer", "minimum": 1, "maximum": question.faces or 5}
    if kind == "yes_no":
        return {"type": "boolean"}
    if kind == "choice":
        return {
            "type": "string",
            "oneOf": [{"const": o.id, "title": o.text} for o in question.options],
        }
    if kind == "multi_choice":
        return {
            "type": "array",
            "uniqueItems": True,
            "items": {
                "type": "string",
                "oneOf": [{"const": o.id, "title": o.text} for o in question.options],
            },
        }
    if kind == "competence_wheel":
        assert question.scale is not None
        rating = {"type": "integer", "minimum": question.scale.min, "maximum": question.scale.max}
        titles = wheel_titles(language)
        return {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                c.id: {
                    "title": c.text,
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {part: {**rating, "title": titles[part]} for part in WHEEL_PARTS},
                }
                for c in question.competences
            },
        }
    if kind == "action_plan":
        titles = plan_titles(language)
        return {
            "type": "array",
            "maxItems": 100,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    name: (
                        {"type": "string", "format": "date", "title": titles[name]}
                        if name in PLAN_DATE_FIELDS
                        else {"type": "string", "maxLength": 4000, "title": titles[name]}
                    )
                    for name in PLAN_FIELDS
                },
            },
        }
    if kind == "date":
        return {"type": "string", "format": "date"}
    raise AssertionError(f"no schema for kind {kind}")  # pragma: no cover - Kind is closed


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
