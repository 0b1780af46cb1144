"""The form as an Excel workbook: protected, validated, printable, and readable back.

The workbook is built once, from scratch, with openpyxl (loading and
re-saving a workbook can lose validations and protection), saved to bytes in
memory and only then written out, atomically. Its sheets:

- the main sheet: title block, sections, one row per question with an
  unlocked answer cell and a data validation fitting the kind of answer;
- one sheet per competence wheel (ratings, gap formulas, a radar chart) and
  per development plan (an Excel table with date columns);
- a very hidden sheet with the form's payload and the map from question ids
  to answer cells (see :mod:`musforms.render.xlsx._book`).

The same form always gives the same bytes: the workbook's dates and the zip
entries' timestamps come from the form, not from the clock.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.writer.excel import ExcelWriter

from musforms._atomic import write_atomically
from musforms.ooxml.zipfast import zip_timestamp
from musforms.render._payload import payload_json
from musforms.render.xlsx._book import Book
from musforms.render.xlsx._cells import DATE_FORMATS, clean, header_footer_text
from musforms.render.xlsx._main import build_main
from musforms.render.xlsx._sheets import build_plan, build_wheel
from musforms.render.xlsx._words import words_of

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from musforms.form import Form

__all__ = ["render_xlsx"]

#: Excel's limit on sheet names, and the characters they cannot hold.
_SHEET_NAME_LIMIT = 31
_SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def render_xlsx(
    form: Form,
    target: str | Path | BinaryIO,
    *,
    protect: bool = True,
    password: str | None = None,
) -> None:
    """Write ``form`` as an Excel workbook to ``target`` (a path or a binary file object).

    Args:
        form: the form to write; every question goes in (the conversation form).
        target: where to write; a path is written atomically.
        protect: lock every sheet so that only answer cells can be edited, and
            lock the workbook's structure so that sheets cannot be renamed or
            unhidden (the answer map refers to them by name).
        password: the password that lifts the protection; ``None`` means none
            (anyone can unprotect the sheets, but nobody does so by accident).

    Raises:
        RenderError: ``target`` cannot be written.
    """
    write_atomically(target, xlsx_bytes(form, protect=protect, password=password))


def xlsx_bytes(form: Form, *, protect: bool = True, password: str | None = None) -> bytes:
    """Return the workbook of ``form`` as the bytes of an .xlsx file."""
    workbook = build_workbook(form, protect=protect, password=password)
    return _save(workbook, _timestamp(form))


def build_workbook(form: Form, *, protect: bool = True, password: str | None = None) -> Workbook:
    """Return the openpyxl workbook of ``form``, ready to save."""
    words = words_of(form.language)
    book = Book(form=form, words=words, date_format=DATE_FORMATS.get(form.language, "dd-mm-yyyy"))
    workbook = Workbook()
    main: Worksheet = workbook.active
    main.title = words["main_sheet"]
    wheels = [q for q in form.questions if q.kind == "competence_wheel"]
    plans = [q for q in form.questions if q.kind == "action_plan"]
    taken = {main.title.lower()}
    for question in (*wheels, *plans):
        base = words["wheel_sheet" if question.kind == "competence_wheel" else "plan_sheet"]
        book.sheet_of[question.id] = _sheet_name(base, taken)

    build_main(book, main)
    _finish(main, book, freeze="A2", repeat="1:1", protect=protect, password=password)
    for question in wheels:
        sheet = workbook.create_sheet(book.sheet_of[question.id])
        header = build_wheel(book, sheet, question)
        _finish(
            sheet, book, freeze=f"A{header + 1}", one_page=True, protect=protect, password=password
        )
    for number, question in enumerate(plans, start=1):
        sheet = workbook.create_sheet(book.sheet_of[question.id])
        header = build_plan(book, sheet, question, number)
        _finish(
            sheet,
            book,
            freeze=f"A{header + 1}",
            repeat=f"{header}:{header}",
            protect=protect,
            password=password,
        )
    meta = book.write_meta(workbook, payload_json(form, audience="xlsx"))
    if protect:
        _protect(meta, password)
        security = WorkbookProtection(lockStructure=True)
        if password:
            security.set_workbook_password(password)
        workbook.security = security

    created = dt.datetime(*_timestamp(form))
    properties = workbook.properties
    properties.creator = "musforms"
    properties.lastModifiedBy = "musforms"
    properties.title = clean(form.title, 255)
    properties.subject = clean(form.organisation, 255) or None
    properties.created = created
    properties.modified = created
    # The gap formulas carry no cached results; have Excel work them out on opening.
    workbook.calculation.fullCalcOnLoad = True
    return workbook


def _sheet_name(base: str, taken: set[str]) -> str:
    """Return ``base`` (or ``base 2``, ``base 3``, ...) as a valid, unused sheet name."""
    base = base.translate(_SHEET_NAME_FORBIDDEN).strip("' ")[:_SHEET_NAME_LIMIT] or "Ark"
    name, count = base, 1
    while name.lower() in taken:
        count += 1
        suffix = f" {count}"
        name = base[: _SHEET_NAME_LIMIT - len(suffix)] + suffix
    taken.add(name.lower())
    return name


def _finish(
    sheet: Worksheet,
    book: Book,
    *,
    freeze: str,
    repeat: str | None = None,
    one_page: bool = False,
    protect: bool,
    password: str | None,
) -> None:
    """Set up printing on A4 portrait, the frozen panes and the protection of ``sheet``."""
    setup = sheet.page_setup
    setup.orientation = "portrait"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 1 if one_page else 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_margins = PageMargins(
        left=0.6, right=0.6, top=0.8, bottom=0.8, header=0.35, footer=0.35
    )
    sheet.print_options.horizontalCentered = True
    if repeat:
        sheet.print_title_rows = repeat
    sheet.freeze_panes = freeze
    form = book.form
    if form.organisation.strip():
        sheet.oddHeader.left.text = header_footer_text(form.organisation)
        sheet.oddHeader.left.size = 8
    if form.employee:
        sheet.oddHeader.right.text = header_footer_text(form.employee)
        sheet.oddHeader.right.size = 8
    sheet.oddFooter.center.text = book.words["page"]
    sheet.oddFooter.center.size = 8
    if protect:
        _protect(sheet, password)


def _protect(sheet: Worksheet, password: str | None) -> None:
    """Lock ``sheet``: only unlocked cells can be edited; rows may be made taller."""
    protection = sheet.protection
    protection.sheet = True
    protection.objects = True  # the radar chart stays where it is
    protection.formatRows = False  # long answers need taller rows
    protection.formatColumns = False
    if password:
        protection.password = password


def _timestamp(form: Form) -> tuple[int, int, int, int, int, int]:
    """Return the fixed time stamped on the workbook: the form's date, else 1 January of its year.

    Zip entries cannot be dated before 1980 or after 2107.
    """
    return zip_timestamp(form.date or dt.date(form.year, 1, 1))


class _FixedTimeZip(ZipFile):
    """A zip writer that stamps every entry with one fixed time, for byte-identical files.

    openpyxl writes entries by name (dated with the clock) and worksheets from
    temporary files (dated with the file's mtime); both are re-dated here.
    """

    def __init__(self, file: BinaryIO, date_time: tuple[int, int, int, int, int, int]) -> None:
        super().__init__(file, "w", ZIP_DEFLATED, allowZip64=True)
        self._date_time = date_time

    def writestr(
        self, zinfo_or_arcname: str | ZipInfo, data: Any, *args: Any, **kwargs: Any
    ) -> None:
        if not isinstance(zinfo_or_arcname, ZipInfo):
            zinfo_or_arcname = ZipInfo(zinfo_or_arcname, date_time=self._date_time)
            zinfo_or_arcname.compress_type = ZIP_DEFLATED
            zinfo_or_arcname.external_attr = 0o600 << 16
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(  # type: ignore[override]
        self, filename: str | Path, arcname: str | None = None, *args: Any, **kwargs: Any
    ) -> None:
        self.writestr(arcname or str(filename), Path(filename).read_bytes())


def _save(workbook: Workbook, date_time: tuple[int, int, int, int, int, int]) -> bytes:
    buffer = io.BytesIO()
    ExcelWriter(workbook, _FixedTimeZip(buffer, date_time)).save()
    return buffer.getvalue()
