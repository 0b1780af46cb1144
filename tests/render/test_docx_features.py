"""Word features an HR consultant expects, each checked in the XML (issue 14, items 4 and 6).

F001 long forms (estimated over 4 pages) get a TOC field and w:updateFields; short ones none
F002 the page estimate agrees with LibreOffice's page count where the count is clear
F003 proofing language: the styles say the form's; a text in the other language says its own
F004 the header names the spec's organisation, else the template's (its Company property)
F005 every picture and chart has alt text: wp:docPr descr and title, a template's logo too
F006 heading levels run Title -> level 1 -> level 2 with none skipped, in every preset
F007 control titles carry the question number the page prints
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache
from pathlib import Path

import docx
import pytest
from lxml import etree

from musforms import FormBuilder, build_form, preset, presets
from musforms.form import Form
from musforms.render.docx import docx_bytes
from musforms.render.docx._language import language_of
from musforms.render.docx._styles import StyleIds
from musforms.render.docx._toc import TOC_MIN_PAGES, estimate_pages

from .conftest import NS, W, every_kind_form, needs_soffice, pdf_pages, soffice_pdf, xml_part

DOCUMENT, SETTINGS, STYLES = "word/document.xml", "word/settings.xml", "word/styles.xml"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
V = f"{{{W}}}val"

CASES = [
    (name, sheet, language)
    for name in presets()
    for language in ("da", "en")
    for sheet in build_form(preset(name, language)).sheets  # type: ignore[arg-type]
]
IDS = [f"{n}-{s}-{lang}" for n, s, lang in CASES]


@cache
def rendered(name: str, sheet: str, language: str) -> bytes:
    form = build_form(preset(name, language))  # type: ignore[arg-type]
    return docx_bytes(form, audience=sheet)


def words(element: etree._Element) -> str:
    """Return the text of ``element``'s w:t, without field instructions."""
    return "".join(element.xpath(".//w:t/text()", namespaces=NS))


def has_toc(data: bytes) -> bool:
    instructions = "".join(xml_part(data, DOCUMENT).xpath(".//w:instrText/text()", namespaces=NS))
    return bool(re.search(r"\bTOC\b", instructions))


def _estimate(data: bytes) -> float:
    """The estimate of the body without its table of contents (as the renderer decides)."""
    body = xml_part(data, DOCUMENT).find("w:body", NS)
    for p in body.findall("w:p", NS):
        style = p.find("w:pPr/w:pStyle", NS)
        if style is not None and style.get(V) in {"TOCHeading", "TOC1"}:
            body.remove(p)
    from musforms.render.docx._styles import _FIELDS

    return estimate_pages(body, StyleIds(**_FIELDS), 9638)


# -- F001 F002: table of contents -------------------------------------------------------------


@pytest.mark.parametrize(("name", "sheet", "language"), CASES, ids=IDS)
def test_a_form_gets_a_table_of_contents_when_estimated_long(
    name: str, sheet: str, language: str
) -> None:
    """F001"""
    data = rendered(name, sheet, language)
    long = _estimate(data) > TOC_MIN_PAGES
    assert has_toc(data) == long
    settings = xml_part(data, SETTINGS)
    assert (settings.find("w:updateFields", NS) is not None) == long
    if long:
        body = xml_part(data, DOCUMENT).find("w:body", NS)
        styles = [p.find("w:pPr/w:pStyle", NS) for p in body.findall("w:p", NS)]
        names = [s.get(V) if s is not None else None for s in styles]
        entries = [
            words(p) for p, s in zip(body.findall("w:p", NS), names, strict=True) if s == "TOC1"
        ]
        headings = [
            words(p) for p, s in zip(body.findall("w:p", NS), names, strict=True) if s == "Heading1"
        ]
        assert entries == headings  # written in, so LibreOffice shows them before an update
        assert names.index("TOCHeading") < names.index("Heading1")
        field = "".join(body.xpath(".//w:instrText/text()", namespaces=NS))
        assert 'TOC \\o "1-1" \\h \\z \\u' in field
        begin = body.xpath(".//w:fldChar/@w:fldCharType", namespaces=NS)
        assert begin.count("begin") == begin.count("end")


def test_short_forms_have_no_table_of_contents_and_long_ones_have_one() -> None:
    """F001: the clear cases by name, whatever the estimate says."""
    assert not has_toc(docx_bytes(every_kind_form()))
    assert not has_toc(rendered("kollega-input", "colleague", "da"))
    for name in ("standard", "kommune", "leder", "tre-delt"):
        assert has_toc(rendered(name, "conversation", "da")), name
        assert has_toc(rendered(name, "conversation", "en")), name


