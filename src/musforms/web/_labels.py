"""Every text of the web MUS-automat's page, in Danish and English.

HR consultants read the page in Danish by default; ``?lang=en`` switches every
label. Both tables must have the same keys: a test checks it, so that no label
is ever missing in one language.
"""

from __future__ import annotations

from typing import Final

from musforms.bank.model import Kind, Language

UI_LANGUAGES: Final = ("da", "en")

#: The kinds of question in words, as the bank list and the custom-question select show them.
KIND_NAMES: Final[dict[str, dict[Kind, str]]] = {
    "da": {
        "text": "Kort tekst",
        "long_text": "Fritekst",
        "scale": "Skala",
        "smiley": "Smiley",
        "yes_no": "Ja/nej",
        "choice": "Valg (ét svar)",
        "multi_choice": "Valg (flere svar)",
        "competence_wheel": "Kompetencehjul",
        "action_plan": "Udviklingsplan",
        "date": "Dato",
    },
    "en": {
        "text": "Short text",
        "long_text": "Free text",
        "scale": "Scale",
        "smiley": "Smiley",
        "yes_no": "Yes/no",
        "choice": "Single choice",
        "multi_choice": "Multiple choice",
        "competence_wheel": "Competence wheel",
        "action_plan": "Action plan",
        "date": "Date",
    },
}

