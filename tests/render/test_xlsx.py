"""The Excel renderer: structure, protection, validation, read-back map, hostile text.

Requirements checked here (cited in the tests):

X001 the workbook opens in openpyxl with every sheet protected and the structure locked
X002 on the main sheet, the unlocked cells are exactly the answer cells of the form
X003 every scale, choice, yes/no, smiley, multi-choice and date answer cell has a validation
     of the right type, with an error message in the form's language
X004 each competence wheel has a sheet with validated ratings, blank-safe gap formulas and a
     radar chart bound to its now and wanted cells
X005 each development plan is an Excel table with date validation on its date columns
X006 a very hidden sheet holds the payload (in cells of at most 32,000 characters) and a map
     from tags (question ids, ``id:part``) to answer cells that exist and are unlocked
X007 text from users is stored as text, never as a formula; control characters are removed
X008 the same form gives the same bytes, zip timestamps included
X009 a binary file object is a valid target; a missing folder is a RenderError
X010 every preset builds
X011 LibreOffice converts the workbook to PDF, formula-looking text printed literally
X012 A4 portrait, fit to width, header and footer, frozen panes, print titles
X013 every font in styles.xml lists its children in the Open XML SDK's sequence (the one
     place openpyxl's output failed Microsoft's validator)
X014 the header's fields, the sheet's name and intro, the plan and its signers follow the
     form's type of conversation; a type without a plan (colleague) shows none
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from lxml import etree
from openpyxl.utils.cell import range_boundaries

import musforms
from musforms import FormBuilder, build_form, preset, words
from musforms.errors import RenderError
from musforms.form import Form
from musforms.kinds import PLAN_FIELDS
from musforms.ooxml.xlsx_map import (
    CELL_COLUMN,
    FIRST_ROW,
    KIND_COLUMN,
    META_SHEET,
    PAYLOAD_CHUNK,
    PAYLOAD_COLUMN,
    TAG_COLUMN,
    VALUES_COLUMN,
    split_reference,
)
from musforms.ooxml.xlsx_styles import FONT_ORDER, STYLES_PART, in_schema_order
from musforms.render._sheet import sheet_sections
from musforms.render.xlsx import render_xlsx, xlsx_bytes
from tests.render.conftest import TYPE_CASES, soffice_pdf, typed_form

HOSTILE = '=HYPERLINK("http://x","y")'

ALL_KINDS = (
    "opgaver.resultater",  # long_text
    "udvikling.blive_bedre_til",  # text
    "ledelse.samarbejdet",  # scale
    "trivsel.trivsel_nu",  # smiley, 5 faces
    "arbejdsmiljo.balance",  # smiley, 5 faces
    "udvikling.efteruddannelse",  # yes_no
    "opgaver.arbejdsmaengde",  # choice
    "opgaver.opgavetyper_mere",  # multi_choice
    "kompetencer.kompetencehjul",  # competence_wheel
    "lus.ledelseshjul",  # a second competence_wheel
    "afslutning.udviklingsplan",  # action_plan
    "afslutning.dato",  # date
)


def all_kinds_form(**settings: Any) -> Form:
    builder = FormBuilder(title="MUS 2027", organisation="Eksempel Kommune", **settings)
    builder.section("Alt").tick(*ALL_KINDS)
    # The shipped bank has five faces throughout; three faces stay a kind of their own.
    builder.add_question(text="Hvordan går det lige nu?", kind="smiley", faces=3, id="tre")
    return builder.build()


def open_workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def map_entries(workbook: openpyxl.Workbook) -> list[dict[str, Any]]:
    """Return the answer map of the hidden sheet as dicts."""
    sheet = workbook[META_SHEET]
    entries = []
    row = FIRST_ROW
    while sheet.cell(row, TAG_COLUMN).value is not None:
        values = sheet.cell(row, VALUES_COLUMN).value
        entries.append(
            {
                "tag": sheet.cell(row, TAG_COLUMN).value,
                "ref": sheet.cell(row, CELL_COLUMN).value,
                "kind": sheet.cell(row, KIND_COLUMN).value,
                "values": json.loads(values) if values else None,
            }
        )
        row += 1
    return entries


def payload_text(workbook: openpyxl.Workbook) -> list[str]:
    sheet = workbook[META_SHEET]
    chunks = []
    row = FIRST_ROW
    while sheet.cell(row, PAYLOAD_COLUMN).value is not None:
        chunks.append(sheet.cell(row, PAYLOAD_COLUMN).value)
        row += 1
    return chunks


def validation_of(sheet: Any, coordinate: str) -> Any:
    """Return the data validation covering ``coordinate`` on ``sheet`` (``None``: none)."""
    found = [dv for dv in sheet.data_validations.dataValidation if coordinate in dv.sqref]
    assert len(found) <= 1, f"{coordinate} has {len(found)} validations"
    return found[0] if found else None


def unlocked(sheet: Any) -> set[str]:
    return {
        cell.coordinate
        for cell in sheet._cells.values()
        if cell.protection is not None and cell.protection.locked is False
    }


PERSON_FIELDS = ("employee", "leader", "department", "date")


def expected_main_answer_cells(form: Form) -> int:
    """The number of answer cells the main sheet should have, worked out from the form."""
    # The header's fields per type, written out here as the test's own oracle: a colleague
    # form asks only whom the input is about, and no organisation.
    fields = ("employee",) if form.type == "colleague" else PERSON_FIELDS
    count = sum(getattr(form, name) is None for name in fields)
    count += form.type != "colleague" and not form.organisation.strip()
    for question in form.questions:
        if question.kind == "multi_choice":
            count += len(question.options)
        elif question.kind not in {"competence_wheel", "action_plan"}:
            count += 1
    return count


@pytest.fixture(scope="module")
def form() -> Form:
    return all_kinds_form()


@pytest.fixture(scope="module")
def data(form: Form) -> bytes:
    return xlsx_bytes(form)


@pytest.fixture(scope="module")
def workbook(data: bytes) -> openpyxl.Workbook:
    return open_workbook(data)


# -- X001 protection -----------------------------------------------------------


def test_every_sheet_is_protected_and_the_structure_locked(workbook: openpyxl.Workbook) -> None:
    """X001."""
    assert workbook.security is not None and workbook.security.lockStructure
    for sheet in workbook.worksheets:
        assert sheet.protection.sheet, sheet.title
        assert not sheet.protection.password, "no password unless asked for"


def test_password_is_set_on_sheets_and_workbook(form: Form) -> None:
    """X001."""
    book = open_workbook(xlsx_bytes(form, password="hemmelig"))
    assert all(sheet.protection.password for sheet in book.worksheets)
    assert book.security.workbookPassword


def test_protect_false_leaves_sheets_open(form: Form) -> None:
    """X001."""
    book = open_workbook(xlsx_bytes(form, protect=False))
    assert not any(sheet.protection.sheet for sheet in book.worksheets)
    assert book.security is None or not book.security.lockStructure


# -- X002 answer cells ---------------------------------------------------------


@pytest.mark.parametrize(
    "settings",
    [{}, {"employee": "Ann Berg", "leader": "Bo Holm", "department": "IT", "date": "2027-03-15"}],
    ids=["blank", "personalised"],
)
def test_unlocked_cells_on_main_sheet_are_the_answer_cells(settings: dict[str, str]) -> None:
    """X002."""
    form = all_kinds_form(**settings)
    book = open_workbook(xlsx_bytes(form))
    main = book.worksheets[0]
    cells = unlocked(main)
    assert len(cells) == expected_main_answer_cells(form)
    mapped = {split_reference(e["ref"]) for e in map_entries(book)}
    assert {(main.title, c) for c in cells} <= mapped


def test_wheel_and_plan_sheets_unlock_only_their_answer_cells(
    form: Form, workbook: openpyxl.Workbook
) -> None:
    """X002."""
    entries = map_entries(workbook)
    for sheet in workbook.worksheets[1:]:
        if sheet.title == META_SHEET:
            continue
        expected = {
            split_reference(e["ref"])[1]
            for e in entries
            if split_reference(e["ref"])[0] == sheet.title
        }
        assert unlocked(sheet) == expected
    wheels = [q for q in form.questions if q.kind == "competence_wheel"]
    plans = [q for q in form.questions if q.kind == "action_plan"]
    kinds = [e["kind"] for e in entries]
    assert kinds.count("competence_wheel") == sum(2 * len(q.competences) for q in wheels)
    assert kinds.count("action_plan") == sum((q.rows or 5) * len(PLAN_FIELDS) for q in plans)


def test_person_values_are_written_and_locked() -> None:
    """X002: a personalised form shows its people instead of fields to fill in."""
    form = all_kinds_form(
        employee="=Ann Berg", leader="Bo Holm", department="IT", date="2027-03-15"
    )
    book = open_workbook(xlsx_bytes(form))
    main = book.worksheets[0]
    values = [cell.value for row in main.iter_rows(max_col=3, max_row=12) for cell in row]
    assert "=Ann Berg" in values and "Bo Holm" in values and "IT" in values
    assert not [e for e in map_entries(book) if e["tag"].startswith("person:")]
    assert "Ann Berg" in main.oddHeader.right.text


# -- X003 validations ----------------------------------------------------------

_RULE_TYPES = {
    "scale": "whole",
    "smiley": "list",
    "yes_no": "list",
    "choice": "list",
    "multi_choice": "list",
    "date": "date",
    "competence_wheel": "whole",
    "text": "textLength",
    "long_text": "textLength",
}


def test_every_answer_cell_has_a_validation_of_its_kind(workbook: openpyxl.Workbook) -> None:
    """X003."""
    checked = set()
    for entry in map_entries(workbook):
        sheet_name, coordinate = split_reference(entry["ref"])
        rule = validation_of(workbook[sheet_name], coordinate)
        kind = entry["kind"]
        if kind == "action_plan":
            field = entry["tag"].rsplit(":", 1)[1]
            expected = "date" if field in {"deadline", "follow_up"} else "textLength"
        else:
            expected = _RULE_TYPES.get(
                kind, "date" if entry["tag"] == "person:date" else "textLength"
            )
        assert rule is not None, entry["tag"]
        assert rule.type == expected, entry["tag"]
        assert rule.showErrorMessage and rule.error and rule.errorTitle == "Ugyldigt svar"
        checked.add(kind)
    assert {"scale", "smiley", "yes_no", "choice", "multi_choice", "date"} <= checked


def test_scale_validation_uses_the_range_and_names_the_ends(
    form: Form, workbook: openpyxl.Workbook
) -> None:
    """X003."""
    question = form.get("ledelse.samarbejdet")
    assert question is not None and question.scale is not None
    entry = next(e for e in map_entries(workbook) if e["tag"] == question.id)
    rule = validation_of(workbook.worksheets[0], split_reference(entry["ref"])[1])
    assert (rule.formula1, rule.formula2) == (str(question.scale.min), str(question.scale.max))
    assert question.scale.min_label in rule.prompt and question.scale.max_label in rule.prompt


def list_entries(workbook: openpyxl.Workbook, rule: Any) -> list[str]:
    sheet_name, cells = split_reference(rule.formula1)
    min_col, min_row, _, max_row = range_boundaries(cells.replace("$", ""))
    sheet = workbook[sheet_name]
    return [sheet.cell(row, min_col).value for row in range(min_row, max_row + 1)]


@pytest.mark.parametrize(
    ("question_id", "expected"),
    [
        ("trivsel.trivsel_nu", {"\U0001f61e 1 – Meget dårligt": 1, "\U0001f604 5 – Meget godt": 5}),
        ("custom.tre", {"\U0001f61e 1 – Dårligt": 1, "\U0001f604 3 – Godt": 3}),
        ("udvikling.efteruddannelse", {"Ja": True, "Nej": False}),
    ],
    ids=["smiley-5", "smiley-3", "yes-no"],
)
def test_drop_downs_offer_entries_that_map_to_answer_values(
    workbook: openpyxl.Workbook, question_id: str, expected: dict[str, Any]
) -> None:
    """X003, X006."""
    entry = next(e for e in map_entries(workbook) if e["tag"] == question_id)
    rule = validation_of(workbook.worksheets[0], split_reference(entry["ref"])[1])
    assert list_entries(workbook, rule) == list(entry["values"])
    assert expected.items() <= entry["values"].items()


def test_choice_drop_down_lists_the_option_texts(form: Form, workbook: openpyxl.Workbook) -> None:
    """X003."""
    question = form.get("opgaver.arbejdsmaengde")
    assert question is not None
    entry = next(e for e in map_entries(workbook) if e["tag"] == question.id)
    rule = validation_of(workbook.worksheets[0], split_reference(entry["ref"])[1])
    assert list_entries(workbook, rule) == [o.text for o in question.options]
    assert list(entry["values"].values()) == [o.id for o in question.options]


def test_multi_choice_has_one_yes_no_row_per_option(
    form: Form, workbook: openpyxl.Workbook
) -> None:
    """X003, X006: tags ``id:option`` as Word's check boxes."""
    question = form.get("opgaver.opgavetyper_mere")
    assert question is not None
    tags = [e["tag"] for e in map_entries(workbook) if e["kind"] == "multi_choice"]
    assert tags == [f"{question.id}:{o.id}" for o in question.options]
    main = workbook.worksheets[0]
    for entry in map_entries(workbook):
        if entry["kind"] == "multi_choice":
            coordinate = split_reference(entry["ref"])[1]
            label = main.cell(main[coordinate].row, 2).value
            assert label in [o.text for o in question.options]