def test_the_toc_styles_are_no_headings_themselves() -> None:
    """F001: "Indhold" must not list itself; the entries use Word's own "toc 1"."""
    styles = xml_part(rendered("standard", "conversation", "da"), STYLES)
    heading = styles.find("w:style[@w:styleId='TOCHeading']", NS)
    assert heading.find("w:pPr/w:outlineLvl", NS).get(V) == "9"
    assert styles.find("w:style[@w:styleId='TOC1']/w:name", NS).get(V) == "toc 1"


@needs_soffice
@pytest.mark.slow
def test_the_page_estimate_agrees_with_libreoffice(tmp_path: Path) -> None:
    """F002: every Danish preset and sheet, in one LibreOffice run."""
    sources = []
    for name, sheet, language in CASES:
        if language == "da":
            path = tmp_path / f"{name}-{sheet}.docx"
            path.write_bytes(rendered(name, sheet, language))
            sources.append(path)
    soffice_pdf(sources, tmp_path)
    clear = 0
    for path in sources:
        pages = pdf_pages(path.with_suffix(".pdf"))
        toc = has_toc(path.read_bytes())
        # Near the line, a page more or less from a changed layout may tip it.
        if pages >= TOC_MIN_PAGES + 2:
            assert toc, (path.name, pages)
            clear += 1
        elif pages <= TOC_MIN_PAGES - 1:
            assert not toc, (path.name, pages)
            clear += 1
    assert clear >= len(sources) // 3


# -- F003: languages --------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["da", "en"])
def test_styles_and_settings_name_the_form_language(language: str) -> None:
    """F003"""
    data = rendered("standard", "conversation", language)
    tag = "da-DK" if language == "da" else "en-GB"
    defaults = xml_part(data, STYLES).find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert defaults.get(V) == tag
    assert xml_part(data, SETTINGS).find("w:themeFontLang", NS).get(V) == tag


@pytest.mark.parametrize(("name", "sheet", "language"), CASES, ids=IDS)
def test_no_preset_text_is_marked_as_the_other_language(
    name: str, sheet: str, language: str
) -> None:
    """F003: the shipped bank is written in both languages; nothing to mark."""
    root = xml_part(rendered(name, sheet, language), DOCUMENT)
    assert root.find(".//w:r/w:rPr/w:lang", NS) is None


def test_a_danish_question_in_an_english_form_is_proofed_in_danish() -> None:
    """F003"""
    builder = FormBuilder(title="Development talk", language="en")
    builder.section("Our talk").tick("opgaver.resultater")
    danish = "Hvad har du lært i år, og hvad vil du gerne blive bedre til?"
    builder.add_question(text=danish, kind="long_text")
    builder.add_question(text="What would you like to talk about today?", kind="text")
    root = xml_part(docx_bytes(builder.build()), DOCUMENT)
    marked = {
        "".join(r.itertext()): r.find("w:rPr/w:lang", NS).get(V)
        for r in root.iter(f"{{{W}}}r")
        if r.find("w:rPr/w:lang", NS) is not None
    }
    assert marked.get(danish) == "da-DK"
    assert all(lang == "da-DK" for lang in marked.values())
    assert "What would you like to talk about today?" not in marked


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hvordan har du det på arbejdet?", "da"),
        ("How do you feel about your work?", "en"),
        ("Søren Ågård", None),
        ("2027", None),
        ("", None),
    ],
)
def test_the_language_of_a_text_is_told_from_its_words(text: str, expected: str | None) -> None:
    """F003"""
    assert language_of(text) == expected


# -- F004: organisation in the header -----------------------------------------------------------


def _header_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [n for n in archive.namelist() if re.fullmatch(r"word/header\d+\.xml", n)]
        return " ".join("".join(etree.fromstring(archive.read(n)).itertext()) for n in names)


def test_the_header_names_the_spec_organisation() -> None:
    """F004"""
    assert "Eksempel Kommune" in _header_text(docx_bytes(every_kind_form()))


def _company_template(path: Path, company: str) -> Path:
    docx.Document().save(str(path))
    with zipfile.ZipFile(path) as source:
        members = {n: source.read(n) for n in source.namelist()}
    app = re.sub(rb"<Company\s*/>|<Company>[^<]*</Company>", b"", members["docProps/app.xml"])
    members["docProps/app.xml"] = app.replace(
        b"</Properties>", f"<Company>{company}</Company></Properties>".encode()
    )
    with zipfile.ZipFile(path, "w") as target:
        for name, blob in members.items():
            target.writestr(name, blob)
    return path


