"""Library errors in the page's language and words, chosen by the error's code.

Every :class:`~musforms.errors.MusformsError` carries a stable ``code`` and
its Danish and English message (:mod:`musforms._error_codes`). The page shows
that message, except where a page has better words for a code: it speaks of
a "saved form" where the library speaks of a spec file, of choosing questions
where it speaks of sections. Nothing here matches a message's text, so a
change of wording in the library cannot break the page.
"""

from __future__ import annotations

from typing import Final

from musforms._error_codes import fill
from musforms.bank.model import Language
from musforms.errors import MusformsError

__all__ = ["explain"]

_NOT_A_SAVED_FORM: Final[dict[Language, str]] = {
    "da": "Det er ikke et gemt skema fra MUS-automaten. Vælg den fil, du fik med «Gem skemaet».",
    "en": "This is not a form saved by the MUS-automat. Choose the file you got from "
    "“Save the form”.",
}

_NOT_A_FILLED_FORM: Final[dict[Language, str]] = {
    "da": "Det er ikke et udfyldt skema fra MUS-automaten. Vælg et Word- eller Excel-skema, "
    "der er lavet her og udfyldt.",
    "en": "This is not a filled-in form from the MUS form builder. Choose a Word or Excel form "
    "made here and filled in.",
}
_ENCRYPTED: Final[dict[Language, str]] = {
    "da": "Filen er beskyttet med en adgangskode. Gem en kopi uden adgangskode, og vælg den.",
    "en": "The file is protected with a password. Save a copy without the password and "
    "choose that.",
}
#: The codes that mean an uploaded filled form is no form of musforms at all.
_NOT_FILLED_PREFIXES = ("file.", "zip.", "xml.")
_NOT_FILLED_CODES = frozenset({"answers.not_zip", "answers.unknown_format", "answers.not_musforms"})

#: Her texts are plain words: curly braces and the like are the one way a text can fail.
_BRACES: Final[dict[Language, str]] = {
    "da": "Teksten har tegn som {{{{ }}}} eller {{% %}}, der ikke kan bruges her. Fjern dem.",
    "en": "The text has characters such as {{{{ }}}} or {{% %}} that cannot be used here. "
    "Remove them.",
}

#: Codes whose page wording differs from the library's, per language.
_PAGE_WORDS: Final[dict[str, dict[Language, str]]] = {
    "spec.no_sections": {"da": "Vælg mindst ét spørgsmål.", "en": "Choose at least one question."},
    "value.too_many": {
        "da": "Der er for mange (højst {limit}).",
        "en": "There are too many (at most {limit}).",
    },
    "value.unknown_kind": {
        "da": "Vælg en svarform på listen.",
        "en": "Choose an answer type from the list.",
    },
    "value.empty": {
        "da": "Feltet er tomt. Skriv en tekst.",
        "en": "The field is empty. Write a text.",
    },
    "spec.unknown_question": {
        "da": "Spørgsmålet «{question_id}» findes ikke i spørgsmålsbanken.[ Mente du {hint}?]",
        "en": "The question “{question_id}” is not in the question bank.[ Did you mean {hint}?]",
    },
    "spec.duplicate_question": {
        "da": "Spørgsmålet «{question_id}» er med to gange. Fjern det ene.",
        "en": "The question “{question_id}” is in the form twice. Remove one.",
    },
    "spec.unknown_category": {
        "da": "Temaet «{category}» findes ikke i spørgsmålsbanken.[ Mente du {hint}?]",
        "en": "The theme “{category}” is not in the question bank.[ Did you mean {hint}?]",
    },
    "template.attribute": _BRACES,
    "template.syntax": _BRACES,
    "template.not_allowed": _BRACES,
    "template.filter_not_allowed": _BRACES,
    "template.refused": _BRACES,
    "template.failed": _BRACES,
    "template.too_deep": _BRACES,
    "template.unknown_variable": {
        "da": "Teksten har {{{{ {name} }}}}, som MUS-automaten ikke kan udfylde. Skriv det, "
        "der skal stå, i stedet.",
        "en": "The text has {{{{ {name} }}}}, which the MUS form builder cannot fill in. Write "
        "what should stand there instead.",
    },
    "value.not_a_number": {
        "da": "Skriv året med tal, fx 2027.",
        "en": "Write the year in figures, such as 2027.",
    },
}

#: The codes an uploaded saved form may have and still be one: the bank changed since it was
#: saved, or a text was edited by hand. Every other problem means it is no saved form.
_SAVED_FORM_CODES = frozenset(
    {
        "spec.unknown_question",
        "spec.unknown_category",
        "spec.duplicate_question",
        "value.too_long",
        "template.unknown_variable",
        "template.too_long",
    }
)

_LINE: Final[dict[Language, str]] = {"da": "Linje {n}: ", "en": "Line {n}: "}


def explain(
    error: MusformsError,
    language: Language,
    *,
    with_line: bool = False,
    upload: bool = False,
    filled: bool = False,
) -> str:
    """Return ``error``'s message as the page shows it, in ``language``.

    Args:
        error: any musforms error.
        language: the page's language.
        with_line: start with the line number, for errors in an uploaded file.
        upload: the error is about an uploaded saved form; a file that is not a
            saved form at all (not text, not a spec, a spec broken by hand) gets the
            page's plain words instead of a parser's.
        filled: the error is about an uploaded filled form; one that is no form of
            musforms gets plain words, not the reader's.
    """
    if filled and (error.code.startswith(_NOT_FILLED_PREFIXES) or error.code in _NOT_FILLED_CODES):
        return _NOT_A_FILLED_FORM[language]
    if filled and error.code == "answers.encrypted":
        return _ENCRYPTED[language]
    if upload and error.code not in _SAVED_FORM_CODES:
        return _NOT_A_SAVED_FORM[language]
    words = _PAGE_WORDS.get(error.code)
    if words is not None:
        text = fill(words[language], {**error.params, "question_id": error.question_id})
    else:
        text = error.message_in(language)
    text = text[:1].upper() + text[1:]  # the library's sentences follow a "FILE: " prefix
    if with_line and error.line is not None:
        text = _LINE[language].format(n=error.line) + text
    return text
