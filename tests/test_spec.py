"""FormSpec and FormBuilder.

S001: specs round-trip through YAML and JSON files unchanged.
S002: spec errors name the file, the line and the field.
S003: an unknown id names it and suggests the nearest ids.
S004: custom questions get stable ids custom.<slug>; a clash gets -2.
S005: a text that tries to reach Python internals is refused, never executed.
S006: the builder ticks, adds and checks ids as it goes.
S007: a bank question written out (resolved) equals the validation of its dump.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from musforms import FormBuilder, FormSpec, SpecError, build_form, preset
from musforms.bank.questionbank import QuestionBank
from tests.strategies import specs
from tests.test_templating import ITEM_3

SPEC = """
title: MUS 2027
organisation: Eksempel Kommune
language: da
theme: Digitalisering
sections:
  - category: tilbageblik
  - title: Opgaver
    questions: [opgaver.resultater, opgaver.udfordringer]
  - title: Egne spørgsmål
    questions:
      - {text: "Hvordan går det med {{ theme }}?", kind: long_text}
      - {text: "Hvordan går det med {{ theme }}?", kind: text}
"""


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_spec_survives_a_round_trip_through_a_file(
    write: Callable[..., Path], tmp_path: Path, suffix: str
) -> None:  # S001
    spec = FormSpec.from_file(write("spec.yaml", SPEC))
    target = tmp_path / f"copy{suffix}"
    spec.to_file(target)
    again = FormSpec.from_file(target)
    assert again.model_dump() == spec.model_dump()


def test_every_preset_round_trips_through_yaml(tmp_path: Path) -> None:  # S001
    from musforms import presets

    for name in presets():
        spec = preset(name)
        spec.to_file(tmp_path / f"{name}.yaml")
        assert FormSpec.from_file(tmp_path / f"{name}.yaml").model_dump() == spec.model_dump()


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ("language: da", "language: fr", 3, "language cannot be 'fr'"),
        (
            "  - title: Opgaver\n",
            "  - title: Opgaver\n    colour: red\n",
            8,
            "unknown key 'colour'",
        ),
        ("    questions: [opgaver.resultater, opgaver.udfordringer]\n", "", 7, "a section needs"),
        ('{{ theme }}?", kind: long_text', '{{ thme }}?", kind: long_text', 11, "{{ thme }}"),
        ("kind: text}", "kind: scale}", 12, "needs 'scale:'"),
    ],
    ids=[
        "bad-language",
        "unknown-key",
        "empty-section",
        "unknown-variable",
        "custom-missing-scale",
    ],
)
def test_a_broken_spec_names_file_line_and_field(
    write: Callable[..., Path], old: str, new: str, line: int, words: str
) -> None:  # S002
    assert old in SPEC
    path = write("spec.yaml", SPEC.replace(old, new, 1))
    with pytest.raises(SpecError) as info:
        FormSpec.from_file(path)
    assert info.value.file == path
    assert info.value.line == line
    assert words in str(info.value)


def test_a_missing_spec_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="no such file"):
        FormSpec.from_file(tmp_path / "none.yaml")


def test_an_unknown_id_is_named_with_suggestions(write: Callable[..., Path]) -> None:  # S003
    path = write("spec.yaml", SPEC.replace("opgaver.udfordringer", "opgaver.udfordinger"))
    spec = FormSpec.from_file(path)
    with pytest.raises(SpecError) as info:
        build_form(spec)
    assert info.value.question_id == "opgaver.udfordinger"
    assert info.value.line == 8
    assert "Did you mean opgaver.udfordringer" in str(info.value)


def test_an_unknown_category_suggests_the_nearest(write: Callable[..., Path]) -> None:  # S003
    spec = FormSpec.from_file(write("spec.yaml", SPEC.replace("tilbageblik", "tilbagblik")))
    with pytest.raises(SpecError, match="Did you mean tilbageblik"):
        build_form(spec)


def test_custom_questions_get_slug_ids_and_clashes_get_a_number(
    write: Callable[..., Path],
) -> None:  # S004
    form = build_form(FormSpec.from_file(write("spec.yaml", SPEC)))
    customs = [q.id for q in form.questions if q.custom]
    assert customs == ["custom.hvordan_gaar_det_med_theme", "custom.hvordan_gaar_det_med_theme-2"]
    assert form.get(customs[0]) is not None
    assert form.get(customs[0]).text == "Hvordan går det med Digitalisering?"  # type: ignore[union-attr]


def test_a_question_ticked_twice_is_an_error() -> None:
    spec = FormSpec.model_validate(
        {"title": "T", "sections": [{"questions": ["opgaver.resultater", "opgaver.resultater"]}]}
    )
    with pytest.raises(SpecError, match="twice"):
        build_form(spec)


@pytest.mark.parametrize(
    "text",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ organisation.__class__ }}",
        "{{ organisation['__class__'] }}",
        "{{ cycler.__init__.__globals__ }}",
        "{% for x in ().__class__.__base__.__subclasses__() %}{{ x }}{% endfor %}",
        "{{ 'a' * 100000000 }}",
        "{{ 2 ** 1000000 }}",
    ],
)
def test_a_text_reaching_for_python_internals_is_refused(text: str) -> None:  # S005
    data = {"title": "T", "sections": [{"questions": [{"text": text}]}]}
    with pytest.raises(SpecError):
        build_form(FormSpec.from_data(data))


def spec_with(field: str, text: str) -> str:
    """Return a spec's YAML with ``text`` as its title, its intro or a custom question."""
    quoted = json.dumps(text)
    texts = {"title": '"T"', "intro": '"Velkommen"', "question": '"Hvordan går det?"'}
    texts[field] = quoted
    return (
        f"title: {texts['title']}\n"
        f"intro: {texts['intro']}\n"
        "sections:\n"
        "  - questions:\n"
        "      - opgaver.resultater\n"
        f"      - {{text: {texts['question']}, kind: long_text}}\n"
    )


