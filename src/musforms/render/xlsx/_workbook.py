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
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties

from musforms import words
from musforms._atomic import write_atomically
from musforms.ooxml.xlsx_map import META_SHEET
from musforms.ooxml.xlsx_text import clean
from musforms.ooxml.xlsx_zip import save_workbook
from musforms.ooxml.zipfast import zip_timestamp
from musforms.render._payload import payload_json
from musforms.render._sheet import sheet_sections
from musforms.render.xlsx._book import Book
from musforms.render.xlsx._cells import FONT_NAME, header_footer_text
from musforms.render.xlsx._main import WIDTHS, build_main
from musforms.render.xlsx._pages import Margins, Pages, scale_to_width
from musforms.render.xlsx._sheets import PLAN_WIDTHS, build_plan, build_wheel
from musforms.render.xlsx._words import DATE_FORMATS, words_of

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from musforms.form import Form

__all__ = ["render_xlsx"]

#: Excel's limit on sheet names, and the characters they cannot hold.
_SHEET_NAME_LIMIT = 31
_SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
#: The page margins of every printed sheet.
MARGINS = Margins()


def render_xlsx(
    form: Form,
    target: str | Path | BinaryIO,
    *,
    protect: bool = True,
    password: str | None = None,
) -> None:
    """Write ``form`` as an Excel workbook to ``target`` (a path or a binary file object).

    Args:
        form: the form to write: the main sheet of its type (every question of a
            conversation form; the colleague's questions of colleague input).
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
    language = words.for_language(form.language)
    book = Book(form=form, words=words_of(language), date_format=DATE_FORMATS[language])
    workbook = Workbook()
    _default_font(workbook)
    main: Worksheet = workbook.active
    taken = {META_SHEET.lower()}
    main.title = _sheet_name(words.sheet_name(form.type, form.sheet(None), language), taken)
    questions = [q for section in sheet_sections(form) for q in section.questions]
    wheels = [q for q in questions if q.kind == "competence_wheel"]
    plans = [q for q in questions if q.kind == "action_plan"]
    for question in (*wheels, *plans):
        wheel = question.kind == "competence_wheel"
        base = words.labels(language)["wheel"] if wheel else words.plan_title(form.type, language)
        book.sheet_of[question.id] = _sheet_name(base, taken)

    pages = build_main(book, main)
    _finish(main, book, freeze="A2", repeat=(1,), pages=(pages, WIDTHS))
    for question in wheels:
        sheet = workbook.create_sheet(book.sheet_of[question.id])
        header = build_wheel(book, sheet, question)
        _finish(sheet, book, freeze=f"A{header + 1}")
    for number, question in enumerate(plans, start=1):
        sheet = workbook.create_sheet(book.sheet_of[question.id])
        header, pages = build_plan(book, sheet, question, number)
        _finish(sheet, book, freeze=f"A{header + 1}", repeat=(header,), pages=(pages, PLAN_WIDTHS))
    book.write_meta(workbook, payload_json(form, audience="xlsx"))
    if protect:
        for sheet in workbook.worksheets:
            _protect(sheet, password)
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


def _default_font(workbook: Workbook) -> None:
    """Make Arial 10 the workbook's default font (its first font, the Normal style's).

    Column widths count digits of the default font, so with openpyxl's Calibri
    (missing where LibreOffice stands in for it) every column printed wider than
    planned; and a cell someone adds now looks like the rest.
    """
    normal = Font(name=FONT_NAME, size=10, family=2)
    workbook._fonts = IndexedList([normal])
    workbook._named_styles["Normal"].font = normal


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
    repeat: tuple[int, ...] = (),
    pages: tuple[Pages, tuple[float, ...]] | None = None,
) -> None:
    """Set up printing on A4 portrait and the frozen panes of ``sheet``.

    With ``pages`` (the sheet's rows and its column widths) the sheet prints at
    the scale that fits its width (or a little less, if that saves a page), with
    a manual break at every page's end;
    without, it is fitted to one page (a competence wheel: table and chart together).
    """
    setup = sheet.page_setup
    setup.orientation = "portrait"
    setup.paperSize = sheet.PAPERSIZE_A4
    if pages is None:
        setup.fitToWidth = 1
        setup.fitToHeight = 1
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    else:
        rows, widths = pages
        widest = scale_to_width(widths, MARGINS)
        setup.scale, ends = rows.layout(page_height=MARGINS.height, widest=widest, repeat=repeat)
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=False)
        for row in ends:
            sheet.row_breaks.append(Break(id=row))
    sheet.page_margins = PageMargins(
        left=MARGINS.left,
        right=MARGINS.right,
        top=MARGINS.top,
        bottom=MARGINS.bottom,
        header=MARGINS.header,
        footer=MARGINS.footer,
    )
    sheet.print_options.horizontalCentered = True
    if repeat:
        sheet.print_title_rows = f"{repeat[0]}:{repeat[-1]}"
    sheet.freeze_panes = freeze
    form = book.form
    if form.organisation.strip():
        sheet.oddHeader.left.text = header_footer_text(form.organisation)
        sheet.oddHeader.left.size = 8
    if form.employee:
        sheet.oddHeader.right.text = header_footer_text(form.employee)
        sheet.oddHeader.right.size = 8
    page = words.labels(form.language)["page"].format(page="&P", pages="&N")
    sheet.oddFooter.center.text = page
    sheet.oddFooter.center.size = 8


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


def _save(workbook: Workbook, date_time: tuple[int, int, int, int, int, int]) -> bytes:
    return save_workbook(workbook, date_time)
