"""Searching the bank as a person types (the web page's review, problem 6).

S001 a typo finds the word it was meant as ("trivesl", "strss"), and says which word it read
S002 a compound the bank lacks finds its last part ("sygefravær", "arbejdspres")
S003 synonyms meet (stress <-> pres, travlhed); "work-life" is a phrase, hyphen or not
S004 only the chosen language is searched: "løn" finds no English "along", "wellbeing" no
     Danish question; both languages when asked
S005 every word must be found; the words that matched are returned, to mark them
S006 any whole word of a question's text finds that question (property)
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from musforms.bank.questionbank import QuestionBank
from musforms.bank.search import fold, words


def ids(bank: QuestionBank, query: str, language: str | None = "da") -> list[str]:
    return [q.id for q in bank.search(query, language)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("trivesl", "trivsel.trivsel_nu"), ("strss", "arbejdsmiljo.perioder_med_pres")],
    ids=["trivesl", "strss"],
)
def test_a_typo_finds_the_word_it_was_meant_as(
    bank: QuestionBank, query: str, expected: str
) -> None:  # S001
    assert expected in ids(bank, query)


def test_a_typo_says_which_bank_word_it_was_read_as(bank: QuestionBank) -> None:  # S001
    assert bank.find("strss", "da").corrections == {"strss": "stress"}
    assert bank.find("arbejdsmilø", "da").corrections == {"arbejdsmilo": "arbejdsmiljo"}
    assert bank.find("trivsel", "da").corrections == {}  # a bank word is no typo


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sygefravær", "fravaer.tilbage_nu"),
        ("arbejdspres", "arbejdsmiljo.perioder_med_pres"),
        ("kompetenceudvikling", "kompetencer.laerer_bedst"),
    ],
    ids=["sygefravaer", "arbejdspres", "kompetenceudvikling"],
)
def test_a_compound_the_bank_lacks_finds_its_parts(
    bank: QuestionBank, query: str, expected: str
) -> None:  # S002
    assert query not in {t for q in bank.questions for t in words(q.text.da)}
    assert expected in ids(bank, query)


def test_a_compound_whose_first_part_is_everywhere_finds_its_last_part(
    bank: QuestionBank,
) -> None:  # S002
    # "arbejd" is in a great many questions; "arbejdspres" is about pressure.
    assert set(ids(bank, "arbejdspres")) == set(ids(bank, "pres"))


def test_synonyms_meet_both_ways(bank: QuestionBank) -> None:  # S003
    stress = set(ids(bank, "stress"))
    pres = set(ids(bank, "pres"))
    assert "arbejdsmiljo.perioder_med_pres" in stress
    assert stress == pres == set(ids(bank, "travlhed"))
    assert any("stress" not in fold(bank[i].text.da) for i in stress)


@pytest.mark.parametrize(
    ("query", "language"),
    [("work-life", "da"), ("work life", "da"), ("work-life balance", "en"), ("WORK-LIFE", "en")],
    ids=["da-hyphen", "da-space", "en-balance", "en-upper"],
)
def test_work_life_is_a_phrase_with_or_without_its_hyphen(
    bank: QuestionBank, query: str, language: str
) -> None:  # S003
    assert "arbejdsmiljo.balance" in ids(bank, query, language)


def test_only_the_chosen_language_is_searched(bank: QuestionBank) -> None:  # S004
    assert ids(bank, "løn") == []  # the English "along" and "long" are not Danish text
    assert ids(bank, "wellbeing", "da") == []
    assert ids(bank, "wellbeing", "en")
    assert set(ids(bank, "wellbeing", None)) == set(ids(bank, "wellbeing", "en"))


def test_every_word_must_be_found_and_the_matched_words_are_returned(
    bank: QuestionBank,
) -> None:  # S005
    assert ids(bank, "trivsel qqqqxyzzy") == []
    found = bank.find("svært at nå målene", "da")
    assert found.ids == ["tilbageblik.plan_haemmet"]
    assert {"svart", "malene"} <= found.terms["tilbageblik.plan_haemmet"]
    assert "at" not in found.terms["tilbageblik.plan_haemmet"]  # a stop word marks nothing


def test_the_theme_title_is_searched(bank: QuestionBank) -> None:  # S005
    found = set(ids(bank, "ÅRETS"))
    assert {q.id for q in bank.category("tema").questions} <= found  # type: ignore[union-attr]


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_whole_word_of_a_question_finds_it(
    bank: QuestionBank, data: st.DataObject
) -> None:  # S006
    question = data.draw(st.sampled_from(bank.questions))
    candidates = [w for w in words(question.text.da) if len(w) >= 4]
    if not candidates:
        return
    word = data.draw(st.sampled_from(candidates))
    assert question.id in ids(bank, word)
