"""Form: resolved texts, people, audiences and the length estimate.

F001: texts render in the form's language with the form's variables.
F002: people not given render as blanks to fill in; given ones as their names.
F003: preparation sheets hold the questions of their reader; the leader reads leader_text.
F004: the length estimate follows the documented rule and flags forms over 90 minutes.
"""

from __future__ import annotations

import datetime as dt

import pytest

from musforms import FormBuilder, FormSpec, build_form, preset
from musforms._templating import BLANK
from musforms.bank.questionbank import QuestionBank


def test_texts_render_in_the_forms_language(bank: QuestionBank) -> None:  # F001
    spec = FormSpec.model_validate(
        {"title": "T", "language": "en", "theme": "service", "sections": [{"category": "tema"}]}
    )
    form = build_form(spec, bank)
    assert form.sections[0].title == "The annual theme"
    assert all("service" in q.text for q in form.questions)


def test_a_missing_theme_reads_as_the_annual_theme(bank: QuestionBank) -> None:  # F001
    form = build_form(FormSpec.model_validate({"title": "T", "sections": [{"category": "tema"}]}))
    assert all("årets tema" in q.text for q in form.questions)


def test_people_not_given_are_blanks_and_given_ones_are_names(bank: QuestionBank) -> None:  # F002
    data = {"title": "T", "sections": [{"questions": ["kollega.saerligt_god"]}]}
    blank = build_form(FormSpec.model_validate(data), bank)
    assert BLANK in blank.questions[0].text
    named = build_form(
        FormSpec.model_validate({**data, "employee": "Søren", "date": dt.date(2027, 3, 1)}), bank
    )
    assert "Søren" in named.questions[0].text
    assert named.employee == "Søren" and named.year == 2027


def test_sheets_hold_their_readers_questions(bank: QuestionBank) -> None:  # F003
    form = FormBuilder(bank, title="T").tick("kollega.saerligt_god", "opgaver.resultater").build()
    colleague, both = form.questions
    assert colleague.for_audience("employee") and not colleague.for_audience("leader")
    assert both.for_audience("leader") and both.for_audience("conversation")
    assert both.leader_text and both.wording("leader") == both.leader_text
    assert both.wording("employee") == both.text


#: Minutes of presets by docs/spec.md's rule, worked out by hand: 10 for the frame, 3 per
#: long text, 1.5 per short text, scale or choice, 2 per multiple choice, 1 per smiley or
#: yes/no, 8 per wheel, 10 per plan, then rounded up to 5.
PINNED_MINUTES = {
    # 10 + 17 long texts 51 + 2 scales 3 + 3 choices 4.5 + 2 smileys 2 + wheel 8 + plan 10
    "standard": 90,  # 88.5
    # 10 + 17 smileys 17 + 2 yes/no 2 + 2 long texts 6 + scale 1.5 + choice 1.5 + plan 10
    "smiley": 50,  # 48
    # 10 + 9 long texts 27 + multiple choice 2 + text 1.5 (no plan)
    "kollega-input": 45,  # 40.5
}


@pytest.mark.parametrize(("name", "minutes"), PINNED_MINUTES.items(), ids=PINNED_MINUTES.keys())
def test_the_length_estimate_follows_the_rule(name: str, minutes: int) -> None:  # F004
    assert build_form(preset(name)).estimated_minutes == minutes


def test_a_form_of_a_hundred_questions_is_too_long(bank: QuestionBank) -> None:  # F004
    builder = FormBuilder(bank, title="Alt")
    for category in bank.categories:
        builder.tick_category(category.id)
        if sum(len(c.questions) for c in bank.categories[: len(builder.spec.sections)]) > 100:
            break
    form = builder.build()
    assert len(form.questions) > 100 and form.too_long
    assert not build_form(preset("standard")).too_long


def test_form_id_depends_on_questions_not_on_texts_or_people(bank: QuestionBank) -> None:
    data = {"title": "T", "sections": [{"questions": ["opgaver.resultater"]}]}
    first = build_form(FormSpec.model_validate(data), bank)
    renamed = build_form(FormSpec.model_validate({**data, "title": "U", "employee": "A"}), bank)
    other = build_form(
        FormSpec.model_validate({**data, "sections": [{"questions": ["opgaver.udfordringer"]}]}),
        bank,
    )
    assert first.form_id == renamed.form_id != other.form_id


def test_every_preset_previews_as_html_in_both_languages() -> None:
    from musforms import presets

    for name in presets():
        for language in ("da", "en"):
            form = build_form(preset(name, language))  # type: ignore[arg-type]
            html = form.to_html()
            assert f'<html lang="{language}">' in html
            assert all(f'data-question-id="{q.id}"' in html for q in form.questions), name
