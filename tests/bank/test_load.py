"""Loading bank folders, and the errors a broken bank gives.

L001: a folder extends the shipped bank; a category with the same id replaces it.
L002: every bank error names the file, the line and the question id, and says how to fix it.
L003: search ignores case, accents and the spelling of æøå; filters combine.
L004: loading never crashes on arbitrary YAML (property test): it loads or raises BankError.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from musforms import BankError, load_bank
from musforms.bank import iter_problems
from musforms.bank.load import load_category
from musforms.bank.questionbank import QuestionBank

GOOD = """
id: egne
title: {da: Egne spørgsmål, en: Our questions}
order: 5
questions:
  - id: kaffe
    kind: smiley
    faces: 3
    text: {da: "Hvordan er kaffen?", en: "How is the coffee?"}
  - id: fremtid
    kind: long_text
    text: {da: "Hvad ønsker du dig af {{ organisation }} i {{ year }}?", en: "What do you want?"}
"""


def test_a_folder_adds_its_categories_to_the_shipped_ones(
    write: Callable[..., Path],
) -> None:  # L001
    path = write("bank/egne.yaml", GOOD)
    bank = load_bank(path.parent)
    assert bank.categories[0].id == "egne"  # order 5 sorts first
    assert bank.get("egne.kaffe") is not None
    assert bank.get("trivsel.trivsel_nu") is not None


def test_a_category_with_a_shipped_id_replaces_the_shipped_one(
    write: Callable[..., Path],
) -> None:  # L001
    path = write("bank/trivsel.yaml", GOOD.replace("id: egne", "id: trivsel"))
    bank = load_bank(path.parent)
    assert [q.id for q in bank.filter(category="trivsel")] == ["trivsel.kaffe", "trivsel.fremtid"]


def _error(write: Callable[..., Path], text: str) -> BankError:
    path = write("bank/egne.yaml", text)
    with pytest.raises(BankError) as info:
        load_bank(path.parent)
    return info.value


CASES = [
    pytest.param(
        GOOD.replace("kind: smiley", "kind: smily"),
        6,
        "egne.kaffe",
        "unknown kind 'smily'",
        id="unknown-kind",
    ),
    pytest.param(
        GOOD.replace("  - id: fremtid", "  - id: kaffe"),
        9,
        "egne.kaffe",
        "duplicate id",
        id="duplicate-id",
    ),
    pytest.param(
        GOOD.replace('{da: "Hvordan er kaffen?", en: "How is the coffee?"}', '{en: "How?"}'),
        8,
        "egne.kaffe",
        "no Danish text",
        id="missing-danish",
    ),
    pytest.param(
        GOOD.replace("{{ year }}", "{{ aar }}"),
        11,
        "egne.fremtid",
        "the variable {{ aar }} does not exist",
        id="unknown-variable",
    ),
    pytest.param(
        GOOD.replace("{{ year }}", "{{ year }"),
        11,
        "egne.fremtid",
        "not a valid template",
        id="jinja-syntax",
    ),
    pytest.param(
        GOOD.replace("kind: long_text", "kind: scale"),
        10,
        "egne.fremtid",
        "needs 'scale:'",
        id="missing-key-for-kind",
    ),
    pytest.param(
        GOOD.replace("    faces: 3\n", "    faces: 3\n    rows: 4\n"),
        8,
        "egne.kaffe",
        "'rows' does not belong to a smiley question",
        id="key-of-another-kind",
    ),
    pytest.param(
        GOOD.replace("order: 5", "order: 5\n  bad: [indent"),
        4,
        None,
        "not valid YAML",
        id="bad-yaml",
    ),
    pytest.param(
        GOOD.replace("{{ organisation }}", "{{ ''.__class__ }}"),
        11,
        "egne.fremtid",
        "reaches into a value",
        id="python-internals",
    ),
]


@pytest.mark.parametrize(("text", "line", "question_id", "words"), CASES)
def test_a_broken_bank_names_file_line_and_id(
    write: Callable[..., Path], text: str, line: int, question_id: str | None, words: str
) -> None:  # L002
    error = _error(write, text)
    assert error.file is not None and error.file.name == "egne.yaml"
    assert error.line == line
    assert error.question_id == question_id
    assert words in str(error)
    assert str(error).startswith(f"{error.file}:{line}: ")
    # What is wrong, then how to fix it: two sentences at least.
    assert re.search(r"[.?] [A-Z].*\.$", error.reason), error.reason


def test_a_missing_folder_is_a_bank_error(tmp_path: Path) -> None:
    with pytest.raises(BankError, match="no such bank folder"):
        load_bank(tmp_path / "nope")


def test_two_files_with_one_category_id_are_refused(write: Callable[..., Path]) -> None:
    write("bank/a.yaml", GOOD)
    path = write("bank/b.yaml", GOOD)
    problems = list(iter_problems(path.parent))
    assert len(problems) == 1 and "also used by a.yaml" in str(problems[0])


def test_iter_problems_reports_every_broken_file(write: Callable[..., Path]) -> None:
    write("bank/a.yaml", GOOD.replace("kind: smiley", "kind: nope"))
    path = write(
        "bank/b.yaml", GOOD.replace("id: egne", "id: andre").replace("faces: 3", "faces: 4")
    )
    assert [p.file.name for p in iter_problems(path.parent) if p.file] == ["a.yaml", "b.yaml"]


def test_search_ignores_case_accents_and_danish_spelling(bank: QuestionBank) -> None:  # L003
    with_o = {q.id for q in bank.search("arbejdsmiljo")}
    with_oe = {q.id for q in bank.search("ARBEJDSMILJØ")}
    assert with_o and with_o == with_oe
    assert bank.search("wellbeing"), "English texts are searched too"
    assert {q.id for q in bank.search("Idéer")} == {q.id for q in bank.search("ideer")}


def test_filters_combine(bank: QuestionBank) -> None:  # L003
    smileys = bank.filter(category="trivsel", kind="smiley")
    assert smileys and all(q.category == "trivsel" and q.kind == "smiley" for q in smileys)
    leader = bank.filter(audience="leader", phase="preparation")
    assert leader and all("leader" in q.audience for q in leader)
    assert bank.filter(tag="no-such-tag") == []


def test_get_returns_none_and_indexing_suggests(bank: QuestionBank) -> None:
    assert bank.get("trivsel.enrgi") is None
    with pytest.raises(KeyError, match="Did you mean"):
        bank["trivsel.trivsel_n"]


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["id", "kind", "text", "da", "en", "questions", "title", "scale", "x"]),
            children,
            max_size=4,
        )
    ),
    max_leaves=12,
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=yaml_values)
def test_any_yaml_loads_or_gives_a_bank_error(tmp_path: Path, data: object) -> None:  # L004
    path = tmp_path / "fuzz.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        category = load_category(path)
    except BankError as error:
        assert error.file == path
    else:
        assert QuestionBank([category]).questions


@settings(max_examples=100)
@given(text=st.text(max_size=200))
def test_any_text_loads_or_gives_a_bank_error(text: str) -> None:  # L004
    try:
        load_category(Path("fuzz.yaml"), text=text)
    except BankError as error:
        assert str(error).startswith("fuzz.yaml")
