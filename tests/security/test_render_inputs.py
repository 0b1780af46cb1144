"""Odd but valid input makes valid files or a clear error, and never stops a batch (issue 12, 7).

D001: a form dated after 2107 or before 1980 gives a valid .docx and .xlsx: only the zip
      entries' dates move into 1980-2107; the form keeps its own date.
D002: in a batch, a row with such a date is written like any other.
D003: a row that cannot be rendered is reported by its line; the other rows still go through.
C001: a custom question id that names no category (``0.``) is one line of error with its
      line, from a spec file and from the FormBuilder; never a pydantic traceback.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from musforms import FormBuilder
from musforms.answers.read import read_answers
from musforms.batch import _Renderer, run_batch
from musforms.cli import cli
from musforms.errors import RenderError, SpecError
from musforms.spec import FormSpec

SECTIONS = [{"title": "A", "questions": ["opgaver.resultater", "afslutning.dato"]}]
DATES = ["2108-01-01", "2112-02-29", "9999-12-31", "1979-12-31", "1900-02-28", "0001-01-01"]


def _invoke(*args: str | Path) -> Any:
    return CliRunner().invoke(cli, [str(arg) for arg in args])


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
@pytest.mark.parametrize("date", DATES)
def test_a_form_dated_outside_the_zip_years_gives_a_valid_file(
    tmp_path: Path, date: str, suffix: str
) -> None:  # D001
    spec = tmp_path / "spec.json"
    spec.write_text(
        FormSpec.from_data({"title": "MUS", "date": date, "sections": SECTIONS}).to_json()
    )
    out = tmp_path / f"form{suffix}"
    result = _invoke("build", spec, "-o", out)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None
        assert all(1980 <= info.date_time[0] <= 2107 for info in archive.infolist())
    assert read_answers(out).form.date == date


def test_a_batch_row_dated_after_2107_is_written_like_the_others(tmp_path: Path) -> None:  # D002
    people = tmp_path / "people.csv"
    people.write_text("medarbejder;dato\nA;2027-03-01\nB;2108-05-05\nC;2112-02-29\nD;2027-03-02\n")
    spec = FormSpec.from_data({"title": "MUS", "sections": SECTIONS})
    result = run_batch(spec, people, tmp_path / "out", formats=("docx", "xlsx"))
    assert result.ok and len(result.written) == 8
    assert read_answers(tmp_path / "out" / "C.xlsx").form.date == "2112-02-29"


def test_a_row_that_cannot_be_rendered_is_reported_and_the_others_go_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # D003
    render = _Renderer.render

    def failing_for_b(self: _Renderer, person: Any, fmt: Any) -> bytes:
        if person.employee == "B":
            raise RenderError(code="render.failed", params={"detail": "cannot draw B"})
        return render(self, person, fmt)

    monkeypatch.setattr(_Renderer, "render", failing_for_b)
    people = tmp_path / "people.csv"
    people.write_text("medarbejder\nA\nB\nC\n")
    spec = FormSpec.from_data({"title": "MUS", "sections": SECTIONS})
    result = run_batch(spec, people, tmp_path / "out", formats=("docx",))
    assert sorted(p.name for p in result.written) == ["A.docx", "C.docx"]
    assert [(p.line, p.code) for p in result.problems] == [(3, "render.failed")]


@pytest.mark.parametrize("bad", ["0.", ".a", "a.", "a..b", "a.b.c", "Ø", "x" * 100])
def test_a_custom_id_that_names_no_category_is_one_line_with_its_line(
    tmp_path: Path, bad: str
) -> None:  # C001
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        f"title: MUS\nsections:\n  - title: A\n    questions:\n      - {{text: Hvad?, id: '{bad}'}}\n"
    )
    result = _invoke("build", spec, "-o", tmp_path / "x.docx")
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "spec.yaml:5:" in lines[0], lines
    with pytest.raises(SpecError) as info:
        FormBuilder(title="T").add_question("Hvad?", id=bad).build()
    assert info.value.code == "value.bad_id"


@pytest.mark.parametrize("good", ["a", "0", "trivsel_ny", "egne.spoergsmaal", "x" * 93])
def test_a_custom_id_of_the_bank_s_shape_is_taken(good: str) -> None:  # C001
    form = FormBuilder(title="T").add_question("Hvad?", id=good).build()
    assert form.questions[0].id == (good if "." in good else f"custom.{good}")


def test_a_custom_question_whose_text_is_0_reads_back() -> None:  # C001
    form = FormBuilder(title="T").add_question("0.").build()
    buffer = io.BytesIO()
    form.to_docx(buffer)
    buffer.seek(0)
    assert list(read_answers(buffer).questions) == ["custom.0"]
