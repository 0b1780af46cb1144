"""The HTML preview: the type's sheet, Word's numbering, faces and wheels as SVG, answers.

Requirements checked here (cited in the tests):

H001 the header's fields, the sheet's name and intro follow the form's type of
     conversation; the plan and its signatures appear only where the type has them
H002 questions are numbered through the whole form, as in Word and Excel
H003 a smiley scale's faces are inline SVG, each named by its words (words.faces), the
     same shapes as Word's pictures; no emoji are left
H004 each competence wheel has an SVG radar chart: a spoke per competence, named,
     clockwise from the top; with answers, the ratings are drawn
H005 with answers the preview shows a filled form: boxes ticked, texts written (escaped)
H006 the fonts are Word's: Arial first
"""

from __future__ import annotations

import math
import re

import pytest
from lxml import html as lxml_html

import musforms
from musforms import FormBuilder, words
from musforms.form import Form
from musforms.render._faces import face, faces_for
from musforms.render._sheet import sheet_sections
from musforms.render.html import render_body, render_html
from tests.render.conftest import TYPE_CASES, every_kind_form, typed_form

PRESETS = list(musforms.presets())
#: Emoji and the two old text faces (U+2639, U+263A); the check boxes (U+2610) are not.
_EMOJI = re.compile("[\U0001f300-\U0001faff\u2639\u263a]")


def page(form: Form, **options: object) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(render_html(form, **options))  # type: ignore[arg-type]


def texts(root: lxml_html.HtmlElement, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in root.xpath(xpath)]


# -- H001 types --------------------------------------------------------------------


def check_follows_the_type(form: Form) -> None:
    language, kind = form.language, form.type
    root = page(form)
    fields = [label for _, label in words.person_fields(kind, language)]
    assert texts(root, "//dl[@class='mus-people']//dt") == fields
    sheet = form.sheet(None)
    assert texts(root, "//p[@class='mus-subtitle']") == [words.sheet_name(kind, sheet, language)]
    assert words.sheet_intro(kind, sheet, language) in texts(
        root, "//p[contains(@class,'mus-intro')]"
    )
    shown = [q for s in sheet_sections(form) for q in s.questions]
    assert [li.get("data-question-id") for li in root.xpath("//li[@data-question-id]")] == [
        q.id for q in shown
    ]
    signatures = texts(root, "//span[@class='mus-sign-label'][1]")
    plan = any(q.kind == "action_plan" for q in shown)
    expected = words.signers(kind, language) if plan else ()
    labels = [words.signature_label(s, language) for s in expected]
    assert [t for t in signatures if t != words.labels(language)["signature_date"]] == labels
    if not words.plan_title(kind, language):
        assert not root.xpath("//li[contains(@class,'mus-kind-action_plan')]")


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("name", PRESETS, ids=str)
def test_every_preset_preview_follows_its_type(name: str, language: str) -> None:
    """H001."""
    check_follows_the_type(typed_form(name, language))


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize(("name", "conversation_type"), TYPE_CASES, ids=str)
def test_each_type_has_its_own_header_plan_and_signatures(
    name: str, conversation_type: str, language: str
) -> None:
    """H001: grus a team and participants and the leader signing for the team; lus the
    leader and their own leader; colleague only whom the input is about, nothing signed."""
    form = typed_form(name, language, conversation_type)
    check_follows_the_type(form)
    signed = page(form).xpath("//div[@class='mus-signature']")
    assert len(signed) == {"mus": 2, "lus": 2, "grus": 1, "colleague": 0}[conversation_type]


def test_a_colleague_preview_leaves_out_a_ticked_plan() -> None:
    """H001."""
    builder = FormBuilder(title="Input", type="colleague")
    builder.section("Input").tick("kollega.styrker")
    builder.add_question(text="Plan", kind="action_plan", id="plan")
    root = page(builder.build())
    assert not root.xpath("//*[contains(@class,'mus-kind-action_plan')]")
    assert not root.xpath("//div[@class='mus-signature']")


# -- H002 numbering --------------------------------------------------------------------


@pytest.mark.parametrize("name", PRESETS, ids=str)
def test_questions_are_numbered_through_the_form(name: str) -> None:
    """H002: each section's list starts where the last one ended."""
    form = typed_form(name, "da")
    root = page(form)
    starts = [int(ol.get("start")) for ol in root.xpath("//ol[@class='mus-questions']")]
    counts = [len(s.questions) for s in sheet_sections(form)]
    assert starts == [1 + sum(counts[:i]) for i in range(len(counts))]


