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
        "skip_to": "Spring til {t}",
        "skip_nav": "Genveje",
        "step_basics": "1. Titel og organisation",
        "year": "År",
        "more_settings": "Skemaets sprog og indledning",
        "step_start": "2. Vælg et udgangspunkt",
        "preset_hint": "Titel, organisation, år, tema og dine egne spørgsmål bliver, som de er.",
        "preset_kept": "Titel, organisation, år, tema og dine egne spørgsmål er beholdt.",
        "preset_confirm_title": "Vil du bruge «{name}»?",
        "preset_confirm_text": (
            "Det færdige skema har ikke {n} af de spørgsmål, du har valgt. De bliver fjernet:"
        ),
        "preset_confirm_one": (
            "Det færdige skema har ikke ét af de spørgsmål, du har valgt. Det bliver fjernet:"
        ),
        "preset_confirm_more": "… og {n} til.",
        "preset_confirm_yes": "Ja, brug «{name}»",
        "preset_confirm_no": "Nej, behold mine valg",
        "preset_own": "Dit eget skema",
        "load_hint": "Den fil, du fik med «Gem skemaet».",
        "answers_label": "Udfyldt skema",
        "answers_button": "Se svarene",
        "answers_hint": (
            "Et udfyldt Word- eller Excel-skema fra MUS-automaten. Svarene vises kun her og "
            "gemmes ikke."
        ),
        "answers_field": "Udfyldt skema",
        "answers_title": "Svar fra «{name}»",
        "answers_count": "{n} af {m} spørgsmål er besvaret.",
        "answers_blank": "Ikke besvaret",
        "answers_close": "Luk svarene",
        "answers_region": "Svarene, spørgsmål for spørgsmål",
        "answers_yes": "Ja",
        "answers_no": "Nej",
        "answers_competence": "Kompetence",
        "answers_none_file": "Vælg et udfyldt skema at se.",
        "answers_people": "Udfyldt for",
        "file_too_large": (
            "Filen er for stor (højst {mb} MB). Vælg den fil, du fik fra MUS-automaten."
        ),
        "search_button": "Søg",
        "search_keys": "Pil ned går til det første spørgsmål.",
        "search_both": "Søg også i den engelske tekst",
        "search_one": "1 spørgsmål passer på søgningen.",
        "search_read_as": "Søgte også efter {words}.",
        "search_clear": "Vis alle",
        "filters": "Filtrér listen",
        "filter_category": "Tema",
        "filter_kind": "Svarform",
        "filter_audience": "Skema",
        "filter_length": "Tid i samtalen",
        "filter_all": "Alle",
        "audience_employee": "Medarbejderens",
        "audience_leader": "Lederens",
        "audience_colleague": "Kollegers",
        "length_short": "Kort (op til 1½ min.)",
        "length_medium": "Mellem (2–3 min.)",
        "length_long": "Lang (over 3 min.)",
        "similar": "Ligner:",
        "section_questions": "Spørgsmål ({n})",
        "move_question": "Flyt «{t}»",
        "move_hint": (
            "Pil op og ned flytter spørgsmålet. Enter viser flere muligheder. Du kan også trække "
            "det med musen."
        ),
        "question_moved_to": "«{t}» er flyttet til plads {i} af {n} i «{s}».",
        "move_menu_up": "Flyt op",
        "move_menu_down": "Flyt ned",
        "move_menu_to": "Flyt til «{s}»",
        "remove_question": "Fjern",
        "remove_question_long": "Fjern «{t}» fra skemaet",
        "question_removed": "«{t}» er fjernet fra skemaet.",
        "section_title_hint": "Pil op og ned går til de andre afsnit.",
        "delete_section_long": "Slet afsnittet «{t}»",
        "undo": "Fortryd",
        "redo": "Gentag",
        "undone": "Fortrudt.",
        "redone": "Gentaget.",
        "nothing_to_undo": "Der er ikke mere at fortryde.",
        "nothing_to_redo": "Der er ikke mere at gentage.",
        "autosaved": "Gemt i browseren kl. {time}.",
        "draft_title": "Fortsæt, hvor du slap",
        "draft_text": "Du arbejdede på «{title}» med {n} spørgsmål ({when}).",
        "draft_continue": "Fortsæt",
        "draft_discard": "Start forfra",
        "draft_restored": "Dine valg er hentet frem igen.",
        "draft_discarded": "Det gemte udkast er slettet.",
        "draft_note": "Udkastet gemmes kun i browseren på din egen computer.",
        "bar_label": "Skemaet",
        "bar_count": "{n} spørgsmål",
        "bar_download": "Hent Word",
        "bar_preview": "Se skemaet",
        "it_downloads": "Flere formater",
        "preview_region": "Forhåndsvisning af skemaet",
        "preview_remove_long": "Fjern «{t}» fra skemaet",
        "summary_one": "1 spørgsmål · ca. {m} minutters samtale",
        "language_nav": "Sprog",
        "lang_da": "Dansk",
        "lang_en": "English",
        "preset_label": "Færdigt skema",
        "preset_none": "Tomt skema",
        "preset_button": "Brug skemaet",
        "load_label": "Gemt skema",
        "load_button": "Åbn skemaet",
        "title": "Titel",
        "title_empty": "Skriv en titel på skemaet.",
        "organisation": "Organisation",
        "form_language": "Skemaets sprog",
        "form_da": "Dansk",
        "form_en": "Engelsk",
        "theme": "Årets tema",
        "intro": "Indledning (valgfri)",
        "step_bank": "3. Vælg spørgsmål",
        "bank_hint": (
            "Sæt flueben ved de spørgsmål, I vil bruge. Åbn et tema for at se dets spørgsmål."
        ),
        "search": "Søg i spørgsmålene",
        "search_hint": "Fx trivsel, feedback eller arbejdsmiljø.",
        "search_count": "{n} spørgsmål passer på søgningen.",
        "search_none": "Ingen spørgsmål passer. Prøv et andet ord.",
        "ticked_count": "{n} af {m} valgt",
        "step_custom": "4. Egne spørgsmål",
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
        "step_sections": "5. Afsnit og rækkefølge",
        "sections_hint": (
            "Omdøb afsnittene, og flyt dem op og ned. Åbn et afsnit for at flytte eller fjerne "
            "dets spørgsmål: træk dem med musen, eller brug pil op og ned."
        ),
        "sections_nojs": (
            "Spørgsmålene kommer i afsnit efter tema, i samme rækkefølge som i listen, og dine "
            "egne spørgsmål før afslutningen. Slå JavaScript til for at flytte og omdøbe afsnit."
        ),
        "section_label": "Titel på afsnit {n}",
        "move_up": "Op",
        "move_down": "Ned",
        "move_up_long": "Flyt afsnittet «{t}» op",
        "move_down_long": "Flyt afsnittet «{t}» ned",
        "delete_section": "Slet afsnittet",
        "new_section": "Nyt afsnit",
        "new_section_title": "Nyt afsnit",
        "section_empty": "Tomt afsnit: flyt spørgsmål hertil, eller slet det.",
        "sections_none": "Afsnittene viser sig her, når du har valgt spørgsmål.",
        "section_moved": "Afsnittet er flyttet.",
        "downloads": "Hent skemaet",
        "save": "Gem skemaet",
        "save_hint": ("Så kan du åbne og rette skemaet her igen, også næste år."),
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
        "skip_to": "Skip to {t}",
        "skip_nav": "Shortcuts",
        "step_basics": "1. Title and organisation",
        "year": "Year",
        "more_settings": "Language of the form and introduction",
        "step_start": "2. Choose a starting point",
        "preset_hint": (
            "The title, organisation, year, theme and your own questions stay as they are."
        ),
        "preset_kept": "The title, organisation, year, theme and your own questions were kept.",
        "preset_confirm_title": "Use “{name}”?",
        "preset_confirm_text": (
            "The ready-made form does not have {n} of the questions you chose. They will be "
            "removed:"
        ),
        "preset_confirm_one": (
            "The ready-made form does not have one of the questions you chose. It will be removed:"
        ),
        "preset_confirm_more": "… and {n} more.",
        "preset_confirm_yes": "Yes, use “{name}”",
        "preset_confirm_no": "No, keep my choices",
        "preset_own": "Your own form",
        "load_hint": "The file you got from “Save the form”.",
        "answers_label": "Filled-in form",
        "answers_button": "Show the answers",
        "answers_hint": (
            "A filled-in Word or Excel form from the MUS form builder. The answers are only shown"
            " here and not kept."
        ),
        "answers_field": "Filled-in form",
        "answers_title": "Answers from “{name}”",
        "answers_count": "{n} of {m} questions are answered.",
        "answers_blank": "Not answered",
        "answers_close": "Close the answers",
        "answers_region": "The answers, question by question",
        "answers_yes": "Yes",
        "answers_no": "No",
        "answers_competence": "Competence",
        "answers_none_file": "Choose a filled-in form to show.",
        "answers_people": "Filled in for",
        "file_too_large": (
            "The file is too large (at most {mb} MB). Choose the file you got from the MUS form "
            "builder."
        ),
        "search_button": "Search",
        "search_keys": "Arrow down goes to the first question.",
        "search_both": "Also search the Danish text",
        "search_one": "1 question matches the search.",
        "search_read_as": "Also searched for {words}.",
        "search_clear": "Show all",
        "filters": "Filter the list",
        "filter_category": "Theme",
        "filter_kind": "Answer type",
        "filter_audience": "Sheet",
        "filter_length": "Time in the conversation",
        "filter_all": "All",
        "audience_employee": "The employee's",
        "audience_leader": "The manager's",
        "audience_colleague": "Colleagues'",
        "length_short": "Short (up to 1½ min.)",
        "length_medium": "Medium (2–3 min.)",
        "length_long": "Long (over 3 min.)",
        "similar": "Similar:",
        "section_questions": "Questions ({n})",
        "move_question": "Move “{t}”",
        "move_hint": (
            "Arrow up and down move the question. Enter shows more choices. You can also drag it "
            "with the mouse."
        ),
        "question_moved_to": "“{t}” moved to place {i} of {n} in “{s}”.",
        "move_menu_up": "Move up",
        "move_menu_down": "Move down",
        "move_menu_to": "Move to “{s}”",
        "remove_question": "Remove",
        "remove_question_long": "Remove “{t}” from the form",
        "question_removed": "“{t}” was removed from the form.",
        "section_title_hint": "Arrow up and down go to the other sections.",
        "delete_section_long": "Delete the section “{t}”",
        "undo": "Undo",
        "redo": "Redo",
        "undone": "Undone.",
        "redone": "Redone.",
        "nothing_to_undo": "There is nothing more to undo.",
        "nothing_to_redo": "There is nothing more to redo.",
        "autosaved": "Saved in the browser at {time}.",
        "draft_title": "Continue where you left off",
        "draft_text": "You were working on “{title}” with {n} questions ({when}).",
        "draft_continue": "Continue",
        "draft_discard": "Start again",
        "draft_restored": "Your choices were brought back.",
        "draft_discarded": "The saved draft was deleted.",
        "draft_note": "The draft is only kept in the browser on your own computer.",
        "bar_label": "The form",
        "bar_count": "{n} questions",
        "bar_download": "Download Word",
        "bar_preview": "See the form",
        "it_downloads": "More formats",
        "preview_region": "Preview of the form",
        "preview_remove_long": "Remove “{t}” from the form",
        "summary_one": "1 question · about {m} minutes of conversation",
        "language_nav": "Language",
        "lang_da": "Dansk",
        "lang_en": "English",
        "preset_label": "Ready-made form",
        "preset_none": "Blank form",
        "preset_button": "Use this form",
        "load_label": "Saved form",
        "load_button": "Open the form",
        "title": "Title",
        "title_empty": "Give the form a title.",
        "organisation": "Organisation",
        "form_language": "Language of the form",
        "form_da": "Danish",
        "form_en": "English",
        "theme": "Annual theme",
        "intro": "Introduction (optional)",
        "step_bank": "3. Choose questions",
        "bank_hint": "Tick the questions you want. Open a theme to see its questions.",
        "search": "Search the questions",
        "search_hint": "For example wellbeing, feedback or workload.",
        "search_count": "{n} questions match the search.",
        "search_none": "No questions match. Try another word.",
        "ticked_count": "{n} of {m} chosen",
        "step_custom": "4. Your own questions",
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
        "step_sections": "5. Sections and order",
        "sections_hint": (
            "Rename the sections and move them up and down. Open a section to move or remove "
            "its questions: drag them with the mouse, or use arrow up and down."
        ),
        "sections_nojs": (
            "The questions come in sections by theme, in the order of the list, with your "
            "own questions before the closing. Turn on JavaScript to move and rename sections."
        ),
        "section_label": "Title of section {n}",
        "move_up": "Up",
        "move_down": "Down",
        "move_up_long": "Move the section “{t}” up",
        "move_down_long": "Move the section “{t}” down",
        "delete_section": "Delete the section",
        "new_section": "New section",
        "new_section_title": "New section",
        "section_empty": "Empty section: move questions here, or delete it.",
        "sections_none": "The sections show here once you have chosen questions.",
        "section_moved": "The section was moved.",
        "downloads": "Download the form",
        "save": "Save the form",
        "save_hint": ("Open and edit the form here again from the file, next year too."),
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
        "preset_loaded": "You chose the ready-made form “{name}”.",
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