def test_date_cells_use_a_danish_date_format(workbook: openpyxl.Workbook) -> None:
    """X003."""
    for entry in map_entries(workbook):
        if entry["kind"] == "date" or entry["tag"].endswith((":deadline", ":follow_up")):
            sheet_name, coordinate = split_reference(entry["ref"])
            assert workbook[sheet_name][coordinate].number_format == "dd-mm-yyyy"


def test_english_form_speaks_english() -> None:
    """X003: sheet names, messages and date format follow the form's language."""
    book = open_workbook(xlsx_bytes(all_kinds_form(language="en")))
    assert book.sheetnames[:2] == ["Conversation form", "Competence wheel"]
    rules = book.worksheets[0].data_validations.dataValidation
    assert {rule.errorTitle for rule in rules} == {"Invalid answer"}
    date_entry = next(e for e in map_entries(book) if e["tag"] == "afslutning.dato")
    date_format = book.worksheets[0][split_reference(date_entry["ref"])[1]].number_format
    assert date_format == "[$-809]d mmmm yyyy"  # as Word's English dates: 15 March 2027
    assert book.worksheets[0].oddFooter.center.text == "Page &P of &N"


# -- X004 competence wheels ----------------------------------------------------


def test_each_wheel_has_a_radar_chart_bound_to_its_cells(
    form: Form, workbook: openpyxl.Workbook
) -> None:
    """X004."""
    entries = map_entries(workbook)
    wheels = [q for q in form.questions if q.kind == "competence_wheel"]
    assert len(wheels) == 2
    for question in wheels:
        cells = {
            part: [
                split_reference(e["ref"])
                for e in entries
                if e["tag"].startswith(question.id + ":") and e["tag"].endswith(":" + part)
            ]
            for part in ("now", "wanted")
        }
        sheet_name = cells["now"][0][0]
        sheet = workbook[sheet_name]
        (chart,) = sheet._charts
        assert type(chart).__name__ == "RadarChart"
        for series, part in zip(chart.series, ("now", "wanted"), strict=True):
            first, last = cells[part][0][1], cells[part][-1][1]
            column = first.rstrip("0123456789")
            expected = (
                f"'{sheet_name}'!${column}${first[len(column) :]}:${column}${last[len(column) :]}"
            )
            assert series.val.numRef.f == expected
        assert len(cells["now"]) == len(question.competences)


