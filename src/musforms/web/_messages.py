"""SpecError messages in the page's language.

The library's messages are English sentences written for a spec file
("'title' is empty. Write a text."). The page shows them next to a field, in
Danish or English, in the words of the page. Each rule matches a message the
library writes; anything else falls back to the library's own sentence, so a
new message is shown rather than lost.
"""

from __future__ import annotations

import re
from typing import Final

from musforms.bank.model import Language
from musforms.errors import MusformsError

__all__ = ["explain"]

_VARIABLES = "{{ organisation }}, {{ theme }}, {{ year }}"

Rule = tuple[re.Pattern[str], dict[Language, str]]

_RULES: Final[list[Rule]] = [
    (
        re.compile(r"nested too deeply to be a spec"),
        {
            "da": "Filen er for dybt indlejret til at være et MUS-skema.",
            "en": "The file is nested too deeply to be a MUS form.",
        },
    ),
    (
        re.compile(r"at most (?P<n>\d+) characters"),
        {
            "da": "Teksten er for lang: højst %(n)s tegn.",
            "en": "The text is too long: at most %(n)s characters.",
        },
    ),
    (
        re.compile(r"^'[\w-]+' is empty|String should have at least 1 character"),
        {"da": "Feltet er tomt. Skriv en tekst.", "en": "The field is empty. Write a text."},
    ),
    (
        re.compile(r"reaches into a value"),
        {
            "da": "Mellem {{ og }} må der kun stå en variabel: " + _VARIABLES + ".",
            "en": "Only a variable may stand between {{ and }}: " + _VARIABLES + ".",
        },
    ),
    (
        re.compile(r"the variable \{\{ (?P<name>\w+) \}\} does not exist"),
        {
            "da": "Variablen {{ %(name)s }} findes ikke. Brug " + _VARIABLES + ".",
            "en": "There is no variable {{ %(name)s }}. Use " + _VARIABLES + ".",
        },
    ),
    (
        re.compile(
            r"not a valid template|refused by the sandbox|could not be rendered|"
            r"rendered text is longer|unknown value|nests too deeply"
        ),
        {
            "da": "Teksten kan ikke bruges som skabelon. Skriv variabler som "
            "{{ organisation }}, eller fjern de krøllede parenteser.",
            "en": "The text cannot be used as a template. Write variables as "
            "{{ organisation }}, or remove the braces.",
        },
    ),
    (
        re.compile(r"the question has no text"),
        {"da": "Skriv spørgsmålet.", "en": "Write the question."},
    ),
    (
        re.compile(r"choice needs 2 to 12 options|choice question needs 'options"),
        {
            "da": "Et valg skal have 2 til 12 svarmuligheder, én pr. linje.",
            "en": "A choice needs 2 to 12 options, one per line.",
        },
    ),
    (
        re.compile(r"competence wheel needs 6 to 8|needs 'competences"),
        {
            "da": "Et kompetencehjul skal have 6 til 8 kompetencer, én pr. linje.",
            "en": "A competence wheel needs 6 to 8 competences, one per line.",
        },
    ),
    (
        re.compile(r"unknown kind"),
        {"da": "Vælg en svarform på listen.", "en": "Choose an answer type from the list."},
    ),
    (
        re.compile(r"(?P<which>options|competences) id '(?P<id>[^']*)' is used twice"),
        {
            "da": "To svarmuligheder har samme id (%(id)s). Giv dem hver sit.",
            "en": "Two options have the same id (%(id)s). Give each its own.",
        },
    ),
    (
        re.compile(r"unknown question id"),
        {
            "da": "Spørgsmålet «%(question)s» findes ikke i spørgsmålsbanken.%(hint)s",
            "en": "The question “%(question)s” is not in the question bank.%(hint)s",
        },
    ),
    (
        re.compile(r"in the form twice"),
        {
            "da": "Spørgsmålet «%(question)s» er med to gange. Fjern det ene.",
            "en": "The question “%(question)s” is in the form twice. Remove one.",
        },
    ),
    (
        re.compile(r"^the spec has no sections"),
        {"da": "Vælg mindst ét spørgsmål.", "en": "Choose at least one question."},
    ),
    (
        re.compile(r"List should have at most (?P<n>\d+) item"),
        {"da": "Der er for mange (højst %(n)s).", "en": "There are too many (at most %(n)s)."},
    ),
    (
        re.compile(r"language cannot be"),
        {"da": "Vælg dansk eller engelsk.", "en": "Choose Danish or English."},
    ),
    (
        re.compile(r"cannot take the id of a bank question"),
        {
            "da": "Et eget spørgsmål kan ikke have samme id som et spørgsmål i banken.",
            "en": "An own question cannot have the id of a bank question.",
        },
    ),
    (
        re.compile(r"unknown category '(?P<id>[^']*)'"),
        {
            "da": "Temaet «%(id)s» findes ikke i spørgsmålsbanken.%(hint)s",
            "en": "The theme “%(id)s” is not in the question bank.%(hint)s",
        },
    ),
    (
        re.compile(r"not valid YAML"),
        {
            "da": "Filen er ikke gyldig YAML. Tjek indrykningen, og sæt tekster med ':' "
            "i anførselstegn.",
            "en": "The file is not valid YAML. Check the indentation, and quote texts with ':'.",
        },
    ),
    (
        re.compile(r"a value YAML cannot read as data"),
        {
            "da": "Filen indeholder en værdi, der ikke er almindelige data "
            "(YAML-mærker som !!python er ikke tilladt).",
            "en": "The file holds a value that is not plain data (YAML tags such as !!python "
            "are not allowed).",
        },
    ),
    (
        re.compile(r"anchors and aliases"),
        {
            "da": "Filen bruger YAML-ankre (& og *), som ikke er tilladt. Skriv værdierne ud.",
            "en": "The file uses YAML anchors (& and *), which are not allowed. Write the "
            "values out.",
        },
    ),
    (
        re.compile(r"larger than"),
        {"da": "Filen er for stor til at være et skema.", "en": "The file is too large."},
    ),
    (
        re.compile(r"a spec must be a mapping"),
        {
            "da": "Filen er ikke et MUS-skema: den skal have 'title:' og 'sections:'.",
            "en": "The file is not a MUS form: it needs 'title:' and 'sections:'.",
        },
    ),
    (
        re.compile(r"unknown key '(?P<id>[^']*)'"),
        {
            "da": "Ukendt nøgle «%(id)s». Fjern den, eller ret stavningen.",
            "en": "Unknown key “%(id)s”. Remove it, or check its spelling.",
        },
    ),
    (
        re.compile(r"^'(?P<id>[^']*)' is missing"),
        {"da": "«%(id)s» mangler.", "en": "“%(id)s” is missing."},
    ),
    (
        re.compile(r"the key '(?P<id>[^']*)' appears twice"),
        {
            "da": "Nøglen «%(id)s» står to gange. Behold den ene.",
            "en": "The key “%(id)s” appears twice. Keep one.",
        },
    ),
    (
        re.compile(r"a section needs 'category:'"),
        {
            "da": "Et afsnit skal have 'category:' eller 'questions:'.",
            "en": "A section needs 'category:' or 'questions:'.",
        },
    ),
    (
        re.compile(r"not UTF-8"),
        {
            "da": "Filen er ikke UTF-8-tekst. Gem den som UTF-8.",
            "en": "The file is not UTF-8 text. Save it as UTF-8.",
        },
    ),
]

