"""The fixed words of the overview workbook, in Danish and English.

One table, so that a sheet's name and a column's header say the same thing in
every mode (with names, under pseudonyms, anonymous). The development plan's
column headings are the forms' own (:func:`musforms.words.plan_fields`).
"""

from __future__ import annotations

from typing import Final

from musforms import words as shared

__all__ = ["WORDS", "words_for"]

WORDS: Final[dict[str, dict[str, str]]] = {
    "da": {
        "about": "Om overblikket",
        "people": "Personer",
        "ratings": "Skalaer og smileys",
        "spread": "Fordeling",
        "choices": "Ja-nej og valg",
        "wheels": "Kompetencer",
        "plans": "Udviklingsplaner",
        "texts": "Fritekst",
        "failed": "Kunne ikke læses",
        "groups": "Grupper",
        "title": "Overblik over MUS-svar",
        "made": "Lavet",
        "read": "Skemaer læst",
        "failed_n": "Skemaer der ikke kunne læses",
        "privacy_out": "Fritekstsvar er udeladt af hensyn til privatlivet.",
        "privacy_in": (
            "Fritekstsvar er taget med. Overblikket indeholder personoplysninger: del det varsomt."
        ),
        "names": "Overblikket viser navne: det indeholder personoplysninger.",
        "pseudonymous": (
            "Navne er erstattet af pseudonymer lavet med en hemmelig nøgle (HMAC-SHA256). "
            "Med nøglen kan pseudonymerne føres tilbage til navne: det er stadig personoplysninger."
        ),
        "anonymous": (
            "Anonymt overblik: kun tal for grupper, ingen rækker for personer, ingen navne, "
            "pseudonymer, fritekst eller datoer."
        ),
        "group_by": "Grupperet efter",
        "by_department": "afdeling",
        "by_leader": "afdeling og leder",
        "min_group": "Mindste gruppe, der vises",
        "folded": "Skemaer lagt sammen under «Øvrige» (små grupper)",
        "folded_groups": "Grupper lagt sammen under «Øvrige»",
        "hidden_note": (
            "Et tal bygget på færre svar end den mindste gruppe er udeladt (tom celle), "
            "så intet kan regnes tilbage til en person."
        ),
        "other": "Øvrige",
        "all": "Alle",
        "no_department": "(uden afdeling)",
        "leader_n": "leder {n}",
        "group": "Gruppe",
        "forms": "Skemaer",
        "person": "Person",
        "file": "Fil",
        "files": "Filer",
        "code": "Fejlkode",
        "employee": "Medarbejder",
        "leader": "Leder",
        "department": "Afdeling",
        "date": "Dato",
        "form": "Skema",
        "answered": "Besvaret",
        "missing": "Ubesvaret",
        "question": "Spørgsmål",
        "option": "Svar",
        "count": "Antal",
        "n": "Antal svar",
        "average": "Gennemsnit",
        "competence": "Kompetence",
        "now": "Nu (gns.)",
        "wanted": "Ønsket (gns.)",
        "gap": "Forskel",
        "overdue": "Overskredet",
        "plan_rows": "Aftaler i planer",
        "status": "Status",
        "reason": "Årsag",
        "bug": "Fejl i musforms: meld den gerne",
        "yes": "Ja",
        "no": "Nej",
    },
    "en": {
        "about": "About",
        "people": "People",
        "ratings": "Scales and smileys",
        "spread": "Distribution",
        "choices": "Yes-no and choices",
        "wheels": "Competences",
        "plans": "Development plans",
        "texts": "Free text",
        "failed": "Could not be read",
        "groups": "Groups",
        "title": "Overview of MUS answers",
        "made": "Made",
        "read": "Forms read",
        "failed_n": "Forms that could not be read",
        "privacy_out": "Free-text answers are left out for privacy.",
        "privacy_in": (
            "Free-text answers are included. The overview holds personal data: share it with care."
        ),
        "names": "The overview shows names: it holds personal data.",
        "pseudonymous": (
            "Names are replaced by pseudonyms made with a secret key (HMAC-SHA256). With the key "
            "they can be traced back to names: this is still personal data."
        ),
        "anonymous": (
            "Anonymous overview: figures for groups only, no row per person, no names, "
            "pseudonyms, free text or dates."
        ),
        "group_by": "Grouped by",
        "by_department": "department",
        "by_leader": "department and leader",
        "min_group": "Smallest group shown",
        "folded": "Forms folded into 'Other' (small groups)",
        "folded_groups": "Groups folded into 'Other'",
        "hidden_note": (
            "A figure made of fewer answers than the smallest group is left out (an empty "
            "cell), so that nothing can be traced back to a person."
        ),
        "other": "Other",
        "all": "All",
        "no_department": "(no department)",
        "leader_n": "leader {n}",
        "group": "Group",
        "forms": "Forms",
        "person": "Person",
        "file": "File",
        "files": "Files",
        "code": "Error code",
        "employee": "Employee",
        "leader": "Leader",
        "department": "Department",
        "date": "Date",
        "form": "Form",
        "answered": "Answered",
        "missing": "Unanswered",
        "question": "Question",
        "option": "Answer",
        "count": "Count",
        "n": "Answers",
        "average": "Average",
        "competence": "Competence",
        "now": "Now (avg.)",
        "wanted": "Wanted (avg.)",
        "gap": "Gap",
        "overdue": "Overdue",
        "plan_rows": "Agreements in plans",
        "status": "Status",
        "reason": "Reason",
        "bug": "A fault in musforms: please report it",
        "yes": "Yes",
        "no": "No",
    },
}


def words_for(language: str) -> dict[str, str]:
    """Return the words of ``language`` (Danish unless it is ``en``)."""
    language = "en" if language == "en" else "da"
    return {**WORDS[language], **shared.plan_fields(language)}
