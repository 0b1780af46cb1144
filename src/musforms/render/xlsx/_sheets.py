"""The sheets of a workbook's table-shaped questions: competence wheels and development plans.

A competence wheel gets a table of ratings (now, wanted, and the gap worked
out by a formula) and a native radar chart bound to those cells, so the
chart draws itself as people type. A development plan is an Excel table
with date cells for the deadline and follow-up, and a line to sign under it
for each signer of the type of conversation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl.chart import RadarChart, Reference
from openpyxl.chart.data_source import AxDataSource, NumFmt, StrRef
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RichTextProperties,
)
from openpyxl.drawing.text import Font as DrawingFont
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from musforms import words as shared
from musforms.kinds import PLAN_DATE_FIELDS, PLAN_FIELDS, WHEEL_PARTS
from musforms.ooxml.xlsx_text import put_text
from musforms.render.xlsx._cells import (
    FONT_NAME,
    LINE_PT,
    NOTE_LINE_PT,
    PLAN_TEXT_LIMIT,
    Messages,
    Validations,
    date_rule,
    length_rule,
    lines_of,
    row_height,
    whole_rule,
)
from musforms.render.xlsx._pages import Pages

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from musforms.form import FormQuestion
    from musforms.render.xlsx._book import Book

#: Column widths of a wheel: competence, now, wanted, gap.
WHEEL_WIDTHS = (46.0, 12.0, 12.0, 12.0)
#: Column widths of a plan: goal, action, success criterion, responsible, deadline, follow-up.
PLAN_WIDTHS = (26.0, 28.0, 24.0, 16.0, 12.5, 12.5)
#: Rows a plan prints when the question does not say, and the most the schema allows.
DEFAULT_PLAN_ROWS, MAX_PLAN_ROWS = 5, 100
_NOW_COLOR, _WANTED_COLOR = "1F5FA8", "E07B00"


def _start(
    book: Book,
    sheet: Worksheet,
    question: FormQuestion,
    notes: list[str],
    widths: tuple[float, ...],
) -> tuple[int, Pages]:
    """Set the column widths, write the question and its notes.

    Returns the next free row and the rows written so far, as they print.
    """
    style = book.styles.apply
    pages = Pages()
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    columns, total = len(widths), sum(widths)
    text = question.wording(book.form.sheet(None))
    style(sheet.cell(1, 1), "heading")
    put_text(sheet.cell(1, 1), text)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    height = row_height(lines_of(text, total / 1.4) * 18)
    sheet.row_dimensions[1].height = pages.row(1, height, keep_with_next=True)
    row = 2
    for note in notes:
        style(sheet.cell(row, 1), "note")
        put_text(sheet.cell(row, 1), note)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
        height = row_height(lines_of(note, total * 1.15) * NOTE_LINE_PT)
        sheet.row_dimensions[row].height = pages.row(row, height, keep_with_next=True)
        row += 1
    sheet.row_dimensions[row].height = pages.row(row, 8, keep_with_next=True)
    return row + 1, pages


def _header_row(book: Book, sheet: Worksheet, row: int, titles: list[str], pages: Pages) -> None:
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(row, column)
        book.styles.apply(cell, "header")
        put_text(cell, title)
    sheet.row_dimensions[row].height = pages.row(row, 20, keep_with_next=True)


def build_wheel(book: Book, sheet: Worksheet, question: FormQuestion) -> int:
    """Fill ``sheet`` with the ratings table and radar chart of a competence wheel.

    Returns the header row, for the panes to freeze below.
    """
    assert question.scale is not None  # a competence wheel always has a scale
    words, scale, style = book.words, question.scale, book.styles.apply
    labels = shared.labels(book.form.language)
    titles = shared.wheel_parts(book.form.language)
    ends = ", ".join(
        f"{value} = {label}"
        for value, label in ((scale.min, scale.min_label), (scale.max, scale.max_label))
        if label
    )
    hint = words["wheel_hint"].format(
        min=scale.min,
        max=scale.max,
        ends=f" ({ends})" if ends else "",
        now=titles["now"],
        wanted=titles["wanted"],
    )
    notes = [note for note in (question.hint(book.form.sheet(None)), hint) if note]
    header, pages = _start(book, sheet, question, notes, WHEEL_WIDTHS)
    _header_row(
        book,
        sheet,
        header,
        [labels["competence"], titles["now"], titles["wanted"], labels["gap"]],
        pages,
    )
    rules = Validations(sheet)
    messages = Messages(
        prompt_title=words["scale_title"].format(min=scale.min, max=scale.max),
        prompt=ends or None,
        error_title=words["error_title"],
        error=words["whole_error"].format(min=scale.min, max=scale.max),
    )
    row = header
    for competence in question.competences:
        row += 1
        label = sheet.cell(row, 1)
        style(label, "value")
        put_text(label, competence.text)
        for column, part in enumerate(WHEEL_PARTS, start=2):
            cell = sheet.cell(row, column)
            style(cell, "answer_center")
            rules.add(
                ("whole",), lambda: whole_rule(scale.min, scale.max, messages), cell.coordinate
            )
            tag = f"{question.id}:{competence.id}:{part}"
            book.record(tag, sheet, cell.coordinate, "competence_wheel")
        gap = sheet.cell(row, 4)
        style(gap, "gap", "+0;-0;0")
        now, wanted = f"B{row}", f"C{row}"
        gap.value = f'=IF(AND(ISNUMBER({wanted}),ISNUMBER({now})),{wanted}-{now},"")'
        text_height = lines_of(competence.text, WHEEL_WIDTHS[0]) * LINE_PT
        sheet.row_dimensions[row].height = row_height(text_height, 18)
    _radar(sheet, header, row, low=scale.min, high=scale.max, language=book.form.language)
    return header


def _radar(sheet: Worksheet, header: int, last: int, *, low: int, high: int, language: str) -> None:
    """Anchor a radar chart of the now and wanted columns under the table.

    As in Word's chart, the competences run clockwise from the top (Excel's
    own direction for a radar chart), the centre is one below the lowest
    rating (so that the lowest rating is a ring, not a point) and unlabelled,
    and every text is in Arial like the sheet.
    """
    chart = RadarChart()
    chart.type = "marker"
    chart.title = None
    ratings = Reference(sheet, min_col=2, max_col=3, min_row=header, max_row=last)
    chart.add_data(ratings, titles_from_data=True)
    # Competences are text: bind them as a string reference (openpyxl's default is numeric).
    names = str(Reference(sheet, min_col=1, min_row=header + 1, max_row=last))
    for series, color in zip(chart.series, (_NOW_COLOR, _WANTED_COLOR), strict=True):
        series.cat = AxDataSource(strRef=StrRef(f=names))
        series.graphicalProperties.line.solidFill = color
        series.graphicalProperties.line.width = 28575  # 2.25 pt, in EMU
        series.marker.symbol = "circle"
        series.marker.size = 6
        series.marker.graphicalProperties.solidFill = color
        series.marker.graphicalProperties.line.solidFill = color
        series.smooth = False
    chart.x_axis.scaling.orientation = "minMax"  # clockwise from the top
    chart.y_axis.scaling.min = low - 1
    chart.y_axis.scaling.max = high
    chart.y_axis.majorUnit = max(1, -(-(high - low + 1) // 6))  # at most six rings
    # Positive numbers only: the centre's ring value stays unlabelled.
    chart.y_axis.number_format = NumFmt(formatCode="0;;;", sourceLinked=False)
    # openpyxl 3.1 leaves the axes' delete flag unset, which Excel reads as hidden.
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    tag = "en-GB" if language == "en" else "da-DK"
    chart.x_axis.txPr = _text_properties(900, "404040", tag)
    chart.y_axis.txPr = _text_properties(800, "7F7F7F", tag)
    chart.legend.position = "b"
    chart.legend.txPr = _text_properties(900, "404040", tag)
    chart.width, chart.height = 15.0, 11.0  # cm: about the width of the table
    sheet.add_chart(chart, f"A{last + 2}")


def _text_properties(size: int, color: str, language: str) -> RichText:
    """Return the text look of a chart's labels: Arial, ``size`` in hundredths of a point."""
    look = CharacterProperties(
        latin=DrawingFont(typeface=FONT_NAME), sz=size, solidFill=color, lang=language
    )
    return RichText(
        bodyPr=RichTextProperties(),
        # No run: openpyxl's default empty one is text of its own, not a look.
        p=[Paragraph(pPr=ParagraphProperties(defRPr=look), endParaRPr=CharacterProperties(), r=[])],
    )


