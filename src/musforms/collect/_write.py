"""The overview workbook: its first and last sheets, the mode's sheets between, then the file.

Three modes, from most to least personal: with names; under keyed
pseudonyms (a row per person, no file names); anonymous (figures per group
only). The first sheet says which, what was left out and how much was read;
the last lists the files that could not be read with the reason and its
error code (anonymous: the reasons counted, no file names).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from musforms._atomic import write_atomically
from musforms.collect._book import append, encrypt, header, save, widths
from musforms.collect._groups import write_group_sheets
from musforms.collect._people import Namer, write_people_sheets
from musforms.collect._pseudonym import Key
from musforms.collect._read import Overview
from musforms.collect._stats import GroupBy, Grouping, group_forms
from musforms.collect._words import words_for

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["Privacy", "overview_bytes", "write_overview"]


@dataclass(frozen=True)
class Privacy:
    """What the overview may show.

    Attributes:
        anonymous: figures per group only (see :mod:`musforms.collect._groups`).
        key: rows per person under keyed pseudonyms (``None``: under names).
        include_text: free-text answers are shown (never when anonymous).
        least: the smallest group (and number of answers) an anonymous figure shows.
        group_by: what an anonymous overview groups by.
    """

    anonymous: bool = False
    key: Key | None = None
    include_text: bool = False
    least: int = 5
    group_by: GroupBy = "department"


def overview_bytes(overview: Overview, privacy: Privacy, *, language: str, today: dt.date) -> bytes:
    """Return the overview as the bytes of an .xlsx workbook."""
    from openpyxl import Workbook

    words = words_for(language)
    book = Workbook()
    grouping = None
    if privacy.anonymous:
        grouping = group_forms(
            overview.answers, by=privacy.group_by, least=privacy.least, words=words
        )
    _about(book.active, overview, privacy, grouping, words, today)
    if grouping is not None:
        write_group_sheets(
            book, overview.answers, grouping, words, least=privacy.least, today=today
        )
    else:
        namer = Namer(privacy.key.pseudonym if privacy.key else None)
        write_people_sheets(
            book,
            overview.answers,
            words,
            namer,
            include_text=privacy.include_text,
            today=today,
        )
    _failed(book.create_sheet(words["failed"]), overview, privacy, words, language)
    _print_setup(book)
    return save(book, today)


def write_overview(
    overview: Overview,
    target: str | Path | BinaryIO,
    privacy: Privacy,
    *,
    language: str,
    today: dt.date,
    password: str | None = None,
) -> None:
    """Write the overview to ``target`` (atomically when a path), encrypted if a password is given.

    The file is readable by its owner only: it holds personal data unless anonymous.
    """
    data = overview_bytes(overview, privacy, language=language, today=today)
    if password is not None:
        data = encrypt(data, password)
    write_atomically(target, data, mode=0o644 if privacy.anonymous else 0o600)


def _about(
    sheet: Worksheet,
    overview: Overview,
    privacy: Privacy,
    grouping: Grouping | None,
    words: Mapping[str, str],
    today: dt.date,
) -> None:
    from openpyxl.styles import Font

    sheet.title = words["about"]
    rows: list[tuple[str, Any]] = [
        (words["title"], ""),
        (words["made"], today.isoformat()),
        (words["read"], len(overview.answers)),
        (words["failed_n"], len(overview.failed)),
    ]
    if grouping is not None:
        by = words["by_leader" if privacy.group_by == "department+leader" else "by_department"]
        rows += [
            (words["anonymous"], ""),
            (words["group_by"], by),
            (words["min_group"], privacy.least),
            (words["folded"], grouping.folded_forms),
            (words["folded_groups"], grouping.folded_groups),
            (words["hidden_note"], ""),
        ]
    else:
        rows.append((words["pseudonymous"] if privacy.key else words["names"], ""))
        rows.append((words["privacy_in"] if privacy.include_text else words["privacy_out"], ""))
    for row in rows:
        append(sheet, row)
    sheet["A1"].font = Font(bold=True, size=14)
    widths(sheet, [70, 20])


def _failed(
    sheet: Worksheet,
    overview: Overview,
    privacy: Privacy,
    words: Mapping[str, str],
    language: str,
) -> None:
    if privacy.anonymous:
        # File names are usually people's names: only the reasons, counted.
        header(sheet, [words["reason"], words["code"], words["files"]])
        counted = Counter(
            (f.message(language) + (f" ({words['bug']})" if f.bug else ""), f.code)
            for f in overview.failed
        )
        for (reason, code), count in sorted(counted.items()):
            append(sheet, [reason, code, count])
        widths(sheet, [100, 28, 10])
        return
    header(sheet, [words["file"], words["reason"], words["code"]])
    for failure in overview.failed:
        path = Path(failure.source)
        name = privacy.key.pseudonym(path.stem) if privacy.key else path.name
        reason = failure.message(language) + (f" ({words['bug']})" if failure.bug else "")
        append(sheet, [name, reason, failure.code])
    widths(sheet, [30, 100, 28])


def _print_setup(book: Workbook) -> None:
    """Printed, each sheet is as wide as an A4 landscape page, rows running on."""
    for sheet in book.worksheets:
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
