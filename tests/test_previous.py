"""Last year's development plan carried into this year's form (``build --previous``).

V001: each plan row becomes a choice (reached / partly / not reached) with the
      row's action, responsible and deadline as its hint, and a comment question.
V002: the follow-up section takes the place of the form's own look-back on the
      plan: the questions it repeats (REPLACED_BY_PREVIOUS) are dropped, it stands
      where the first of them stood, and what it does not ask stays (a question
      tagged plan_status counts as repeated); a form with
      no look-back gets it at the start; a plan without rows changes nothing.
V003: a filled Word form of last year goes in, and next year's form asks about its goals.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from musforms import FormBuilder, build_form, preset
from musforms.answers.model import Answers, FormInfo, QuestionInfo
from musforms.bank.questionbank import QuestionBank
from musforms.form import Form
from musforms.previous import (
    MAX_ROWS,
    PLAN_STATUS_TAG,
    REPLACED_BY_PREVIOUS,
    with_previous_plan,
)

ROW = {
    "goal": "Bliv fortrolig med det nye sagssystem",
    "action": "Kursus i foråret",
    "responsible": "Medarbejder",
    "deadline": "2027-05-31",
    "follow_up": "2027-09-01",
}


def _last_year(bank: QuestionBank, rows: list[dict[str, Any]]) -> Answers:
    """Answers of last year's form, as the reader returns them."""
    form = FormBuilder(bank, title="MUS 2026").tick("afslutning.udviklingsplan").build()
    info = FormInfo(title=form.title, organisation="", form_id=form.form_id, language="da")
    return Answers(
        {"afslutning.udviklingsplan": rows},
        form=info,
        questions={"afslutning.udviklingsplan": QuestionInfo("action_plan", "afslutning", "Plan")},
    )


def _form(bank: QuestionBank, *sections: tuple[str, list[str]], language: str = "da") -> Form:
    builder = FormBuilder(bank, title="MUS 2027", language=language)  # type: ignore[arg-type]
    for title, ids in sections:
        builder.section(title).tick(*ids)
    return builder.build()


def _ids(form: Form) -> list[str]:
    return [q.id for q in form.questions]


def _repeats(form: Form) -> list[str]:
    """The questions of ``form`` that a follow-up section asks again."""
    return [
        q.id for q in form.questions if q.id in REPLACED_BY_PREVIOUS or PLAN_STATUS_TAG in q.tags
    ]


def test_each_goal_gets_a_tick_and_a_comment(bank: QuestionBank) -> None:  # V001
    rows: list[dict[str, Any]] = [
        ROW,
        {"goal": "", "action": "Følg en kollega", "responsible": "", "deadline": None},
    ]
    form = with_previous_plan(
        _form(bank, ("Opgaver", ["opgaver.resultater"])), _last_year(bank, rows)
    )
    first, comment, second, _ = form.sections[0].questions
    assert first.kind == "choice" and [o.id for o in first.options] == [
        "reached",
        "partly",
        "not_reached",
    ]
    assert first.text == "Mål fra sidste år: Bliv fortrolig med det nye sagssystem"
    assert first.help == ("Handling: Kursus i foråret. Ansvarlig: Medarbejder. Frist: 2027-05-31.")
    assert comment.kind == "long_text" and comment.id == "previous.goal_1_comment"
    assert second.text == "Mål fra sidste år: Følg en kollega"  # no goal: the action stands in
    assert second.help == "Handling: Følg en kollega. Ansvarlig: -. Frist: -."


def test_the_follow_up_speaks_english_in_an_english_form(bank: QuestionBank) -> None:  # V001
    form = _form(bank, ("Tasks", ["opgaver.resultater"]), language="en")
    result = with_previous_plan(form, _last_year(bank, [ROW]))
    assert result.sections[0].title == "Follow-up on last year's development plan"
    assert [o.text for o in result.questions[0].options] == [
        "Reached",
        "Partly reached",
        "Not reached",
    ]


def test_rows_beyond_the_limit_are_left_out(bank: QuestionBank) -> None:  # V001
    rows = [{**ROW, "goal": f"Mål {n}"} for n in range(MAX_ROWS + 5)]
    result = with_previous_plan(
        _form(bank, ("Opgaver", ["opgaver.resultater"])), _last_year(bank, rows)
    )
    assert len(result.sections[0].questions) == 2 * MAX_ROWS


