"""Proofing language per text: the form's language everywhere, the other where a text is in it.

The styles carry the form's language (:func:`musforms.render.docx._styles.set_language`),
so Word checks the spelling of a Danish form in Danish. A text in the other
language (a bank question without an English wording falls back to Danish; a
spec's own question may be written in either) would then be all red
underlines, so its runs get their own ``w:lang``. Which language a text is in is
told from its words: Danish letters and common Danish or English function
words; a text that says too little to tell (a name, a number) keeps the form's.

The settings' ``w:themeFontLang`` follows the form's language too (a template
made in a Danish Word says ``da-DK`` in an English form otherwise).
"""

from __future__ import annotations

import re

from lxml import etree

from musforms.ooxml.wml import qn
from musforms.render.docx._xml import el

__all__ = ["language_of", "mark_languages"]

_TAGS = {"da": "da-DK", "en": "en-GB"}
_WORD = re.compile(r"[a-zæøåé']+")
_DANISH_LETTERS = re.compile("[æøåÆØÅ]")
_DANISH = frozenset(
    [
        "og",
        "at",
        "det",
        "er",
        "en",
        "til",
        "på",
        "med",
        "af",
        "ikke",
        "du",
        "din",
        "dit",
        "dine",
        "der",
        "som",
        "har",
        "jeg",
        "vi",
        "hvad",
        "hvordan",
        "hvor",
        "hvilke",
        "hvilken",
        "om",
        "eller",
        "kan",
        "skal",
        "vil",
        "gerne",
        "dig",
        "jer",
        "også",
        "bliver",
        "være",
        "noget",
        "mere",
        "meget",
        "godt",
        "arbejde",
        "samtalen",
        "leder",
        "medarbejder",
    ]
)
_ENGLISH = frozenset(
    [
        "the",
        "and",
        "of",
        "in",
        "is",
        "are",
        "you",
        "your",
        "what",
        "how",
        "which",
        "with",
        "on",
        "this",
        "that",
        "be",
        "would",
        "could",
        "should",
        "do",
        "does",
        "there",
        "about",
        "from",
        "work",
        "manager",
        "employee",
        "well",
    ]
)


def language_of(text: str) -> str | None:
    """Return ``"da"`` or ``"en"`` when ``text``'s words tell its language, else ``None``."""
    words = _WORD.findall(text.lower())
    danish = len({w for w in words if w in _DANISH})
    english = len({w for w in words if w in _ENGLISH})
    if _DANISH_LETTERS.search(text):
        danish += 1
    if danish >= 2 and danish > english:
        return "da"
    if english >= 2 and english > danish:
        return "en"
    return None


_R, _T, _RPR, _LANG = qn("w:r"), qn("w:t"), qn("w:rPr"), qn("w:lang")
#: Elements of a w:rPr that come after w:lang (ECMA-376 order).
_AFTER_LANG = frozenset(
    qn(f"w:{name}") for name in ("eastAsianLayout", "specVanish", "oMath", "rPrChange")
)


def mark_languages(body: etree._Element, language: str, settings: etree._Element) -> int:
    """Give each paragraph's runs in the other language that language; return how many."""
    other = "en" if language == "da" else "da"
    marked = 0
    for p in body.iter(qn("w:p")):
        runs = [r for r in p.iterchildren(_R) if r.find(_T) is not None]
        text = "".join(t.text or "" for r in runs for t in r.iter(_T))
        if not runs or language_of(text) != other:
            continue
        for r in runs:
            _set_lang(r, _TAGS[other])
            marked += 1
    theme = settings.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), _TAGS.get(language, "da-DK"))
    return marked


def _set_lang(r: etree._Element, tag: str) -> None:
    rpr = r.find(_RPR)
    if rpr is None:
        rpr = el("w:rPr")
        r.insert(0, rpr)
    lang = rpr.find(_LANG)
    if lang is None:
        lang = el("w:lang")
        later = [child for child in rpr if child.tag in _AFTER_LANG]
        if later:
            later[0].addprevious(lang)
        else:
            rpr.append(lang)
    lang.set(qn("w:val"), tag)
