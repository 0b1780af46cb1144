"""The Word renderer: content controls, layout, audiences, templates, metadata, hostile text.

Requirements checked here (cited in the tests):

D001 every question of a form has content controls tagged with its id (PRODUCT.md tags)
D002 each kind gets its control: plain text, multi-line text with placeholder, check boxes,
     drop-downs, date pickers in the language's format
D003 the document root declares w14 and lists it in mc:Ignorable, with any template
D004 protect=True adds "filling in forms" protection; the default adds none
D005 layout: A4, sections as Heading 1, numbered questions kept with their answers,
     header with organisation and title, footer with PAGE/NUMPAGES, proofing language,
     repeated table header rows, a radar chart of each competence wheel
D006 audiences: preparation sheets hold their reader's questions in their reader's wording;
     the conversation form adds notes, signatures and a development plan
D007 person fields: blank fields to fill in, or the names printed
D008 metadata: core properties, and a custom XML part with the payload and the controls
     in document order
D009 the same input gives the same bytes, zip timestamps included
D010 a binary file object is a target; a failed render leaves no file and clobbers none
D011 an organisation's template lends its styles, header, footer and page; its body goes
D012 a missing or broken template is a RenderError naming the file
D013 hostile text never breaks the document
D014 LibreOffice converts every audience to a sane PDF with the questions in it
D015 after a LibreOffice re-save the form and every control can still be found
D030 the type of conversation sets the header's person fields, the plan and who signs,
     the same words Excel uses (musforms.words)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from musforms import FormBuilder, build_form, preset
from musforms import presets as musforms_presets
from musforms.errors import RenderError, SpecError
from musforms.form import Form
from musforms.ooxml.payload import NAMESPACE
from musforms.ooxml.sdt import read_controls
from musforms.render.docx import docx_bytes

from .conftest import (
    KIND_IDS,
    NS,
    Office,
    W,
    every_kind_form,
    needs_soffice,
    pdf_pages,
    tags,
    xml_part,
)

DOCUMENT = "word/document.xml"


def expected_tags(form: Form, audience: str = "conversation") -> set[str]:
    """Return the tags PRODUCT.md prescribes for ``form``'s questions on ``audience``'s sheet."""
    result: set[str] = set()
    for q in form.questions:
        if not q.for_audience(audience):
            continue
        if q.kind in {"text", "long_text", "date"}:
            result.add(q.id)
        elif q.kind == "scale":
            assert q.scale is not None
            result |= {f"{q.id}:{value}" for value in q.scale.points}
        elif q.kind == "smiley":
            result |= {f"{q.id}:{value}" for value in range(1, (q.faces or 5) + 1)}
        elif q.kind == "yes_no":
            result |= {f"{q.id}:yes", f"{q.id}:no"}
        elif q.kind in {"choice", "multi_choice"}:
            result |= {f"{q.id}:{o.id}" for o in q.options}
        elif q.kind == "competence_wheel":
            result |= {f"{q.id}:{c.id}:{part}" for c in q.competences for part in ("now", "wanted")}
        else:
            fields = ("goal", "action", "responsible", "deadline", "follow_up")
            result |= {
                f"{q.id}:{row}:{name}" for row in range(1, (q.rows or 3) + 1) for name in fields
            }
    return result


def control(root: etree._Element, tag: str) -> etree._Element:
    found = root.xpath(f".//w:sdt[w:sdtPr/w:tag/@w:val='{tag}']", namespaces=NS)
    assert found, f"no control tagged {tag}"
    return found[0]


def style_ids(root: etree._Element) -> list[str]:
    return [str(s.get(f"{{{W}}}val")) for s in root.iterfind(".//w:pPr/w:pStyle", NS)]


# -- D001 D002: content controls -------------------------------------------------------------------


@pytest.mark.parametrize("audience", ["conversation", "employee", "leader"])
def test_every_question_id_of_the_form_is_a_control_tag(kinds_form: Form, audience: str) -> None:
    """D001"""
    root = xml_part(docx_bytes(kinds_form, audience=audience), DOCUMENT)
    found = set(tags(root))
    assert expected_tags(kinds_form, audience) <= found
    for question in kinds_form.questions:
        on_sheet = any(t == question.id or t.startswith(f"{question.id}:") for t in found)
        assert on_sheet == question.for_audience(audience), (question.id, audience)


def test_the_standard_preset_tags_every_question(standard_form: Form) -> None:
    """D001"""
    found = tags(xml_part(docx_bytes(standard_form), DOCUMENT))
    assert expected_tags(standard_form) <= set(found)
    assert len(found) == len(set(found)), "a tag is used twice"


def test_each_kind_gets_the_control_that_fits_it(kinds_form: Form) -> None:
    """D002"""
    root = xml_part(docx_bytes(kinds_form), DOCUMENT)
    text = control(root, KIND_IDS["text"])
    assert text.find("w:sdtPr/w:text", NS) is not None
    assert text.find("w:sdtPr/w:text", NS).get(f"{{{W}}}multiLine") is None
    long = control(root, KIND_IDS["long_text"])
    # Rich text: LibreOffice keeps its line breaks when it re-saves, not a plain one's.
    assert long.find("w:sdtPr/w:text", NS) is None
    assert long.find("w:sdtPr/w:showingPlcHdr", NS) is not None
    box = control(root, f"{KIND_IDS['scale']}:3")
    states = box.find("w:sdtPr/w14:checkbox", NS)
    assert states.find("w14:checkedState", NS).get(f"{{{NS['w14']}}}val") == "2612"
    assert states.find("w14:uncheckedState", NS).get(f"{{{NS['w14']}}}val") == "2610"
    assert "".join(box.itertext()) == "\u2610"
    assert control(root, f"{KIND_IDS['yes_no']}:yes").find("w:sdtPr/w14:checkbox", NS) is not None
    assert control(root, f"{KIND_IDS['choice']}:passende") is not None
    date = control(root, KIND_IDS["date"]).find("w:sdtPr/w:date", NS)
    assert date.find("w:dateFormat", NS).get(f"{{{W}}}val") == "dd-MM-yyyy"
    assert date.find("w:lid", NS).get(f"{{{W}}}val") == "da-DK"
    cell = control(root, f"{KIND_IDS['competence_wheel']}:faglighed:now")
    items = cell.findall("w:sdtPr/w:dropDownList/w:listItem", NS)
    assert [i.get(f"{{{W}}}value") for i in items] == ["1", "2", "3", "4", "5"]
    plan_date = control(root, f"{KIND_IDS['action_plan']}:1:deadline")
    assert plan_date.find("w:sdtPr/w:date", NS) is not None


def test_english_forms_pick_dates_in_an_english_format() -> None:
    """D002"""
    root = xml_part(docx_bytes(every_kind_form("en")), DOCUMENT)
    date = control(root, KIND_IDS["date"]).find("w:sdtPr/w:date", NS)
    assert date.find("w:dateFormat", NS).get(f"{{{W}}}val") == "d MMMM yyyy"
    assert date.find("w:lid", NS).get(f"{{{W}}}val") == "en-GB"


def test_every_control_has_a_title_a_person_reads_and_its_id_as_tag(kinds_form: Form) -> None:
    """D015: Word shows w:alias on the control's tab: words, never the id in w:tag."""
    root = xml_part(docx_bytes(kinds_form), DOCUMENT)
    listed = {
        c.get("tag"): c.get("title")
        for c in custom_xml(docx_bytes(kinds_form)).iterfind("m:controls/m:control", NS)
    }
    for sdt in root.iterfind(".//w:sdt", NS):
        tag = sdt.find("w:sdtPr/w:tag", NS).get(f"{{{W}}}val")
        title = sdt.find("w:sdtPr/w:alias", NS).get(f"{{{W}}}val")
        assert title and tag.split(":", 1)[0] not in title, (tag, title)
        assert not re.search(r"[a-z_]+\.[a-z_]+|:\w", title), (tag, title)
        assert listed[tag] == title