def test_the_follow_up_takes_the_place_of_the_forms_own_look_back(bank: QuestionBank) -> None:
    """V002: the repeated questions go, the rest of the look-back stays after the follow-up."""
    form = _form(
        bank,
        ("Indledning", ["tilbageblik.vigtigst_i_samtalen"]),
        (
            "Sidste års plan",
            [
                "tilbageblik.plan_opfyldelse",
                "tilbageblik.plan_hjalp",
                "tilbageblik.plan_haemmet",
                "tilbageblik.fortsaette",
            ],
        ),
        ("Opgaver", ["opgaver.resultater", "tilbageblik.plan_maal"]),
    )
    result = with_previous_plan(form, _last_year(bank, [ROW]))
    assert _ids(result) == [
        "tilbageblik.vigtigst_i_samtalen",
        "previous.goal_1",
        "previous.goal_1_comment",
        "tilbageblik.fortsaette",
        "opgaver.resultater",
    ]
    assert [s.title for s in result.sections] == [
        "Indledning",
        "Opfølgning på sidste års udviklingsplan",
        "Sidste års plan",
        "Opgaver",
    ]
    assert result.get("tilbageblik.plan_opfyldelse") is None
    assert result.get("previous.goal_1") is not None


def test_a_look_back_section_left_empty_is_dropped(bank: QuestionBank) -> None:  # V002
    form = _form(
        bank,
        ("Indledning", ["tilbageblik.vigtigst_i_samtalen"]),
        ("Sidste års plan", ["tilbageblik.plan_maal", "tilbageblik.plan_opfyldelse"]),
        ("Opgaver", ["opgaver.resultater"]),
    )
    result = with_previous_plan(form, _last_year(bank, [ROW]))
    assert [s.title for s in result.sections] == [
        "Indledning",
        "Opfølgning på sidste års udviklingsplan",
        "Opgaver",
    ]


def test_a_question_of_the_spec_tagged_plan_status_is_replaced_too(bank: QuestionBank) -> None:
    """V002: a consultant's own look-back question, tagged plan_status, is not asked twice."""
    form = (
        FormBuilder(bank, title="MUS 2027")
        .section("Tilbageblik")
        .tick("tilbageblik.hoejdepunkter")
        .add_question("Hvordan gik det med planen?", id="status", tags=[PLAN_STATUS_TAG])
        .build()
    )
    result = with_previous_plan(form, _last_year(bank, [ROW]))
    assert _ids(result) == [
        "previous.goal_1",
        "previous.goal_1_comment",
        "tilbageblik.hoejdepunkter",
    ]


def test_a_form_without_a_look_back_gets_the_follow_up_first(bank: QuestionBank) -> None:  # V002
    form = _form(
        bank, ("Opgaver", ["opgaver.resultater"]), ("Udvikling", ["tilbageblik.fortsaette"])
    )
    result = with_previous_plan(form, _last_year(bank, [ROW]))
    assert _ids(result) == [
        "previous.goal_1",
        "previous.goal_1_comment",
        "opgaver.resultater",
        "tilbageblik.fortsaette",
    ]


def test_a_plan_without_rows_leaves_the_form_and_its_look_back(bank: QuestionBank) -> None:  # V002
    form = _form(
        bank, ("Sidste års plan", ["tilbageblik.plan_opfyldelse", "tilbageblik.plan_hjalp"])
    )
    empty = [{"goal": "", "action": "", "responsible": "", "deadline": None}]
    assert with_previous_plan(form, _last_year(bank, empty)) is form


@pytest.mark.parametrize("name", ["kommune", "standard", "smiley", "anerkendende", "leder"])
def test_no_preset_built_with_a_previous_plan_asks_about_the_plan_twice(
    bank: QuestionBank, name: str
) -> None:  # V002
    form = build_form(preset(name))
    assert _repeats(form), "the preset looks back on last year's plan"
    result = with_previous_plan(form, _last_year(bank, [ROW]))
    assert not _repeats(result)
    assert _ids(result).count("previous.goal_1") == 1
    kept = [i for i in _ids(form) if i not in _repeats(form)]
    assert [i for i in _ids(result) if not i.startswith("previous.")] == kept


def test_a_filled_word_form_carries_its_plan_into_next_years_form(
    bank: QuestionBank, tmp_path: Path
) -> None:  # V003
    from tests.fillers import fill_docx

    last = build_form(preset("kommune"))
    blank = tmp_path / "blank.docx"
    last.to_docx(blank)
    filled = tmp_path / "MUS 2026 Søren.docx"
    filled.write_bytes(fill_docx(last, blank.read_bytes(), {"afslutning.udviklingsplan": [ROW]}))

    result = build_form(preset("kommune"), previous=filled)
    goal = result.get("previous.goal_1")
    assert goal is not None and goal.text.endswith("Bliv fortrolig med det nye sagssystem")
    assert not _repeats(result)
    assert _ids(result)[:2] == _ids(last)[:2]  # the opening round still opens the talk
