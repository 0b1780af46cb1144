"""The people file of a batch, and safe file names.

P001: CSV (comma, semicolon, tab; UTF-8 or cp1252) and .xlsx are read; Danish headers work.
P002: a row without an employee or with a bad date is a RowProblem with its line (header = 1).
P003: file names are safe: no separators, no traversal, no reserved names; Danish letters kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from musforms._people import Person, RowProblem, read_people
from musforms.batch import safe_file_name
from musforms.errors import SpecError


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_csv_with_danish_headers_is_read(
    write: Callable[..., Path], separator: str
) -> None:  # P001
    lines = ["medarbejder,leder,afdeling,dato,region", "Søren Æblø,Bo,Drift,2027-03-01,Syd"]
    path = write("people.csv", "\n".join(line.replace(",", separator) for line in lines) + "\n")
    (person,) = read_people(path)
    assert person == Person(2, "Søren Æblø", "Bo", "Drift", dt.date(2027, 3, 1), {"region": "Syd"})


def test_cp1252_csv_from_danish_excel_is_read(tmp_path: Path) -> None:  # P001
    path = tmp_path / "people.csv"
    path.write_bytes("employee;leader\nÅse Ørsted;Bo\n".encode("cp1252"))
    (person,) = read_people(path)
    assert isinstance(person, Person) and person.employee == "Åse Ørsted"


def test_xlsx_people_file_is_read(tmp_path: Path) -> None:  # P001
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Employee", "Leader", "Date"])
    book.active.append(["Ida", "Bo", dt.datetime(2027, 1, 2)])
    book.save(tmp_path / "people.xlsx")
    (person,) = read_people(tmp_path / "people.xlsx")
    assert isinstance(person, Person) and person.date == dt.date(2027, 1, 2)


def test_bad_rows_are_problems_with_their_line(write: Callable[..., Path]) -> None:  # P002
    path = write("people.csv", 'employee,date\nA,2027-01-01\n,2027-01-01\n"B\nC",nope\nD,\n')
    rows = list(read_people(path))
    assert [type(r).__name__ for r in rows] == ["Person", "RowProblem", "RowProblem", "Person"]
    assert [r.line for r in rows] == [2, 3, 4, 6]
    assert "date" in rows[2].reason  # type: ignore[union-attr]
    assert isinstance(rows[1], RowProblem) and rows[1].reason == "no employee name"


def test_a_people_file_without_employee_column_is_refused(write: Callable[..., Path]) -> None:
    with pytest.raises(SpecError, match="no 'employee'"):
        list(read_people(write("people.csv", "name2,leader\nA,B\n")))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Søren Ærø Åberg", "Søren Ærø Åberg"),
        ("../../etc/passwd", "_.._etc_passwd"),
        ("a/b\\c", "a_b_c"),
        ("CON", "_CON"),
        ("...", "uden navn"),
        ("x\x00y", "x_y"),
    ],
)
def test_file_names_are_safe(name: str, expected: str) -> None:  # P003
    assert safe_file_name(name) == expected


@given(st.text(max_size=200))
def test_any_name_gives_a_plain_file_name(name: str) -> None:  # P003
    safe = safe_file_name(name)
    assert safe and "/" not in safe and "\\" not in safe and not safe.startswith(".")
    assert len(safe) <= 80 and safe == safe.strip()
