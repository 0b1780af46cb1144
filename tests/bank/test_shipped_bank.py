"""The shipped question bank, checked whole.

B001: at least 14 categories and 180 questions.
B002: every question has Danish and English text, non-empty, in every text field.
B003: every kind of PRODUCT.md is used; competence wheels have 6-8 competences.
B004: ids are unique and stable (a snapshot of ids that must never silently change).
B005: texts use only known Jinja2 variables, and the annual theme category uses {{ theme }}.
B006: the themes of DOMAIN.md each have a category.
"""

from __future__ import annotations

from collections import Counter

import pytest

from musforms._templating import KNOWN_VARIABLES, variables_used
from musforms.bank.model import KINDS
from musforms.bank.questionbank import QuestionBank


def test_bank_has_at_least_14_categories_and_180_questions(bank: QuestionBank) -> None:  # B001
    assert len(bank.categories) >= 14
    assert len(bank.questions) >= 180


def test_every_text_has_danish_and_english(bank: QuestionBank) -> None:  # B002
    for category in bank.categories:
        assert category.title.da and category.title.en, category.id
        assert category.description is not None and category.description.en, category.id
        for question in category.questions:
            for field in ("text", "leader_text", "help"):
                text = getattr(question, field)
                if text is not None:
                    assert text.da.strip() and text.en and text.en.strip(), (question.id, field)
            for option in (*(question.options or ()), *(question.competences or ())):
                assert option.text.en, (question.id, option.id)
            if question.scale and question.scale.labels:
                assert question.scale.labels.min.en and question.scale.labels.max.en, question.id


def test_every_kind_is_used(bank: QuestionBank) -> None:  # B003
    used = Counter(q.kind for q in bank.questions)
    assert set(used) == set(KINDS)


def test_competence_wheels_have_six_to_eight_competences(bank: QuestionBank) -> None:  # B003
    wheels = bank.filter(kind="competence_wheel")
    assert len(wheels) >= 2, "a general and a leadership wheel"
    for wheel in wheels:
        assert wheel.competences is not None
        assert 6 <= len(wheel.competences) <= 8, wheel.id


def test_enough_smileys_for_a_whole_smiley_form(bank: QuestionBank) -> None:  # B003
    assert len(bank.filter(kind="smiley", category="smiley")) >= 10


def test_ids_are_unique(bank: QuestionBank) -> None:  # B004
    ids = [q.id for q in bank.questions]
    assert len(ids) == len(set(ids))
    assert all(q.id.startswith(f"{q.category}.") for q in bank.questions)


#: Ids that presets, saved specs and filled forms refer to: renaming one breaks them.
STABLE_IDS = [
    "tilbageblik.plan_opfyldelse",
    "opgaver.resultater",
    "opgaver.arbejdsmaengde",
    "trivsel.trivsel_nu",
    "arbejdsmiljo.balance",
    "samarbejde.fungerer_godt",
    "ledelse.samarbejdet",
    "kompetencer.kompetencehjul",
    "udvikling.faglig_udvikling",
    "strategi.kendskab_maal",
    "tema.betydning_opgaver",
    "ideer.skjulte_kompetencer",
    "anerkendende.hoejdepunkt",
    "kollega.saerligt_god",
    "afslutning.udviklingsplan",
    "afslutning.dato",
    "lus.ledelseshjul",
    "gruppe.faelles_maal",
]


@pytest.mark.parametrize("question_id", STABLE_IDS)
def test_ids_that_others_rely_on_stay(bank: QuestionBank, question_id: str) -> None:  # B004
    assert question_id in bank


def test_texts_use_only_known_variables(bank: QuestionBank) -> None:  # B005
    for question in bank.questions:
        for text in question.all_texts():
            assert variables_used(text) <= KNOWN_VARIABLES, question.id


def test_annual_theme_questions_use_the_theme(bank: QuestionBank) -> None:  # B005
    for question in bank.filter(category="tema"):
        assert "theme" in variables_used(question.text.da), question.id
        assert question.text.en is not None
        assert "theme" in variables_used(question.text.en), question.id


@pytest.mark.parametrize(
    "category",
    [
        "tilbageblik",
        "opgaver",
        "trivsel",
        "arbejdsmiljo",
        "samarbejde",
        "ledelse",
        "kompetencer",
        "udvikling",
        "strategi",
        "tema",
        "ideer",
        "anerkendende",
        "kollega",
        "afslutning",
        "lus",
    ],
)
def test_every_theme_of_the_domain_has_a_category(
    bank: QuestionBank, category: str
) -> None:  # B006
    assert bank.category(category) is not None


def test_there_is_a_development_plan_and_a_look_back_at_the_last_one(bank: QuestionBank) -> None:
    assert bank.filter(kind="action_plan")
    look_back = " ".join(q.text.da for q in bank.filter(category="tilbageblik"))
    assert "udviklingsplan" in look_back
