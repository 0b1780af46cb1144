"""The cell values of a workbook, read straight from its XML with the hardened parser.

openpyxl builds an object per cell and parses every style; reading a filled
form needs only the values of a few dozen cells. This reads the workbook's
sheet list, shared strings, the date formats of its styles and the sheets'
cells, and gives values as openpyxl's ``data_only`` reading would: text,
whole and decimal numbers, booleans, and dates as ``datetime`` where the
cell's number format is a date format.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from typing import Any

from lxml import etree

from musforms.errors import AnswersError
from musforms.ooxml.safezip import parse_xml, read_member

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
#: Number formats built into Excel that show dates (ECMA-376 part 1, 18.8.30).
_BUILTIN_DATES = frozenset({*range(14, 23), 45, 46, 47})
#: A format code that shows a date: d, m or y outside quotes and brackets.
_DATE_CODE = re.compile(r"[dmy]", re.IGNORECASE)
_EPOCH = dt.datetime(1899, 12, 30)


def _q(name: str) -> str:
    return f"{{{_MAIN}}}{name}"


class XmlCells:
    """Values of the cells of a workbook, by sheet name and coordinate."""

    def __init__(self, archive: zipfile.ZipFile, label: str) -> None:
        self.archive = archive
        self.label = label
        self.names = set(archive.namelist())
        self.paths = self._sheet_paths()
        self.strings = self._shared_strings()
        self.date_styles = self._date_styles()
        self._sheets: dict[str, dict[str, Any]] = {}

    @property
    def sheetnames(self) -> list[str]:
        """The sheets' names, in workbook order."""
        return list(self.paths)

    def _xml(self, member: str) -> etree._Element:
        return parse_xml(
            read_member(self.archive, member, label=self.label), label=self.label, member=member
        )

    def _sheet_paths(self) -> dict[str, str]:
        workbook = self._xml("xl/workbook.xml")
        rels_member = "xl/_rels/workbook.xml.rels"
        targets: dict[str, str] = {}
        if rels_member in self.names:
            for rel in self._xml(rels_member).iter(f"{{{_PACKAGE_REL}}}Relationship"):
                target = rel.get("Target", "")
                path = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else posixpath.normpath(posixpath.join("xl", target))
                )
                targets[rel.get("Id", "")] = path
        paths: dict[str, str] = {}
        for sheet in workbook.iter(_q("sheet")):
            found = targets.get(sheet.get(f"{{{_REL}}}id", ""))
            if found is not None and found in self.names:
                paths[sheet.get("name", "")] = found
        return paths

    def _shared_strings(self) -> list[str]:
        member = next((n for n in self.names if n.lower() == "xl/sharedstrings.xml"), None)
        if member is None:
            return []
        return [_text_of(item) for item in self._xml(member).iter(_q("si"))]

    def _date_styles(self) -> set[int]:
        if "xl/styles.xml" not in self.names:
            return set()
        styles = self._xml("xl/styles.xml")
        codes = {
            int(fmt.get("numFmtId", "0")): fmt.get("formatCode", "")
            for fmt in styles.iter(_q("numFmt"))
        }
        dates: set[int] = set()
        xfs = styles.find(_q("cellXfs"))
        for index, xf in enumerate(xfs.iter(_q("xf")) if xfs is not None else ()):
            number = int(xf.get("numFmtId", "0"))
            code = re.sub(r'"[^"]*"|\[[^\]]*\]', "", codes.get(number, ""))
            if number in _BUILTIN_DATES or (number in codes and _DATE_CODE.search(code)):
                dates.add(index)
        return dates

    def sheet(self, name: str) -> dict[str, Any]:
        """Return the non-empty cells of sheet ``name`` as coordinate -> value."""
        found = self._sheets.get(name)
        if found is not None:
            return found
        if name not in self.paths:
            raise AnswersError(
                code="answers.sheet_missing",
                params={"sheet": name},
                file=self.label,
            )
        found = {}
        for cell in self._xml(self.paths[name]).iter(_q("c")):
            value = self._value(cell)
            if value is not None and cell.get("r"):
                found[cell.get("r", "")] = value
        self._sheets[name] = found
        return found

    def _value(self, cell: etree._Element) -> Any:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            inline = cell.find(_q("is"))
            return _text_of(inline) if inline is not None else None
        raw = cell.findtext(_q("v"))
        if raw is None:
            return None
        if kind == "s":
            index = int(raw) if raw.isdigit() else -1
            return self.strings[index] if 0 <= index < len(self.strings) else None
        if kind in {"str", "d"}:
            return raw
        if kind == "b":
            return raw.strip() in {"1", "true"}
        if kind == "e":
            return None
        try:
            number: int | float = int(raw) if re.fullmatch(r"-?\d+", raw) else float(raw)
        except ValueError:
            return raw
        if int(cell.get("s", "0") or 0) in self.date_styles and 0 < number < 2_958_466:
            return _EPOCH + dt.timedelta(days=float(number))
        return number


def get_column_letter(number: int) -> str:
    """Return the letters of a 1-based column number (1 -> A, 27 -> AA)."""
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _text_of(element: etree._Element) -> str:
    """Return the text of a string item, leaving out phonetic runs (``rPh``)."""
    phonetic = _q("rPh")
    texts = []
    for t in element.iter(_q("t")):
        parent = t.getparent()
        if parent is None or parent.tag != phonetic:
            texts.append(t.text or "")
    return "".join(texts)
