"""The cache of the parsed shipped bank, so that a command does not parse 20 YAML files each time.

Parsing and validating the shipped bank costs about a tenth of a second, on
every command. The validated bank is written once as JSON to the user's cache
folder (:mod:`musforms._cache`: keyed by a hash of the bank files' bytes and the
versions of musforms, Python and pydantic, owner-only, never code), and later
read back with ``model_construct``: no second validation, as the key proves it
is the same, validated bank. Anything wrong with the cache just means parsing
the YAML again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from importlib.resources.abc import Traversable
from typing import Any

from musforms._cache import cache_key, read_cache, write_cache
from musforms.bank.model import Category, Option, Question, Scale, ScaleLabels, Text

__all__ = ["bank_key", "load_cached", "store"]

#: Tuple-typed fields of a question, which JSON gives back as lists.
_TUPLES = ("audience", "phases", "tags", "similar")


def bank_key(files: Sequence[Traversable]) -> str:
    """Return the hash that names the cache of a bank made of ``files``."""
    return cache_key(*(part for file in files for part in (file.name.encode(), file.read_bytes())))


def store(key: str, categories: Iterable[Category]) -> None:
    """Write the bank's cache; never fail."""
    dumped = [c.model_dump(mode="json", exclude_none=True) for c in categories]
    write_cache("bank", key, {"categories": dumped})


def load_cached(key: str) -> list[Category] | None:
    """Return the cached bank with ``key``; ``None`` means parse the YAML instead."""
    content = read_cache("bank", key)
    if not isinstance(content, dict):
        return None
    try:
        return [_category(raw) for raw in content["categories"]]
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def _text(raw: dict[str, Any]) -> Text:
    return Text.model_construct(da=raw["da"], en=raw.get("en"))


def _maybe_text(raw: dict[str, Any] | None) -> Text | None:
    return _text(raw) if raw is not None else None


def _options(raw: list[dict[str, Any]] | None) -> tuple[Option, ...] | None:
    if raw is None:
        return None
    return tuple(Option.model_construct(id=o["id"], text=_text(o["text"])) for o in raw)


def _scale(raw: dict[str, Any] | None) -> Scale | None:
    if raw is None:
        return None
    labels = raw.get("labels")
    return Scale.model_construct(
        min=raw["min"],
        max=raw["max"],
        labels=(
            ScaleLabels.model_construct(min=_text(labels["min"]), max=_text(labels["max"]))
            if labels
            else None
        ),
    )


def _question(raw: dict[str, Any]) -> Question:
    fields: dict[str, Any] = {key: raw[key] for key in ("id", "category", "kind") if key in raw}
    fields.update(
        text=_text(raw["text"]),
        leader_text=_maybe_text(raw.get("leader_text")),
        help=_maybe_text(raw.get("help")),
        leader_help=_maybe_text(raw.get("leader_help")),
        required=raw.get("required", False),
        scale=_scale(raw.get("scale")),
        faces=raw.get("faces"),
        options=_options(raw.get("options")),
        competences=_options(raw.get("competences")),
        rows=raw.get("rows"),
    )
    fields.update({name: tuple(raw[name]) for name in _TUPLES if name in raw})
    return Question.model_construct(**fields)


def _category(raw: dict[str, Any]) -> Category:
    return Category.model_construct(
        id=raw["id"],
        title=_text(raw["title"]),
        description=_maybe_text(raw.get("description")),
        order=raw.get("order", 1000),
        questions=tuple(_question(q) for q in raw["questions"]),
    )
