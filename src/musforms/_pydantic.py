"""Turning pydantic's validation errors into messages an HR consultant can act on."""

from __future__ import annotations

from typing import Any

from pydantic_core import ErrorDetails

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


def describe(error: ErrorDetails) -> str:
    """Return one sentence saying what is wrong with a field and how to fix it."""
    loc = clean_loc(error["loc"])
    name = field_name(loc)
    kind = error["type"]
    value: Any = error.get("input")
    parent = next((p for p in reversed(loc[:-1]) if isinstance(p, str)), None)
    where = f" under '{parent}'" if parent else ""
    if kind == "missing":
        if name == "da":
            return f"no Danish text{where}. Add 'da:'{where}"
        return f"'{name}' is missing{where}. Add '{name}:'"
    if kind == "extra_forbidden":
        return f"unknown key '{name}'{where}. Remove it or check its spelling"
    if kind == "literal_error" and name == "kind":
        return f"unknown kind {value!r}. Use one of: {_KIND_HINT}"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{name} cannot be {value!r}. Use {expected}"
    if kind in {"model_type", "model_attributes_type", "dict_type"} and name in {
        "text",
        "leader_text",
        "help",
        "leader_help",
        "title",
        "description",
    }:
        return f"'{name}' must have a Danish and an English text: {{da: ..., en: ...}}"
    if kind == "string_pattern_mismatch" and name in {"id", "category"}:
        return (
            f"{value!r} is not a valid {name}. Use lower-case letters a-z, digits and '_' "
            "(æ->ae, ø->oe, å->aa), starting with a letter"
        )
    if kind == "string_too_short":
        return f"'{name}' is empty. Write a text"
    if kind in {"too_short", "too_long"} and name == "competences":
        return "a competence wheel needs 6 to 8 competences. Add or remove some"
    if kind in {"too_short", "too_long"} and name == "options":
        return "a choice needs 2 to 12 options. Add or remove some"
    if kind == "too_short" and name == "sections":
        return "the spec has no sections. Add at least one under 'sections:'"
    if kind == "too_short":
        return f"'{name}' is empty. Write a text"
    if kind in {"too_long", "string_too_long"} and name not in {"sections", "questions"}:
        limit = error.get("ctx", {}).get("max_length")
        return f"the text is too long: at most {limit} characters. Shorten it"
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    if not loc or name in message:
        return message
    return f"{name}: {message}"
