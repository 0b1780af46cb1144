"""batch: one personalised file per person.

T001: every good row gives a file per format; bad rows are reported by line and skipped.
T002: a second run writes nothing new; two runs give byte-identical files.
T003: the fast (template) path gives the same document parts as rendering each person whole,
      for plain, Danish, quoted, ampersand and emoji names.
T004: the CLI exits 0 when every row went through and 2 when any was skipped.
T005: a sample of batch files converts with LibreOffice.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from musforms import preset
from musforms._people import Person
from musforms.batch import _Renderer, comparable, run_batch
from musforms.cli import cli
from musforms.render import find

PEOPLE = (
    "medarbejder;leder;afdeling;dato;region\n"
    "Søren Ærø;Bo Berg;Drift;2027-03-01;Syd\n"
    "Ida Holm;Bo Berg;Drift;;Nord\n"
    ";Bo Berg;Drift;;Nord\n"  # line 4: no employee
    "Kim & Co <x>;Bo Berg;Drift;;Nord\n"
    'Jens "Kulle" Hansen;Bo Berg;;;\n'
    "Ida Holm;Anne;Løn;32-13-2027;\n"  # line 7: a bad date
    "Ida Holm;Anne;Løn;;\n"  # the same name again: gets (2)
)


@pytest.fixture()
def people(write: Callable[..., Path]) -> Path:
    return write("people.csv", PEOPLE)


def test_each_good_row_gives_a_file_and_bad_rows_are_reported(
    people: Path, tmp_path: Path
) -> None:  # T001
    result = run_batch(preset("standard"), people, tmp_path / "out", formats=("docx", "xlsx"))
    assert [(p.line, p.reason) for p in result.problems] == [
        (4, "no employee name"),
        (7, "the date is not a valid date (write it as YYYY-MM-DD)"),
    ]
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted(
        f"{n}.{f}"
        for n in ("Søren Ærø", "Ida Holm", "Kim & Co _x_", "Jens _Kulle_ Hansen", "Ida Holm (2)")
        for f in ("docx", "xlsx")
    )


def test_a_second_run_writes_nothing_and_files_are_identical(
    people: Path, tmp_path: Path
) -> None:  # T002
    first = run_batch(preset("standard"), people, tmp_path / "a")
    copies = {p.name: p.read_bytes() for p in (tmp_path / "a").iterdir()}
    again = run_batch(preset("standard"), people, tmp_path / "a")
    assert len(first.written) == 5 and again.written == [] and len(again.unchanged) == 5
    run_batch(preset("standard"), people, tmp_path / "b")
    assert {p.name: p.read_bytes() for p in (tmp_path / "b").iterdir()} == copies


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize(
    "name", ["Søren Ærø", "Kim & Co <b>", "Zoë 😀 Ünal", "أحمد", "x" * 200], ids=str
)
def test_the_fast_path_equals_rendering_the_person_whole(name: str, fmt: str) -> None:  # T003
    spec = preset("standard").model_copy(update={"intro": "Til {{ employee }} i {{ region }}."})
    renderer = _Renderer(spec, None, ["region"], "employee")
    form_format = find(fmt)
    first = Person(2, "Anders And", "Bo", "Drift", None, {"region": "Syd"})
    renderer.render(first, form_format)
    person = Person(3, name, "Leder Lund", "Løn", None, {"region": "Nord"})
    fast = renderer.render(person, form_format)
    # Excel doubles '&' in page headers and cuts them short, so such names take the slow path.
    assert renderer.slow == (1 if fmt == "xlsx" and ("&" in name or len(name) > 60) else 0)
    slow = renderer._full(person, form_format)
    assert comparable(fast, form_format) == comparable(slow, form_format)


def test_cli_batch_exits_2_when_rows_were_skipped(people: Path, tmp_path: Path) -> None:  # T004
    result = CliRunner().invoke(
        cli,
        ["batch", "--preset", "smiley", "--people", str(people), "--out-dir", str(tmp_path / "o")],
    )
    assert result.exit_code == 2
    assert f"{people}:4: skipped: no employee name." in result.stderr
    assert "Wrote 5 files" in result.stdout


def test_cli_batch_exits_0_when_every_row_went_through(
    write: Callable[..., Path], tmp_path: Path
) -> None:  # T004
    people = write("p.csv", "employee\nA\nB\n")
    result = CliRunner().invoke(
        cli,
        [
            "batch",
            "--preset",
            "standard",
            "--people",
            str(people),
            "--out-dir",
            str(tmp_path / "o"),
            "-f",
            "docx,xlsx",
        ],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == [
        "A.docx",
        "A.xlsx",
        "B.docx",
        "B.xlsx",
    ]


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_a_sample_of_batch_files_converts_with_libreoffice(
    people: Path, tmp_path: Path
) -> None:  # T005
    run_batch(preset("standard"), people, tmp_path / "out", formats=("docx", "xlsx"))
    for suffix in ("docx", "xlsx"):
        sample = sorted((tmp_path / "out").glob(f"*.{suffix}"))[:2]
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{tmp_path}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path / suffix),
                *map(str, sample),
            ],
            check=True,
            capture_output=True,
            timeout=240,
        )
        assert len(list((tmp_path / suffix).glob("*.pdf"))) == len(sample)


@pytest.mark.slow
def test_a_thousand_rows_with_three_broken_write_997_files_once(
    tmp_path: Path,
) -> None:  # T001, T002
    lines = ["medarbejder;leder;dato"]
    for number in range(1, 1001):
        if number in (10, 500, 999):
            lines.append(
                f";Leder {number};" if number != 500 else f"Person {number};Leder;2027-02-30"
            )
        else:
            lines.append(f"Person {number};Leder {number % 7};")
    people = tmp_path / "people.csv"
    people.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first = run_batch(preset("standard"), people, tmp_path / "out")
    assert len(first.written) == 997 and first.slow == 0
    assert [p.line for p in first.problems] == [11, 501, 1000]
    again = run_batch(preset("standard"), people, tmp_path / "out")
    assert again.written == [] and len(again.unchanged) == 997


def test_a_filled_form_in_the_way_is_never_overwritten(
    write: Callable[..., Path], tmp_path: Path
) -> None:  # T002
    from musforms import build_form
    from tests.fillers import fill_docx

    people = write("p.csv", "employee\nA\n")
    run_batch(preset("standard"), people, tmp_path / "o")
    target = tmp_path / "o" / "A.docx"
    form = build_form(preset("standard").model_copy(update={"employee": "A"}))
    target.write_bytes(fill_docx(form, target.read_bytes(), {"opgaver.resultater": "Svar"}))
    filled = target.read_bytes()
    result = run_batch(preset("standard"), people, tmp_path / "o")
    assert result.kept == [target] and not result.ok and target.read_bytes() == filled