LABELS: Final[dict[str, dict[str, str]]] = {
    "da": {
        "app_name": "MUS-automat",
        "page_title": "MUS-automat · musforms",
        "tagline": (
            "Vælg spørgsmål til jeres medarbejderudviklingssamtale, "
            "og hent skemaet som Word eller Excel."
        ),
        "skip": "Spring til indholdet",
        "skip_downloads": "Spring til «Hent skemaet»",
        "language_nav": "Sprog",
        "lang_da": "Dansk",
        "lang_en": "English",
        "step_start": "1. Vælg et udgangspunkt",
        "preset_label": "Færdigt skema",
        "preset_none": "Tomt skema",
        "preset_button": "Brug skemaet",
        "preset_hint": "Erstatter dine nuværende valg.",
        "preset_confirm": "Det færdige skema erstatter de spørgsmål, du har valgt. Fortsæt?",
        "load_label": "Gemt skema",
        "load_button": "Åbn skemaet",
        "step_settings": "5. Titel og indledning",
        "title": "Titel",
        "title_empty": "Skriv en titel på skemaet.",
        "organisation": "Organisation",
        "form_language": "Skemaets sprog",
        "form_da": "Dansk",
        "form_en": "Engelsk",
        "theme": "Årets tema",
        "intro": "Indledning (valgfri)",
        "variables_hint": (
            "Du kan skrive {{ organisation }}, {{ theme }} og {{ year }} i teksterne; "
            "de bliver udfyldt i skemaet."
        ),
        "step_bank": "2. Vælg spørgsmål",
        "bank_hint": (
            "Sæt flueben ved de spørgsmål, I vil bruge. Åbn et tema for at se dets spørgsmål."
        ),
        "search": "Søg i spørgsmålene",
        "search_hint": "Fx trivsel, feedback eller arbejdsmiljø.",
        "search_count": "{n} spørgsmål passer på søgningen.",
        "search_none": "Ingen spørgsmål passer. Prøv et andet ord.",
        "ticked_count": "{n} af {m} valgt",
        "step_custom": "3. Egne spørgsmål",
        "custom_hint": "Skriv spørgsmål, som ikke står i listen. De kommer med i skemaet.",
        "custom_legend": "Eget spørgsmål {n}",
        "custom_text": "Spørgsmål",
        "custom_kind": "Svarform",
        "custom_options": "Svarmuligheder, én pr. linje",
        "options_hint": "Til valg (2 til 12 linjer) og kompetencehjul (6 til 8 linjer).",
        "custom_remove": "Fjern spørgsmålet",
        "new_legend": "Nyt spørgsmål",
        "add_button": "Tilføj spørgsmålet",
        "custom_added": "Spørgsmålet er tilføjet.",
        "custom_removed": "Spørgsmålet er fjernet.",
        "custom_empty_new": "Skriv spørgsmålet først.",
        "step_sections": "4. Afsnit og rækkefølge",
        "sections_hint": (
            "Omdøb afsnittene, flyt dem op og ned, og flyt spørgsmål fra et afsnit til et andet."
        ),
        "sections_nojs": (
            "Spørgsmålene kommer i afsnit efter tema, i samme rækkefølge som i listen, "
            "og dine egne spørgsmål til sidst. Slå JavaScript til for at ændre afsnittene."
        ),
        "section_label": "Titel på afsnit {n}",
        "move_up": "Op",
        "move_down": "Ned",
        "move_up_long": "Flyt afsnittet «{t}» op",
        "move_down_long": "Flyt afsnittet «{t}» ned",
        "delete_section": "Slet afsnittet",
        "new_section": "Nyt afsnit",
        "new_section_title": "Nyt afsnit",
        "move_to": "Flyt «{t}» til afsnit",
        "section_empty": "Tomt afsnit: flyt spørgsmål hertil, eller slet det.",
        "sections_none": "Afsnittene viser sig her, når du har valgt spørgsmål.",
        "section_moved": "Afsnittet er flyttet.",
        "question_moved": "Spørgsmålet er flyttet til «{t}».",
        "custom_section": "Egne spørgsmål",
        "downloads": "Hent skemaet",
        "dl_conversation": "Word: samtaleskema",
        "dl_employee": "Word: medarbejderens forberedelse",
        "dl_leader": "Word: lederens forberedelse",
        "dl_xlsx": "Excel",
        "dl_schema": "JSON Schema (til it-systemer)",
        "save": "Gem skemaet (.yaml)",
        "save_hint": "Gem filen, så kan du åbne og rette skemaet her igen.",
        "summary": "{n} spørgsmål · ca. {m} minutters samtale",
        "summary_long": "Mere end 90 minutter: overvej at fjerne spørgsmål.",
        "summary_empty": "Ingen spørgsmål valgt endnu.",
        "preview": "Forhåndsvisning",
        "preview_button": "Vis forhåndsvisning",
        "preview_empty": "Sæt flueben ved spørgsmål, så ser du skemaet her.",
        "preview_updated": "Forhåndsvisningen er opdateret: {n} spørgsmål.",
        "preview_failed": "Forhåndsvisningen kunne ikke opdateres. Prøv igen.",
        "preview_partial": "Forhåndsvisningen viser skemaet uden det, der skal rettes.",
        "errors_title": "Ret venligst dette",
        "error_prefix": "Fejl:",
        "loaded": "Skemaet fra «{name}» er åbnet.",
        "preset_loaded": "Det færdige skema «{name}» er valgt.",
        "general": "Skemaet",
        "bank_field": "Spørgsmål",
        "file_field": "Gemt skema",
        "section_field": "Afsnit",
        "render_failed": "Filen kunne ikke laves: {reason}",
        "format_unknown": "Vælg en af knapperne under «Hent skemaet».",
        "error_page_title": "Noget gik galt",
        "back": "Tilbage til MUS-automaten",
        "too_large": "Det, der blev sendt, er for stort (højst {mb} MB).",
        "bad_host": "Siden blev åbnet under et navn, som MUS-automaten ikke kender.",
        "not_found": "Siden findes ikke.",
        "bad_request": "Det, der blev sendt, kunne ikke læses. Gå tilbage, og prøv igen.",
        "no_file": "Vælg en fil at åbne.",
        "server_error": "Der skete en fejl i musforms. Prøv igen, eller meld fejlen.",
        "footer": "musforms {version} · kører på din egen computer; intet sendes videre.",
    },
    "en": {
        "app_name": "MUS form builder",
        "page_title": "MUS form builder · musforms",
        "tagline": (
            "Choose questions for your employee development conversation (MUS), "
            "and download the form as Word or Excel."
        ),
        "skip": "Skip to content",
        "skip_downloads": "Skip to “Download the form”",
        "language_nav": "Language",
        "lang_da": "Dansk",
        "lang_en": "English",
        "step_start": "1. Choose a starting point",
        "preset_label": "Ready-made form",
        "preset_none": "Blank form",
        "preset_button": "Use this form",
        "preset_hint": "Replaces your current choices.",
        "preset_confirm": "The ready-made form replaces the questions you chose. Continue?",
        "load_label": "Saved form",
        "load_button": "Open the form",
        "step_settings": "5. Title and introduction",
        "title": "Title",
        "title_empty": "Give the form a title.",
        "organisation": "Organisation",
        "form_language": "Language of the form",
        "form_da": "Danish",
        "form_en": "English",
        "theme": "Annual theme",
        "intro": "Introduction (optional)",
        "variables_hint": (
            "You can write {{ organisation }}, {{ theme }} and {{ year }} in the texts; "
            "the form fills them in."
        ),
        "step_bank": "2. Choose questions",
        "bank_hint": "Tick the questions you want. Open a theme to see its questions.",
        "search": "Search the questions",
        "search_hint": "For example wellbeing, feedback or workload.",
        "search_count": "{n} questions match the search.",
        "search_none": "No questions match. Try another word.",
        "ticked_count": "{n} of {m} chosen",
        "step_custom": "3. Your own questions",
        "custom_hint": "Write questions that are not in the list. They go into the form.",
        "custom_legend": "Own question {n}",
        "custom_text": "Question",
        "custom_kind": "Answer type",
        "custom_options": "Options, one per line",
        "options_hint": "For choices (2 to 12 lines) and competence wheels (6 to 8 lines).",
        "custom_remove": "Remove the question",
        "new_legend": "New question",
        "add_button": "Add the question",
        "custom_added": "The question was added.",
        "custom_removed": "The question was removed.",
        "custom_empty_new": "Write the question first.",
        "step_sections": "4. Sections and order",
        "sections_hint": (
            "Rename the sections, move them up and down, and move questions between sections."
        ),
        "sections_nojs": (
            "The questions come in sections by theme, in the order of the list, with your "
            "own questions last. Turn on JavaScript to change the sections."
        ),
        "section_label": "Title of section {n}",
        "move_up": "Up",
        "move_down": "Down",
        "move_up_long": "Move the section “{t}” up",
        "move_down_long": "Move the section “{t}” down",
        "delete_section": "Delete the section",
        "new_section": "New section",
        "new_section_title": "New section",
        "move_to": "Move “{t}” to section",
        "section_empty": "Empty section: move questions here, or delete it.",
        "sections_none": "The sections show here once you have chosen questions.",
        "section_moved": "The section was moved.",
        "question_moved": "The question was moved to “{t}”.",
        "custom_section": "Own questions",
        "downloads": "Download the form",
        "dl_conversation": "Word: conversation form",
        "dl_employee": "Word: employee's preparation",
        "dl_leader": "Word: leader's preparation",
        "dl_xlsx": "Excel",
        "dl_schema": "JSON Schema (for IT systems)",
        "save": "Save the form (.yaml)",
        "save_hint": "Keep the file to open and edit the form here again.",
        "summary": "{n} questions · about {m} minutes of conversation",
        "summary_long": "More than 90 minutes: consider removing questions.",
        "summary_empty": "No questions chosen yet.",
        "preview": "Preview",
        "preview_button": "Show preview",
        "preview_empty": "Tick questions to see the form here.",
        "preview_updated": "The preview was updated: {n} questions.",
        "preview_failed": "The preview could not be updated. Try again.",
        "preview_partial": "The preview shows the form without what needs correcting.",
        "errors_title": "Please correct this",
        "error_prefix": "Error:",
        "loaded": "Opened the form from “{name}”.",
        "preset_loaded": "Chose the ready-made form “{name}”.",
        "general": "The form",
        "bank_field": "Questions",
        "file_field": "Saved form",
        "section_field": "Section",
        "render_failed": "The file could not be made: {reason}",
        "format_unknown": "Choose one of the buttons under “Download the form”.",
        "error_page_title": "Something went wrong",
        "back": "Back to the MUS form builder",
        "too_large": "What was sent is too large (at most {mb} MB).",
        "bad_host": "The page was opened under a name the MUS form builder does not know.",
        "not_found": "There is no such page.",
        "bad_request": "What was sent could not be read. Go back and try again.",
        "no_file": "Choose a file to open.",
        "server_error": "musforms had an error. Try again, or report the fault.",
        "footer": "musforms {version} · runs on your own computer; nothing is sent anywhere.",
    },
}


def ui_language(value: str | None) -> Language:
    """Return the page language a request asks for: ``en`` if it says so, else Danish."""
    return "en" if value == "en" else "da"


def labels(language: Language) -> dict[str, str]:
    """Return the page's texts in ``language``."""
    return LABELS[language]


def kind_names(language: Language) -> dict[Kind, str]:
    """Return the kinds of question in words, in ``language``."""
    return KIND_NAMES[language]