_FALLBACK: Final[dict[Language, str]] = {
    "da": "Værdien kan ikke bruges: %(reason)s",
    "en": "%(reason)s",
}

_HINT: Final[dict[Language, str]] = {"da": " Mente du %(ids)s?", "en": " Did you mean %(ids)s?"}
_LINE: Final[dict[Language, str]] = {"da": "Linje %(n)s: ", "en": "Line %(n)s: "}


def explain(error: MusformsError, language: Language, *, with_line: bool = False) -> str:
    """Return ``error``'s reason as the page shows it, in ``language``.

    Args:
        error: a spec error (or any musforms error).
        language: the page's language.
        with_line: start with the line number, for errors in an uploaded file.
    """
    reason = error.reason
    hint_match = re.search(r"Did you mean ([^?]+)\?", reason)
    hint = _HINT[language] % {"ids": hint_match.group(1)} if hint_match else ""
    text = _FALLBACK[language] % {"reason": reason}
    for pattern, words in _RULES:
        match = pattern.search(reason)
        if match:
            values = {"question": error.question_id or "", "hint": hint, **match.groupdict()}
            text = _format(words[language], values)
            break
    if with_line and error.line is not None:
        text = _LINE[language] % {"n": error.line} + text
    return text


def _format(template: str, values: dict[str, str]) -> str:
    """Fill the ``%(name)s`` fields; ``%`` formatting leaves ``{{ organisation }}`` as written."""
    return template % values