# -- D003 D004: namespaces and protection ----------------------------------------------------------


def test_w14_is_declared_and_ignorable(kinds_form: Form) -> None:
    """D003"""
    root = xml_part(docx_bytes(kinds_form), DOCUMENT)
    assert root.nsmap["w14"] == NS["w14"]
    assert (
        "w14"
        in root.get(
            "{http://schemas.openxmlformats.org/markup-compatibility/2006}Ignorable"
        ).split()
    )


def test_protect_allows_only_filling_in_forms(kinds_form: Form) -> None:
    """D004"""
    settings = xml_part(docx_bytes(kinds_form, protect=True), "word/settings.xml")
    protection = settings.findall("w:documentProtection", NS)
    assert len(protection) == 1
    assert protection[0].get(f"{{{W}}}edit") == "forms"
    assert protection[0].get(f"{{{W}}}enforcement") == "1"
    plain = xml_part(docx_bytes(kinds_form), "word/settings.xml")
    assert plain.find("w:documentProtection", NS) is None


# -- D005: layout ----------------------------------------------------------------------------------


def test_the_page_is_a4_with_sections_as_headings(standard_form: Form) -> None:
    """D005"""
    data = docx_bytes(standard_form)
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.5)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    section_titles = [s.title for s in standard_form.sections]
    assert headings[: len(section_titles)] == section_titles
    assert headings[-1] == "Underskrifter"


