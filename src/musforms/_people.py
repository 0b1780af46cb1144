"""Reading the people file of a batch: one row per person, CSV or Excel.

The header row names the columns: ``employee`` at least, and optionally
``leader``, ``department``, ``date`` (or the Danish ``medarbejder``, ``leder``,
``afdeling``, ``dato``); any other column becomes a variable for texts. Rows
are numbered as a person sees them in the file: the header is line 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from musforms.answers.model import parse_date
from musforms.errors import SpecError

__all__ = ["Person", "RowProblem", "read_people"]

ALIASES = {
    "employee": "employee",
    "medarbejder": "employee",
    "navn": "employee",
    "name": "employee",
    "leader": "leader",
    "leder": "leader",
    "manager": "leader",
    "department": "department",
    "afdeling": "department",
    "date": "date",
    "dato": "date",
}
_VARIABLE = re.compile(r"^[a-z][a-z0-9_]*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_PEOPLE_BYTES = 50 * 1024 * 1024
MAX_CELL = 300


@dataclass(frozen=True)
class Person:
    """One row of the people file: the person's fields and extra variables."""

    line: int
    employee: str
    leader: str | None = None
    department: str | None = None
    date: dt.date | None = None
    variables: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RowProblem:
    """A row that cannot be used, and why (``line`` counts the header as 1)."""

    line: int
    reason: str


def read_people(path: str | Path) -> Iterator[Person | RowProblem]:
    """Yield a :class:`Person` or a :class:`RowProblem` for every row after the header.

    Raises:
        SpecError: the file cannot be read at all, or has no ``employee`` column.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError:
        raise SpecError("no such people file. Check the path", file=path) from None
    if size > MAX_PEOPLE_BYTES:
        raise SpecError("the people file is larger than 50 MB. Split it", file=path)
    rows = _xlsx_rows(path) if path.suffix.lower() in {".xlsx", ".xlsm"} else _csv_rows(path)
    header: list[str] | None = None
    for line, cells in rows:
        if header is None:
            header = _header(cells, path, line)
            continue
        if not any(cell.strip() for cell in cells):
            continue
        yield _person(header, cells, line)
    if header is None:
        raise SpecError("the people file is empty. Give a header row with 'employee'", file=path)


def _header(cells: list[str], path: Path, line: int) -> list[str]:
    names = [ALIASES.get(c.strip().casefold(), c.strip().casefold()) for c in cells]
    if "employee" not in names:
        raise SpecError(
            "no 'employee' (or 'medarbejder') column in the header row. Add one",
            file=path,
            line=line,
        )
    return names


def _person(header: list[str], cells: list[str], line: int) -> Person | RowProblem:
    values: dict[str, str] = {}
    for name, cell in zip(header, cells, strict=False):
        if name:
            values[name] = _CONTROL.sub("", cell).strip()[:MAX_CELL]
    employee = values.pop("employee", "")
    if not employee:
        return RowProblem(line, "no employee name")
    date: dt.date | None = None
    raw_date = values.pop("date", "")
    if raw_date:
        iso = parse_date(raw_date)
        if iso is None:
            return RowProblem(line, "the date is not a valid date (write it as YYYY-MM-DD)")
        date = dt.date.fromisoformat(iso)
    leader = values.pop("leader", "") or None
    department = values.pop("department", "") or None
    variables = {k: v for k, v in values.items() if _VARIABLE.match(k)}
    return Person(line, employee, leader, department, date, variables)


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")  # Excel's "CSV" on Danish Windows
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], ";,\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        raise SpecError(f"the CSV file is malformed ({exc})", file=path, line=start) from None


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    from musforms.ooxml.safezip import open_zip

    open_zip(path).close()  # size and zip-bomb checks before openpyxl unpacks it
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise SpecError(f"cannot read the workbook ({exc.__class__.__name__})", file=path) from None
    try:
        sheet = book.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_text(value) for value in row]
    finally:
        book.close()


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
