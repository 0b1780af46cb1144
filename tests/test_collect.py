"""collect: many filled forms into one overview workbook.

K001: every readable file is a row; broken files are listed with their reason, and never
      stop the others; the CLI exits 2 when any failed.
K002: scales and smileys get distributions and averages; competence wheels averages, gaps
      and a radar chart; every plan row is in one table sorted by deadline, overdue marked.
K003: free text is left out unless include_text, and the first sheet says so.
K004: --pseudonyms KEY replaces names with keyed pseudonyms (more in tests/collect/).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from musforms import build_form, preset
from musforms.cli import cli
from musforms.collect import Key, collect, pseudonym
from musforms.form import Form
from tests.fillers import fill_docx, fill_xlsx

TODAY = dt.date(2027, 6, 1)


def _answers(number: int) -> dict[str, Any]:
    return {
        "opgaver.resultater": f"Hemmelig tekst {number}",
        "ledelse.samarbejdet": 2 + number % 3,
        "trivsel.trivsel_nu": 1 + number % 5,
        "kompetencer.kompetencehjul": {
            "samarbejde": {"now": 2, "wanted": 5},
            "kommunikation": {"now": 3, "wanted": 4},
        },
        "afslutning.udviklingsplan": [
            {
                "goal": f"Mål {number}",
                "deadline": f"2027-0{1 + number % 8}-01",
                "follow_up": f"2027-0{1 + number}-15",
            }
        ],
    }


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("filled")
    paths = []
    for number in range(6):
        spec = preset("standard").model_copy(
            update={"employee": f"Person {number}", "leader": "Bo Berg"}
        )
        form: Form = build_form(spec)
        buffer = io.BytesIO()
        if number % 2:
            form.to_docx(buffer)
            data, suffix = fill_docx(form, buffer.getvalue(), _answers(number)), "docx"
        else:
            form.to_xlsx(buffer)
            data, suffix = fill_xlsx(form, buffer.getvalue(), _answers(number)), "xlsx"
        path = folder / f"person{number}.{suffix}"
        path.write_bytes(data)
        paths.append(path)
    (folder / "broken.docx").write_bytes(b"not a zip")
    (folder / "empty.xlsx").write_bytes(b"")
    return [*paths, folder / "broken.docx", folder / "empty.xlsx"]


def _sheets(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    book = openpyxl.load_workbook(path)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def test_readable_files_are_rows_and_broken_ones_are_listed(
    files: list[Path], tmp_path: Path
) -> None:  # K001
    overview = collect(files, tmp_path / "o.xlsx", today=TODAY)
    assert len(overview.answers) == 6 and not overview.ok
    sheets = _sheets(tmp_path / "o.xlsx")
    assert [row[0] for row in sheets["Personer"][1:]] == [f"Person {n}" for n in range(6)]
    failed = sheets["Kunne ikke læses"][1:]
    assert [row[0] for row in failed] == ["broken.docx", "empty.xlsx"]
    assert all(row[1] for row in failed)


def test_scales_wheels_and_plans_are_summarised(files: list[Path], tmp_path: Path) -> None:  # K002
    collect(files, tmp_path / "o.xlsx", today=TODAY)
    sheets = _sheets(tmp_path / "o.xlsx")
    spread = {row[0].rsplit("[", 1)[1][:-1]: row for row in sheets["Fordeling"][1:]}
    scale = spread["ledelse.samarbejdet"]
    values = [2 + n % 3 for n in range(6)]
    assert scale[1] == 6 and scale[2] == pytest.approx(sum(values) / 6, abs=0.01)
    wheel = {row[0]: row for row in sheets["Kompetencer"][2:] if row[0]}
    assert wheel["Samarbejde"][1:4] == (2, 5, 3)
    assert next(iter(wheel)) == "Samarbejde", "the largest gap comes first"
    book = openpyxl.load_workbook(tmp_path / "o.xlsx")
    assert len(book["Kompetencer"]._charts) == 1
    plans = sheets["Udviklingsplaner"][1:]
    deadlines = [row[5] for row in plans]  # person, goal, action, success, responsible, deadline
    assert deadlines == sorted(deadlines) and len(plans) == 6
    overdue = {row[1] for row in plans if row[-1] == "Overskredet"}
    assert overdue == {f"Mål {n}" for n in range(6) if f"2027-0{1 + n}-15" < TODAY.isoformat()}


def test_free_text_is_left_out_unless_asked_for(files: list[Path], tmp_path: Path) -> None:  # K003
    collect(files, tmp_path / "o.xlsx", today=TODAY)
    cells = str(_sheets(tmp_path / "o.xlsx"))
    assert "Hemmelig tekst" not in cells and "Fritekstsvar er udeladt" in cells
    collect(files, tmp_path / "t.xlsx", today=TODAY, include_text=True)
    assert "Hemmelig tekst 1" in str(_sheets(tmp_path / "t.xlsx"))


def test_pseudonyms_replace_names_under_a_key(files: list[Path], tmp_path: Path) -> None:  # K004
    key = Key(bytes(range(32)))
    collect(files, tmp_path / "a.xlsx", pseudonyms=key, today=TODAY)
    cells = str(_sheets(tmp_path / "a.xlsx"))
    assert "Person 1" not in cells and "Bo Berg" not in cells and "person1.docx" not in cells
    assert pseudonym("Person 1", key) in cells
    assert pseudonym("Person 1", key) == pseudonym(" person  1 ", key)


def test_the_cli_writes_the_overview_and_exits_2_when_files_failed(
    files: list[Path], tmp_path: Path
) -> None:  # K001
    result = CliRunner().invoke(cli, ["collect", *map(str, files), "-o", str(tmp_path / "o.xlsx")])
    assert result.exit_code == 2
    assert "6 forms read, 2 failed" in result.stdout
    assert (tmp_path / "o.xlsx").is_file()
    ok = CliRunner().invoke(cli, ["collect", *map(str, files[:6]), "-o", str(tmp_path / "p.xlsx")])
    assert ok.exit_code == 0, ok.output


def test_reading_in_worker_processes_keeps_order_and_failures(
    files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:  # K001
    import musforms.collect as collect_module
    import musforms.collect._read as read_module

    monkeypatch.setattr(read_module, "PARALLEL_FROM", 2)
    parallel = collect_module.read_many(files, jobs=2)
    serial = collect_module.read_many(files, jobs=1)
    assert [a.form.employee for a in parallel.answers] == [a.form.employee for a in serial.answers]
    assert parallel.failed == serial.failed and len(parallel.failed) == 2


def test_formula_looking_answers_stay_text_in_the_overview(tmp_path: Path) -> None:
    form = build_form(preset("standard").model_copy(update={"employee": "=HYPERLINK(1)"}))
    buffer = io.BytesIO()
    form.to_xlsx(buffer)
    path = tmp_path / "f.xlsx"
    path.write_bytes(fill_xlsx(form, buffer.getvalue(), {"opgaver.resultater": "=1+1"}))
    collect([path], tmp_path / "o.xlsx", include_text=True, today=TODAY)
    book = openpyxl.load_workbook(tmp_path / "o.xlsx")
    cells = [c for s in book.worksheets for row in s.iter_rows() for c in row]
    assert any(c.value == "=HYPERLINK(1)" for c in cells) and any(c.value == "=1+1" for c in cells)
    assert not [c for c in cells if c.data_type == "f"]