def test_questions_are_numbered_outline_paragraphs_kept_with_their_answers(
    kinds_form: Form,
) -> None:
    """D005: the navigation pane lists them (outline level), and they never end a page."""
    data = docx_bytes(kinds_form)
    styles = xml_part(data, "word/styles.xml")
    question_style = styles.xpath(".//w:style[w:name/@w:val='MUS Question']", namespaces=NS)[0]
    assert question_style.find("w:pPr/w:outlineLvl", NS).get(f"{{{W}}}val") == "1"
    assert question_style.find("w:pPr/w:keepNext", NS) is not None
    root = xml_part(data, DOCUMENT)
    questions = root.xpath(".//w:p[w:pPr/w:pStyle/@w:val='MUSQuestion']", namespaces=NS)
    assert len(questions) == len(kinds_form.questions)
    first = "".join(questions[0].itertext())
    assert first.startswith("1.") and kinds_form.questions[0].text in first
    assert all(q.find("w:pPr/w:keepNext", NS) is not None for q in questions)


def test_header_names_organisation_and_title_and_footer_counts_pages(kinds_form: Form) -> None:
    """D005"""
    data = docx_bytes(kinds_form)
    header = "".join(xml_part(data, "word/header1.xml").itertext())
    assert "Eksempel Kommune" in header and kinds_form.title in header
    footer = xml_part(data, "word/footer1.xml")
    instructions = " ".join(t.text or "" for t in footer.iterfind(".//w:instrText", NS))
    assert "PAGE" in instructions and "NUMPAGES" in instructions
    assert "Side" in "".join(footer.itertext())


@pytest.mark.parametrize(("language", "tag"), [("da", "da-DK"), ("en", "en-GB")])
def test_the_styles_carry_the_forms_proofing_language(language: str, tag: str) -> None:
    """D005"""
    styles = xml_part(docx_bytes(every_kind_form(language)), "word/styles.xml")
    default = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert default.get(f"{{{W}}}val") == tag
    assert {lang.get(f"{{{W}}}val") for lang in styles.iterfind(".//w:lang", NS)} == {tag}


def test_plan_and_competence_tables_repeat_their_header_row(kinds_form: Form) -> None:
    """D005"""
    root = xml_part(docx_bytes(kinds_form), DOCUMENT)
    repeated = root.findall(".//w:tbl/w:tr[1]/w:trPr/w:tblHeader", NS)
    assert len(repeated) >= 2
    for tag in (
        f"{KIND_IDS['action_plan']}:1:goal",
        f"{KIND_IDS['competence_wheel']}:faglighed:now",
    ):
        table = control(root, tag).xpath("ancestor::w:tbl[1]", namespaces=NS)[0]
        assert table.find("w:tr[1]/w:trPr/w:tblHeader", NS) is not None


def test_a_competence_wheel_gets_a_native_radar_chart(kinds_form: Form) -> None:
    """D005"""
    data = docx_bytes(kinds_form)
    chart = xml_part(data, "word/charts/chart1.xml")
    assert chart.find(".//c:radarChart", NS) is not None
    wheel = kinds_form.get(KIND_IDS["competence_wheel"])
    assert wheel is not None
    names = [v.text for v in chart.findall(".//c:ser[1]/c:cat//c:pt/c:v", NS)]
    assert names == [c.text for c in wheel.competences]
    assert chart.find(".//c:valAx/c:scaling/c:max", NS).get("val") == "5"
    root = xml_part(data, DOCUMENT)
    assert root.find(".//c:chart", NS) is not None