def test_the_radar_chart_looks_like_words(data: bytes, workbook: openpyxl.Workbook) -> None:
    """X004: clockwise from the top, the centre one below the scale and unlabelled, every
    text in Arial like the sheet; the gap column boxed like the ratings."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        chart = etree.fromstring(archive.read("xl/charts/chart1.xml"))
    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    orientation = chart.find(f".//{c}catAx/{c}scaling/{c}orientation")
    assert orientation is not None and orientation.get("val") == "minMax"
    scaling = chart.find(f".//{c}valAx/{c}scaling")
    assert scaling is not None
    assert [scaling.find(f"{c}{n}").get("val") for n in ("min", "max")] == ["0", "5"]  # type: ignore[union-attr]
    number = chart.find(f".//{c}valAx/{c}numFmt")
    assert number is not None and number.get("formatCode") == "0;;;"
    faces = {f.get("typeface") for f in chart.iter(f"{a}latin")}
    assert faces == {"Arial"} and len(list(chart.iter(f"{c}txPr"))) == 3
    sheet = workbook["Kompetencehjul"]
    gap = next(row[3] for row in sheet.iter_rows(min_row=2) if str(row[3].value).startswith("=IF"))
    assert gap.border.left.style == gap.border.bottom.style == "thin"


def test_wheel_ratings_are_validated_and_gaps_are_blank_safe_formulas(
    form: Form, workbook: openpyxl.Workbook
) -> None:
    """X004."""
    question = form.get("kompetencer.kompetencehjul")
    assert question is not None and question.scale is not None
    entries = [e for e in map_entries(workbook) if e["tag"].startswith(question.id + ":")]
    for entry in entries:
        sheet_name, coordinate = split_reference(entry["ref"])
        rule = validation_of(workbook[sheet_name], coordinate)
        assert (rule.type, rule.formula1, rule.formula2) == (
            "whole",
            str(question.scale.min),
            str(question.scale.max),
        )
    sheet = workbook[split_reference(entries[0]["ref"])[0]]
    row = sheet[split_reference(entries[0]["ref"])[1]].row
    gap = sheet.cell(row, 4)
    assert gap.data_type == "f"
    assert gap.value == f'=IF(AND(ISNUMBER(C{row}),ISNUMBER(B{row})),C{row}-B{row},"")'


# -- X005 development plans ----------------------------------------------------


def test_plan_is_a_table_with_date_columns(form: Form, workbook: openpyxl.Workbook) -> None:
    """X005."""
    question = form.get("afslutning.udviklingsplan")
    assert question is not None
    entries = [e for e in map_entries(workbook) if e["kind"] == "action_plan"]
    sheet_name = split_reference(entries[0]["ref"])[0]
    sheet = workbook[sheet_name]
    ((_name, ref),) = sheet.tables.items()
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    assert (max_col - min_col + 1, max_row - min_row) == (len(PLAN_FIELDS), question.rows or 5)
    headers = [sheet.cell(min_row, column).value for column in range(min_col, max_col + 1)]
    assert headers == ["Mål", "Handling", "Succeskriterium", "Ansvarlig", "Frist", "Opfølgning"]
    assert entries[0]["tag"] == f"{question.id}:1:goal"
    assert entries[-1]["tag"] == f"{question.id}:{question.rows or 5}:follow_up"


# -- X006 hidden sheet ---------------------------------------------------------


def test_hidden_sheet_is_very_hidden_and_carries_the_payload(
    form: Form, workbook: openpyxl.Workbook
) -> None:
    """X006."""
    assert workbook[META_SHEET].sheet_state == "veryHidden"
    payload = json.loads("".join(payload_text(workbook)))
    assert payload is not None
    assert payload["form_id"] == form.form_id
    assert payload["audience"] == "xlsx"
    ids = [q["id"] for s in payload["spec"]["sections"] for q in s["questions"]]
    assert ids == [q.id for q in form.questions]  # every question written out, in order


def test_long_payload_is_split_into_cells_that_fit() -> None:
    """X006: a cell holds at most 32,767 characters."""
    builder = FormBuilder(title="Lang", organisation="O").section("S")
    for number in range(12):
        builder.add_question(text=f"Spørgsmål {number} " + "ord " * 990, kind="long_text")
    form = builder.build()
    book = open_workbook(xlsx_bytes(form))
    chunks = payload_text(book)
    assert len(chunks) >= 2
    assert all(len(chunk) <= PAYLOAD_CHUNK for chunk in chunks)
    payload = json.loads("".join(chunks))
    assert payload is not None and payload["form_id"] == form.form_id


def test_every_mapped_cell_exists_and_is_an_answer_cell(workbook: openpyxl.Workbook) -> None:
    """X006."""
    entries = map_entries(workbook)
    assert len({e["tag"] for e in entries}) == len(entries)
    for entry in entries:
        sheet_name, coordinate = split_reference(entry["ref"])
        assert sheet_name in workbook.sheetnames
        assert workbook[sheet_name][coordinate].protection.locked is False, entry["tag"]


def test_map_covers_every_question_that_takes_an_answer(
    form: Form, workbook: openpyxl.Workbook
) -> None:
    """X006."""
    ids = {e["tag"].split(":", 1)[0] for e in map_entries(workbook)}
    assert {q.id for q in form.questions} <= ids
    wheel = form.get("kompetencer.kompetencehjul")
    assert wheel is not None
    tags = {e["tag"] for e in map_entries(workbook)}
    assert f"{wheel.id}:{wheel.competences[0].id}:now" in tags


# -- X007 hostile text ---------------------------------------------------------


def hostile_form() -> Form:
    builder = FormBuilder(
        title="=1+1 MUS\x07",
        organisation="@Smith & Co\x01",
        employee="-Ann\x0bBerg",
        leader="+Bo",
        department="\tIT",
        theme="<w:t>tema</w:t>",
    )
    builder.section("=SUM(A1:A9)\x02")
    builder.add_question(text=HOSTILE, kind="text")
    builder.add_question(
        text="+45 \x00\x1f kontrol 😀 שלום " + "x" * 600, kind="long_text", help="-hjælp & <w:t>"
    )
    builder.add_question(text="Vælg", kind="choice", options=["=1+1", 'a, "b"', "@c", "=1+1"])
    builder.add_question(text="Flere", kind="multi_choice", options=["-x", "\ty", "z\x03"])
    builder.add_question(
        text="Hjul",
        kind="competence_wheel",
        scale={"min": 1, "max": 4},
        competences=["=A1", "b", "c", "d", "e", "f"],
    )
    return builder.build()


@pytest.fixture(scope="module")
def hostile_data() -> bytes:
    return xlsx_bytes(hostile_form())


def test_formula_looking_text_stays_text(hostile_data: bytes) -> None:
    """X007."""
    book = open_workbook(hostile_data)
    texts = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    texts[cell.value.split("\n")[0]] = cell
    for text in (HOSTILE, "=1+1 MUS", "=SUM(A1:A9)", "=A1", "+Bo", "-AnnBerg", "@c", "-x", "=1+1"):
        assert text in texts, text
        assert texts[text].data_type == "s", text
    with zipfile.ZipFile(io.BytesIO(hostile_data)) as archive:
        formulas = [
            name
            for name in archive.namelist()
            if name.startswith("xl/worksheets/sheet") and b"<f>" in archive.read(name)
        ]
    # Only the competence sheet's gap column holds formulas.
    assert formulas == ["xl/worksheets/sheet2.xml"]


def test_control_characters_are_removed(hostile_data: bytes) -> None:
    """X007."""
    book = open_workbook(hostile_data)
    values = [
        cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]
    assert any(value.startswith("+45  kontrol 😀 שלום") for value in values)
    assert not any(ch in value for value in values for ch in "\x00\x01\x02\x03\x07\x0b\x1f")


def test_duplicate_and_comma_options_stay_distinct_in_drop_downs(hostile_data: bytes) -> None:
    """X007: options with commas, quotes, leading '=' and duplicates."""
    book = open_workbook(hostile_data)
    entry = next(e for e in map_entries(book) if e["kind"] == "choice")
    rule = validation_of(book.worksheets[0], split_reference(entry["ref"])[1])
    assert list_entries(book, rule) == ["=1+1", 'a, "b"', "@c", "=1+1 (2)"]
    assert len(set(entry["values"].values())) == 4


def test_ampersand_in_organisation_is_escaped_in_the_page_header(hostile_data: bytes) -> None:
    """X007: '&' starts a code in headers and footers."""
    book = open_workbook(hostile_data)
    assert book.worksheets[0].oddHeader.left.text == "@Smith && Co"


# -- X008 determinism ----------------------------------------------------------


def test_same_form_gives_identical_bytes(form: Form, data: bytes) -> None:
    """X008."""
    assert xlsx_bytes(form) == data


def test_zip_entries_and_properties_are_dated_from_the_form() -> None:
    """X008."""
    form = all_kinds_form(date="2027-03-15")
    data = xlsx_bytes(form)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2027, 3, 15, 0, 0, 0)}
    book = open_workbook(data)
    assert book.properties.created.date().isoformat() == "2027-03-15"
    assert book.properties.modified == book.properties.created


# -- X009 targets --------------------------------------------------------------


def test_a_binary_file_object_is_a_target(form: Form, data: bytes) -> None:
    """X009."""
    buffer = io.BytesIO()
    form.to_xlsx(buffer)
    assert buffer.getvalue() == data


def test_a_path_is_written(form: Form, data: bytes, tmp_path: Path) -> None:
    """X009."""
    target = tmp_path / "mus.xlsx"
    render_xlsx(form, str(target))
    assert target.read_bytes() == data


def test_a_missing_folder_is_a_render_error(form: Form, tmp_path: Path) -> None:
    """X009."""
    with pytest.raises(RenderError, match="does not exist"):
        render_xlsx(form, tmp_path / "nowhere" / "mus.xlsx")


# -- X010 presets --------------------------------------------------------------


@pytest.mark.parametrize("name", list(musforms.presets()), ids=str)
@pytest.mark.parametrize("language", ["da", "en"])
def test_every_preset_builds(name: str, language: str) -> None:
    """X010."""
    form = build_form(preset(name, language))  # type: ignore[arg-type]
    book = open_workbook(xlsx_bytes(form))
    assert len(unlocked(book.worksheets[0])) == expected_main_answer_cells(form)
    payload = json.loads("".join(payload_text(book)))
    assert payload is not None and payload["form_id"] == form.form_id


# -- X011 LibreOffice ----------------------------------------------------------

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")


def to_pdf(source: Path, tmp_path: Path) -> Path:
    soffice_pdf([source], tmp_path, timeout=180)
    pdf = tmp_path / (source.stem + ".pdf")
    assert pdf.exists() and pdf.stat().st_size > 1000
    return pdf


@pytest.mark.soffice
@needs_soffice
def test_libreoffice_converts_the_workbook_to_pdf(data: bytes, tmp_path: Path) -> None:
    """X011."""
    source = tmp_path / "mus.xlsx"
    source.write_bytes(data)
    to_pdf(source, tmp_path)


@pytest.mark.soffice
@needs_soffice
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")
def test_libreoffice_prints_formula_looking_text_literally(
    hostile_data: bytes, tmp_path: Path
) -> None:
    """X007, X011."""
    source = tmp_path / "hostile.xlsx"
    source.write_bytes(hostile_data)
    pdf = to_pdf(source, tmp_path)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert HOSTILE in text
    assert "=SUM(A1:A9)" in text and "@Smith & Co" in text


# -- X012 print ----------------------------------------------------------------


def test_sheets_print_on_a4_portrait_at_a_scale_that_fits_the_width(
    workbook: openpyxl.Workbook,
) -> None:
    """X012: a fixed scale (Excel ignores manual breaks on a sheet fitted to pages); the
    wheel's sheet, which needs no breaks, is fitted to one page, chart and table together."""
    for sheet in workbook.worksheets:
        if sheet.title == META_SHEET:
            continue
        setup = sheet.page_setup
        assert (setup.orientation, str(setup.paperSize)) == ("portrait", "9")
        if sheet.title.startswith("Kompetencehjul"):
            assert (str(setup.fitToWidth), str(setup.fitToHeight)) == ("1", "1")
            assert sheet.sheet_properties.pageSetUpPr.fitToPage
        else:
            assert not sheet.sheet_properties.pageSetUpPr.fitToPage
            widths = sum(sheet.column_dimensions[c].width for c in "ABCDEF"[: sheet.max_column])
            assert 50 <= int(setup.scale) <= 100
            assert widths * 5.25 * int(setup.scale) / 100 <= 595.28 - 2 * 0.6 * 72
        assert sheet.oddFooter.center.text == "Side &P af &N"
        assert sheet.oddHeader.left.text == "Eksempel Kommune"
        assert sheet.freeze_panes is not None
    main = workbook.worksheets[0]
    assert main.print_title_rows == "$1:$1"
    assert main.freeze_panes == "A2"