# -- H003 faces ------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["da", "en"])
def test_smileys_are_named_svg_faces_and_no_emoji(language: str) -> None:
    """H003."""
    form = typed_form("smiley", language)
    source = render_html(form)
    assert not _EMOJI.search(source)
    root = lxml_html.fromstring(source)
    for question in (q for q in form.questions if q.kind == "smiley"):
        faces = root.xpath(f"//li[@data-question-id='{question.id}']//svg[@role='img']")
        count = question.faces or 5
        assert [f.get("aria-label") for f in faces] == list(words.faces(language, count))
        assert [f.findtext("title") for f in faces] == list(words.faces(language, count))


def test_three_faces_are_the_saddest_the_middle_and_the_happiest() -> None:
    """H003: the same faces as Word's (render/docx/_faces.faces_for)."""
    builder = FormBuilder(title="MUS")
    builder.add_question(text="Hvordan går det?", kind="smiley", faces=3, id="tre")
    root = page(builder.build())
    fills = [svg.xpath("./circle")[0].get("fill") for svg in root.xpath("//svg[@role='img']")]
    expected = ["#{:02X}{:02X}{:02X}".format(*face(m).fill) for m in faces_for(3)]
    assert fills == expected


def test_a_face_smiles_or_frowns_by_its_mood() -> None:
    """H003: the mouth's arc bends down for the sad faces, up for the happy ones."""
    from musforms.render._svg import face_svg

    for mood in range(5):
        mouth = lxml_html.fromstring(str(face_svg(mood, "x"))).xpath("//path")[0].get("d")
        if mood == 2:
            assert " L" in mouth
        else:
            sweep = mouth.split()[-3]
            assert sweep == ("0" if mood > 2 else "1")


def _png_pixel(png: bytes, x: int, y: int) -> tuple[int, ...]:
    """Return the RGBA of pixel ``x, y`` of the PNG Word's face drawer writes (filter 0)."""
    import struct
    import zlib

    width = struct.unpack(">I", png[16:20])[0]
    start = png.index(b"IDAT") + 4
    length = struct.unpack(">I", png[start - 8 : start - 4])[0]
    rows = zlib.decompress(png[start : start + length])
    offset = y * (1 + 4 * width) + 1 + 4 * x
    return tuple(rows[offset : offset + 4])


@pytest.mark.parametrize("mood", range(5))
def test_the_preview_draws_the_faces_word_prints(mood: int) -> None:
    """H003: Word's picture has the shared geometry's colour in the head and ink where the
    shared geometry puts the middle of the mouth and the eyes."""
    from musforms.render._faces import INK
    from musforms.render.docx._faces import SIZE, face_png

    png, shape = face_png(mood), face(mood, SIZE)
    centre = int(shape.centre)
    assert _png_pixel(png, centre, int(shape.centre - shape.radius * 0.6))[:3] == shape.fill
    assert _png_pixel(png, centre, int(shape.end_y + shape.sagitta))[:3] == INK
    assert _png_pixel(png, int(shape.centre + shape.eye_dx), int(shape.eye_y))[:3] == INK


# -- H004 wheels -----------------------------------------------------------------------


def spoke_labels(svg: lxml_html.HtmlElement) -> list[tuple[str, float, float]]:
    """Return each competence label's text and the position of its first line."""
    found = []
    for text in svg.xpath(".//text[tspan]"):
        spans = text.xpath("./tspan")
        name = " ".join(s.text for s in spans)
        found.append((name, float(spans[0].get("x")), float(spans[0].get("y"))))
    return found


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("name", ["standard", "kompetencespind", "leder"], ids=str)
def test_each_wheel_is_an_svg_radar_chart_clockwise_from_the_top(name: str, language: str) -> None:
    """H004."""
    form = typed_form(name, language)
    root = page(form)
    wheels = [q for q in form.questions if q.kind == "competence_wheel"]
    assert wheels
    for question in wheels:
        (svg,) = root.xpath(f"//li[@data-question-id='{question.id}']//svg[@class='mus-wheel']")
        assert svg.get("aria-label").startswith(words.labels(language)["wheel"])
        labels = spoke_labels(svg)
        assert [label for label, _, _ in labels] == [
            " ".join(c.text.split()) for c in question.competences
        ]
        centre_x = 270.0
        angles = [math.atan2(x - centre_x, -(y - 200.0)) % (2 * math.pi) for _, x, y in labels]
        assert abs(labels[0][1] - centre_x) < 1  # the first at the top
        assert angles[1:] == sorted(angles[1:]) and angles[1] > 0  # then clockwise
        assert not svg.xpath(".//g[@class='mus-series']")  # no ratings: axes only