# -- D006 D007: audiences and people ---------------------------------------------------------------


def audience_form() -> Form:
    return (
        FormBuilder(title="MUS", organisation="Eksempel Kommune")
        .section("Ideer")
        .tick("ideer.skjulte_kompetencer", "opgaver.resultater")
        .add_question(text="Kun til lederen?", kind="text", audience=["leader"])
        .build()
    )


def test_preparation_sheets_hold_their_readers_questions_in_their_wording() -> None:
    """D006"""
    form = audience_form()
    for audience in ("employee", "leader"):
        document = docx.Document(io.BytesIO(docx_bytes(form, audience=audience)))
        text = "\n".join(p.text for p in document.paragraphs)
        for question in form.questions:
            shown = question.wording(audience) in text
            assert shown == question.for_audience(audience), (audience, question.id)
        assert "Underskrifter" not in text
    leader = form.get("opgaver.resultater")
    assert leader is not None and leader.leader_text and leader.leader_text != leader.text


def test_the_conversation_form_has_notes_signatures_and_a_plan(kinds_form: Form) -> None:
    """D006"""
    data = docx_bytes(kinds_form)
    found = tags(xml_part(data, DOCUMENT))
    assert any(t.startswith("notes:") for t in found)
    assert {"signature:employee:date", "signature:leader:date"} <= set(found)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "Underskrifter" in text
    no_plan = audience_form()
    found = tags(xml_part(docx_bytes(no_plan), DOCUMENT))
    assert "plan:1:goal" in found, "a conversation without a plan question still gets a plan"


def test_blank_people_are_fields_to_fill_in(kinds_form: Form) -> None:
    """D007"""
    found = set(tags(xml_part(docx_bytes(kinds_form), DOCUMENT)))
    assert {"person:employee", "person:leader", "person:department", "person:date"} <= found


def test_named_people_are_printed_instead_of_fields() -> None:
    """D007"""
    form = every_kind_form(
        employee="Mette Hansen", leader="Jens Ibsen", department="Vej og Park", date="2027-03-01"
    )
    data = docx_bytes(form)
    root = xml_part(data, DOCUMENT)
    assert not [t for t in tags(root) if t.startswith("person:")]
    text = "".join(root.itertext())
    for value in ("Mette Hansen", "Jens Ibsen", "Vej og Park", "1. marts 2027"):
        assert value in text
    assert "Mette Hansen" in "".join(xml_part(data, "word/header1.xml").itertext())


# -- D008: metadata --------------------------------------------------------------------------------


def custom_xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        items = [
            n for n in archive.namelist() if n.startswith("customXml/item") and "Props" not in n
        ]
        roots = [etree.fromstring(archive.read(n)) for n in items]
    ours = [r for r in roots if r.tag == f"{{{NAMESPACE}}}form"]
    assert len(ours) == 1
    return ours[0]


def test_core_properties_describe_the_form(kinds_form: Form) -> None:
    """D008"""
    props = docx.Document(io.BytesIO(docx_bytes(kinds_form, audience="leader"))).core_properties
    assert props.title == kinds_form.title
    assert props.author == "Eksempel Kommune"
    assert props.keywords == "MUS"
    assert props.language == "da-DK"
    assert "Forberedelse" in props.subject
    stamp = dt.datetime(kinds_form.year, 1, 1, tzinfo=dt.UTC)
    assert props.created == props.modified == stamp


def test_the_form_and_its_controls_travel_in_a_custom_xml_part(kinds_form: Form) -> None:
    """D008"""
    data = docx_bytes(kinds_form, audience="employee")
    root = custom_xml(data)
    payload = json.loads(root.findtext("m:payload", namespaces=NS) or "")
    assert payload is not None
    assert payload["form_id"] == kinds_form.form_id
    assert payload["audience"] == "employee"
    ids = [q["id"] for s in payload["spec"]["sections"] for q in s["questions"]]
    assert ids == [q.id for q in kinds_form.questions]  # every question written out, in order
    listed = [c.get("tag") for c in root.iterfind("m:controls/m:control", NS)]
    assert listed == tags(xml_part(data, DOCUMENT))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        rels = archive.read("word/_rels/document.xml.rels").decode()
        assert "relationships/customXml" in rels
        props = archive.read("customXml/itemProps1.xml").decode()
        assert NAMESPACE in props


