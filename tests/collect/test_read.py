"""collect never loses an overview: every readable file is in it, every other one is listed.

C101: good files are read and bad ones (broken, empty, random, truncated, tampered) each become
      a failure with a code, in the order given; the workbook is written and lists them.
C102: an unexpected exception inside musforms while reading one file is that file's failure,
      code answers.internal, marked as a bug; the others are read.
C103: the CLI writes the overview, prints each failure (and the bug note) and exits 2, never 1.
C104: no failure's reason holds a person's answer.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import musforms.answers.read as reader
from musforms.cli import cli
from musforms.collect import collect, read_many
from tests.collect.conftest import PEOPLE, SECRET


def test_good_files_are_read_and_bad_ones_listed_with_a_code(
    good: list[Path], bad: list[Path], tmp_path: Path
) -> None:  # C101
    mixed = [good[0], *bad[:2], *good[1:], *bad[2:]]
    overview = collect(mixed, tmp_path / "o.xlsx")
    assert [a.form.employee for a in overview.answers] == [p[0] for p in PEOPLE]
    assert [Path(f.source).name for f in overview.failed] == [p.name for p in bad]
    codes = {Path(f.source).name: f.code for f in overview.failed}
    assert codes["tampered.docx"] == "answers.fingerprint"
    assert all(f.code and not f.bug for f in overview.failed)
    sheet = openpyxl.load_workbook(tmp_path / "o.xlsx")["Kunne ikke læses"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [p.name for p in bad]
    assert [r[2] for r in rows] == [f.code for f in overview.failed]
    assert all(SECRET not in str(r) for r in rows)  # C104


def test_an_exception_inside_musforms_fails_that_file_only_as_a_bug(
    good: list[Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:  # C102
    real = reader.read_answers

    def flaky(source: object, **options: object) -> object:
        if str(source) == str(good[2]):
            raise RuntimeError(f"{SECRET}: something inside broke")
        return real(source, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(reader, "read_answers", flaky)
    overview = read_many(good, jobs=1)
    assert len(overview.answers) == len(good) - 1
    [failure] = overview.failed
    assert failure.code == "answers.internal" and failure.bug
    assert "RuntimeError" in failure.reason and SECRET not in failure.reason  # C104
    assert overview.bugs == [failure]


def test_the_cli_writes_the_overview_and_exits_2_with_a_bug_note(
    good: list[Path], bad: list[Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:  # C103
    real = reader.read_answers

    def flaky(source: object, **options: object) -> object:
        if str(source) == str(good[0]):
            raise KeyError("x")
        return real(source, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(reader, "read_answers", flaky)
    output = tmp_path / "o.xlsx"
    result = CliRunner().invoke(cli, ["collect", *map(str, [*good, *bad]), "-o", str(output)])
    assert result.exit_code == 2, result.output
    assert f"{len(good) - 1} forms read, {len(bad) + 1} failed" in result.stdout
    assert "fault in musforms" in result.stderr and "answers.internal" not in result.stdout
    assert output.is_file()


def test_a_file_that_kills_its_worker_fails_alone(
    good: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:  # C102
    import os

    import musforms.collect._read as read_module

    real = reader.read_answers
    deadly = str(good[3])

    def killer(source: object, **options: object) -> object:
        if str(source) == deadly:
            os._exit(9)  # as the system's OOM killer would end it
        return real(source, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(reader, "read_answers", killer)  # forked workers inherit it
    monkeypatch.setattr(read_module, "PARALLEL_FROM", 2)
    overview = read_many(good, jobs=2)
    assert [a.form.employee for a in overview.answers] == [
        p[0] for n, p in enumerate(PEOPLE) if n != 3
    ]
    [failure] = overview.failed
    assert failure.source == deadly and failure.bug and failure.code == "answers.internal"