def build_plan(
    book: Book, sheet: Worksheet, question: FormQuestion, number: int
) -> tuple[int, Pages]:
    """Fill ``sheet`` with a development plan table of ``question.rows`` rows to fill in.

    ``number`` makes the table's name unique in the workbook. Returns the
    header row (for repeating it on printed pages) and the rows as they print:
    the signature lines keep with the plan's last row.
    """
    words, style = book.words, book.styles.apply
    hint = question.hint(book.form.sheet(None))
    header, pages = _start(book, sheet, question, [hint] if hint else [], PLAN_WIDTHS)
    titles = shared.plan_fields(book.form.language)
    _header_row(book, sheet, header, [titles[name] for name in PLAN_FIELDS], pages)
    rules = Validations(sheet)
    date_messages = Messages(
        prompt_title=words["date_title"],
        prompt=words["date_prompt"],
        error_title=words["error_title"],
        error=words["date_error"],
    )
    text_messages = Messages(
        prompt_title=None,
        prompt=None,
        error_title=words["error_title"],
        error=words["length_error"].format(n=PLAN_TEXT_LIMIT),
    )
    rows = max(1, min(question.rows or DEFAULT_PLAN_ROWS, MAX_PLAN_ROWS))
    signers = shared.signers(book.form.type, book.form.language)
    for index in range(1, rows + 1):
        row = header + index
        for column, name in enumerate(PLAN_FIELDS, start=1):
            cell = sheet.cell(row, column)
            coordinate = cell.coordinate
            if name in PLAN_DATE_FIELDS:
                style(cell, "answer", book.date_format)
                rules.add(("date",), lambda: date_rule(date_messages), coordinate)
            else:
                style(cell, "answer")
                rules.add(
                    ("length",), lambda: length_rule(PLAN_TEXT_LIMIT, text_messages), coordinate
                )
            book.record(f"{question.id}:{index}:{name}", sheet, coordinate, "action_plan")
        last_row = index == rows
        sheet.row_dimensions[row].height = pages.row(
            row, 48, keep_with_next=last_row and bool(signers)
        )
    last = header + rows
    end = get_column_letter(len(PLAN_FIELDS))
    table = Table(displayName=f"Plan_{number}", ref=f"A{header}:{end}{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
    sheet.add_table(table)
    if signers:
        sheet.row_dimensions[last + 1].height = pages.row(last + 1, 15, keep_with_next=True)
        _signatures(book, sheet, last + 2, signers, pages)
    return header, pages


def _signatures(
    book: Book, sheet: Worksheet, row: int, signers: tuple[str, ...], pages: Pages
) -> None:
    """Draw a line for each signer of the type to sign and date the plan on paper."""
    labels, style = shared.labels(book.form.language), book.styles.apply
    for number, signer in enumerate(signers, start=1):
        label = sheet.cell(row, 1)
        style(label, "sign_label")
        put_text(label, shared.signature_label(signer, book.form.language))
        style(sheet.cell(row, 2), "sign_line")
        style(sheet.cell(row, 4), "sign_label")
        put_text(sheet.cell(row, 4), labels["signature_date"])
        style(sheet.cell(row, 5), "sign_line")
        sheet.row_dimensions[row].height = pages.row(row, 34, keep_with_next=number < len(signers))
        row += 1