# -- D009 D010: bytes and targets ------------------------------------------------------------------


def test_the_same_form_gives_the_same_bytes(kinds_form: Form) -> None:
    """D009"""
    first = docx_bytes(kinds_form)
    assert docx_bytes(every_kind_form()) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        stamps = {info.date_time for info in archive.infolist()}
    assert stamps == {(kinds_form.year, 1, 1, 0, 0, 0)}


def test_a_binary_file_object_is_a_target(kinds_form: Form) -> None:
    """D010"""
    buffer = io.BytesIO()
    kinds_form.to_docx(buffer, audience="employee")
    assert buffer.getvalue() == docx_bytes(kinds_form, audience="employee")
    docx.Document(io.BytesIO(buffer.getvalue()))


def test_a_failed_render_leaves_no_file_and_keeps_the_old_one(
    tmp_path: Path, kinds_form: Form
) -> None:
    """D010"""
    target = tmp_path / "mus.docx"
    with pytest.raises(RenderError):
        kinds_form.to_docx(target, template=tmp_path / "missing.docx")
    assert not target.exists()
    target.write_bytes(b"the good old file")
    with pytest.raises(SpecError):
        kinds_form.to_docx(target, audience="colleague")
    assert target.read_bytes() == b"the good old file"
    assert [p.name for p in tmp_path.iterdir()] == ["mus.docx"]


# -- D011 D012: templates --------------------------------------------------------------------------


def organisation_template(path: Path, *, heading_id: str = "Heading1") -> Path:
    """Write a template with a header text and logo, a Georgia body font and a body to drop."""
    from musforms.render.docx._faces import face_png

    document = docx.Document()
    document.styles["Normal"].font.name = "Georgia"
    header = document.sections[0].header.paragraphs[0]
    header.text = "Eksempel Kommune · HR"
    header.add_run().add_picture(io.BytesIO(face_png(4)))
    document.add_paragraph("TEMPLATE BODY TEXT")
    document.save(str(path))
    if heading_id != "Heading1":  # rename the style id as a Danish Word does
        with zipfile.ZipFile(path) as source:
            members = {n: source.read(n) for n in source.namelist()}
        members["word/styles.xml"] = members["word/styles.xml"].replace(
            b'w:styleId="Heading1"', f'w:styleId="{heading_id}"'.encode()
        )
        with zipfile.ZipFile(path, "w") as target:
            for name, blob in members.items():
                target.writestr(name, blob)
    return path


def test_an_organisation_template_lends_styles_header_and_logo(
    tmp_path: Path, kinds_form: Form
) -> None:
    """D011"""
    template = organisation_template(tmp_path / "kommune.docx")
    data = docx_bytes(kinds_form, template=template)
    document = docx.Document(io.BytesIO(data))
    assert "TEMPLATE BODY TEXT" not in "\n".join(p.text for p in document.paragraphs)
    assert document.styles["Normal"].font.name == "Georgia"
    header = document.sections[0].header
    assert "Eksempel Kommune · HR" in header.paragraphs[0].text
    assert kinds_form.title in "\n".join(p.text for p in header.paragraphs)
    assert any(rel.reltype.endswith("/image") for rel in header.part.rels.values())
    assert expected_tags(kinds_form) <= set(tags(xml_part(data, DOCUMENT)))


def test_headings_are_found_by_name_in_a_translated_template(
    tmp_path: Path, kinds_form: Form
) -> None:
    """D011: a Danish Word calls the style id Overskrift1; its name stays "heading 1"."""
    template = organisation_template(tmp_path / "dansk.docx", heading_id="Overskrift1")
    root = xml_part(docx_bytes(kinds_form, template=template), DOCUMENT)
    assert style_ids(root).count("Overskrift1") == len(kinds_form.sections) + 1
    assert "Heading1" not in style_ids(root)


