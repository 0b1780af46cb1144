"""Reading filled Word forms back: every kind, people, placeholders, LibreOffice re-saves.

Documents are filled here the way Word fills them: by editing the content
controls' XML (the placeholder flag goes, the text or check box state changes).

R001 every kind reads back typed as PRODUCT.md says
R002 unanswered questions and untouched placeholders are left out
R003 people come from the filled fields, or from the names printed on the form
R004 after a LibreOffice re-save (no tags left) the same answers are read, matched by order
R005 a .docx not made by musforms has no payload; read_answers refuses it
R006 two ticks on a one-answer question reach the schema check, which names the question
R007 hostile XML (a DTD, entities) is refused
R008 fields deleted after a LibreOffice re-save are reported, not guessed
R009 titles (w:alias) are words, never ids: the reader never takes them for tags
R010 multi-line answers keep their line breaks through a LibreOffice re-save
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from lxml import etree

from musforms.answers.read import read_answers
from musforms.answers.read_docx import read_docx
from musforms.errors import AnswersError
from musforms.form import Form
from musforms.render.docx import docx_bytes
from tests.render.conftest import KIND_IDS, Office, every_kind_form, needs_soffice

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
DOCUMENT = "word/document.xml"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def fill(data: bytes, answers: dict[str, Any]) -> bytes:
    """Return ``data`` with the controls tagged as in ``answers`` filled as Word fills them.

    A value ``True`` ticks a check box; a ``datetime.date``-like ISO string fills a
    date picker (``w:fullDate``); any other string is typed into a text control
    or chosen in a drop-down.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(members[DOCUMENT])
    for sdt in root.iter(_w("sdt")):
        pr = sdt.find(_w("sdtPr"))
        tag = pr.find(_w("tag")).get(_w("val"))
        if tag not in answers:
            continue
        value = answers[tag]
        for flag in pr.findall(_w("showingPlcHdr")):
            pr.remove(flag)
        content = sdt.find(_w("sdtContent"))
        box = pr.find(f"{{{W14}}}checkbox")
        if box is not None:
            box.find(f"{{{W14}}}checked").set(f"{{{W14}}}val", "1" if value else "0")
            content.find(f".//{_w('t')}").text = "\u2612" if value else "\u2610"
            continue
        date = pr.find(_w("date"))
        if date is not None:
            date.set(_w("fullDate"), f"{value}T00:00:00Z")
            year, month, day = value.split("-")
            value = f"{day}-{month}-{year}"
        for run in content.findall(_w("r")):
            content.remove(run)
        run = etree.SubElement(content, _w("r"))
        for number, line in enumerate(str(value).split("\n")):
            if number:
                etree.SubElement(run, _w("br"))
            etree.SubElement(run, _w("t")).text = line
    members[DOCUMENT] = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in members.items():
            archive.writestr(name, blob)
    return out.getvalue()


ANSWERS = {
    KIND_IDS["text"]: "At sige nej",
    KIND_IDS["long_text"]: "Projektet blev færdigt.\nOg kunderne var glade.",
    f"{KIND_IDS['scale']}:4": True,
    f"{KIND_IDS['smiley']}:2": True,
    f"{KIND_IDS['yes_no']}:no": True,
    f"{KIND_IDS['choice']}:passende": True,
    f"{KIND_IDS['multi_choice']}:faglige": True,
    f"{KIND_IDS['multi_choice']}:borgere_kunder": True,
    f"{KIND_IDS['competence_wheel']}:faglighed:now": "3",
    f"{KIND_IDS['competence_wheel']}:faglighed:wanted": "5",
    f"{KIND_IDS['competence_wheel']}:samarbejde:now": "4",
    f"{KIND_IDS['action_plan']}:1:goal": "Lære Python",
    f"{KIND_IDS['action_plan']}:1:responsible": "Mette",
    f"{KIND_IDS['action_plan']}:1:deadline": "2027-06-30",
    f"{KIND_IDS['action_plan']}:2:action": "Kursus",
    KIND_IDS["date"]: "2027-03-01",
    "person:employee": "Mette Hansen",
    "person:date": "2027-03-01",
    "notes:1": "Noter, som ikke er svar",
}

EXPECTED = {
    KIND_IDS["text"]: "At sige nej",
    KIND_IDS["long_text"]: "Projektet blev færdigt.\nOg kunderne var glade.",
    KIND_IDS["scale"]: 4,
    KIND_IDS["smiley"]: 2,
    KIND_IDS["yes_no"]: False,
    KIND_IDS["choice"]: "passende",
    KIND_IDS["multi_choice"]: ["faglige", "borgere_kunder"],
    KIND_IDS["competence_wheel"]: {"faglighed": {"now": 3, "wanted": 5}, "samarbejde": {"now": 4}},
    KIND_IDS["action_plan"]: [
        {"goal": "Lære Python", "responsible": "Mette", "deadline": "2027-06-30"},
        {"action": "Kursus"},
    ],
    KIND_IDS["date"]: "2027-03-01",
}


@pytest.fixture(scope="module")
def form() -> Form:
    return every_kind_form()


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Office:
    if shutil.which("soffice") is None:
        pytest.skip("needs LibreOffice")
    return Office(tmp_path_factory.mktemp("lo-profile"))


