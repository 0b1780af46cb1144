"""Text matching for searching the bank: accent-, case- and æøå-insensitive.

A Danish user types "arbejdsmiljø" or "arbejdsmiljo", an English one
"wellbeing"; both must find the same questions. Texts and queries are folded
the same way: casefolded, æ/ø/å spelled ae/oe/aa, other accents removed.
"""

from __future__ import annotations

import unicodedata

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


def fold(text: str) -> str:
    """Return ``text`` folded for matching (``"Æble Café"`` -> ``"able cafe"``).

    After æ/ø/å are spelled ae/oe/aa, those pairs are shortened to a/o/a, so that
    "miljø", "miljoe" and "miljo" (as in the id ``arbejdsmiljo``) all meet.
    """
    folded = text.casefold().translate(_DANISH)
    decomposed = unicodedata.normalize("NFKD", folded)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return plain.replace("aa", "a").replace("ae", "a").replace("oe", "o")


def matches(query: str, haystack: str) -> bool:
    """Tell whether every word of ``query`` occurs in the already folded ``haystack``.

    The query is folded like the haystack, so "arbejdsmiljo" finds "arbejdsmiljø".
    """
    return all(word in haystack for word in fold(query).split())