def test_the_spec_may_name_a_template_next_to_it(tmp_path: Path) -> None:
    """D011"""
    organisation_template(tmp_path / "skabelon.docx")
    spec_file = tmp_path / "mus.yaml"
    spec = preset("standard")
    spec.template = "skabelon.docx"
    spec.to_file(spec_file)
    from musforms import FormSpec

    form = build_form(FormSpec.from_file(spec_file))
    document = docx.Document(io.BytesIO(docx_bytes(form)))
    assert "Eksempel Kommune · HR" in document.sections[0].header.paragraphs[0].text


def test_a_word_template_dotx_is_accepted(tmp_path: Path, kinds_form: Form) -> None:
    """D011"""
    source = organisation_template(tmp_path / "kommune.docx")
    dotx = tmp_path / "kommune.dotx"
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(dotx, "w") as out:
        for name in archive.namelist():
            blob = archive.read(name)
            if name == "[Content_Types].xml":
                blob = blob.replace(b"document.main+xml", b"template.main+xml")
            out.writestr(name, blob)
    docx.Document(io.BytesIO(docx_bytes(kinds_form, template=dotx)))


def test_a_template_without_w14_gets_it(tmp_path: Path, kinds_form: Form) -> None:
    """D003"""
    plain = tmp_path / "old.docx"
    docx.Document().save(str(plain))
    with zipfile.ZipFile(plain) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    members[DOCUMENT] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p/><w:sectPr/></w:body></w:document>"
    )
    with zipfile.ZipFile(plain, "w") as out:
        for name, blob in members.items():
            out.writestr(name, blob)
    root = xml_part(docx_bytes(kinds_form, template=plain), DOCUMENT)
    assert root.nsmap["w14"] == NS["w14"]
    assert "w14" in root.get(
        "{http://schemas.openxmlformats.org/markup-compatibility/2006}Ignorable"
    )


def broken_templates(tmp_path: Path) -> dict[str, Path]:
    text = tmp_path / "notes.docx"
    text.write_text("not a word file")
    no_document = tmp_path / "empty.docx"
    with zipfile.ZipFile(no_document, "w") as archive:
        archive.writestr("hello.txt", "hi")
    good = tmp_path / "good.docx"
    docx.Document().save(str(good))
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(good.read_bytes()[:3000])
    bad_xml = tmp_path / "badxml.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad_xml, "w") as target:
        for name in source.namelist():
            blob = b"<w:document><broken" if name == DOCUMENT else source.read(name)
            target.writestr(name, blob)
    return {
        "missing": tmp_path / "missing.docx",
        "folder": tmp_path,
        "text": text,
        "no document": no_document,
        "truncated": truncated,
        "bad xml": bad_xml,
    }


@pytest.mark.parametrize(
    "case", ["missing", "folder", "text", "no document", "truncated", "bad xml"]
)
def test_a_missing_or_broken_template_is_a_render_error(
    tmp_path: Path, kinds_form: Form, case: str
) -> None:
    """D012"""
    template = broken_templates(tmp_path)[case]
    with pytest.raises(RenderError) as caught:
        docx_bytes(kinds_form, template=template)
    assert caught.value.file == template
    assert "template" in str(caught.value)
    assert str(template) in str(caught.value)


def test_an_audience_the_type_has_not_is_a_spec_error_naming_the_sheets(kinds_form: Form) -> None:
    with pytest.raises(SpecError, match="has no colleague sheet") as caught:
        docx_bytes(kinds_form, audience="colleague")
    assert caught.value.code == "spec.audience_not_in_type"
    with pytest.raises(RenderError, match="not a valid audience"):
        kinds_form.write(io.BytesIO(), "docx", audience="boss")


# -- D013: hostile text ----------------------------------------------------------------------------

HOSTILE = '\x00\x01\x0b\x1b\ufffe<w:t>&amp;</w:t> =HYPERLINK("http://x") 😀👍🏽 שלום عربي \u202e'
LONG_WORD = "Ø" * 5000