def test_sheet_names_are_valid_and_unique(workbook: openpyxl.Workbook) -> None:
    """X012."""
    names = workbook.sheetnames
    assert len({name.lower() for name in names}) == len(names)
    for name in names:
        assert 0 < len(name) <= 31 and not set(name) & set("[]:*?/\\")
    assert names == [
        "Samtaleskema",
        "Kompetencehjul",
        "Kompetencehjul 2",
        "Udviklingsplan",
        META_SHEET,
    ]


# -- X013 styles in the SDK's order ----------------------------------------------

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def font_child_orders(data: bytes) -> list[list[str]]:
    """Return the children of every font in a workbook's styles part, by local name."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read(STYLES_PART))
    return [[etree.QName(c).localname for c in font] for font in root.iter(f"{_MAIN}font")]


@pytest.mark.parametrize("name", list(musforms.presets()), ids=str)
@pytest.mark.parametrize("protect", [True, False], ids=["protected", "open"])
def test_every_font_lists_its_children_in_the_sdk_sequence(name: str, protect: bool) -> None:
    """X013."""
    data = xlsx_bytes(build_form(preset(name, "en")), protect=protect)
    orders = font_child_orders(data)
    assert len(orders) > 3 and any("b" in order for order in orders)
    for order in orders:
        ranks = [FONT_ORDER.index(child) for child in order]
        assert ranks == sorted(ranks), order


def test_reordering_keeps_every_font_child_and_unknown_ones_last() -> None:
    """X013."""
    xml = (
        f'<styleSheet xmlns="{_MAIN[1:-1]}"><fonts count="1"><font><name val="Arial"/>'
        '<family val="2"/><b val="1"/><x:ext xmlns:x="urn:x"/><color rgb="FF000000"/>'
        '<sz val="10"/><i val="1"/></font></fonts><cellXfs count="0"/></styleSheet>'
    ).encode()
    root = etree.fromstring(in_schema_order(xml))
    font = root.find(f"{_MAIN}fonts/{_MAIN}font")
    assert font is not None
    assert [etree.QName(c).localname for c in font] == [
        "b",
        "i",
        "sz",
        "color",
        "name",
        "family",
        "ext",
    ]
    assert font.find(f"{_MAIN}name").get("val") == "Arial"  # type: ignore[union-attr]
    assert root.find(f"{_MAIN}cellXfs") is not None


# -- X014 the types of conversation ------------------------------------------------


def check_follows_the_type(form: Form) -> None:
    """Assert that the workbook's header, sheets, plan and signatures are the type's."""
    language, kind = form.language, form.type
    book = open_workbook(xlsx_bytes(form))
    main = book.worksheets[0]
    assert main.title == words.sheet_name(kind, form.sheet(None), language)[:31]
    header: list[str] = []
    for (cell,) in main.iter_rows(min_col=1, max_col=1):
        if cell.fill.fgColor.rgb and cell.fill.fgColor.rgb.endswith("1F4E79"):
            break  # the first section's banner
        if isinstance(cell.value, str):
            header.append(cell.value)
    labels = [label for _, label in words.person_fields(kind, language)]
    assert [text for text in header if text in {*labels, "Organisation"}] == (
        ["Organisation"] if kind != "colleague" else []
    ) + labels
    intro = words.sheet_intro(kind, form.sheet(None), language)
    assert intro in header
    people = [e["tag"] for e in map_entries(book) if e["tag"].startswith("person:")]
    fields = [f"person:{name}" for name, _ in words.person_fields(kind, language)]
    assert people == (["person:organisation"] if kind != "colleague" else []) + fields
    plan_cells = [e["ref"] for e in map_entries(book) if e["kind"] == "action_plan"]
    plan_sheets = [
        s for s in book.worksheets if any(split_reference(r)[0] == s.title for r in plan_cells)
    ]
    signature = words.labels(language)["signature"]
    signed = [
        cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith(signature + ",")
    ]
    has_plan = any(q.kind == "action_plan" for s in sheet_sections(form) for q in s.questions)
    if not has_plan:
        assert not plan_sheets and not signed
        return
    assert [s.title for s in plan_sheets] == [words.plan_title(kind, language)]
    assert signed == [words.signature_label(s, language) for s in words.signers(kind, language)]


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("name", list(musforms.presets()), ids=str)
def test_every_preset_workbook_follows_its_type(name: str, language: str) -> None:
    """X014."""
    check_follows_the_type(typed_form(name, language))


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize(("name", "conversation_type"), TYPE_CASES, ids=str)
def test_each_type_has_its_own_header_plan_and_signatures(
    name: str, conversation_type: str, language: str
) -> None:
    """X014: grus a team and participants, a team plan signed by the leader; lus the leader
    and their own leader; colleague only whom the input is about, no plan, no signatures."""
    check_follows_the_type(typed_form(name, language, conversation_type))


def test_a_colleague_workbook_leaves_out_a_ticked_plan() -> None:
    """X014: the type has no plan, so a plan question gets no sheet and no cells."""
    builder = FormBuilder(title="Input", type="colleague")
    builder.section("Input").tick("kollega.styrker")
    builder.add_question(text="Plan", kind="action_plan", id="plan")
    form = builder.build()
    book = open_workbook(xlsx_bytes(form))
    assert len(book.worksheets) == 2  # the colleague's sheet and the hidden one
    assert not [e for e in map_entries(book) if e["tag"].startswith("custom.plan")]
    check_follows_the_type(form)


def test_the_default_font_is_arial_like_every_cell(data: bytes) -> None:
    """X012: column widths count digits of the default font, so it is the sheet's own."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read(STYLES_PART))
    first = root.find(f"{_MAIN}fonts/{_MAIN}font")
    assert first is not None
    assert first.find(f"{_MAIN}name").get("val") == "Arial"  # type: ignore[union-attr]
    assert first.find(f"{_MAIN}sz").get("val") == "10"  # type: ignore[union-attr]
