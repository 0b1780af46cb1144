"""The JSON Schema of a filled form.

J001: every preset's schema is a valid Draft 2020-12 schema, with a property per question id.
J002: properties have the type of their kind, a title in the form's language and x-musforms.
J003: random valid specs give valid schemas; answers generated from them validate.
J004: a broken answer is rejected with an error that names the question id.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

from musforms import FormBuilder, FormSpec, build_form, preset, presets
from musforms.bank.questionbank import QuestionBank
from musforms.form import Form
from tests.conftest import EVERY_KIND
from tests.strategies import answers_for, specs


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(schema, format_checker=FormatChecker())


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("name", list(presets()))
def test_every_preset_gives_a_valid_schema(name: str, language: str) -> None:  # J001
    form = build_form(preset(name, language))  # type: ignore[arg-type]
    schema = form.json_schema()
    Draft202012Validator.check_schema(schema)
    assert list(schema["properties"]) == [q.id for q in form.questions]
    assert schema["x-musforms"]["language"] == language


@pytest.fixture(scope="module")
def every_kind_form(bank: QuestionBank) -> Form:
    return (
        FormBuilder(bank, title="Alle slags", language="en")
        .tick(*EVERY_KIND.values())
        .tick("opgaver.udfordringer", required=True)
        .build()
    )


EXPECTED_TYPES = {
    "text": "string",
    "long_text": "string",
    "scale": "integer",
    "smiley": "integer",
    "yes_no": "boolean",
    "choice": "string",
    "multi_choice": "array",
    "competence_wheel": "object",
    "action_plan": "array",
    "date": "string",
}


@pytest.mark.parametrize(("kind", "question_id"), EVERY_KIND.items(), ids=list(EVERY_KIND))
def test_each_kind_has_its_type_title_and_metadata(
    every_kind_form: Form, kind: str, question_id: str
) -> None:  # J002
    prop = every_kind_form.json_schema()["properties"][question_id]
    question = every_kind_form.get(question_id)
    assert question is not None
    assert prop["type"] == EXPECTED_TYPES[kind]
    assert prop["title"] == question.text  # English: the form's language
    assert prop["x-musforms"] == {"kind": kind, "category": question.category}


def test_required_questions_are_listed(every_kind_form: Form) -> None:
    assert every_kind_form.json_schema()["required"] == ["opgaver.udfordringer"]


def test_valid_answers_pass(every_kind_form: Form) -> None:
    answers = {
        "udvikling.blive_bedre_til": "Excel",
        "opgaver.resultater": "Mange",
        "ledelse.samarbejdet": 4,
        "trivsel.trivsel_nu": 5,
        "udvikling.efteruddannelse": True,
        "opgaver.arbejdsmaengde": every_kind_form.get("opgaver.arbejdsmaengde").options[0].id,  # type: ignore[union-attr]
        "kompetencer.kompetencehjul": {"samarbejde": {"now": 3, "wanted": 4}},
        "afslutning.udviklingsplan": [{"goal": "Lære Python", "deadline": "2027-03-01"}],
        "afslutning.dato": "2026-11-23",
        "opgaver.udfordringer": "Tid",
    }
    wheel = every_kind_form.get("kompetencer.kompetencehjul")
    assert wheel is not None and "samarbejde" in [c.id for c in wheel.competences]
    assert list(_validator(every_kind_form.json_schema()).iter_errors(answers)) == []


@pytest.mark.parametrize(
    ("question_id", "bad"),
    [
        ("ledelse.samarbejdet", 9),
        ("trivsel.trivsel_nu", 0),
        ("udvikling.efteruddannelse", "ja"),
        ("opgaver.arbejdsmaengde", "no-such-option"),
        ("kompetencer.kompetencehjul", {"samarbejde": {"now": 7}}),
        ("afslutning.udviklingsplan", [{"deadline": "31-02-2027"}]),
        ("afslutning.dato", "i morgen"),
    ],
)
def test_a_broken_answer_names_its_question(
    every_kind_form: Form, question_id: str, bad: object
) -> None:  # J004
    errors = list(
        _validator(every_kind_form.json_schema()).iter_errors(
            {question_id: bad, "opgaver.udfordringer": "x"}
        )
    )
    assert errors
    assert all(error.absolute_path[0] == question_id for error in errors)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data(), spec=specs())
def test_random_specs_give_schemas_whose_answers_validate(
    data: st.DataObject, spec: dict[str, Any]
) -> None:  # J003
    form = build_form(FormSpec.from_data(spec))
    schema = form.json_schema()
    Draft202012Validator.check_schema(schema)
    answers = data.draw(answers_for(form))
    assert list(_validator(schema).iter_errors(answers)) == []
    broken_id = data.draw(st.sampled_from(list(schema["properties"])))
    broken = {**answers, broken_id: {"not": "an answer"}}
    errors = list(_validator(schema).iter_errors(broken))
    assert errors and errors[0].absolute_path[0] == broken_id
