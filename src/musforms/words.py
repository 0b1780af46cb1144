"""The fixed words of every musforms document, in Danish and English, in one table.

Question texts come from the bank and the spec; these are the words around
them: the names of the sheets, the people's fields, the faces of a smiley
scale, the headings of a development plan, the signatures. Word, Excel, PDF,
HTML and the web page all take them from here, so a smiley reads the same in
every format, and a team's form says "Team" wherever a one-person form says
"Medarbejder".

Words that depend on the type of conversation (``mus``, ``lus``, ``grus``,
``colleague``) are looked up with it: :func:`person_fields`, :func:`sheet_name`,
:func:`signers`, :func:`plan_title`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

__all__ = [
    "faces",
    "for_language",
    "labels",
    "pdf_words",
    "person_fields",
    "plan_fields",
    "plan_title",
    "sheet_intro",
    "sheet_name",
    "signature_label",
    "signers",
    "wheel_parts",
]

_Lang = str
_Table = Mapping[str, Mapping[_Lang, str]]


def for_language(language: str) -> _Lang:
    """Return ``en`` for English and ``da`` for anything else (Danish is the default)."""
    return "en" if language == "en" else "da"


# -- answers -----------------------------------------------------------------------

#: The faces of a smiley scale, worst to best: neutral words that fit any question
#: ("how well ...", "how are you ...", "how is the atmosphere ...").
_FACES: Final[dict[_Lang, dict[int, tuple[str, ...]]]] = {
    "da": {
        3: ("Dårligt", "Hverken godt eller dårligt", "Godt"),
        5: ("Meget dårligt", "Dårligt", "Hverken godt eller dårligt", "Godt", "Meget godt"),
    },
    "en": {
        3: ("Bad", "Neither good nor bad", "Good"),
        5: ("Very bad", "Bad", "Neither good nor bad", "Good", "Very good"),
    },
}


def faces(language: str, count: int) -> tuple[str, ...]:
    """Return the words of a smiley scale's faces, worst first (3 or 5 of them)."""
    table = _FACES[for_language(language)]
    return table.get(count, table[5])


_PLAN_FIELDS: Final[dict[_Lang, dict[str, str]]] = {
    "da": {
        "goal": "Mål",
        "action": "Handling",
        "success": "Succeskriterium",
        "responsible": "Ansvarlig",
        "deadline": "Frist",
        "follow_up": "Opfølgning",
    },
    "en": {
        "goal": "Goal",
        "action": "Action",
        "success": "Success criterion",
        "responsible": "Responsible",
        "deadline": "Deadline",
        "follow_up": "Follow-up",
    },
}


def plan_fields(language: str) -> Mapping[str, str]:
    """Return the column headings of a development plan, by field."""
    return _PLAN_FIELDS[for_language(language)]


_WHEEL_PARTS: Final[dict[_Lang, dict[str, str]]] = {
    "da": {"now": "Nu", "wanted": "Ønsket"},
    "en": {"now": "Now", "wanted": "Wanted"},
}


def wheel_parts(language: str) -> Mapping[str, str]:
    """Return the names of a competence's two ratings."""
    return _WHEEL_PARTS[for_language(language)]


# -- the types of conversation ------------------------------------------------------

#: The person fields of each type's header, in order, with their labels.
_PERSON_FIELDS: Final[dict[str, dict[_Lang, tuple[tuple[str, str], ...]]]] = {
    "mus": {
        "da": (
            ("employee", "Medarbejder"),
            ("leader", "Leder"),
            ("department", "Afdeling"),
            ("date", "Dato"),
        ),
        "en": (
            ("employee", "Employee"),
            ("leader", "Manager"),
            ("department", "Department"),
            ("date", "Date"),
        ),
    },
    "lus": {
        "da": (
            ("employee", "Leder"),
            ("leader", "Egen leder"),
            ("department", "Område"),
            ("date", "Dato"),
        ),
        "en": (
            ("employee", "Manager"),
            ("leader", "Their own manager"),
            ("department", "Area"),
            ("date", "Date"),
        ),
    },
    "grus": {
        "da": (
            ("department", "Team"),
            ("employee", "Deltagere"),
            ("leader", "Leder"),
            ("date", "Dato"),
        ),
        "en": (
            ("department", "Team"),
            ("employee", "Participants"),
            ("leader", "Manager"),
            ("date", "Date"),
        ),
    },
    "colleague": {
        "da": (("employee", "Input om"),),
        "en": (("employee", "Input about"),),
    },
}


def person_fields(conversation_type: str, language: str) -> tuple[tuple[str, str], ...]:
    """Return the header's person fields for a type: ``(field, label)`` in order.

    A grus form's ``department`` is the team's name and its ``employee`` the
    participants; a colleague form names only whom the input is about.
    """
    return _PERSON_FIELDS.get(conversation_type, _PERSON_FIELDS["mus"])[for_language(language)]


