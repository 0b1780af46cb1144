"""Ids made from texts: lower-case ASCII, Danish letters spelled out."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = 40) -> str:
    """Return a slug of ``text``: ``"Hvordan går det?"`` -> ``"hvordan_gaar_det"``.

    Words are cut at a word boundary so that the slug stays under ``max_length``;
    a text without letters or digits gives ``"q"``.
    """
    ascii_text = unicodedata.normalize("NFKD", text.translate(_DANISH))
    ascii_text = ascii_text.encode("ascii", "ignore").decode().lower()
    words = [w for w in _NOT_WORD.split(ascii_text) if w]
    slug = ""
    for word in words:
        candidate = f"{slug}_{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or (words[0][:max_length] if words else "q")


def unique(base: str, taken: Container[str]) -> str:
    """Return ``base``, or ``base-2``, ``base-3``, ... whichever is not ``taken``."""
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"
