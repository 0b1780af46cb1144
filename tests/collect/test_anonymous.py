"""--anonymous: figures per group only; small groups folded into "Øvrige"; nothing per person.

C201: no name (employee, leader), file name, free text, plan text or date of a form appears
      anywhere in the workbook's XML (every part unzipped and searched).
C202: groups of fewer than --min-group forms are folded into "Øvrige"; the first sheet says
      how many forms and groups were folded; the figures of a group are over its forms.
C203: ``hidden`` never shows a key under the limit, and what it hides holds none or at least
      the limit together (or everything is hidden): no figure can be had by subtraction.
C204: anonymous refuses pseudonyms, free text and a min-group under 3; department+leader
      numbers leaders and never names them.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from musforms.collect import Key, collect
from musforms.collect._stats import hidden
from musforms.errors import MusformsError
from tests.collect.conftest import PEOPLE, SECRET


def _xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist())


def _sheets(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(path)
    return {s.title: list(s.iter_rows(values_only=True)) for s in book.worksheets}


@pytest.fixture(scope="module")
def anonymous(good: list[Path], bad: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("anon") / "anonym.xlsx"
    collect([*good, *bad], path, anonymous=True, today=dt.date(2027, 6, 1))
    return path


def test_no_name_text_file_name_or_date_is_anywhere_in_the_file(
    anonymous: Path, good: list[Path], bad: list[Path]
) -> None:  # C201
    xml = _xml(anonymous)
    words = {SECRET, "Mål nummer", "2027-03-01", "2027-04-01"}
    words |= {name for person in PEOPLE for name in person[:2]}
    words |= {p.stem for p in [*good, *bad]}
    assert {w for w in words if w in xml} == set()
    assert "Ansat" not in xml and "Leder " not in xml and "P-" not in xml


def test_small_groups_are_folded_and_the_first_sheet_says_how_many(anonymous: Path) -> None:
    sheets = _sheets(anonymous)  # C202
    groups = dict(sheets["Grupper"][1:])
    # Løn (2) and Kantine (1) make 3, under 5: HR, the smallest shown, goes with them.
    assert groups == {"Alle": 14, "IT": 6, "Øvrige": 8}
    about = dict(sheets["Om overblikket"])
    assert about["Skemaer lagt sammen under «Øvrige» (små grupper)"] == 8
    assert about["Grupper lagt sammen under «Øvrige»"] == 3
    ratings = {r[1]: r for r in sheets["Skalaer og smileys"][1:] if "ledelse.samarbejdet" in r[0]}
    it = [1 + n % 5 for n in range(6)]
    assert ratings["IT"][2] == 6 and ratings["IT"][3] == pytest.approx(sum(it) / 6, abs=0.01)
    rest = [1 + n % 5 for n in range(6, 14)]
    assert ratings["Øvrige"][2] == 8
    assert ratings["Øvrige"][3] == pytest.approx(sum(rest) / 8, abs=0.01)
    plans = {r[0]: r for r in sheets["Udviklingsplaner"][1:]}
    assert plans["Øvrige"] == ("Øvrige", 8, 8, 8)


def test_a_figure_of_too_few_answers_is_left_empty(good: list[Path], tmp_path: Path) -> None:
    path = tmp_path / "few.xlsx"  # C202: 6 forms in IT, but a group of 7 is asked for
    collect(good[:6], path, anonymous=True, min_group=7)
    rows = [r for r in _sheets(path)["Skalaer og smileys"][1:] if "ledelse.samarbejdet" in r[0]]
    assert [r[1:3] for r in rows] == [("Alle", 6), ("Øvrige", 6)]
    assert all(value is None for r in rows for value in r[3:])


@given(st.dictionaries(st.text(max_size=3), st.integers(0, 30), max_size=8), st.integers(2, 9))
def test_hidden_figures_cannot_be_had_by_subtraction(counts: dict[str, int], least: int) -> None:
    out = hidden(counts, least)  # C203
    assert all(counts[k] >= least for k in counts if k not in out and counts[k])
    together = sum(counts[k] for k in out)
    every = {k for k in counts if counts[k]}
    assert together == 0 or together >= least or out >= every


def test_anonymous_refuses_what_would_undo_it(good: list[Path], tmp_path: Path) -> None:  # C204
    target = tmp_path / "x.xlsx"
    refusals = [
        ({"pseudonyms": Key(bytes(32))}, "collect.anonymous_and_pseudonyms"),
        ({"include_text": True}, "collect.anonymous_text"),
        ({"min_group": 2}, "collect.min_group"),
    ]
    for options, code in refusals:
        with pytest.raises(MusformsError) as caught:
            collect(good, target, anonymous=True, **options)  # type: ignore[arg-type]
        assert caught.value.code == code
    assert not target.exists()


def test_department_and_leader_groups_number_the_leaders(
    good: list[Path], tmp_path: Path
) -> None:  # C204
    path = tmp_path / "l.xlsx"
    collect(good, path, anonymous=True, group_by="department+leader", language="en")
    groups = dict(_sheets(path)["Groups"][1:])
    assert groups == {"All": 14, "IT · leader 1": 6, "Other": 8}
    assert "Leder" not in _xml(path)


def test_a_question_text_naming_the_person_is_shown_by_its_id() -> None:  # C201
    import datetime as dt
    import io

    from musforms.answers.model import Answers, FormInfo, QuestionInfo
    from musforms.collect import Overview, Privacy, overview_bytes

    qid = "custom.godt_aar"
    forms = [
        Answers(
            {qid: True},
            form=FormInfo("MUS", "X", "0" * 16, "da", employee=f"Navnesen {n}"),
            questions={qid: QuestionInfo("yes_no", "custom", f"Har Navnesen {n} haft et godt år?")},
        )
        for n in range(5)
    ]
    data = overview_bytes(
        Overview(answers=forms), Privacy(anonymous=True), language="da", today=dt.date(2027, 1, 1)
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = "".join(archive.read(n).decode() for n in archive.namelist())
    assert "Navnesen" not in xml and qid in xml
