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
    "template.attribute": {
        "da": "Mellem {{{{ og }}}} må der kun stå en variabel, fx {{{{ organisation }}}}.",
        "en": "Only a variable may stand between {{{{ and }}}}, such as {{{{ organisation }}}}.",
    },
}

#: Codes that mean an uploaded file is not a form saved by the page at all.
_NOT_A_FORM_PREFIXES = ("file.", "zip.", "xml.")
_NOT_A_FORM_CODES = frozenset(
    {
        "spec.not_mapping",
        "answers.not_zip",
        "answers.unknown_format",
        "yaml.too_deep",
        "yaml.alias",
        "yaml.not_data",
        "yaml.bad_key",
        "json.invalid",
    }
)

_LINE: Final[dict[Language, str]] = {"da": "Linje {n}: ", "en": "Line {n}: "}


def explain(
    error: MusformsError, language: Language, *, with_line: bool = False, upload: bool = False
) -> str:
    """Return ``error``'s message as the page shows it, in ``language``.

    Args:
        error: any musforms error.
        language: the page's language.
        with_line: start with the line number, for errors in an uploaded file.
        upload: the error is about an uploaded saved form; a file that is not a
            form at all gets the page's plain words instead of a parser's.
    """
    if upload and (error.code.startswith(_NOT_A_FORM_PREFIXES) or error.code in _NOT_A_FORM_CODES):
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