def hostile_form() -> Form:
    form = every_kind_form()

    def spoil(question: object) -> object:
        return dataclasses.replace(
            question,  # type: ignore[type-var]
            text=HOSTILE + " " + LONG_WORD,
            help=HOSTILE,
            options=tuple(dataclasses.replace(o, text=HOSTILE) for o in question.options),  # type: ignore[attr-defined]
            competences=tuple(dataclasses.replace(c, text=HOSTILE) for c in question.competences),  # type: ignore[attr-defined]
        )

    sections = tuple(
        dataclasses.replace(
            s, title=HOSTILE, intro=LONG_WORD, questions=tuple(spoil(q) for q in s.questions)
        )  # type: ignore[misc]
        for s in form.sections
    )
    return dataclasses.replace(
        form,
        title=HOSTILE,
        organisation=HOSTILE,
        intro=HOSTILE + LONG_WORD,
        theme=HOSTILE,
        employee=HOSTILE,
        sections=sections,
    )


def test_hostile_text_gives_a_document_python_docx_reopens() -> None:
    """D013"""
    data = docx_bytes(hostile_form())
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "<w:t>&amp;</w:t>" in text
    assert "😀" in text and "שלום" in text and LONG_WORD in text
    assert "\x00" not in text and "\x1b" not in text
    assert "\u202e" not in text, "an open bidi override would reverse the rest of a line"
    assert json.loads(custom_xml(data).findtext("m:payload", namespaces=NS) or "")["title"]


# -- D014 D015: LibreOffice ------------------------------------------------------------------------


@needs_soffice
@pytest.mark.slow
@pytest.mark.parametrize("audience", ["conversation", "employee", "leader"])
def test_libreoffice_prints_each_audience_with_its_questions(
    tmp_path: Path, office: Office, standard_form: Form, audience: str
) -> None:
    """D014"""
    source = tmp_path / f"{audience}.docx"
    standard_form.to_docx(source, audience=audience)  # type: ignore[arg-type]
    pdf = office.convert(source, "pdf", tmp_path / "pdf")
    assert 1 <= pdf_pages(pdf) <= 20
    text = office.pdf_text(pdf)
    for question in standard_form.questions:
        if question.for_audience(audience):
            assert " ".join(question.wording(audience).split()) in text, question.id
    assert "Side 1 af" in text


@needs_soffice
@pytest.mark.slow
def test_libreoffice_converts_hostile_text(tmp_path: Path, office: Office) -> None:
    """D013 D014"""
    source = tmp_path / "hostile.docx"
    hostile_form().to_docx(source)
    pdf = office.convert(source, "pdf", tmp_path / "pdf")
    assert 1 <= pdf_pages(pdf) <= 60
    assert "<w:t>&amp;</w:t>" in office.pdf_text(pdf)


@needs_soffice
@pytest.mark.slow
def test_after_a_libreoffice_resave_the_form_and_controls_are_found_by_order(
    tmp_path: Path, office: Office, kinds_form: Form
) -> None:
    """D015: LibreOffice drops w:tag; the control list in the custom XML part matches by order."""
    source = tmp_path / "mus.docx"
    kinds_form.to_docx(source)
    saved = office.convert(source, "docx:MS Word 2007 XML", tmp_path / "resaved")
    data = saved.read_bytes()
    root = custom_xml(data)
    payload = json.loads(root.findtext("m:payload", namespaces=NS) or "")
    assert payload is not None and payload["form_id"] == kinds_form.form_id
    listed = [(c.get("title"), c.get("kind")) for c in root.iterfind("m:controls/m:control", NS)]
    # LibreOffice also wraps paragraphs of check boxes in untyped controls: skipped.
    found = read_controls(xml_part(data, DOCUMENT))
    assert [c.kind for c in found] == [k for _, k in listed]
    for control, (title, _) in zip(found, listed, strict=True):
        assert control.tag is None
        if control.alias is not None:  # kept on plain text controls only
            assert control.alias == title


# -- every preset, every audience, both languages -----------------------------------------------

PRESET_CASES = [
    (name, audience, language)
    for name in musforms_presets()
    for audience in ("conversation", "employee", "leader", "colleague")
    for language in ("da", "en")
    if audience in build_form(preset(name)).sheets
]


@pytest.mark.parametrize(("name", "audience", "language"), PRESET_CASES, ids=str)
def test_every_preset_and_audience_opens_with_every_question_tagged(
    name: str, audience: str, language: str
) -> None:
    """D001: each audience of each preset builds, opens in python-docx, tags its questions."""
    form = build_form(preset(name, language))  # type: ignore[arg-type]
    data = docx_bytes(form, audience=audience)
    docx.Document(io.BytesIO(data))
    found = set(tags(xml_part(data, DOCUMENT)))
    for question in form.questions:
        on_sheet = any(t == question.id or t.startswith(f"{question.id}:") for t in found)
        assert on_sheet == question.for_audience(audience), question.id