LINES = {"title": 1, "intro": 2, "question": 6}


@pytest.mark.parametrize("field", LINES)
@pytest.mark.parametrize(("text", "code"), [c[1:] for c in ITEM_3], ids=[c[0] for c in ITEM_3])
def test_an_unbounded_text_is_a_spec_error_at_its_line(field: str, text: str, code: str) -> None:
    # S005, issue 12 item 3
    with pytest.raises(SpecError) as info:
        build_form(FormSpec.from_text(spec_with(field, text), file="mus.yaml"))
    assert (info.value.code, info.value.line) == (code, LINES[field])
    assert str(info.value).startswith(f"mus.yaml:{LINES[field]}: ")


def test_the_builder_ticks_adds_and_builds(bank: QuestionBank) -> None:  # S006
    form = (
        FormBuilder(bank, title="MUS 2027", organisation="Eksempel Kommune")
        .section("Opgaver")
        .tick("opgaver.resultater", "opgaver.udfordringer")
        .tick("opgaver.arbejdsmaengde", required=True)
        .add_question(text="Hvad med kaffen?", kind="smiley", faces=3)
        .tick_category("trivsel")
        .build()
    )
    assert [s.title for s in form.sections] == ["Opgaver", "Trivsel og motivation"]
    assert form.sections[0].questions[-1].id == "custom.hvad_med_kaffen"
    assert form.get("opgaver.arbejdsmaengde").required  # type: ignore[union-attr]


def test_the_builder_refuses_an_unknown_id_at_once(bank: QuestionBank) -> None:  # S006
    builder = FormBuilder(bank, title="T")
    with pytest.raises(SpecError, match=r"Did you mean trivsel\.trivsel_nu"):
        builder.tick("trivsel.trivsel_n")
    with pytest.raises(SpecError, match="unknown category"):
        builder.tick_category("trivse")


def test_the_builder_spec_is_a_fresh_formspec(bank: QuestionBank) -> None:
    builder = FormBuilder(bank, title="T").tick("opgaver.resultater")
    first = builder.spec
    builder.tick("opgaver.udfordringer")
    assert len(first.sections[0].questions) == 1
    assert len(builder.spec.sections[0].questions) == 2


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=specs())
def test_random_valid_specs_build_and_survive_yaml(data: dict[str, object]) -> None:
    spec = FormSpec.from_data(data)
    form = build_form(spec)
    assert form.questions
    again = FormSpec.from_text(spec.to_yaml())
    assert again.model_dump() == spec.model_dump()


def test_a_written_out_bank_question_equals_its_validated_dump(
    bank: QuestionBank,
) -> None:  # S007: written out unvalidated, so checked against validation for the whole bank
    from musforms.spec import CustomQuestion, _written_out

    for question in bank.questions:
        for required in (False, True):
            data = question.model_dump(exclude={"category", "similar"}, exclude_none=True)
            data["required"] = required or question.required
            validated = CustomQuestion.model_validate(data)
            built = _written_out(question, required)
            assert built.model_dump() == validated.model_dump(), question.id
            assert built.model_dump(exclude_defaults=True, mode="json") == validated.model_dump(
                exclude_defaults=True, mode="json"
            ), question.id