def test_without_one_in_the_spec_the_header_names_the_template_company(tmp_path: Path) -> None:
    """F004"""
    template = _company_template(tmp_path / "firma.docx", "Havnens Rederi A/S")
    form = FormBuilder(title="MUS 2027").section("Del").tick("opgaver.resultater").build()
    assert form.organisation == ""
    assert "Havnens Rederi A/S" in _header_text(docx_bytes(form, template=template))
    assert "Havnens Rederi" not in _header_text(docx_bytes(form))
    named = every_kind_form()
    header = _header_text(docx_bytes(named, template=template))
    assert "Eksempel Kommune" in header and "Havnens" not in header


# -- F005: alt text ---------------------------------------------------------------------------


def _doc_prs(data: bytes, parts: str = r"document|header\d+|footer\d+") -> list[etree._Element]:
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if re.fullmatch(rf"word/({parts})\.xml", name):
                found += etree.fromstring(archive.read(name)).iter(f"{{{WP}}}docPr")
    return found


@pytest.mark.parametrize("name", ["smiley", "kompetencespind", "standard"])
def test_every_picture_and_chart_has_alt_text(name: str) -> None:
    """F005"""
    for language in ("da", "en"):
        prs = _doc_prs(rendered(name, "conversation", language))
        assert prs
        for pr in prs:
            assert (pr.get("descr") or "").strip(), pr.get("name")
            assert (pr.get("title") or "").strip(), pr.get("name")


def test_a_template_logo_gets_alt_text(tmp_path: Path) -> None:
    """F005"""
    from musforms.render.docx._faces import face_png

    document = docx.Document()
    header = document.sections[0].header.paragraphs[0]
    header.add_run().add_picture(io.BytesIO(face_png(4)))
    template = tmp_path / "logo.docx"
    document.save(str(template))
    data = docx_bytes(every_kind_form(), template=template)
    logos = _doc_prs(data, r"header\d+")
    assert logos
    assert all(pr.get("descr") == pr.get("title") == "Eksempel Kommune" for pr in logos)


# -- F006: heading order ----------------------------------------------------------------------


def _outline_levels(styles: etree._Element) -> dict[str, int | None]:
    """Return each paragraph style's outline level (0 = heading 1), following basedOn."""
    own: dict[str, tuple[int | None, str | None]] = {}
    for style in styles.iterfind("w:style[@w:type='paragraph']", NS):
        level = style.find("w:pPr/w:outlineLvl", NS)
        based = style.find("w:basedOn", NS)
        own[style.get(f"{{{W}}}styleId")] = (
            int(level.get(V)) if level is not None else None,
            based.get(V) if based is not None else None,
        )

    def resolve(style_id: str, depth: int = 0) -> int | None:
        level, based = own.get(style_id, (None, None))
        if level is not None or based is None or depth > 20:
            return None if level == 9 else level
        return resolve(based, depth + 1)

    return {style_id: resolve(style_id) for style_id in own}


@pytest.mark.parametrize(("name", "sheet", "language"), CASES, ids=IDS)
def test_headings_run_in_order_with_no_level_skipped(name: str, sheet: str, language: str) -> None:
    """F006"""
    data = rendered(name, sheet, language)
    levels = _outline_levels(xml_part(data, STYLES))
    body = xml_part(data, DOCUMENT).find("w:body", NS)
    paragraphs = body.findall("w:p", NS)
    first = paragraphs[0].find("w:pPr/w:pStyle", NS)
    assert first is not None and first.get(V) == "Title"
    previous = -1
    for p in body.iter(f"{{{W}}}p"):
        style = p.find("w:pPr/w:pStyle", NS)
        level = levels.get(style.get(V)) if style is not None else None
        if level is None:
            continue
        assert level <= previous + 1, ("".join(p.itertext())[:40], previous, level)
        previous = level
    assert previous >= 0


# -- F007: titles carry the printed number ----------------------------------------------------


@pytest.mark.parametrize("form", [every_kind_form(), build_form(preset("standard"))])
def test_titles_carry_the_question_number_the_page_prints(form: Form) -> None:
    """F007"""
    for sheet in form.sheets:
        body = xml_part(docx_bytes(form, audience=sheet), DOCUMENT).find("w:body", NS)
        printed = None
        checked = 0
        for element in body.iter(f"{{{W}}}p", f"{{{W}}}sdt"):
            if element.tag == f"{{{W}}}p":
                style = element.find("w:pPr/w:pStyle", NS)
                if style is not None and style.get(V) == "MUSQuestion":
                    printed = "".join(element.itertext()).split(".", 1)[0]
                continue
            title = element.find("w:sdtPr/w:alias", NS).get(V)
            number = re.match(r"(?:Svar |Answer )?(\d+)[.:]", title)
            if number:
                assert number.group(1) == printed, (sheet, title)
                checked += 1
        assert checked