def test_every_kind_reads_back_typed(form: Form) -> None:
    """R001"""
    raw = read_docx(io.BytesIO(fill(docx_bytes(form), ANSWERS)))
    assert raw.payload.form_id == form.form_id
    assert raw.values == EXPECTED
    answers = read_answers(io.BytesIO(fill(docx_bytes(form), ANSWERS)))
    assert dict(answers) == EXPECTED
    assert set(answers.missing) == {q.id for q in form.questions} - set(EXPECTED)


def test_a_blank_form_has_no_answers(form: Form) -> None:
    """R002"""
    raw = read_docx(io.BytesIO(docx_bytes(form)))
    assert raw.values == {}
    assert raw.person == {"employee": None, "leader": None, "department": None, "date": None}


def test_unticked_boxes_and_empty_text_are_not_answers(form: Form) -> None:
    """R002"""
    filled = fill(docx_bytes(form), {KIND_IDS["text"]: "  ", f"{KIND_IDS['scale']}:2": False})
    assert read_docx(io.BytesIO(filled)).values == {}


def test_people_come_from_the_filled_fields(form: Form) -> None:
    """R003"""
    person = read_docx(io.BytesIO(fill(docx_bytes(form), ANSWERS))).person
    assert person == {
        "employee": "Mette Hansen",
        "leader": None,
        "department": None,
        "date": "2027-03-01",
    }


def test_people_printed_on_a_personal_form_are_read_from_it() -> None:
    """R003"""
    named = every_kind_form(employee="Jens Ibsen", leader="Mette Hansen", date="2027-03-01")
    person = read_docx(io.BytesIO(docx_bytes(named))).person
    assert person["employee"] == "Jens Ibsen" and person["date"] == "2027-03-01"


def test_a_docx_not_made_by_musforms_has_no_payload(tmp_path: Path) -> None:
    """R005"""
    plain = tmp_path / "brev.docx"
    docx.Document().save(str(plain))
    with pytest.raises(AnswersError, match="not made by musforms"):
        read_docx(plain)
    with pytest.raises(AnswersError, match="not made by musforms"):
        read_answers(plain)


def test_two_ticks_on_a_choice_are_reported_by_question(form: Form) -> None:
    """R006"""
    filled = fill(
        docx_bytes(form),
        {f"{KIND_IDS['choice']}:passende": True, f"{KIND_IDS['choice']}:lidt_for_lidt": True},
    )
    with pytest.raises(AnswersError) as caught:
        read_answers(io.BytesIO(filled))
    assert caught.value.question_id == KIND_IDS["choice"]


def test_xml_with_entities_is_refused(form: Form) -> None:
    """R007"""
    with zipfile.ZipFile(io.BytesIO(docx_bytes(form))) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members[DOCUMENT] = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
        + members[DOCUMENT].split(b"?>", 1)[1]
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, blob in members.items():
            archive.writestr(name, blob)
    with pytest.raises(AnswersError, match="DTD"):
        read_docx(io.BytesIO(out.getvalue()))


@needs_soffice
@pytest.mark.slow
def test_a_libreoffice_resave_reads_the_same_answers(
    tmp_path: Path, office: Office, form: Form
) -> None:
    """R004"""
    source = tmp_path / "udfyldt.docx"
    source.write_bytes(fill(docx_bytes(form), ANSWERS))
    saved = office.convert(source, "docx:MS Word 2007 XML", tmp_path / "lo")
    with zipfile.ZipFile(saved) as archive:
        assert b"<w:tag " not in archive.read(DOCUMENT)
    raw = read_docx(saved)
    # The two-line answer keeps its line break (a rich-text control's w:br survives).
    assert raw.values == EXPECTED
    assert raw.person["employee"] == "Mette Hansen"
    assert raw.notes


@needs_soffice
@pytest.mark.slow
def test_fields_deleted_after_a_libreoffice_resave_are_reported(
    tmp_path: Path, office: Office, form: Form
) -> None:
    """R008"""
    source = tmp_path / "blank.docx"
    source.write_bytes(docx_bytes(form))
    saved = office.convert(source, "docx:MS Word 2007 XML", tmp_path / "lo")
    with zipfile.ZipFile(saved) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(members[DOCUMENT])
    first = next(root.iter(_w("sdt")))
    first.getparent().remove(first)
    members[DOCUMENT] = etree.tostring(root)
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(broken, "w") as archive:
        for name, blob in members.items():
            archive.writestr(name, blob)
    with pytest.raises(AnswersError, match="fields of the form were changed"):
        read_docx(broken)


