"""The words only a workbook has, in Danish and English: how to answer, validation messages.

The words every format shares (person fields, sheet names, faces, plan
headings, signers, yes/no) come from :mod:`musforms.words`. Validation texts
are cut to Excel's limits where they are used.
"""

from __future__ import annotations

from collections.abc import Mapping

from musforms import words
from musforms.render._faces import EMOJI, faces_for

#: Words of the workbook in each language; text in validations is cut to Excel's limits.
WORDS: dict[str, dict[str, str]] = {
    "da": {
        "scale_hint": "Skriv et tal fra {min} til {max}.",
        "scale_ends": "{value} = {label}",
        "choice_hint": "Vælg på listen: {options}.",
        "smiley_hint": "Vælg på listen, fra {low} til {high}.",
        "multi_hint": "Svar ja eller nej ud for hver mulighed.",
        "date_hint": "Skriv datoen som dd-mm-åååå.",
        "see_sheet": "Udfyldes på arket »{sheet}« →",
        "wheel_hint": "Skriv tal fra {min} til {max}{ends} under »{now}« og »{wanted}«. "
        "Forskellen regnes ud af sig selv, og diagrammet tegner sig selv.",
        "error_title": "Ugyldigt svar",
        "whole_error": "Skriv et helt tal fra {min} til {max}.",
        "list_error": "Vælg et af svarene på listen.",
        "date_error": "Skriv en dato som dd-mm-åååå, fx 15-03-2027.",
        "length_error": "Svaret er for langt. Skriv højst {n} tegn.",
        "scale_title": "Tal fra {min} til {max}",
        "list_title": "Vælg et svar",
        "list_prompt": "Klik på pilen og vælg et svar.",
        "date_title": "Dato",
        "date_prompt": "Skriv datoen som dd-mm-åååå, fx 15-03-2027.",
    },
    "en": {
        "scale_hint": "Write a number from {min} to {max}.",
        "scale_ends": "{value} = {label}",
        "choice_hint": "Pick from the list: {options}.",
        "smiley_hint": "Pick from the list, from {low} to {high}.",
        "multi_hint": "Answer yes or no for each option.",
        "date_hint": "Write the date, e.g. 15 March 2027.",
        "see_sheet": "Fill in on the sheet “{sheet}” →",
        "wheel_hint": "Write numbers from {min} to {max}{ends} under “{now}” and “{wanted}”. "
        "The gap is worked out and the chart drawn for you.",
        "error_title": "Invalid answer",
        "whole_error": "Enter a whole number from {min} to {max}.",
        "list_error": "Pick one of the answers in the list.",
        "date_error": "Enter a date, e.g. 15 March 2027 or 2027-03-15.",
        "length_error": "The answer is too long. Write at most {n} characters.",
        "scale_title": "Number from {min} to {max}",
        "list_title": "Pick an answer",
        "list_prompt": "Click the arrow and pick an answer.",
        "date_title": "Date",
        "date_prompt": "Enter the date, e.g. 15 March 2027 or 2027-03-15.",
    },
}

#: The number formats of date cells: Danish as Word's date picker writes it, English
#: as Word's (``15 March 2027``, its month named in English whatever Excel's locale).
DATE_FORMATS = {"da": "dd-mm-yyyy", "en": "[$-809]d mmmm yyyy"}


def smiley_entries(language: str, faces: int) -> list[tuple[str, int]]:
    """Return the drop-down entries of a smiley scale and the number each stands for.

    Each entry shows the face (the emoji nearest the picture Word prints), the
    number and the face's words (:func:`musforms.words.faces`):
    ``😞 1 – Meget dårligt``.
    """
    moods = faces_for(faces)
    names = words.faces(language, len(moods))
    return [
        (f"{EMOJI[mood]} {value} – {name}", value)
        for value, (mood, name) in enumerate(zip(moods, names, strict=True), start=1)
    ]


def words_of(language: str) -> Mapping[str, str]:
    """Return the workbook's own words in ``language`` (Danish for anything but English)."""
    return WORDS[words.for_language(language)]
