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

from musforms._files import read_limited
from musforms.answers.model import parse_date
from musforms.errors import PeopleError

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
#: What a one-line field may not hold: controls (C0, C1), lone surrogates and the
#: non-characters U+FFFE/U+FFFF, which XML cannot hold, and the bidi embeddings,
#: overrides and isolates, which the documents drop (one left open would reverse the
#: text after a name); tabs and line breaks (a quoted CSV cell may hold them) become
#: spaces.
_CONTROL = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_SPACES = re.compile(r"[\t\n\x0b\x0c\r\u2028\u2029]+")
MAX_PEOPLE_BYTES = 50_000_000
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
    code: str = "people.invalid"


def read_people(path: str | Path) -> Iterator[Person | RowProblem]:
    """Yield a :class:`Person` or a :class:`RowProblem` for every row after the header.

    Raises:
        PeopleError: the file cannot be read at all, or has no ``employee`` column.
    """
    path = Path(path)
    raw = read_limited(path, MAX_PEOPLE_BYTES, PeopleError, hint=("split it", "del den op"))
    is_workbook = path.suffix.lower() in {".xlsx", ".xlsm"}
    rows = _xlsx_rows(path, raw) if is_workbook else _csv_rows(path, raw)
    header: list[str] | None = None
    for line, cells in rows:
        if header is None:
            header = _header(cells, path, line)
            continue
        if not any(cell.strip() for cell in cells):
            continue
        yield _person(header, cells, line)
    if header is None:
        raise PeopleError(code="people.empty", file=path)


def _header(cells: list[str], path: Path, line: int) -> list[str]:
    names = [ALIASES.get(c.strip().casefold(), c.strip().casefold()) for c in cells]
    if "employee" not in names:
        raise PeopleError(code="people.no_employee_column", file=path, line=line)
    return names


def _person(header: list[str], cells: list[str], line: int) -> Person | RowProblem:
    values: dict[str, str] = {}
    for name, cell in zip(header, cells, strict=False):
        if name:
            values[name] = one_line(cell)[:MAX_CELL].strip()
    employee = values.pop("employee", "")
    if not employee:
        return _problem(line, "people.no_employee")
    date: dt.date | None = None
    raw_date = values.pop("date", "")
    if raw_date:
        iso = parse_date(raw_date)
        if iso is None:
            return _problem(line, "people.bad_date")
        date = dt.date.fromisoformat(iso)
    leader = values.pop("leader", "") or None
    department = values.pop("department", "") or None
    variables = {k: v for k, v in values.items() if _VARIABLE.match(k)}
    return Person(line, employee, leader, department, date, variables)


def one_line(text: str) -> str:
    """Return a cell as a one-line name: controls dropped, tabs and line breaks as spaces."""
    return _CONTROL.sub("", _SPACES.sub(" ", text)).strip()


def _problem(line: int, code: str) -> RowProblem:
    from musforms._error_codes import format_message

    return RowProblem(line, format_message(code, "en", {}), code)


def _csv_rows(path: Path, raw: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's "CSV" on Danish Windows; the five bytes cp1252 leaves undefined
        # (0x81, 0x8D, 0x8F, 0x90, 0x9D) are no letter of a name: shown as U+FFFD.
        text = raw.decode("cp1252", errors="replace")
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
        raise PeopleError(
            code="people.malformed", params={"why": str(exc)}, file=path, line=start
        ) from None


def _xlsx_rows(path: Path, raw: bytes) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    from musforms.errors import AnswersError
    from musforms.ooxml.safezip import honest_copy, open_zip

    try:
        # Zip-bomb checks before openpyxl, which then reads a copy whose sizes are true.
        raw = honest_copy(open_zip(io.BytesIO(raw), name=str(path)), str(path))
    except AnswersError as problem:
        raise PeopleError(code=problem.code, params=problem.params, file=path) from None
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise PeopleError(
            code="people.bad_workbook", params={"why": exc.__class__.__name__}, file=path
        ) from None
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
