"""The answer area of each question kind in the PDF form: one function per kind.

Every area works twice, as in the Word form: on screen through fields named by
:func:`musforms.kinds.pdf_field_name`, and on paper, with boxes to tick and
ruled room to write.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from musforms.kinds import PLAN_DATE_FIELDS, PLAN_FIELDS, Kind, pdf_field_name
from musforms.render.pdf._drawings import face, moods, radar
from musforms.render.pdf._fields import dot, ring, tick
from musforms.render.pdf._fonts import BOLD, REGULAR, width
from musforms.render.pdf._layout import BOTTOM, GREY, HEAVY, LEFT, WIDTH, lines_of
from musforms.words import faces, plan_fields, wheel_parts

if TYPE_CHECKING:
    from musforms.form import FormQuestion
    from musforms.render.pdf._document import Sheet

__all__ = ["INDENT", "KEEP", "KINDS", "PLAN_ROW", "plan", "write_box"]

#: Answers sit under their question, indented.
INDENT = 22.0
#: Handwriting line pitch (7.4 mm), and the ruled lines' grey.
WRITE_LINE = 21.0
_RULE = 0.8
#: The height of a development plan's row.
PLAN_ROW = 52.0
#: Room of the first part of each kind's answer, kept on the page with its question.
KEEP: dict[str, float] = {
    "text": 26,
    "long_text": WRITE_LINE * 4 + 10,
    "date": 26,
    "scale": 40,
    "smiley": 62,
    "yes_no": 24,
    "choice": 46,
    "multi_choice": 46,
    "competence_wheel": 420,
    "action_plan": 110,
}


def _frame(sheet: Sheet, x: float, y: float, w: float, h: float, *, ruled: bool) -> None:
    c = sheet.flow.canvas
    c.setStrokeGray(HEAVY)
    c.setLineWidth(0.6)
    c.rect(x, y, w, h)
    if ruled:
        c.setStrokeGray(_RULE)
        c.setLineWidth(0.4)
        line = y + h - WRITE_LINE
        while line > y + 5:
            c.line(x + 5, line, x + w - 5, line)
            line -= WRITE_LINE


def write_box(
    sheet: Sheet, name: str, tooltip: str, *, lines: int, x: float = LEFT + INDENT
) -> None:
    """Draw a ruled box with room for ``lines`` handwritten lines, and its text field."""
    flow = sheet.flow
    h = WRITE_LINE * lines + 6
    flow.need(h + 2)
    flow.y -= h
    room = LEFT + WIDTH - x
    _frame(sheet, x, flow.y, room, h, ruled=True)
    sheet.fields.text(name, x, flow.y, room, h, tooltip=tooltip, multiline=True)


def _text(sheet: Sheet, question: FormQuestion, tooltip: str) -> None:
    flow = sheet.flow
    flow.need(24)
    flow.y -= 22
    x = LEFT + INDENT
    _frame(sheet, x, flow.y, WIDTH - INDENT, 20, ruled=False)
    sheet.fields.text(pdf_field_name(question.id), x, flow.y, WIDTH - INDENT, 20, tooltip=tooltip)


def _long_text(sheet: Sheet, question: FormQuestion, tooltip: str) -> None:
    write_box(sheet, pdf_field_name(question.id), tooltip, lines=4)


def _date(sheet: Sheet, question: FormQuestion, tooltip: str) -> None:
    flow = sheet.flow
    flow.need(24)
    flow.y -= 22
    x = LEFT + INDENT
    _frame(sheet, x, flow.y, 110, 20, ruled=False)
    hint = sheet.words["date_hint"]
    sheet.fields.text(
        pdf_field_name(question.id), x, flow.y, 110, 20, tooltip=f"{tooltip} ({hint})"
    )
    flow.draw(x + 118, flow.y + 6.5, hint, REGULAR, 8.5, GREY)


def _scale(sheet: Sheet, question: FormQuestion, tooltip: str) -> None:
    scale = question.scale
    assert scale is not None  # the bank fills every scale's default
    flow, c = sheet.flow, sheet.flow.canvas
    points = list(scale.points)
    side = 118.0
    room = WIDTH - INDENT - 2 * side
    step = min(32.0, room / max(len(points), 1))
    size = min(13.0, step - 4)
    low_lines = lines_of(scale.min_label or "", REGULAR, 8.5, side - 10)[:3]
    high_lines = lines_of(scale.max_label or "", REGULAR, 8.5, side - 10)[:3]
    rows = max(len(low_lines), len(high_lines), 1)
    flow.need(30 + rows * 10)
    flow.y -= 28
    x0 = LEFT + INDENT + side
    group = sheet.fields.radio_group(pdf_field_name(question.id), tooltip=tooltip)
    for index, point in enumerate(points):
        x = x0 + index * step + (step - size) / 2
        label = str(point)
        flow.draw(
            x + size / 2 - width(label, REGULAR, 8.5) / 2, flow.y + size + 4, label, REGULAR, 8.5
        )
        c.setStrokeGray(0.3)
        c.setLineWidth(0.8)
        c.circle(x + size / 2, flow.y + size / 2, size / 2 - 0.5)
        sheet.fields.radio(group, label, x, flow.y, size, size, on=dot(size, size))
    middle = flow.y + size / 2 - 3 + (rows - 1) * 5
    for number, line in enumerate(low_lines):
        flow.draw_right(x0 - 6, middle - number * 10, line, REGULAR, 8.5, GREY)
    for number, line in enumerate(high_lines):
        flow.draw(x0 + len(points) * step + 6, middle - number * 10, line, REGULAR, 8.5, GREY)
    flow.y -= max(0, (rows - 1) * 10) + 2


def _smiley(sheet: Sheet, question: FormQuestion, tooltip: str) -> None:
    flow, c = sheet.flow, sheet.flow.canvas
    count = question.faces or 5
    names = faces(sheet.language, count)
    cell, r = 74.0, 12.0
    labels = [lines_of(name, REGULAR, 7.5, cell - 6)[:2] for name in names]
    flow.need(58 + 9 * max(len(lines) for lines in labels))
    flow.y -= 44
    group = sheet.fields.radio_group(pdf_field_name(question.id), tooltip=tooltip)
    for index, (mood, lines) in enumerate(zip(moods(count), labels, strict=True)):
        x = LEFT + INDENT + index * cell
        cx, cy = x + cell / 2, flow.y + 28
        face(c, cx, cy, r, mood)
        c.setStrokeGray(0.3)
        c.setLineWidth(0.8)
        c.circle(cx, flow.y + 8, 4.5)
        # The whole face is the button; chosen, it gets a ring and a dot below.
        sheet.fields.radio(group, str(index + 1), x, flow.y, cell, 44, on=ring(cell / 2, 28, r, 8))
        for number, line in enumerate(lines):
            w = width(line, REGULAR, 7.5)
            flow.draw(cx - w / 2, flow.y - 9 - number * 9, line, REGULAR, 7.5, GREY)
    flow.y -= 9 * max(len(lines) for lines in labels) + 4


def _yes_no(sheet: Sheet, question: FormQuestion, tooltip: str) -> None:
    flow, c = sheet.flow, sheet.flow.canvas
    flow.need(22)
    flow.y -= 18
    group = sheet.fields.radio_group(pdf_field_name(question.id), tooltip=tooltip)
    x = LEFT + INDENT
    for state in ("yes", "no"):
        c.setStrokeGray(0.3)
        c.setLineWidth(0.8)
        c.rect(x, flow.y, 12, 12)
        sheet.fields.radio(group, state, x, flow.y, 12, 12, on=tick(12, 12), caption="4")
        flow.draw(x + 18, flow.y + 2.5, sheet.words[state], REGULAR, 10)
        x += 90


def _options(sheet: Sheet, question: FormQuestion, tooltip: str) -> None:
    flow, c = sheet.flow, sheet.flow.canvas
    many = question.kind == "multi_choice"
    group = None if many else sheet.fields.radio_group(pdf_field_name(question.id), tooltip=tooltip)
    pick = sheet.words["pick_any" if many else "pick_one"]
    help_text = (question.hint(sheet.sheet) or "").casefold()
    if pick.casefold().rstrip(".") not in help_text:  # never the same hint twice
        flow.need(14)
        flow.y -= 10
        flow.draw(LEFT + INDENT, flow.y, pick, REGULAR, 8.5, GREY)
    x = LEFT + INDENT
    for option in question.options:
        lines = lines_of(option.text, REGULAR, 10, WIDTH - INDENT - 22)
        flow.need(len(lines) * 12.5 + 6)
        flow.y -= 17
        c.setStrokeGray(0.3)
        c.setLineWidth(0.8)
        if group is None:
            c.rect(x, flow.y, 12, 12)
            sheet.fields.checkbox(
                pdf_field_name(question.id, option.id),
                option.id,
                x,
                flow.y,
                12,
                tooltip=f"{tooltip}: {option.text}",
            )
        else:
            c.circle(x + 6, flow.y + 6, 5.5)
            sheet.fields.radio(group, option.id, x, flow.y, 12, 12, on=dot(12, 12))
        for number, line in enumerate(lines):
            flow.draw(x + 20, flow.y + 2.5 - number * 12.5, line, REGULAR, 10)
        flow.y -= (len(lines) - 1) * 12.5


def _wheel(sheet: Sheet, question: FormQuestion, tooltip: str) -> None:
    scale = question.scale
    assert scale is not None
    flow, c = sheet.flow, sheet.flow.canvas
    words = sheet.words
    titles = wheel_parts(sheet.language)
    points = list(scale.points)
    step, size, row = 14.0, 10.5, 21.0
    label_w = 124.0
    part_w = len(points) * step + 12
    x_label = LEFT + INDENT
    x_parts = {"now": x_label + label_w, "wanted": x_label + label_w + part_w}
    table_w = label_w + 2 * part_w
    if scale.min_label and scale.max_label:
        hint = f"{scale.min} = {scale.min_label}, {scale.max} = {scale.max_label}."
    else:
        hint = words["rate_hint"].format(min=scale.min, max=scale.max)
    table_h = 30 + row * len(question.competences)
    radar_r = 68.0
    radar_h = 2 * radar_r + 56
    flow.need(table_h + radar_h + 26)  # the table and its radar grid on one page
    flow.paragraph(hint, size=9, grey=GREY, indent=INDENT)
    top = flow.y - 4
    y = top - 12
    flow.draw(x_label, y, words["competence"], BOLD, 8.5)
    for part in ("now", "wanted"):
        flow.draw(x_parts[part], y, titles[part], BOLD, 8.5)
    y -= 11
    for part in ("now", "wanted"):
        for index, point in enumerate(points):
            label = str(point)
            x = x_parts[part] + index * step + size / 2 - width(label, REGULAR, 7) / 2
            flow.draw(x, y, label, REGULAR, 7, GREY)
    for competence in question.competences:
        y -= row
        lines = lines_of(competence.text, REGULAR, 8.5, label_w - 6)[:2]
        for number, line in enumerate(lines):
            flow.draw(x_label, y + 2 + (len(lines) - 1) * 4.5 - number * 9, line, REGULAR, 8.5)
        for part in ("now", "wanted"):
            group = sheet.fields.radio_group(
                pdf_field_name(question.id, competence.id, part),
                tooltip=f"{competence.text}: {titles[part]}",
            )
            for index, point in enumerate(points):
                x = x_parts[part] + index * step
                c.setStrokeGray(0.3)
                c.setLineWidth(0.7)
                c.circle(x + size / 2, y + size / 2, size / 2 - 0.5)
                sheet.fields.radio(group, str(point), x, y, size, size, on=dot(size, size))
        c.setStrokeGray(0.88)
        c.setLineWidth(0.4)
        c.line(x_label, y - 5, x_label + table_w - 8, y - 5)
    cx = LEFT + INDENT + (WIDTH - INDENT) / 2
    cy = y - 14 - radar_h / 2
    radar(flow, cx, cy, radar_r, [comp.text for comp in question.competences], len(points))
    flow.y = cy - radar_h / 2


def plan(sheet: Sheet, name: str, rows: int, tooltip: str) -> None:
    """Draw the development plan: a table of fields, its header repeated on each page.

    Field names are ``pdf_field_name(name, row, field)``, rows from 1.
    """
    flow, c = sheet.flow, sheet.flow.canvas
    titles = plan_fields(sheet.language)
    shares = {
        "goal": 19,
        "action": 20,
        "success": 19,
        "responsible": 14,
        "deadline": 14,
        "follow_up": 14,
    }
    room = WIDTH - INDENT
    widths = [room * shares[field] / 100 for field in PLAN_FIELDS]
    height = PLAN_ROW
    hint = sheet.words["date_hint"]

    def heads() -> None:
        flow.y -= 15
        x = LEFT + INDENT
        c.setFillColorRGB(0.86, 0.9, 0.95)
        c.rect(x, flow.y, room, 15, stroke=0, fill=1)
        c.setFillGray(0)
        for field, w in zip(PLAN_FIELDS, widths, strict=True):
            flow.draw(x + 3, flow.y + 4.5, titles[field], BOLD, 7.5)
            x += w

    flow.need(15 + 2 * height)
    heads()
    for row in range(1, rows + 1):
        if flow.y - height < BOTTOM:
            flow.new_page()
            heads()
        flow.y -= height
        x = LEFT + INDENT
        for field, w in zip(PLAN_FIELDS, widths, strict=True):
            c.setStrokeGray(HEAVY)
            c.setLineWidth(0.6)
            c.rect(x, flow.y, w, height)
            date = field in PLAN_DATE_FIELDS
            if date:
                flow.draw(x + 3, flow.y + 3, hint, REGULAR, 6.5, 0.5)
            sheet.fields.text(
                pdf_field_name(name, row, field),
                x,
                flow.y + (10 if date else 0),
                w,
                height - (10 if date else 0),
                tooltip=f"{tooltip} {row}: {titles[field]}" + (f" ({hint})" if date else ""),
                multiline=not date,
                size=8,
            )
            x += w


def _action_plan(sheet: Sheet, question: FormQuestion, tooltip: str) -> None:
    plan(sheet, question.id, question.rows or 3, tooltip)


#: Every kind's answer area.
KINDS: dict[Kind, Callable[[Sheet, FormQuestion, str], None]] = {
    "text": _text,
    "long_text": _long_text,
    "scale": _scale,
    "smiley": _smiley,
    "yes_no": _yes_no,
    "choice": _options,
    "multi_choice": _options,
    "competence_wheel": _wheel,
    "action_plan": _action_plan,
    "date": _date,
}