@needs_soffice
@pytest.mark.slow
def test_libreoffice_converts_every_preset_and_audience(tmp_path: Path) -> None:
    """D014: one LibreOffice run converts all of them to PDF."""
    sources = []
    for name in musforms_presets():
        form = build_form(preset(name))
        for audience in form.sheets:
            path = tmp_path / "in" / f"{name}-{audience}.docx"
            path.parent.mkdir(exist_ok=True)
            form.to_docx(path, audience=audience)
            sources.append(path)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        timeout=900,
    )
    for source in sources:
        pdf = tmp_path / "pdf" / f"{source.stem}.pdf"
        assert pdf.exists() and 1 <= pdf_pages(pdf) <= 25, source.name


# -- D030: the type of conversation sets the people, the plan and the signatures -------------


def _docx_text(data: bytes) -> str:
    root = xml_part(data, DOCUMENT)
    return " ".join("".join(p.itertext()) for p in root.iterfind(".//w:p", NS))


def _xlsx_text(form: Form) -> str:
    import openpyxl

    from musforms.render.xlsx import xlsx_bytes

    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(form)))
    shown = [sheet for sheet in book.worksheets if sheet.sheet_state == "visible"]
    return " ".join(
        str(c.value) for sheet in shown for row in sheet.iter_rows() for c in row if c.value
    )


_TYPED = [(name, language, None) for name in musforms_presets() for language in ("da", "en")] + [
    ("standard", language, kind) for kind in ("lus", "grus") for language in ("da", "en")
]


@pytest.mark.parametrize(("name", "language", "kind"), _TYPED)
def test_word_people_plan_and_signatures_follow_the_type_as_excel_does(
    name: str, language: str, kind: str | None
) -> None:
    """D030: issue 13 item 1. The header's person fields, the plan and who signs come from
    musforms.words by the form's type, on every sheet, and Excel's main sheet says the same."""
    from musforms import words as shared

    from .conftest import typed_form

    form = typed_form(name, language, kind)
    fields = shared.person_fields(form.type, language)
    signing = shared.signers(form.type, language)
    plan = shared.plan_title(form.type, language)
    plan_ids = {q.id for q in form.questions if q.kind == "action_plan"} | {"plan"}
    excel = _xlsx_text(form)
    for sheet in form.sheets:
        data = docx_bytes(form, audience=sheet)
        found = set(tags(xml_part(data, DOCUMENT)))
        people = {t.split(":", 1)[1] for t in found if t.startswith("person:")}
        assert people == {field for field, _ in fields}, (sheet, people)
        text = _docx_text(data)
        for _, label in fields:
            assert label in text, (sheet, label)
            assert label in excel, ("xlsx", label)
        main = sheet == form.sheets[0]
        has_plan = any(t.split(":", 1)[0] in plan_ids for t in found)
        signed = sorted(t for t in found if t.startswith("signature:"))
        if sheet == "conversation" and plan:
            assert has_plan, sheet
            assert len(signed) == len(signing), (sheet, signed)
            for signer in signing:
                label = shared.signature_label(signer, language)
                assert label in text, (sheet, label)
                assert label in excel, ("xlsx", label)
        else:
            assert not signed, (sheet, signed)
            if not plan:
                assert not has_plan, sheet
                if main:
                    for signer in ("Underskrift", "Signature"):
                        assert signer not in excel
        if form.type == "grus" and sheet == "conversation":
            assert signed == ["signature:leader:date"]


@pytest.mark.parametrize("mood", range(5))
def test_the_shipped_faces_are_the_drawn_faces(mood: int) -> None:
    """The PNGs in render/docx/faces/ are read instead of drawn (~100 ms saved per build);
    they must be exactly what the drawing code makes. After a change of the drawing,
    run ``python -m musforms.render.docx._faces``."""
    from importlib.resources import files

    from musforms.render.docx._faces import draw_face_png, face_png

    shipped = files("musforms.render.docx").joinpath("faces", f"face-{mood}.png").read_bytes()
    assert shipped == draw_face_png(mood) == face_png(mood)
