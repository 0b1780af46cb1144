"""A cache of the parsed shipped bank, so that a command does not parse 20 YAML files each time.

Parsing and validating the shipped bank costs about a tenth of a second, on
every command. The validated bank is written once as JSON to the user's cache
folder, keyed by a hash of the bank files' bytes and the versions of musforms,
Python and pydantic, and later read back with ``model_construct`` (no second
validation: the key proves it is the same, validated bank). JSON, not pickle:
a file in a cache folder must never be able to run code. Anything wrong with
the cache (missing, unreadable, stale, from another version, written by
someone else) just means parsing the YAML again.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import sys
from collections.abc import Iterable, Sequence
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from musforms._version import __version__
from musforms.bank.model import Category, Option, Question, Scale, ScaleLabels, Text

__all__ = ["cache_file", "load_cached", "store"]

_FORMAT = 1
#: Tuple-typed fields of a question, which JSON gives back as lists.
_TUPLES = ("audience", "phases", "tags", "similar")


def cache_folder() -> Path | None:
    """Return the user's cache folder for musforms; ``None`` if caching is off or impossible.

    ``MUSFORMS_NO_CACHE=1`` turns it off; ``XDG_CACHE_HOME`` is honoured.
    """
    if os.environ.get("MUSFORMS_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or (
        os.environ.get("LOCALAPPDATA") if sys.platform == "win32" else None
    )
    root = Path(base) if base else Path.home() / ".cache"
    return root / "musforms"


def bank_key(files: Sequence[Traversable]) -> str:
    """Return the hash that names the cache of a bank made of ``files``."""
    import pydantic

    digest = hashlib.sha256(
        f"{_FORMAT}|{__version__}|{platform.python_version()}|{pydantic.VERSION}".encode()
    )
    for file in files:
        digest.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def cache_file(key: str) -> Path | None:
    """Return the cache file of the bank with ``key``; ``None`` if caching is off."""
    folder = cache_folder()
    return folder / f"bank-{key}.json" if folder is not None else None


def store(key: str, categories: Iterable[Category]) -> None:
    """Write the bank's cache, atomically and readable by its owner only; never fail."""
    path = cache_file(key)
    if path is None:
        return
    data = {
        "format": _FORMAT,
        "key": key,
        "categories": [c.model_dump(mode="json", exclude_none=True) for c in categories],
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        temporary.chmod(0o600)
        temporary.replace(path)
    except OSError:
        return  # a read-only home or a full disk: the next command parses again


def load_cached(key: str) -> list[Category] | None:
    """Return the cached bank with ``key``; ``None`` means parse the YAML instead."""
    path = cache_file(key)
    if path is None:
        return None
    try:
        if os.name == "posix" and path.stat().st_uid != os.getuid():
            return None  # not written by this user: do not trust it
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != _FORMAT or data.get("key") != key:
            return None
        return [_category(raw) for raw in data["categories"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
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