#: The ready forms' names as the drop-down shows them, where capitalising the id is not it.
PRESET_LABELS: Final[dict[str, dict[str, str]]] = {
    "da": {
        "grus": "GRUS",
        "tre-delt": "Tredelt",
        "kollega-input": "Kollegainput",
        "ny-medarbejder": "Ny medarbejder",
        "efter-fravaer": "Efter fravær",
    },
    "en": {
        "standard": "Standard",
        "kommune": "Municipality",
        "smiley": "Smiley",
        "anerkendende": "Appreciative",
        "kompetencespind": "Competence spider",
        "kollega-input": "Colleague input",
        "tre-delt": "Three-part",
        "ny-medarbejder": "New employee",
        "efter-fravaer": "After an absence",
        "senior": "Senior",
        "leder": "Leader (LUS)",
        "grus": "Group (GRUS)",
    },
}


def preset_label(name: str, language: Language) -> str:
    """Return a ready form's name as the page shows it (``Kommune``, ``Municipality``)."""
    return PRESET_LABELS[language].get(name, name.capitalize())


def ui_language(value: str | None) -> Language:
    """Return the page language a request asks for: ``en`` if it says so, else Danish."""
    return "en" if value == "en" else "da"


def labels(language: Language) -> dict[str, str]:
    """Return the page's texts in ``language``."""
    return LABELS[language]


def kind_names(language: Language) -> dict[Kind, str]:
    """Return the kinds of question in words, in ``language``."""
    return KIND_NAMES[language]
