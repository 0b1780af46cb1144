"""The PDF renderer: fields, layout, fonts, metadata, the payload, and batch's fast path.

Requirements checked here (cited in the tests):

P001 every preset, sheet and language gives a PDF that poppler renders, with one field per
     answer part (text, radio group, check box), the person fields, notes and signatures
P002 each kind gets its field: multi-line text, check boxes, radio groups with the option
     ids or scale points as states, date fields with the language's hint
P003 every field shows its value in a viewer that does not redraw fields: own appearance
     streams, a look for every state, no NeedAppearances
P004 the text is there (pdftotext): questions with æøå, the header's names, page X of Y
P005 fonts are embedded; letters outside Windows-1252 are drawn, in DejaVu Sans
P006 document: /Lang, title shown in the window, bookmarks per section, /TU on fields
P007 the payload is an embedded file (and in /AF); the same input gives the same bytes
P008 an audience the form's type does not have is refused
P009 batch fills a once-rendered PDF to the very bytes of a full render, and renders whole
     what it cannot fill (names outside Windows-1252, names in question texts)
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

from musforms import build_form, preset, presets
from musforms._people import Person
from musforms.batch import _Renderer, run_batch
from musforms.errors import SpecError
from musforms.form import Form
from musforms.kinds import pdf_field_name
from musforms.render import find, formats
from musforms.render.pdf import pdf_bytes
from musforms.words import person_fields, plan_title, signers

from .conftest import every_kind_form

needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler")
CLOSED = {"scale", "smiley", "yes_no", "choice", "multi_choice", "competence_wheel"}


def expected_fields(form: Form, sheet: str) -> int:
    """Return how many fields the PDF of ``form`` for ``sheet`` has, counted from the form."""
    count = len(person_fields(form.type, form.language))
    has_plan = False
    for section in form.sections:
        questions = [q for q in section.questions if q.for_audience(sheet)]
        for question in questions:
            kind = question.kind
            if kind == "multi_choice":
                count += len(question.options)
            elif kind == "competence_wheel":
                count += 2 * len(question.competences)
            elif kind == "action_plan":
                count += 6 * (question.rows or 3)
                has_plan = True
            else:
                count += 1
        if sheet == "conversation" and any(q.kind in CLOSED for q in questions):
            count += 1  # the section's notes
    if sheet == "conversation":
        if plan_title(form.type, form.language) and not has_plan:
            count += 6 * 4
        count += len(signers(form.type, form.language))
    return count


def _reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def _text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "text.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True
    ).stdout.decode("utf-8")


@pytest.fixture(scope="module")
def kinds_pdf() -> bytes:
    return pdf_bytes(every_kind_form())


@needs_poppler
@pytest.mark.parametrize("name", list(presets()))
def test_every_preset_sheet_and_language_renders_with_its_fields(
    name: str, tmp_path: Path
) -> None:  # P001
    for language in ("da", "en"):
        form = build_form(preset(name, language))  # type: ignore[arg-type]
        for sheet in form.sheets:
            data = pdf_bytes(form, audience=sheet)
            reader = _reader(data)
            assert len(reader.get_fields() or {}) == expected_fields(form, sheet), (language, sheet)
            path = tmp_path / f"{language}-{sheet}.pdf"
            path.write_bytes(data)
            subprocess.run(
                ["pdftoppm", "-r", "12", "-png", str(path), str(tmp_path / path.stem)],
                check=True,
                capture_output=True,
            )
            assert len(list(tmp_path.glob(f"{path.stem}-*.png"))) == len(reader.pages)


@pytest.mark.parametrize("kind", ["mus", "lus", "grus", "colleague"])
def test_every_type_of_conversation_has_its_people_plan_and_signers(kind: str) -> None:  # P001
    form = build_form(preset("standard").model_copy(update={"type": kind}))
    for sheet in form.sheets:
        reader = _reader(pdf_bytes(form, audience=sheet))
        fields = reader.get_fields() or {}
        assert len(fields) == expected_fields(form, sheet)
        people = {name.split(":")[1] for name in fields if name.startswith("person:")}
        assert people == {key for key, _ in person_fields(kind, "da")}


def test_each_kind_has_its_field(kinds_pdf: bytes) -> None:  # P002
    form = every_kind_form()
    fields = _reader(kinds_pdf).get_fields() or {}
    by_kind = {q.kind: q for q in form.questions}
    text = fields[pdf_field_name(by_kind["long_text"].id)]
    assert text["/FT"] == "/Tx" and int(text["/Ff"]) & (1 << 12)  # multi-line
    assert not int(fields[pdf_field_name(by_kind["text"].id)].get("/Ff", 0)) & (1 << 12)
    scale = fields[pdf_field_name(by_kind["scale"].id)]
    assert scale["/FT"] == "/Btn" and int(scale["/Ff"]) & (1 << 15)  # a radio group
    assert scale["/_States_"] == ["/1", "/2", "/3", "/4", "/5", "/Off"] or set(
        scale["/_States_"]
    ) == {"/1", "/2", "/3", "/4", "/5", "/Off"}
    choice = by_kind["choice"]
    assert set(fields[pdf_field_name(choice.id)]["/_States_"]) == {
        *(f"/{o.id}" for o in choice.options),
        "/Off",
    }
    assert set(fields[pdf_field_name(by_kind["yes_no"].id)]["/_States_"]) == {"/yes", "/no", "/Off"}
    multi = by_kind["multi_choice"]
    for option in multi.options:
        box = fields[pdf_field_name(multi.id, option.id)]
        assert box["/FT"] == "/Btn" and not int(box["/Ff"]) & (1 << 15)  # a check box
    wheel = by_kind["competence_wheel"]
    assert all(
        int(fields[pdf_field_name(wheel.id, c.id, p)]["/Ff"]) & (1 << 15)
        for c in wheel.competences
        for p in ("now", "wanted")
    )
    assert pdf_field_name(by_kind["action_plan"].id, 1, "success") in fields
    assert "dd-mm-åååå" in str(fields[pdf_field_name(by_kind["date"].id)]["/TU"])


def test_every_field_has_a_look_of_its_own_for_every_state(kinds_pdf: bytes) -> None:  # P003
    reader = _reader(kinds_pdf)
    form = reader.trailer["/Root"]["/AcroForm"]
    assert "/NeedAppearances" not in form
    text_looks = []
    for page in reader.pages:
        for annotation in page["/Annots"]:
            widget = annotation.get_object()
            looks = widget["/AP"]["/N"]
            if widget.get("/FT") == "/Tx":
                text_looks.append(looks.indirect_reference.idnum)
            else:
                states = set(looks.get_object().keys())
                assert "/Off" in states and len(states) == 2
    # pypdf fills a field by rewriting its appearance stream: a shared one would show
    # one field's answer in all of them.
    assert len(text_looks) == len(set(text_looks))


@needs_poppler
def test_the_text_is_there_with_danish_letters_and_page_numbers(tmp_path: Path) -> None:  # P004
    spec = preset("standard").model_copy(update={"employee": "Søren Ærø", "leader": "Åse Ødegård"})
    form = build_form(spec)
    text = _text(pdf_bytes(form), tmp_path)
    assert form.questions[0].text.split()[0] in text
    assert "Medarbejder: Søren Ærø" in text and "Leder: Åse Ødegård" in text
    pages = len(_reader(pdf_bytes(form)).pages)
    assert f"Side 1 af {pages}" in " ".join(text.split())
    assert "Udviklingsplan" in text and "Underskrifter" in text
    english = _text(pdf_bytes(build_form(preset("standard", "en"))), tmp_path)
    assert "Page 1 of" in " ".join(english.split()) and "Signatures" in english


@needs_poppler
def test_fonts_are_embedded_and_other_letters_drawn_in_dejavu(tmp_path: Path) -> None:  # P005
    spec = preset("standard").model_copy(update={"employee": "Łukasz Żółć", "leader": "Ἀλέξανδρος"})
    path = tmp_path / "names.pdf"
    path.write_bytes(pdf_bytes(build_form(spec)))
    listing = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True)
    rows = listing.stdout.splitlines()[2:]
    assert rows and all(" yes " in row.split("TrueType", 1)[1] for row in rows), listing.stdout
    names = {row.split()[0].split("+")[-1] for row in rows}
    assert {"BitstreamVeraSans-Roman", "BitstreamVeraSans-Bold", "DejaVuSans"} <= names
    text = _text(path.read_bytes(), tmp_path)
    assert "Łukasz Żółć" in text and "Ἀλέξανδρος" in text


def test_language_title_bookmarks_and_field_tooltips(kinds_pdf: bytes) -> None:  # P006
    reader = _reader(kinds_pdf)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "da-DK" and root["/PageMode"] == "/UseOutlines"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert reader.metadata is not None and reader.metadata.title == "MUS 2027"
    title, sections = reader.outline[0], reader.outline[1]
    assert title["/Title"] == "MUS 2027"
    assert [s["/Title"] for s in sections][:2] == ["Første del", "Anden del"]
    fields = reader.get_fields() or {}
    assert all(field.get("/TU") for field in fields.values())
    english = _reader(pdf_bytes(every_kind_form("en")))
    assert english.trailer["/Root"]["/Lang"] == "en-GB"


def test_the_payload_is_embedded_and_the_bytes_are_the_same_each_time(
    kinds_pdf: bytes,
) -> None:  # P007
    reader = _reader(kinds_pdf)
    (payload,) = reader.attachments["musforms.json"]
    data = json.loads(payload)
    form = every_kind_form()
    assert data["form_id"] == form.form_id and data["audience"] == "conversation"
    assert data["spec"]["sections"]
    assert reader.trailer["/Root"]["/AF"][0]["/F"] == "musforms.json"
    assert pdf_bytes(every_kind_form()) == kinds_pdf


def test_the_format_is_registered_and_written_through_the_facade(tmp_path: Path) -> None:
    assert ".pdf" in formats()
    renderer = find("pdf")
    assert renderer.personalisable and renderer.media_type == "application/pdf"
    every_kind_form().to_pdf(tmp_path / "form.pdf", audience="employee")
    assert (tmp_path / "form.pdf").read_bytes().startswith(b"%PDF-1.7")


def test_an_audience_the_type_lacks_is_refused() -> None:  # P008
    form = build_form(preset("kollega-input").model_copy(update={"type": "colleague"}))
    with pytest.raises(SpecError) as info:
        pdf_bytes(form, audience="leader")
    assert info.value.code == "spec.audience_not_in_type"


@pytest.mark.parametrize(
    "name",
    ["Søren Ærø-Åberg", 'Ann "Q" (x) \\ y', "Kim & Co <b>", "x" * 200],
    ids=["danish", "pdf-escapes", "markup", "long"],
)
def test_batch_fills_the_very_bytes_of_a_full_render(name: str) -> None:  # P009
    # A column of the people file travels in the payload's spec: filled there too.
    renderer = _Renderer(preset("standard"), None, ["region"], None)
    pdf = find("pdf")
    renderer.render(Person(2, "Anders And", "Bo", "Drift", None, {"region": "Syd"}), pdf)
    person = Person(3, name, "Leder Lund", "Løn", None, {"region": "Nord"})
    assert renderer.render(person, pdf) == renderer._full(person, pdf)
    assert renderer.slow == 0


def test_batch_renders_whole_what_it_cannot_fill() -> None:  # P009
    pdf = find("pdf")
    renderer = _Renderer(preset("standard"), None, [], None)
    renderer.render(Person(2, "Anders And", "Bo", "Drift"), pdf)
    polish = Person(3, "Łukasz Żółć", "Bo", "Drift")
    assert renderer.render(polish, pdf) == renderer._full(polish, pdf)
    assert renderer.slow == 1
    # A name in a text moves the lines after it: each person is rendered whole.
    named = _Renderer(preset("kollega-input"), None, [], None)  # "Hvad er {{ employee }} ..."
    person = Person(2, "Anders And", None, None)
    assert named.render(person, pdf) == named._full(person, pdf) and named.slow == 1
    spec = preset("standard").model_copy(update={"intro": "Til alle i {{ region }}."})
    region = _Renderer(spec, None, ["region"], None)
    person = Person(2, "Anders And", None, None, None, {"region": "Syd"})
    assert region.render(person, pdf) == region._full(person, pdf) and region.slow == 1


def test_batch_writes_one_pdf_per_person(tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text("medarbejder,leder\nSøren Ærø,Bo\nÅse Ødegård,Bo\n", encoding="utf-8")
    result = run_batch(preset("smiley"), people, tmp_path / "out", formats=["pdf"])
    assert sorted(p.name for p in result.written) == ["Søren Ærø.pdf", "Åse Ødegård.pdf"]
    fields = _reader((tmp_path / "out" / "Åse Ødegård.pdf").read_bytes()).get_fields() or {}
    assert fields["person:employee"]["/V"] == "Åse Ødegård"
