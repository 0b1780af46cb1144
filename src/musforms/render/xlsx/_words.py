"""The words of a musforms workbook, in Danish and English.

Sheet names, labels, hints under questions, and the texts of validation
messages. Validation texts are cut to Excel's limits where they are used.
"""

from __future__ import annotations

from collections.abc import Mapping

#: Words of the workbook in each language; text in validations is cut to Excel's limits.
WORDS: dict[str, dict[str, str]] = {
    "da": {
        "main_sheet": "MUS",
        "wheel_sheet": "Kompetencehjul",
        "plan_sheet": "Udviklingsplan",
        "organisation": "Organisation",
        "employee": "Medarbejder",
        "leader": "Leder",
        "department": "Afdeling",
        "date": "Dato for samtalen",
        "theme": "Årets tema: {theme}",
        "page": "Side &P af &N",
        "yes": "Ja",
        "no": "Nej",
        "required": "Skal besvares.",
        "scale_hint": "Skriv et tal fra {min} til {max}.",
        "scale_ends": "{value} = {label}",
        "choice_hint": "Vælg på listen: {options}.",
        "smiley_hint": "Vælg på listen, fra {low} til {high}.",
        "multi_hint": "Svar ja eller nej ud for hver mulighed.",
        "date_hint": "Skriv datoen som dd-mm-åååå.",
        "see_sheet": "Udfyldes på arket »{sheet}« →",
        "competence": "Kompetence",
        "gap": "Forskel",
        "wheel_hint": "Skriv tal fra {min} til {max}{ends} under »Nu« og »Ønsket«. "
        "Forskellen regnes ud af sig selv, og diagrammet tegner sig selv.",
        "signature": "Underskrift",
        "signature_date": "Dato",
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
        "main_sheet": "Form",
        "wheel_sheet": "Competence wheel",
        "plan_sheet": "Development plan",
        "organisation": "Organisation",
        "employee": "Employee",
        "leader": "Leader",
        "department": "Department",
        "date": "Date of the conversation",
        "theme": "Annual theme: {theme}",
        "page": "Page &P of &N",
        "yes": "Yes",
        "no": "No",
        "required": "Required.",
        "scale_hint": "Write a number from {min} to {max}.",
        "scale_ends": "{value} = {label}",
        "choice_hint": "Pick from the list: {options}.",
        "smiley_hint": "Pick from the list, from {low} to {high}.",
        "multi_hint": "Answer yes or no for each option.",
        "date_hint": "Write the date as yyyy-mm-dd.",
        "see_sheet": "Fill in on the sheet “{sheet}” →",
        "competence": "Competence",
        "gap": "Gap",
        "wheel_hint": "Write numbers from {min} to {max}{ends} under “Now” and “Wanted”. "
        "The gap is worked out and the chart drawn for you.",
        "signature": "Signature",
        "signature_date": "Date",
        "error_title": "Invalid answer",
        "whole_error": "Enter a whole number from {min} to {max}.",
        "list_error": "Pick one of the answers in the list.",
        "date_error": "Enter a date as yyyy-mm-dd, e.g. 2027-03-15.",
        "length_error": "The answer is too long. Write at most {n} characters.",
        "scale_title": "Number from {min} to {max}",
        "list_title": "Pick an answer",
        "list_prompt": "Click the arrow and pick an answer.",
        "date_title": "Date",
        "date_prompt": "Enter the date as yyyy-mm-dd, e.g. 2027-03-15.",
    },
}

#: The faces of a smiley scale as list entries: number and words (emoji fonts vary too much).
SMILEYS: dict[str, dict[int, tuple[str, ...]]] = {
    "da": {
        3: ("Dårligt", "Hverken godt eller dårligt", "Godt"),
        5: ("Meget dårligt", "Dårligt", "Hverken godt eller dårligt", "Godt", "Meget godt"),
    },
    "en": {
        3: ("Bad", "Neither good nor bad", "Good"),
        5: ("Very bad", "Bad", "Neither good nor bad", "Good", "Very good"),
    },
}


def smiley_entries(language: str, faces: int) -> list[tuple[str, int]]:
    """Return the drop-down entries of a smiley scale and the number each stands for."""
    words = SMILEYS["en" if language == "en" else "da"].get(faces) or SMILEYS["da"][5]
    return [(f"{value} – {word}", value) for value, word in enumerate(words, start=1)]


def words_of(language: str) -> Mapping[str, str]:
    """Return the workbook's words in ``language`` (Danish for anything but English)."""
    return WORDS["en" if language == "en" else "da"]