def _edit_document(data: bytes, edit: Any) -> bytes:
    """Return ``data`` with ``edit(root)`` applied to its document.xml."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(members[DOCUMENT])
    edit(root)
    members[DOCUMENT] = etree.tostring(root)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, blob in members.items():
            archive.writestr(name, blob)
    return out.getvalue()


def test_the_reader_never_takes_a_title_for_a_tag(form: Form) -> None:
    """R009: titles rewritten or removed, the tags still find every answer."""

    def retitle(root: etree._Element) -> None:
        for number, alias in enumerate(root.iter(_w("alias"))):
            alias.set(_w("val"), f"Felt {number}" if number % 2 else "")
            if number % 3 == 0:
                alias.getparent().remove(alias)

    filled = _edit_document(fill(docx_bytes(form), ANSWERS), retitle)
    assert read_docx(io.BytesIO(filled)).values == EXPECTED


def test_a_block_of_paragraphs_in_a_long_answer_reads_as_lines(form: Form) -> None:
    """R010: Enter in a rich-text control gives paragraphs (Word makes it block-level)."""
    tag = KIND_IDS["long_text"]

    def two_paragraphs(root: etree._Element) -> None:
        for sdt in root.iter(_w("sdt")):
            if sdt.find(f"{_w('sdtPr')}/{_w('tag')}").get(_w("val")) != tag:
                continue
            pr = sdt.find(_w("sdtPr"))
            for flag in pr.findall(_w("showingPlcHdr")):
                pr.remove(flag)
            paragraph = sdt.getparent()
            content = sdt.find(_w("sdtContent"))
            for child in list(content):
                content.remove(child)
            for line in ("linje 1", "linje 2"):
                p = etree.SubElement(content, _w("p"))
                etree.SubElement(etree.SubElement(p, _w("r")), _w("t")).text = line
            paragraph.addprevious(sdt)
            paragraph.getparent().remove(paragraph)

    filled = _edit_document(docx_bytes(form), two_paragraphs)
    assert read_docx(io.BytesIO(filled)).values == {tag: "linje 1\nlinje 2"}


@needs_soffice
@pytest.mark.slow
def test_line_breaks_survive_a_libreoffice_resave(
    tmp_path: Path, office: Office, form: Form
) -> None:
    """R010: typed as Word types them (w:br in a run), re-saved, read back with the break."""
    plan = KIND_IDS["action_plan"]
    answers = {
        KIND_IDS["long_text"]: "linje 1\nlinje 2",
        f"{plan}:1:goal": "Mål ét\nog to",
        "notes:1": "En note\npå to linjer",
    }
    source = tmp_path / "linjer.docx"
    source.write_bytes(fill(docx_bytes(form), answers))
    saved = office.convert(source, "docx:MS Word 2007 XML", tmp_path / "lo")
    document = etree.fromstring(zipfile.ZipFile(saved).read(DOCUMENT))
    assert b"<w:tag " not in etree.tostring(document)
    # LibreOffice writes the break inside the control, its w:sdtPr emptied.
    inside = [sdt for sdt in document.iter(_w("sdt")) if sdt.find(f".//{_w('br')}") is not None]
    assert len(inside) >= 3
    raw = read_docx(saved)
    assert raw.values == {
        KIND_IDS["long_text"]: "linje 1\nlinje 2",
        plan: [{"goal": "Mål ét\nog to"}],
    }
    assert raw.notes


def _as_libreoffice_saves(data: bytes, *, old_titles: bool = False) -> bytes:
    """Return ``data`` with every w:tag dropped, as LibreOffice saves it.

    ``old_titles``: as a file made before titles were words: the alias of each
    control its tag, the control list without titles.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(members[DOCUMENT])
    for tag in list(root.iter(_w("tag"))):
        pr = tag.getparent()
        if old_titles:
            alias = pr.find(_w("alias"))
            if alias is not None:
                alias.set(_w("val"), tag.get(_w("val")))
        pr.remove(tag)
    members[DOCUMENT] = etree.tostring(root)
    if old_titles:
        for name in members:
            if name.startswith("customXml/item") and b"urn:musforms" in members[name]:
                members[name] = re.sub(rb' title="[^"]*"', b"", members[name])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, blob in members.items():
            archive.writestr(name, blob)
    return out.getvalue()


@pytest.mark.parametrize("old_titles", [False, True], ids=["titles", "tags-as-titles"])
def test_without_tags_answers_are_matched_by_order_and_titles(form: Form, old_titles: bool) -> None:
    """R009: also for files whose titles were their tags (made before titles were words)."""
    filled = _as_libreoffice_saves(fill(docx_bytes(form), ANSWERS), old_titles=old_titles)
    raw = read_docx(io.BytesIO(filled))
    assert raw.values == EXPECTED
    assert raw.notes


def test_text_fields_swapped_without_tags_are_reported(form: Form) -> None:
    """R009: the titles LibreOffice keeps tell that two text fields changed places."""
    filled = _as_libreoffice_saves(fill(docx_bytes(form), ANSWERS))

    def swap(root: etree._Element) -> None:
        texts = [
            sdt
            for sdt in root.iter(_w("sdt"))
            if sdt.find(f"{_w('sdtPr')}/{_w('text')}") is not None
        ]
        first, second = texts[0], texts[1]
        marker = etree.Element("marker")
        first.addprevious(marker)
        second.addprevious(first)
        marker.addprevious(second)
        marker.getparent().remove(marker)

    with pytest.raises(AnswersError) as caught:
        read_docx(io.BytesIO(_edit_document(filled, swap)))
    assert caught.value.code == "answers.fields_moved"