def test_wheel_ratings_are_drawn_at_their_rings() -> None:
    """H004: with answers, a line per rating; each point at its value's distance."""
    form = typed_form("kompetencespind", "en")
    question = next(q for q in form.questions if q.kind == "competence_wheel")
    assert question.scale is not None
    low, high = question.scale.min, question.scale.max
    ratings = {
        c.id: {"now": low + i % 3, "wanted": high} for i, c in enumerate(question.competences)
    }
    root = page(form, answers={question.id: ratings})
    (svg,) = root.xpath("//svg[@class='mus-wheel']")
    now, wanted = svg.xpath(".//g[@class='mus-series']")
    points = [
        tuple(map(float, p.split(","))) for p in now.xpath("./polygon")[0].get("points").split()
    ]
    assert len(points) == len(question.competences)
    for index, (x, y) in enumerate(points):
        distance = math.hypot(x - 270, y - 200)
        value = low + index % 3
        assert distance == pytest.approx(140 * (value - low + 1) / (high - low + 1), abs=0.02)
    assert len(wanted.xpath("./circle")) == len(question.competences)
    parts = words.wheel_parts("en")
    assert [t.text for t in svg.xpath(".//g[last()]/text")] == [parts["now"], parts["wanted"]]


def test_partial_and_wrong_ratings_are_left_out_not_drawn() -> None:
    """H004: a missing or out-of-range rating gets no point and the line is left out."""
    form = typed_form("kompetencespind", "en")
    question = next(q for q in form.questions if q.kind == "competence_wheel")
    first, second = question.competences[:2]
    answers = {question.id: {first.id: {"now": 3, "wanted": 99}, second.id: "bad"}}
    (svg,) = page(form, answers=answers).xpath("//svg[@class='mus-wheel']")
    now, wanted = svg.xpath(".//g[@class='mus-series']")
    assert not now.xpath("./polygon") and len(now.xpath("./circle")) == 1
    assert not wanted.xpath("./circle")


def test_competence_names_are_escaped_inside_the_chart() -> None:
    """H004."""
    builder = FormBuilder(title="MUS")
    builder.add_question(
        text="Hjul",
        kind="competence_wheel",
        id="hjul",
        competences=[{"id": "a", "text": "<script>x</script> & co"}]
        + [{"id": f"c{n}", "text": f"C {n}"} for n in range(5)],
    )
    source = render_html(builder.build())
    assert "<script>x" not in source and "&lt;script&gt;x&lt;/script&gt; &amp; co" in source


# -- H005 answers ----------------------------------------------------------------------


def test_answers_fill_the_preview() -> None:
    """H005."""
    form = every_kind_form()
    by_kind = {q.kind: q for q in reversed(form.questions)}
    long_text, scale, choice = by_kind["long_text"], by_kind["scale"], by_kind["choice"]
    multi, smiley, plan = by_kind["multi_choice"], by_kind["smiley"], by_kind["action_plan"]
    answers = {
        long_text.id: "Linje <b>1</b>\nLinje 2",
        scale.id: 2,
        choice.id: choice.options[1].id,
        multi.id: [multi.options[0].id],
        smiley.id: 5,
        plan.id: [{"goal": "Lære & vokse", "deadline": "2027-06-01"}],
    }
    body = render_body(form, answers=answers)
    root = lxml_html.fromstring(f"<div>{body}</div>")

    def item(question_id: str) -> str:
        (li,) = root.xpath(f"//li[@data-question-id='{question_id}']")
        return str(lxml_html.tostring(li, encoding="unicode"))

    assert "Linje &lt;b&gt;1&lt;/b&gt;\nLinje 2" in item(long_text.id)
    assert "☒ 2" in item(scale.id) and item(scale.id).count("☒") == 1
    assert f"☒ {choice.options[1].text}" in item(choice.id)
    assert item(multi.id).count("☒") == 1
    assert item(smiley.id).count("☒") == 1 and item(smiley.id).index("☒") > item(smiley.id).rindex(
        "☐"
    )
    assert "Lære &amp; vokse" in item(plan.id) and "1. juni 2027" in item(plan.id)
    assert "☒" not in render_body(form)


# -- H006 fonts ------------------------------------------------------------------------


def test_the_preview_uses_words_fonts() -> None:
    """H006."""
    css = render_html(typed_form("standard", "da"))
    stack = re.search(r"\.mus-form \{ font-family: ([^;]+);", css)
    assert stack is not None and stack.group(1).startswith("Arial")