_SHEETS: Final[dict[str, dict[_Lang, dict[str, str]]]] = {
    "mus": {
        "da": {
            "conversation": "Samtaleskema",
            "employee": "Forberedelse · medarbejder",
            "leader": "Forberedelse · leder",
        },
        "en": {
            "conversation": "Conversation form",
            "employee": "Preparation · employee",
            "leader": "Preparation · manager",
        },
    },
    "lus": {
        "da": {
            "conversation": "Samtaleskema · LUS",
            "employee": "Forberedelse · leder",
            "leader": "Forberedelse · egen leder",
        },
        "en": {
            "conversation": "Conversation form · leadership",
            "employee": "Preparation · manager",
            "leader": "Preparation · their own manager",
        },
    },
    "grus": {
        "da": {
            "conversation": "Samtaleskema · team",
            "employee": "Forberedelse · teamet",
            "leader": "Forberedelse · leder",
        },
        "en": {
            "conversation": "Conversation form · team",
            "employee": "Preparation · the team",
            "leader": "Preparation · manager",
        },
    },
    "colleague": {
        "da": {"colleague": "Input fra en kollega"},
        "en": {"colleague": "Input from a colleague"},
    },
}


def sheet_name(conversation_type: str, sheet: str, language: str) -> str:
    """Return what a sheet is called on the page (``Forberedelse · leder``)."""
    names = _SHEETS.get(conversation_type, _SHEETS["mus"])[for_language(language)]
    return names.get(sheet) or _SHEETS["mus"][for_language(language)].get(sheet, sheet)


_SHEET_INTROS: Final[dict[str, dict[_Lang, dict[str, str]]]] = {
    "mus": {
        "da": {
            "conversation": "Skemaet bruges under samtalen til noter og aftaler. "
            "Udviklingsplanen sidst i skemaet underskrives af jer begge.",
            "employee": "Brug arket til at forberede dig til samtalen, og tag det med. "
            "Du bestemmer selv, hvad du vil dele.",
            "leader": "Brug arket til at forberede dig til samtalen med medarbejderen. "
            "Læs også sidste års udviklingsplan igennem.",
        },
        "en": {
            "conversation": "Use this form during the conversation for notes and agreements. "
            "You both sign the development plan at the end.",
            "employee": "Use this sheet to prepare for the conversation, and bring it along. "
            "You decide what you want to share.",
            "leader": "Use this sheet to prepare for the conversation with the employee. "
            "Read last year's development plan as well.",
        },
    },
    "lus": {
        "da": {
            "conversation": "Skemaet bruges under samtalen til noter og aftaler. "
            "Udviklingsplanen sidst i skemaet underskrives af jer begge.",
            "employee": "Brug arket til at forberede dig til samtalen med din egen leder, og "
            "tag det med. Du bestemmer selv, hvad du vil dele.",
            "leader": "Brug arket til at forberede dig til samtalen med lederen. Læs også "
            "sidste års udviklingsplan igennem.",
        },
        "en": {
            "conversation": "Use this form during the conversation for notes and agreements. "
            "You both sign the development plan at the end.",
            "employee": "Use this sheet to prepare for the conversation with your own manager, "
            "and bring it along. You decide what you want to share.",
            "leader": "Use this sheet to prepare for the conversation with the manager. Read "
            "last year's development plan as well.",
        },
    },
    "grus": {
        "da": {
            "conversation": "Skemaet bruges under samtalen til noter og til teamets aftaler. "
            "Teamets udviklingsplan sidst i skemaet underskrives af lederen på teamets vegne.",
            "employee": "Brug arket til at forberede dig til teamets samtale, og tag det med. "
            "Du bestemmer selv, hvad du vil dele.",
            "leader": "Brug arket til at forberede dig til samtalen med teamet. Læs også "
            "teamets seneste plan igennem.",
        },
        "en": {
            "conversation": "Use this form during the conversation for notes and for the "
            "team's agreements. The manager signs the team's plan at the end on behalf of the "
            "team.",
            "employee": "Use this sheet to prepare for the team's conversation, and bring it "
            "along. You decide what you want to share.",
            "leader": "Use this sheet to prepare for the conversation with the team. Read the "
            "team's last plan as well.",
        },
    },
    "colleague": {
        "da": {"colleague": "Dine svar gives videre til din kollega før samtalen."},
        "en": {"colleague": "Your answers are passed on to your colleague before the talk."},
    },
}


def sheet_intro(conversation_type: str, sheet: str, language: str) -> str:
    """Return the fixed line that says what a sheet is for (under the form's intro)."""
    intros = _SHEET_INTROS.get(conversation_type, _SHEET_INTROS["mus"])[for_language(language)]
    return intros.get(sheet, "")


