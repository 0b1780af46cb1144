"""Round trip: answers typed into a file by a person come back equal.

A001: for every preset, both formats and both languages, random answers valid
      under the form's schema, filled in and read back, are equal (property test).
      Workbooks are filled by what their sheets show, not by their hidden map
      (tests/fillers.py), so the map is checked against the layout too.
A002: the same after LibreOffice opened and saved the file again, where it keeps the data.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from musforms import build_form, preset, presets
from musforms.answers.read import read_answers
from musforms.form import Form
from tests.fillers import fill_docx, fill_xlsx
from tests.strategies import answers_for


def sample_answers(form: Form) -> dict[str, Any]:
    """Answer every other question of ``form`` with a fixed, valid answer of its kind."""
    answers: dict[str, Any] = {}
    for number, question in enumerate(form.questions):
        if number % 2:
            continue
        kind, options = question.kind, [o.id for o in question.options]
        if kind in {"text", "long_text"}:
            answers[question.id] = f"Svar nummer {number}: æøå & <ok>"
        elif kind in {"scale", "competence_wheel"}:
            assert question.scale is not None
            low = question.scale.min
            answers[question.id] = (
                low + 1
                if kind == "scale"
                else {c.id: {"now": low, "wanted": low + 1} for c in question.competences[:3]}
            )
        elif kind == "smiley":
            answers[question.id] = 2
        elif kind == "yes_no":
            answers[question.id] = number % 4 == 0
        elif kind == "choice":
            answers[question.id] = options[-1]
        elif kind == "multi_choice":
            answers[question.id] = options[:2]
        elif kind == "action_plan":
            answers[question.id] = [
                {"goal": "Lære Python", "deadline": "2027-06-30", "follow_up": "2027-12-01"},
                {"goal": "Mentor", "action": "Møder", "responsible": "Leder"},
            ]
        elif kind == "date":
            answers[question.id] = "2027-03-01"
    return answers


def _filled(form: Form, fmt: str, answers: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    if fmt == "docx":
        form.to_docx(buffer)
        return fill_docx(form, buffer.getvalue(), answers)
    form.to_xlsx(buffer)
    return fill_xlsx(form, buffer.getvalue(), answers)


FORMS = {
    (name, lang): build_form(preset(name, lang)) for name in presets() for lang in ("da", "en")
}  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("key", list(FORMS), ids=[f"{n}-{lang}" for n, lang in FORMS])
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_answers_filled_in_are_read_back_equal(
    key: tuple[str, str], fmt: str, data: st.DataObject
) -> None:  # A001
    form = FORMS[key]
    answers = data.draw(answers_for(form))
    read = read_answers(io.BytesIO(_filled(form, fmt, answers)))
    assert dict(read) == answers
    assert set(read.missing) == {q.id for q in form.questions} - set(answers)


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_answers_survive_a_libreoffice_resave(tmp_path: Path) -> None:  # A002
    """Every preset in both formats, re-saved in one LibreOffice run."""
    expected: dict[Path, dict[str, Any]] = {}
    for (name, lang), form in FORMS.items():
        if lang != "da":
            continue
        answers = sample_answers(form)
        for fmt in ("docx", "xlsx"):
            path = tmp_path / "in" / f"{name}.{fmt}"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(_filled(form, fmt, answers))
            expected[path] = answers
    for fmt, target in (("docx", "docx:MS Word 2007 XML"), ("xlsx", "xlsx:Calc MS Excel 2007 XML")):
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{tmp_path}/profile",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(tmp_path / fmt),
                *map(str, sorted((tmp_path / "in").glob(f"*.{fmt}"))),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
    for path, answers in expected.items():
        resaved = tmp_path / path.suffix[1:] / path.name
        assert dict(read_answers(resaved)) == answers, path.name
