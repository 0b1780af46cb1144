"""Turning pydantic's validation errors into messages an HR consultant can act on."""

from __future__ import annotations

from typing import Any

from pydantic_core import ErrorDetails, PydanticCustomError

_KIND_HINT = (
    "text, long_text, scale, smiley, yes_no, choice, multi_choice, competence_wheel, "
    "action_plan, date"
)


def field_name(loc: tuple[str | int, ...]) -> str:
    """Return the last named field on ``loc`` (``("sections", 0, "title")`` -> ``title``)."""
    for part in reversed(loc):
        if isinstance(part, str) and not part.startswith("function-"):
            return part
    return "value"


def clean_loc(loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """Drop pydantic's internal steps (union branches, validators) from a loc."""
    return tuple(part for part in loc if not (isinstance(part, str) and _internal(part)))


#: Steps pydantic puts in a loc for union branches: type names, not field names.
_TYPE_STEPS = frozenset({"constrained-str", "str", "int", "float", "bool", "list", "dict"})


def _internal(part: str) -> bool:
    return (
        "[" in part
        or part.startswith("function-")
        or part in _TYPE_STEPS
        or part[:1].isupper()  # a model's class name, e.g. Text
    )


#: pydantic error types -> our codes, where the mapping needs no more thought.
_SIMPLE = {
    "int_parsing": "value.not_a_number",
    "int_type": "value.not_a_number",
    "int_from_float": "value.not_a_number",
    "bool_parsing": "value.not_yes_no",
    "bool_type": "value.not_yes_no",
    "date_parsing": "value.not_a_date",
    "date_from_datetime_parsing": "value.not_a_date",
    "date_from_datetime_inexact": "value.not_a_date",
    "date_type": "value.not_a_date",
}
_TEXT_FIELDS = frozenset(
    {"text", "leader_text", "help", "leader_help", "title", "description", "intro"}
)


def describe(error: ErrorDetails) -> tuple[str, dict[str, Any]]:
    """Return the code and params of what is wrong with a field, for the error catalogue.

    Our own validators raise ``PydanticCustomError`` with a catalogue code as
    its type; pydantic's own error types are mapped to codes here.
    """
    from musforms._error_codes import CODES

    loc = clean_loc(error["loc"])
    name = field_name(loc)
    kind = error["type"]
    value: Any = error.get("input")
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    parent = next((p for p in reversed(loc[:-1]) if isinstance(p, str)), None)
    base: dict[str, Any] = {"field": name, "parent": parent or ""}
    if kind in CODES:
        return kind, {**base, **ctx}
    if kind == "missing":
        return ("value.no_danish" if name == "da" else "value.missing"), base
    if kind == "extra_forbidden":
        return "value.unknown_key", base
    if kind == "literal_error" and name == "kind":
        return "value.unknown_kind", {**base, "value": _short(value), "kinds": _KIND_HINT}
    if kind == "literal_error":
        return "value.not_allowed", {
            **base,
            "value": _short(value),
            "expected": ctx.get("expected", ""),
        }
    if kind in {"model_type", "model_attributes_type", "dict_type"} and name in _TEXT_FIELDS:
        return "value.needs_texts", base
    if kind == "string_pattern_mismatch" and name in {"id", "category"}:
        return "value.bad_id", {**base, "value": _short(value)}
    if kind in {"too_short", "too_long"} and name == "competences":
        return "value.competences_count", base
    if kind in {"too_short", "too_long"} and name == "options":
        return "value.options_count", base
    if kind == "too_short" and name == "sections":
        return "spec.no_sections", base
    if kind in {"too_short", "string_too_short"}:
        return "value.empty", base
    if kind == "too_long" and name in {"sections", "questions", "variables"}:
        return "value.too_many", {**base, "limit": ctx.get("max_length")}
    if kind in {"too_long", "string_too_long"}:
        return "value.too_long", {**base, "limit": ctx.get("max_length")}
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        low = ctx.get("ge", ctx.get("gt", ""))
        high = ctx.get("le", ctx.get("lt", ""))
        return "value.out_of_range", {**base, "low": low, "high": high}
    if kind in _SIMPLE:
        return _SIMPLE[kind], base
    message = error["msg"].removeprefix("Value error, ")
    return "value.invalid", {"field": name if loc else "", "detail": message}


def _short(value: Any) -> str:
    """Return a value as a message may quote it: short, and one line."""
    text = str(value).replace("\n", " ")
    return text if len(text) <= 60 else text[:57] + "..."


def custom_error(code: str, **params: Any) -> PydanticCustomError:
    """Return a validation error of ours for a validator to raise: its type is ``code``."""
    from musforms._error_codes import format_message

    return PydanticCustomError(code, format_message(code, "en", params), params)
