"""The fixed words of a Word form, in Danish and English.

Question texts come from the bank and the spec; these are the words around
them: field labels, page numbers, placeholders, date formats.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Words", "words"]


@dataclass(frozen=True)
class Words:
    """The fixed words and formats of a form in one language."""

    employee: str
    leader: str
    department: str
    date: str
    page: str
    of: str
    sheet: dict[str, str]
    sheet_intro: dict[str, str]
    theme: str
    write_here: str
    write_line: str
    name_here: str
    date_placeholder: str
    date_format: str
    yes: str
    no: str
    pick_one: str
    pick_any: str
    rate_hint: str
    competence: str
    notes: str
    notes_placeholder: str
    signatures: str
    plan: str
    department_here: str
    signatures_intro: str
    signature: str
    chart_title: str
    faces: dict[int, tuple[str, ...]]
    subject: str


_DA = Words(
    employee="Medarbejder",
    leader="Leder",
    department="Afdeling",
    date="Dato",
    page="Side",
    of="af",
    sheet={
        "conversation": "Samtaleskema",
        "employee": "Forberedelse · medarbejder",
        "leader": "Forberedelse · leder",
        "colleague": "Input fra en kollega",
    },
    sheet_intro={
        "conversation": (
            "Skemaet bruges under samtalen til noter og aftaler. "
            "Udviklingsplanen sidst i skemaet underskrives af jer begge."
        ),
        "employee": (
            "Brug arket til at forberede dig til samtalen, og tag det med. "
            "Du bestemmer selv, hvad du vil dele."
        ),
        "colleague": "",
        "leader": (
            "Brug arket til at forberede dig til samtalen med medarbejderen. "
            "Læs også sidste års udviklingsplan igennem."
        ),
    },
    theme="Årets tema",
    write_here="Skriv dit svar her.",
    write_line="Skriv her.",
    name_here="Skriv navn",
    date_placeholder="dd-mm-åååå",
    date_format="dd-MM-yyyy",
    yes="Ja",
    no="Nej",
    pick_one="Sæt ét kryds.",
    pick_any="Sæt gerne flere kryds.",
    rate_hint="Vælg et tal fra {min} til {max} for hver kompetence: nu, og hvor du ønsker at være.",
    competence="Kompetence",
    notes="Noter fra samtalen",
    notes_placeholder="Noter.",
    signatures="Underskrifter",
    plan="Udviklingsplan",
    department_here="Skriv afdeling",
    signatures_intro="Vi er enige om udviklingsplanen og aftalerne i skemaet.",
    signature="Underskrift",
    chart_title="Kompetencehjul",
    faces={
        3: ("Utilfreds", "Hverken eller", "Tilfreds"),
        5: ("Meget utilfreds", "Utilfreds", "Hverken eller", "Tilfreds", "Meget tilfreds"),
    },
    subject="Medarbejderudviklingssamtale (MUS)",
)

_EN = Words(
    employee="Employee",
    leader="Leader",
    department="Department",
    date="Date",
    page="Page",
    of="of",
    sheet={
        "conversation": "Conversation form",
        "employee": "Preparation · employee",
        "leader": "Preparation · leader",
        "colleague": "Input from a colleague",
    },
    sheet_intro={
        "conversation": (
            "Use this form during the conversation for notes and agreements. "
            "You both sign the development plan at the end."
        ),
        "employee": (
            "Use this sheet to prepare for the conversation, and bring it along. "
            "You decide what you want to share."
        ),
        "colleague": "",
        "leader": (
            "Use this sheet to prepare for the conversation with the employee. "
            "Read last year's development plan as well."
        ),
    },
    theme="Annual theme",
    write_here="Write your answer here.",
    write_line="Write here.",
    name_here="Write name",
    date_placeholder="dd month yyyy",
    date_format="d MMMM yyyy",
    yes="Yes",
    no="No",
    pick_one="Tick one box.",
    pick_any="Tick as many boxes as you like.",
    rate_hint=(
        "Choose a number from {min} to {max} for each competence: now, and where you want to be."
    ),
    competence="Competence",
    notes="Notes from the conversation",
    notes_placeholder="Notes.",
    signatures="Signatures",
    plan="Development plan",
    department_here="Write department",
    signatures_intro="We agree on the development plan and the agreements in this form.",
    signature="Signature",
    chart_title="Competence wheel",
    faces={
        3: ("Dissatisfied", "Neither", "Satisfied"),
        5: ("Very dissatisfied", "Dissatisfied", "Neither", "Satisfied", "Very satisfied"),
    },
    subject="Employee development conversation (MUS)",
)


def words(language: str) -> Words:
    """Return the fixed words of a form in ``language`` (Danish unless ``"en"``)."""
    return _EN if language == "en" else _DA
