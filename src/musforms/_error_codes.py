"""Every error code of musforms, with its message in English and Danish.

A code is a stable dotted id (``area.what``); programs and the web page switch
on it, never on a message's words. Messages are templates: ``{name}`` is a
parameter of the error, and a part in square brackets, ``[ Did you mean
{hint}?]``, is left out when a parameter inside it is empty. docs/errors.md
lists this table, and a test keeps the two the same.

The English text is the library's message; the Danish is what the web page
and Danish users read. Neither ever quotes a person's answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple

__all__ = ["CODES", "Message", "catalogue_markdown", "fill", "format_message"]


class Message(NamedTuple):
    """The two wordings of one code."""

    en: str
    da: str


_M = Message

CODES: dict[str, Message] = {
    # -- general -------------------------------------------------------------
    "error": _M("{detail}", "{detail}"),
    "bank.invalid": _M("{detail}", "{detail}"),
    "spec.invalid": _M("{detail}", "{detail}"),
    "people.invalid": _M("{detail}", "{detail}"),
    "config.invalid": _M("{detail}", "{detail}"),
    "render.failed": _M("{detail}", "{detail}"),
    "answers.invalid": _M("{detail}", "{detail}"),
    # -- files (any input file: spec, bank, people, template, filled form) ----
    "file.missing": _M(
        "no such file. Check the path",
        "Filen findes ikke. Tjek stien",
    ),
    "file.not_regular": _M(
        "not a regular file (a folder, a device or a pipe). Give the path to a file",
        "Det er ikke en almindelig fil (men en mappe, en enhed eller et rør). Angiv stien til "
        "en fil",
    ),
    "file.unreadable": _M(
        "cannot read the file ({why})",
        "Filen kan ikke læses ({why})",
    ),
    "file.too_large": _M(
        "the file is larger than {limit}[; {hint}]",
        "Filen er større end {limit}[; {hint_da}]",
    ),
    "file.not_text": _M(
        "the file is not UTF-8 text. Save it as UTF-8",
        "Filen er ikke en tekstfil, som musforms kan læse. Gem den som tekst (UTF-8)",
    ),
    "file.nul_byte": _M(
        "the file holds a NUL byte on this line, so it is not a text file. Is it the right file?",
        "Filen har et NUL-tegn på denne linje, så det er ikke en tekstfil. Er det den rigtige fil?",
    ),
    # -- YAML and JSON ---------------------------------------------------------
    "yaml.bad_key": _M("a key must be a plain word", "En nøgle skal være et almindeligt ord"),
    "yaml.duplicate_key": _M(
        "the key '{key}' appears twice here. Keep one of them",
        "Nøglen «{key}» står to gange her. Behold den ene",
    ),
    "yaml.too_deep": _M(
        "the file nests more than {levels} levels deep; a spec or bank never does",
        "Filen er indlejret mere end {levels} niveauer; det er et skema eller en bank aldrig",
    ),
    "yaml.invalid": _M(
        "not valid YAML ({problem}). Check the indentation and quote texts that contain ':' "
        "or start with a special character",
        "Filen kan ikke læses ({problem}). Tjek indrykningen, og sæt tekster med ':' eller et "
        "specialtegn først i anførselstegn",
    ),
    "yaml.not_data": _M(
        "a value YAML cannot read as data ({problem})",
        "En værdi kan ikke læses som data ({problem})",
    ),
    "yaml.alias": _M(
        "YAML anchors and aliases (& and *) are not allowed here. Write the value out",
        "Ankre og henvisninger (& og *) er ikke tilladt her. Skriv værdien ud",
    ),
    "json.invalid": _M(
        "not valid JSON ({problem})",
        "Filen er ikke gyldig JSON ({problem})",
    ),
    # -- templates (texts with {{ variables }}) ----------------------------------
    "template.syntax": _M(
        "the text is not a valid template ({problem}). Write variables as {{{{ name }}}}, "
        "or remove the braces",
        "Teksten kan ikke bruges som skabelon ({problem}). Skriv variabler som "
        "{{{{ organisation }}}}, eller fjern de krøllede parenteser",
    ),
    "template.too_deep": _M(
        "the text nests too deeply to be a template. Simplify it",
        "Teksten er for dybt indlejret til at være en skabelon. Gør den enklere",
    ),
    "template.attribute": _M(
        "the text reaches into a value with '.' or '[]', which texts may not do. "
        "Use plain variables such as {{{{ organisation }}}}",
        "Mellem {{{{ og }}}} må der kun stå en variabel, fx {{{{ organisation }}}}, uden '.' "
        "eller '[]'",
    ),
    "template.unknown_variable": _M(
        "the variable {{{{ {name} }}}} does not exist. Use one of {known}",
        "Variablen {{{{ {name} }}}} findes ikke. Brug en af {known}",
    ),
    "template.not_allowed": _M(
        "the text uses {construct}, which texts may not. Texts may hold variables, a few "
        "filters ({filters}) and 'if'",
        "Teksten bruger {construct_da}, som tekster ikke må. En tekst må have variabler, nogle "
        "få filtre ({filters}) og «if»",
    ),
    "template.filter_not_allowed": _M(
        "the filter '{name}' is not allowed in texts. Use one of {filters}",
        "Filteret «{name}» er ikke tilladt i tekster. Brug et af {filters}",
    ),
    "template.too_long": _M(
        "the text is, or becomes with its variables filled in, longer than {limit} characters. "
        "Shorten it",
        "Teksten er, eller bliver når variablerne er sat ind, længere end {limit} tegn. Gør den "
        "kortere",
    ),
    "template.refused": _M(
        "the text was refused by the sandbox ({why})",
        "Teksten blev afvist, fordi den forsøger noget, tekster ikke må ({why})",
    ),
    "template.failed": _M(
        "the text could not be rendered ({why})",
        "Teksten kunne ikke sættes op ({why})",
    ),
    # -- values of a spec or bank file (checked by the data model) -----------------
    "value.missing": _M(
        "'{field}' is missing[ under '{parent}']. Add '{field}:'",
        "«{field}» mangler[ under «{parent}»]. Tilføj «{field}:»",
    ),
    "value.no_danish": _M(
        "no Danish text[ under '{parent}']. Add 'da:'[ under '{parent}']",
        "Der mangler en dansk tekst[ under «{parent}»]. Tilføj «da:»",
    ),
    "value.unknown_key": _M(
        "unknown key '{field}'[ under '{parent}']. Remove it or check its spelling",
        "Ukendt nøgle «{field}»[ under «{parent}»]. Fjern den, eller ret stavningen",
    ),
    "value.unknown_kind": _M(
        "unknown kind '{value}'. Use one of: {kinds}",
        "Ukendt svarform «{value}». Brug en af: {kinds}",
    ),
    "value.not_allowed": _M(
        "{field} cannot be '{value}'. Use {expected}",
        "«{field}» kan ikke være «{value}». Brug {expected}",
    ),
    "value.needs_texts": _M(
        "'{field}' must have a Danish and an English text: {{da: ..., en: ...}}",
        "«{field}» skal have en dansk og en engelsk tekst: {{da: ..., en: ...}}",
    ),
    "value.bad_id": _M(
        "'{value}' is not a valid {field}. Use lower-case letters a-z, digits and '_' "
        "(æ->ae, ø->oe, å->aa), starting with a letter",
        "«{value}» kan ikke bruges som {field}. Brug små bogstaver a-z, tal og '_' "
        "(æ->ae, ø->oe, å->aa), og start med et bogstav",
    ),
    "value.empty": _M("'{field}' is empty. Write a text", "Feltet er tomt. Skriv en tekst"),
    "value.too_long": _M(
        "the text is too long: at most {limit} characters. Shorten it",
        "Teksten er for lang: højst {limit} tegn. Gør den kortere",
    ),
    "value.too_many": _M(
        "'{field}' has too many entries: at most {limit}",
        "«{field}» har for mange punkter: højst {limit}",
    ),
    "value.competences_count": _M(
        "a competence wheel needs 6 to 8 competences. Add or remove some",
        "Et kompetencehjul skal have 6 til 8 kompetencer. Tilføj eller fjern nogle",
    ),
    "value.options_count": _M(
        "a choice needs 2 to 12 options. Add or remove some",
        "Et valg skal have 2 til 12 svarmuligheder, én pr. linje",
    ),
    "value.out_of_range": _M(
        "'{field}' must be a number from {low} to {high}",
        "«{field}» skal være et tal fra {low} til {high}",
    ),
    "value.not_a_number": _M(
        "'{field}' must be a whole number",
        "«{field}» skal være et helt tal",
    ),
    "value.not_a_date": _M(
        "'{field}' is not a valid date. Write it as YYYY-MM-DD, e.g. 2027-03-01",
        "«{field}» er ikke en gyldig dato. Skriv den som ÅÅÅÅ-MM-DD, fx 2027-03-01",
    ),
    "value.not_yes_no": _M(
        "'{field}' must be true or false",
        "«{field}» skal være true eller false (ja eller nej)",
    ),
    "value.wrong_type": _M(
        "'{field}' has the wrong form ({detail})",
        "«{field}» har en forkert form ({detail})",
    ),
    "value.scale_order": _M(
        "scale min ({min}) must be below max ({max})",
        "Skalaens mindste værdi ({min}) skal være lavere end den største ({max})",
    ),
    "value.kind_key_wrong": _M(
        "'{key}' does not belong to a {kind} question. Remove it or change the kind",
        "«{key}» hører ikke til et spørgsmål af svarformen {kind}. Fjern den, eller skift svarform",
    ),
    "value.kind_key_missing": _M(
        "a {kind} question needs '{key}:'. Add it (see the bank format guide)",
        "Et spørgsmål af svarformen {kind} skal have «{key}:». Tilføj det",
    ),
    "value.duplicate_option": _M(
        "the {name} id '{id}' is used twice",
        "Id'et «{id}» bruges to gange i {name}",
    ),
    "value.invalid": _M("[{field}: ]{detail}", "[«{field}»: ]{detail}"),
    # -- banks -------------------------------------------------------------------
    "bank.no_folder": _M(
        "no such bank folder. Give a folder of <category>.yaml files",
        "Mappen med spørgsmål findes ikke. Angiv en mappe med en .yaml-fil pr. kategori",
    ),
    "bank.empty_folder": _M(
        "the folder has no .yaml files. A bank is one <category>.yaml file per category",
        "Mappen har ingen .yaml-filer. En spørgsmålsbank er én fil pr. kategori",
    ),
    "bank.duplicate_category": _M(
        "the category id '{id}' is also used by {other}. Give each category its own id",
        "Kategorien «{id}» bruges også i {other}. Giv hver kategori sit eget id",
    ),
    "bank.not_mapping": _M(
        "a category file must be a mapping with id, title, order and questions",
        "En kategorifil skal have id, title, order og questions",
    ),
    "bank.unknown_key": _M(
        "unknown key '{key}'. A category has {keys}",
        "Ukendt nøgle «{key}». En kategori har {keys}",
    ),
    "bank.no_category_id": _M(
        "the category has no 'id:'. Add one, e.g. the file's name",
        "Kategorien har intet «id:». Tilføj et, fx filens navn",
    ),
    "bank.no_questions": _M(
        "the category has no questions. Add a 'questions:' list",
        "Kategorien har ingen spørgsmål. Tilføj en liste «questions:»",
    ),
    "bank.duplicate_id": _M(
        "duplicate id: also used on line {other_line}. Give each question its own id",
        "Id'et bruges også på linje {other_line}. Giv hvert spørgsmål sit eget id",
    ),
    "bank.question_not_mapping": _M(
        "each question must be a mapping with id, kind and text",
        "Hvert spørgsmål skal have id, kind og text",
    ),
    "bank.no_question_id": _M(
        "the question has no 'id:'. Add a short id such as 'energi'",
        "Spørgsmålet har intet «id:». Tilføj et kort id, fx «energi»",
    ),
    "bank.category_key": _M(
        "'category' is set by the file, not per question. Remove it",
        "«category» gives af filen, ikke pr. spørgsmål. Fjern den",
    ),
    "bank.unknown_similar": _M(
        "'similar' names {id}, which is not in the bank. Check the id",
        "«similar» nævner {id}, som ikke findes i banken. Tjek id'et",
    ),
    # -- specs -----------------------------------------------------------------
    "spec.not_mapping": _M(
        "a spec must be a mapping with at least 'title:' and 'sections:'",
        "Et skema skal mindst have «title:» og «sections:»",
    ),
    "spec.no_sections": _M(
        "the spec has no sections. Add at least one under 'sections:'",
        "Skemaet har ingen afsnit. Vælg mindst ét spørgsmål",
    ),
    "spec.section_empty": _M(
        "a section needs 'category:' (a whole category) or 'questions:' (a list of ids)",
        "Et afsnit skal have «category:» (en hel kategori) eller «questions:» (spørgsmål)",
    ),
    "spec.no_question_text": _M(
        "the question has no text. Write the question",
        "Skriv spørgsmålet",
    ),
    "spec.builtin_variable": _M(
        "'{name}' is a built-in variable. Set it as a field of the spec instead",
        "«{name}» er en indbygget variabel. Angiv den som et felt i skemaet i stedet",
    ),
    "spec.unknown_question": _M(
        "unknown question id.[ Did you mean {hint}?]",
        "Spørgsmålet findes ikke i spørgsmålsbanken.[ Mente du {hint}?]",
    ),
    "spec.unknown_category": _M(
        "unknown category '{category}'.[ Did you mean {hint}?]",
        "Kategorien «{category}» findes ikke.[ Mente du {hint}?]",
    ),
    "spec.duplicate_question": _M(
        "the question is in the form twice. Remove one of them",
        "Spørgsmålet er med to gange. Fjern det ene",
    ),
    "spec.custom_id_taken": _M(
        "a custom question cannot take the id of a bank question. Choose another id",
        "Et eget spørgsmål kan ikke have samme id som et spørgsmål i banken. Vælg et andet id",
    ),
    "spec.unknown_preset": _M(
        "no preset named '{name}'.[ Did you mean {hint}?] Choose one of: {names}",
        "Der er intet færdigt skema ved navn «{name}».[ Mente du {hint}?] Vælg et af: {names}",
    ),
    "spec.bad_suffix": _M(
        "cannot tell the format from '{suffix}'. Use .yaml, .yml or .json",
        "Formatet kan ikke ses af «{suffix}». Brug .yaml, .yml eller .json",
    ),
    "spec.audience_not_in_type": _M(
        "a {type} form has no {audience} sheet. Use one of: {audiences}",
        "Et skema af typen {type} har intet ark til {audience}. Brug et af: {audiences}",
    ),
    # -- people files of a batch ---------------------------------------------------
    "people.empty": _M(
        "the people file is empty. Give a header row with 'employee'",
        "Filen med medarbejdere er tom. Giv den en overskriftsrække med «medarbejder»",
    ),
    "people.no_employee_column": _M(
        "the people file has no 'employee' (or 'medarbejder') column. Add one to the header row",
        "Filen med medarbejdere har ingen kolonne «medarbejder». Tilføj den i overskriftsrækken",
    ),
    "people.malformed": _M(
        "the CSV file is malformed ({why})",
        "CSV-filen kan ikke læses ({why})",
    ),
    "people.bad_workbook": _M(
        "cannot read the workbook ({why})",
        "Regnearket kan ikke læses ({why})",
    ),
    "people.no_employee": _M("no employee name", "Der står intet navn på medarbejderen"),
    "people.bad_date": _M(
        "the date is not a valid date (write it as YYYY-MM-DD)",
        "Datoen er ikke en gyldig dato (skriv den som ÅÅÅÅ-MM-DD)",
    ),
    # -- outputs -----------------------------------------------------------------
    "render.folder_missing": _M(
        "the folder does not exist. Create it first",
        "Mappen findes ikke. Opret den først",
    ),
    "render.folder_unwritable": _M(
        "cannot write in this folder ({why})",
        "Der kan ikke skrives i mappen ({why})",
    ),
    "render.unwritable": _M(
        "cannot write the file ({why})",
        "Filen kan ikke skrives ({why})",
    ),
    "render.out_dir": _M(
        "cannot make the output folder ({why})",
        "Mappen til filerne kan ikke oprettes ({why})",
    ),
    "render.unknown_format": _M(
        "cannot tell the format from '{suffix}'. Use one of {suffixes}",
        "Formatet kan ikke ses af «{suffix}». Brug en af {suffixes}",
    ),
    "render.unknown_format_name": _M(
        "unknown format '{name}'. Use one of {names}",
        "Ukendt format «{name}». Brug et af {names}",
    ),
    "render.unknown_option": _M(
        "the {format} format takes no option '{option}'. It takes {options}",
        "Formatet {format} har ingen indstilling «{option}». Det har {options}",
    ),
    "render.bad_option": _M(
        "'{value}' is not a valid {option} for {format}. Use one of {choices}",
        "«{value}» kan ikke bruges som {option} til {format}. Brug en af {choices}",
    ),
    "render.no_format": _M(
        "give the format (format='docx', ...) when writing to a file object: it has no name "
        "to tell it by",
        "Angiv formatet (format='docx', ...), når der skrives til et filobjekt uden navn",
    ),
    "render.not_personalisable": _M(
        "the {format} format cannot be made per person. Use one of {names}",
        "Formatet {format} kan ikke laves pr. person. Brug et af {names}",
    ),
    "render.duplicate_tag": _M(
        "two answer fields would have the tag '{tag}'. Give the options different ids",
        "To svarfelter ville få samme mærke «{tag}». Giv svarmulighederne forskellige id'er",
    ),
    "render.options_too_long": _M(
        "the options are too many or too long for an Excel cell. Shorten them",
        "Svarmulighederne er for mange eller for lange til en celle i Excel. Gør dem kortere",
    ),
    "render.date_out_of_range": _M(
        "the date {date} is outside what Word and Excel files can hold (1980 to 2107)",
        "Datoen {date} ligger uden for det, Word- og Excel-filer kan rumme (1980 til 2107)",
    ),
    "template.docx_missing": _M(
        "the template does not exist. Check the path to the .docx file",
        "Skabelonen findes ikke. Tjek stien til .docx-filen",
    ),
    "template.docx_folder": _M(
        "the template is a folder. Give the path to a .docx file",
        "Skabelonen er en mappe. Angiv stien til en .docx-fil",
    ),
    "template.docx_too_large": _M(
        "the template is larger than {limit}. Use a .docx with only styles and a logo",
        "Skabelonen er større end {limit}. Brug en .docx med kun typografier og et logo",
    ),
    "template.docx_not_word": _M(
        "the template is not a Word document. Save it from Word as .docx",
        "Skabelonen er ikke et Word-dokument. Gem den fra Word som .docx",
    ),
    "template.docx_broken": _M(
        "the template is not a usable Word document ({why}). Open it in Word, save it as "
        ".docx and try again",
        "Skabelonen kan ikke bruges ({why}). Åbn den i Word, gem den som .docx, og prøv igen",
    ),
    "template.docx_bomb": _M(
        "the template unpacks to far more than a Word template holds (a zip bomb?). Refused",
        "Skabelonen pakker sig ud til langt mere, end en Word-skabelon rummer. Afvist",
    ),
    # -- filled forms ------------------------------------------------------------
    "answers.not_zip": _M(
        "not a Word or Excel file (it is not a zip). Give a filled .docx or .xlsx made by musforms",
        "Det er ikke en Word- eller Excel-fil. Giv et udfyldt skema fra musforms",
    ),
    "answers.unknown_format": _M(
        "neither a Word (.docx), Excel (.xlsx) nor PDF file. Give a filled form made by musforms",
        "Det er hverken en Word-, Excel- eller PDF-fil. Giv et udfyldt skema fra musforms",
    ),
    "zip.too_many_parts": _M(
        "the file has {count} parts; a document has a few dozen",
        "Filen har {count} dele; et dokument har nogle få dusin",
    ),
    "zip.bomb": _M(
        "the file unpacks to far more than a document could hold (a zip bomb?). Refused",
        "Filen pakker sig ud til langt mere, end et dokument kan rumme. Afvist",
    ),
    "zip.ratio": _M(
        "the file is compressed like a zip bomb, not like a document. Refused",
        "Filen er pakket som en zip-bombe, ikke som et dokument. Afvist",
    ),
    "zip.part_missing": _M(
        "the part {member} is missing; the file is damaged",
        "Delen {member} mangler; filen er beskadiget",
    ),
    "zip.part_damaged": _M(
        "the part {member} is damaged and cannot be read",
        "Delen {member} er beskadiget og kan ikke læses",
    ),
    "zip.part_too_large": _M(
        "the part {member} is larger than it says. Refused",
        "Delen {member} er større, end den siger. Afvist",
    ),
    "xml.dtd": _M(
        "the part {member} declares a DTD or entities, which Word and Excel never write. Refused",
        "Delen {member} erklærer en DTD eller entiteter, som Word og Excel aldrig skriver. Afvist",
    ),
    "xml.bad": _M(
        "the part {member} is not well-formed XML; the file is damaged",
        "Delen {member} er ikke gyldig XML; filen er beskadiget",
    ),
    "answers.not_musforms": _M(
        "this file was not made by musforms (it carries no musforms form). Build the form "
        "with musforms and have it filled in",
        "Filen er ikke lavet med musforms (den indeholder intet musforms-skema). Lav skemaet "
        "med musforms, og få det udfyldt",
    ),
    "answers.damaged_form": _M(
        "the form inside the file is damaged{why}. Fill in a fresh copy of the form",
        "Skemaet inde i filen er beskadiget{why}. Udfyld en ny kopi af skemaet",
    ),
    "answers.unknown_version": _M(
        "the file was made by a newer musforms (form format {version}; this one reads {known}). "
        "Update musforms",
        "Filen er lavet med en nyere musforms (skemaformat {version}; denne læser {known}). "
        "Opdatér musforms",
    ),
    "answers.fingerprint": _M(
        "the form inside the file does not match its fingerprint (it was edited). Fill in a "
        "fresh copy of the form",
        "Skemaet inde i filen passer ikke til sit fingeraftryk (det er blevet ændret). Udfyld "
        "en ny kopi af skemaet",
    ),
    "answers.encrypted": _M(
        "the file is encrypted with a password. Give the password with --password-file or "
        "MUSFORMS_PASSWORD",
        "Filen er beskyttet med en adgangskode. Angiv adgangskoden",
    ),
    "answers.wrong_password": _M(
        "the password does not open the file. Check the password",
        "Adgangskoden åbner ikke filen. Tjek adgangskoden",
    ),
    "answers.fields_changed": _M(
        "the fields of the form were changed (some were deleted or added), so the answers "
        "cannot be matched to the questions. Fill in a fresh copy of the form",
        "Felterne i skemaet er ændret (nogle er slettet eller tilføjet), så svarene kan ikke "
        "kobles til spørgsmålene. Udfyld en ny kopi af skemaet",
    ),
    "answers.fields_moved": _M(
        "the fields of the form were moved, so the answers cannot be matched to the "
        "questions. Fill in a fresh copy of the form",
        "Felterne i skemaet er flyttet, så svarene kan ikke kobles til spørgsmålene. Udfyld en "
        "ny kopi af skemaet",
    ),
    "answers.sheet_missing": _M(
        "the sheet '{sheet}' is missing; was the workbook's structure changed? Fill in a "
        "fresh copy of the form",
        "Arket «{sheet}» mangler; er regnearket blevet ændret? Udfyld en ny kopi af skemaet",
    ),
    "answers.unknown_questions": _M(
        "the file holds answers to questions its form does not have ({ids}). Was it edited "
        "by hand?",
        "Filen har svar på spørgsmål, som skemaet ikke har ({ids}). Er den rettet i hånden?",
    ),
    "answers.required_missing": _M(
        "a question that must be answered is not answered. Fill it in and read again",
        "Et spørgsmål, der skal besvares, er ikke besvaret. Udfyld det, og læs filen igen",
    ),
    "answers.other_version": _M(
        "the file was made from another version of the form ({detail}). Read it without an "
        "expected form, or send the current form",
        "Filen er lavet ud fra en anden udgave af skemaet ({detail}). Læs den uden et "
        "forventet skema, eller send det nuværende skema ud",
    ),
    "answers.several": _M(
        "{count} answers do not fit their questions (the first: {first})",
        "{count} svar passer ikke til deres spørgsmål (det første: {first})",
    ),
    "answers.out_of_range": _M(
        "the answer must be a whole number from {low} to {high}[ (at {at})]. Correct it in the "
        "file and read again",
        "Svaret skal være et helt tal fra {low} til {high}[ (ved {at})]. Ret det i filen, og "
        "læs igen",
    ),
    "answers.wrong_type": _M(
        "a {kind} answer must be {expected}[ (at {at})]. Correct it in the file and read again",
        "Et svar af formen {kind} skal være {expected_da}[ (ved {at})]. Ret det i filen, og "
        "læs igen",
    ),
    "answers.not_an_option": _M(
        "the answer is not one of the question's options[ (at {at})]. Correct it in the file "
        "and read again",
        "Svaret er ikke en af spørgsmålets svarmuligheder[ (ved {at})]. Ret det i filen, og "
        "læs igen",
    ),
    "answers.not_a_date": _M(
        "the answer is not a valid date[ (at {at})]; write it as DD-MM-YYYY",
        "Svaret er ikke en gyldig dato[ (ved {at})]; skriv den som DD-MM-ÅÅÅÅ",
    ),
    "answers.unknown_part": _M(
        "the answer has parts the question does not have[ (at {at})]. Correct it in the file "
        "and read again",
        "Svaret har dele, spørgsmålet ikke har[ (ved {at})]. Ret det i filen, og læs igen",
    ),
    "answers.too_long": _M(
        "the answer is too long: at most {limit}[ (at {at})]",
        "Svaret er for langt: højst {limit}[ (ved {at})]",
    ),
    "answers.ticked_twice": _M(
        "an option is ticked twice[ (at {at})]",
        "En svarmulighed er krydset af to gange[ (ved {at})]",
    ),
    "answers.several_ticked": _M(
        "more than one box is ticked where one answer is asked for[ (at {at})]. Keep one",
        "Der er sat mere end ét kryds, hvor der skal vælges ét svar[ (ved {at})]. Behold ét",
    ),
    "answers.pdf_invalid": _M(
        "the PDF cannot be read ({why})",
        "PDF-filen kan ikke læses ({why})",
    ),
    "answers.pdf_refused": _M(
        "the PDF holds {what}, which a musforms form never does. Refused",
        "PDF-filen indeholder {what}, som et skema fra musforms aldrig gør. Afvist",
    ),
    # -- filled PDF forms (musforms.answers.read_pdf) ------------------------------
    "answers.pdf_damaged": _M(
        "the PDF is damaged or cut short and cannot be read. Fill in a fresh copy of the form",
        "PDF-filen er beskadiget eller afkortet og kan ikke læses. Udfyld en ny kopi af skemaet",
    ),
    "answers.pdf_too_many_objects": _M(
        "the PDF has far more parts (objects) than a form. Refused",
        "PDF-filen har langt flere dele (objekter) end et skema. Afvist",
    ),
    "answers.pdf_too_large_unpacked": _M(
        "the PDF unpacks to far more than a form could hold (a bomb?). Refused",
        "PDF-filen pakker sig ud til langt mere, end et skema kan rumme. Afvist",
    ),
    "answers.pdf_too_deep": _M(
        "the PDF nests far deeper than a form. Refused",
        "PDF-filen er bygget langt dybere end et skema. Afvist",
    ),
    "answers.pdf_actions": _M(
        "the PDF holds JavaScript or actions that run when it is opened or filled in, which a "
        "musforms form never does. Refused; fill in a fresh copy of the form",
        "PDF-filen indeholder JavaScript eller handlinger, der kører, når den åbnes eller "
        "udfyldes, og det gør et skema fra musforms aldrig. Afvist; udfyld en ny kopi af skemaet",
    ),
    "answers.pdf_xfa": _M(
        "the PDF is an XFA form, which musforms never makes. Give a form made by musforms",
        "PDF-filen er en XFA-formular, som musforms aldrig laver. Giv et skema fra musforms",
    ),
    "answers.pdf_encrypted": _M(
        "the PDF is encrypted. Save it without a password (or fill in a fresh copy) and read "
        "it again",
        "PDF-filen er krypteret. Gem den uden adgangskode (eller udfyld en ny kopi), og læs "
        "den igen",
    ),
    "answers.internal": _M(
        "musforms could not read this file because of a fault in musforms ({why}). Please "
        "report it",
        "musforms kunne ikke læse filen på grund af en fejl i musforms ({why}). Meld den gerne",
    ),
    # -- collect -----------------------------------------------------------------
    "collect.not_xlsx": _M(
        "the overview is an Excel workbook. Name it .xlsx",
        "Overblikket er et Excel-regneark. Giv det endelsen .xlsx",
    ),
    "collect.no_forms": _M(
        "none of the files could be read, so there is no overview. See the reasons above",
        "Ingen af filerne kunne læses, så der er intet overblik. Se årsagerne ovenfor",
    ),
    "collect.min_group": _M(
        "the smallest group shown must have at least {least} forms, not {value}",
        "Den mindste gruppe, der vises, skal have mindst {least} skemaer, ikke {value}",
    ),
    "key.missing": _M(
        "no such key file. Make one with 'musforms key {path}'",
        "Nøglefilen findes ikke. Lav en med «musforms key {path}»",
    ),
    "key.invalid": _M(
        "the key file does not hold a musforms key (at least 32 random bytes, hex-encoded)",
        "Nøglefilen indeholder ikke en gyldig nøgle (mindst 32 tilfældige byte, hex)",
    ),
    "key.exists": _M(
        "the key file exists already. Keep it: pseudonyms made with it change with a new key",
        "Nøglefilen findes allerede. Behold den: pseudonymerne ændres med en ny nøgle",
    ),
    "key.too_open": _M(
        "the key file can be read by others (mode {mode}). Make it readable by you only "
        "(chmod 600)",
        "Andre kan læse nøglefilen (rettigheder {mode}). Gør den læsbar kun for dig (chmod 600)",
    ),
    "password.empty": _M(
        "the password is empty. Write it in the file, or set MUSFORMS_PASSWORD",
        "Adgangskoden er tom. Skriv den i filen, eller sæt MUSFORMS_PASSWORD",
    ),
    "password.not_text": _M(
        "the password file is not text (UTF-8). Write the password on its first line",
        "Filen med adgangskoden er ikke tekst (UTF-8). Skriv adgangskoden på første linje",
    ),
    "collect.anonymous_and_pseudonyms": _M(
        "an anonymous overview has no row per person, so it takes no pseudonym key. Choose "
        "--anonymous or --pseudonyms",
        "Et anonymt overblik har ingen rækker for personer og bruger derfor ingen "
        "pseudonymnøgle. Vælg --anonymous eller --pseudonyms",
    ),
    "collect.anonymous_text": _M(
        "an anonymous overview never holds free text. Leave out --include-text",
        "Et anonymt overblik indeholder aldrig fritekst. Udelad --include-text",
    ),
    "collect.group_by": _M(
        "an overview cannot be grouped by '{value}'. Choose one of: {known}",
        "Et overblik kan ikke grupperes efter «{value}». Vælg en af: {known}",
    ),
    # -- the command line ----------------------------------------------------------
    "cli.spec_or_preset": _M(
        "give a spec file or --preset NAME (one of them). See 'musforms presets'",
        "Angiv en skemafil eller --preset NAVN (én af dem). Se «musforms presets»",
    ),
    "cli.exists": _M(
        "the file exists already. Choose another name, or add --force",
        "Filen findes allerede. Vælg et andet navn, eller tilføj --force",
    ),
    "cli.cannot_listen": _M(
        "cannot listen on {host}:{port} ({why}). {hint}",
        "Kan ikke lytte på {host}:{port} ({why}). {hint}",
    ),
    "cli.redraw_not_docx": _M(
        "redraw writes a Word document. Name the output .docx",
        "Gentegningen er et Word-dokument. Giv filen endelsen .docx",
    ),
    # -- redraw: a filled Word form's wheels drawn ---------------------------------
    "redraw.encrypted": _M(
        "the file is protected by a password, and a redrawn copy would lose the protection. "
        "Remove the password in Word (File > Info > Protect Document), save, and redraw that "
        "copy",
        "Filen er beskyttet med en adgangskode, og en gentegnet kopi ville miste beskyttelsen. "
        "Fjern adgangskoden i Word (Filer > Oplysninger > Beskyt dokument), gem, og gentegn "
        "den kopi",
    ),
    "redraw.not_word": _M(
        "only a Word form (.docx) is redrawn; the Excel form draws its wheel by itself. Give "
        "the filled .docx",
        "Kun et Word-skema (.docx) kan gentegnes; Excel-skemaet tegner selv sit hjul. Giv det "
        "udfyldte Word-skema",
    ),
    "redraw.no_wheel": _M(
        "the form has no competence wheel, so there is nothing to draw",
        "Skemaet har intet kompetencehjul, så der er intet at tegne",
    ),
    "redraw.charts_changed": _M(
        "the file shows {charts} chart(s) but its form has {wheels} competence wheel(s): a "
        "chart was deleted or added. Fill in a fresh copy of the form, or draw the wheel by "
        "hand",
        "Filen viser {charts} diagram(mer), men skemaet har {wheels} kompetencehjul: et "
        "diagram er slettet eller tilføjet. Udfyld en ny kopi af skemaet, eller tegn hjulet "
        "i hånden",
    ),
    "redraw.chart_link": _M(
        "a chart of the document points at no chart part (the file is damaged). Fill in a "
        "fresh copy of the form",
        "Et diagram i dokumentet peger ikke på noget diagram (filen er beskadiget). Udfyld en "
        "ny kopi af skemaet",
    ),
    # -- the configuration of musforms serve ------------------------------------------
    "config.bad_toml": _M(
        "not valid TOML ({problem}). Check the quotes, brackets and '=' on this line",
        "Ikke gyldig TOML ({problem}). Tjek anførselstegn, klammer og «=» på linjen",
    ),
    "config.unknown_key": _M(
        "unknown setting '{key}' in {table}[. Did you mean '{hint}'?] See docs/operations.md "
        "for the settings",
        "Ukendt indstilling «{key}» i {table}[. Mente du «{hint}»?] Se docs/drift.md for "
        "indstillingerne",
    ),
    "config.unknown_table": _M(
        "unknown table '{table}'[. Did you mean '{hint}'?] The tables are [serve] and "
        "[organisation]",
        "Ukendt tabel «{table}»[. Mente du «{hint}»?] Tabellerne er [serve] og [organisation]",
    ),
    "config.bad_value": _M(
        "{setting}: {problem}",
        "{setting}: {problem}",
    ),
    "config.twice": _M(
        "{setting} is set twice (also as {other}). Keep one of them",
        "{setting} er sat to gange (også som {other}). Behold den ene",
    ),
    "config.needs_allowed_hosts": _M(
        "{setting}: the service listens on {host}, which other machines reach, so it must "
        "know the names it answers to. Set allowed_hosts (e.g. allowed_hosts = "
        '["mus.kommune.local"]) or --allowed-host',
        "{setting}: Tjenesten lytter på {host}, som andre maskiner kan nå, så den skal kende "
        "de navne, den svarer på. Sæt allowed_hosts (fx allowed_hosts = "
        '["mus.kommune.local"]) eller --allowed-host',
    ),
    "config.browser_not_local": _M(
        "{setting}: a browser is opened only for a service on this machine (host 127.0.0.1), "
        "not on {host}. Leave open_browser out",
        "{setting}: En browser åbnes kun for en tjeneste på denne maskine (host 127.0.0.1), "
        "ikke på {host}. Udelad open_browser",
    ),
}

_OPTIONAL = re.compile(r"\[([^\[\]]*\{\w+\}[^\[\]]*)\]")
_PARAM = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")


class _Params(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def format_message(code: str, language: str, params: Mapping[str, Any]) -> str:
    """Return the message of ``code`` in ``language`` with ``params`` filled in.

    An unknown code gives its ``detail`` parameter, or the code itself.
    """
    message = CODES.get(code)
    if message is None:
        return str(params.get("detail") or code)
    return fill(message.da if language == "da" else message.en, params)


def fill(template: str, params: Mapping[str, Any]) -> str:
    """Fill a message template: ``{name}`` from ``params``, ``[...]`` only if all are given."""

    def optional(match: re.Match[str]) -> str:
        inner = match.group(1)
        names = _PARAM.findall(inner)
        return inner if all(params.get(name) not in (None, "") for name in names) else ""

    return _OPTIONAL.sub(optional, template).format_map(_Params(params))


_AREAS = {
    "error": "General",
    "bank": "Banks",
    "spec": "Specs",
    "people": "People files",
    "config": "Configuration of the web service",
    "render": "Outputs",
    "answers": "Filled forms",
    "file": "Files",
    "yaml": "YAML",
    "json": "JSON",
    "template": "Texts and templates",
    "value": "Values of a spec or bank",
    "zip": "Zip files",
    "xml": "XML",
    "collect": "Overviews",
    "key": "Pseudonym keys",
    "password": "Passwords",
    "cli": "The command line",
}


def catalogue_markdown() -> str:
    """Return docs/errors.md: every code with its English and Danish message, by area."""
    lines = [
        "# Error codes",
        "",
        "Every error musforms reports carries one of these codes (`MusformsError.code`), its",
        "parameters (`.params`) and, where known, `.file`, `.line` and `.question_id`. Programs",
        "switch on the code; the words may change. `{name}` is a parameter; a part in square",
        "brackets is left out when its parameter is empty. This page is generated from",
        "`src/musforms/_error_codes.py` (`python -m pytest tests/test_error_codes.py",
        "--update-golden` rewrites it), and a test keeps the two the same.",
        "",
    ]
    by_area: dict[str, list[str]] = {}
    for code in CODES:
        by_area.setdefault(code.split(".", 1)[0], []).append(code)
    for area, codes in by_area.items():
        lines += [
            f"## {_AREAS.get(area, area)}",
            "",
            "| code | English | Danish |",
            "| --- | --- | --- |",
        ]
        for code in codes:
            message = CODES[code]
            en, da = (
                text.replace("|", "\\|").replace("<", "&lt;") for text in (message.en, message.da)
            )
            lines.append(f"| `{code}` | {en} | {da} |")
        lines.append("")
    return "\n".join(lines)
