"""Last year's plan carried forward: what people wrote is text, never a template (issue 12, 1).

``build --previous`` turns last year's plan rows into questions, so the new file's
spec holds what last year's people wrote, and readers rebuild the form from that
spec in the template sandbox.

V001: a form built with a previous plan reads back, the follow-up answers included.
V002: a goal written like a template (``{{ organisation }}``, a loop of loops) is printed
      as it was written, and the new file reads back at once.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from musforms.answers.read import read_answers
from musforms.builder import build_form
from musforms.spec import FormSpec
from tests.fillers import fill_docx
from tests.security import hostile
from tests.security.bounded import run_cli

SPEC = FormSpec.from_data(
    {"title": "MUS 2028", "sections": [{"questions": ["opgaver.resultater"]}]}
)


def _last_year(tmp_path: Path, goal: str) -> Path:
    answers = {**hostile.ANSWERS, "afslutning.udviklingsplan": [{"goal": goal, "action": "Kursus"}]}
    path = tmp_path / "2027.docx"
    path.write_bytes(hostile.filled(hostile.small_form(), ".docx", answers))
    return path


def test_a_form_with_last_years_plan_reads_back(tmp_path: Path) -> None:  # V001
    form = build_form(SPEC, previous=_last_year(tmp_path, "Lære Python"))
    assert [q.id for q in form.questions][:2] == ["previous.goal_1", "previous.goal_1_comment"]
    buffer = io.BytesIO()
    form.to_docx(buffer)
    answers = {"previous.goal_1": "partly", "previous.goal_1_comment": "Halvvejs"}
    filled = tmp_path / "2028.docx"
    filled.write_bytes(fill_docx(form, buffer.getvalue(), answers))
    read = read_answers(filled)
    assert read["previous.goal_1"] == "partly" and read["previous.goal_1_comment"] == "Halvvejs"
    assert read.title("previous.goal_1").endswith("Lære Python")


@pytest.mark.parametrize(
    "goal",
    [
        "{{ organisation }}",
        "{{ 7 * 7 }} {# #} {%",
        "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
    ],
    ids=["a-variable", "broken-syntax", "a-loop-of-loops"],
)
def test_a_goal_written_as_a_template_is_printed_as_written(tmp_path: Path, goal: str) -> None:
    # V002
    new = tmp_path / "2028.docx"
    spec = tmp_path / "spec.json"
    spec.write_text(SPEC.to_json())
    built = run_cli(
        ["build", spec, "--previous", _last_year(tmp_path, goal), "-o", new], seconds=20
    )
    assert built.exit_code == 0, built
    with zipfile.ZipFile(new) as archive:
        assert hostile.xml_text(archive.read("word/document.xml")).count(goal) >= 1
    read = run_cli(["read", new], seconds=20)
    assert read.exit_code == 0, read
