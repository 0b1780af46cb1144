"""The bank covers what a municipal MUS needs, and people find it in both languages.

T001 the shipped bank has at least 260 questions
T002 ``musforms bank --search`` finds each topic added this year, in Danish and in English
T003 no English text says "your leader" or "cooperation" (English HR says manager, and
     working together)
T004 ``musforms bank`` shows near-duplicates as alternatives ("ligner: ...")
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from musforms.bank.questionbank import QuestionBank
from musforms.cli import cli

TOPICS = {
    "emotional demands": ("følelsesmæssige krav", "emotional demands"),
    "violence and threats": ("vold", "violence"),
    "offensive behaviour": ("krænkende", "offensive"),
    "senior talk": ("senior", "senior"),
    "first MUS after joining": ("introduktion", "introduction"),
    "return after absence": ("fravær", "absence"),
    "values": ("værdier", "values"),
    "opening round of expectations": ("forventer du af samtalen", "expect from the conversation"),
    "what cannot be met": ("imødekomme", "cannot meet"),
    "success criterion": ("succeskriterium", "success criterion"),
    "colleague input": ("kollegers input", "colleagues' input"),
    "future tasks": ("fremtidige opgaver", "future tasks"),
}


def test_the_bank_has_at_least_260_questions(bank: QuestionBank) -> None:  # T001
    assert len(bank.questions) >= 260


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_each_new_topic_is_found_in_both_languages(topic: str, language: str) -> None:  # T002
    word = TOPICS[topic][0 if language == "da" else 1]
    result = CliRunner().invoke(cli, ["bank", "--search", word, "--json", "-l", language])
    assert result.exit_code == 0, result.output
    assert '"id":' in result.stdout, f"nothing found for {word!r}"


def test_no_english_text_says_your_leader_or_cooperation(bank: QuestionBank) -> None:  # T003
    wrong = re.compile(r"\byour leader\b|\bcooperation\b", re.IGNORECASE)
    found = [
        q.id
        for q in bank.questions
        for text in (q.text, q.leader_text, q.help, q.leader_help)
        if text is not None and text.en and wrong.search(text.en)
    ]
    assert found == []


def test_near_duplicates_are_shown_as_alternatives() -> None:  # T004
    result = CliRunner().invoke(cli, ["bank", "--category", "smiley"])
    assert result.exit_code == 0
    assert "(ligner: " in result.stdout and "trivsel.trivsel_nu" in result.stdout