_SIGNERS: Final[dict[str, dict[_Lang, tuple[str, ...]]]] = {
    "mus": {"da": ("Medarbejder", "Leder"), "en": ("Employee", "Manager")},
    "lus": {"da": ("Leder", "Egen leder"), "en": ("Manager", "Their own manager")},
    "grus": {"da": ("Leder, på teamets vegne",), "en": ("Manager, on behalf of the team",)},
    "colleague": {"da": (), "en": ()},
}


def signers(conversation_type: str, language: str) -> tuple[str, ...]:
    """Return who signs the plan of a type (none for colleague input)."""
    return _SIGNERS.get(conversation_type, _SIGNERS["mus"])[for_language(language)]


_PLAN_TITLES: Final[dict[str, dict[_Lang, str]]] = {
    "mus": {"da": "Udviklingsplan", "en": "Development plan"},
    "lus": {"da": "Udviklingsplan", "en": "Development plan"},
    "grus": {"da": "Teamets udviklingsplan", "en": "The team's development plan"},
    "colleague": {"da": "", "en": ""},
}


def plan_title(conversation_type: str, language: str) -> str:
    """Return the heading of a type's development plan (``""``: the type has none)."""
    return _PLAN_TITLES.get(conversation_type, _PLAN_TITLES["mus"])[for_language(language)]


# -- the PDF form (musforms.render.pdf) ----------------------------------------------
# Words the Word form also says (yes, no, the hints of a choice, notes, signatures)
# are written here in the Word form's words, so that both read the same.

_PDF: Final[dict[_Lang, dict[str, str]]] = {
    "da": {
        "page": "Side {page} af ",
        "yes": "Ja",
        "no": "Nej",
        "pick_one": "Sæt ét kryds.",
        "pick_any": "Sæt gerne flere kryds.",
        "date_hint": "dd-mm-åååå",
        "rate_hint": "Vælg et tal fra {min} til {max} for hver kompetence: nu, og hvor du "
        "ønsker at være.",
        "competence": "Kompetence",
        "notes": "Noter fra samtalen",
        "signatures": "Underskrifter",
        "signatures_intro": "Vi er enige om udviklingsplanen og aftalerne i skemaet.",
        "date": "Dato",
        "signature": "Underskrift",
        "theme": "Årets tema",
        "subject": "Medarbejderudviklingssamtale (MUS)",
        "lang": "da-DK",
    },
    "en": {
        "page": "Page {page} of ",
        "yes": "Yes",
        "no": "No",
        "pick_one": "Tick one box.",
        "pick_any": "Tick as many boxes as you like.",
        "date_hint": "dd-mm-yyyy",
        "rate_hint": "Choose a number from {min} to {max} for each competence: now, and where "
        "you want to be.",
        "competence": "Competence",
        "notes": "Notes from the conversation",
        "signatures": "Signatures",
        "signatures_intro": "We agree on the development plan and the agreements in this form.",
        "date": "Date",
        "signature": "Signature",
        "theme": "Annual theme",
        "subject": "Employee development conversation (MUS)",
        "lang": "en-GB",
    },
}


# -- the words around the answers (Excel, HTML; shared with Word) -------------------------

_LABELS: Final[dict[_Lang, dict[str, str]]] = {
    "da": {
        "organisation": "Organisation",
        "theme": "Årets tema",
        "yes": "Ja",
        "no": "Nej",
        "required": "Skal besvares",
        "competence": "Kompetence",
        "gap": "Forskel",
        "wheel": "Kompetencehjul",
        "signature": "Underskrift",
        "signature_date": "Dato",
        "page": "Side {page} af {pages}",
    },
    "en": {
        "organisation": "Organisation",
        "theme": "Annual theme",
        "yes": "Yes",
        "no": "No",
        "required": "Required",
        "competence": "Competence",
        "gap": "Gap",
        "wheel": "Competence wheel",
        "signature": "Signature",
        "signature_date": "Date",
        "page": "Page {page} of {pages}",
    },
}


def pdf_words(language: str) -> Mapping[str, str]:
    """Return the fixed words of the PDF form: page numbers, hints, notes, signatures."""
    return _PDF[for_language(language)]


def labels(language: str) -> Mapping[str, str]:
    """Return the short fixed words around the answers: yes/no, the theme's label, a
    competence table's headings, the signature lines' labels, the page number
    (``page`` takes ``{page}`` and ``{pages}``)."""
    return _LABELS[for_language(language)]


def signature_label(signer: str, language: str) -> str:
    """Return the label of one signature line: ``Underskrift, leder, på teamets vegne``."""
    return f"{labels(language)['signature']}, {signer[:1].lower()}{signer[1:]}"
