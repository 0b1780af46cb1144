"""The answer area of each question kind in a Word form.

Every area works twice: on screen through content controls tagged with the
question id (PRODUCT.md), and on paper, with boxes to tick and room to write.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree

from musforms.kinds import PLAN_DATE_FIELDS, PLAN_FIELDS
from musforms.ooxml.sdt import Controls
from musforms.render.docx._words import Words
from musforms.render.docx._xml import Cell, el, keep_with_next, paragraph, run, table
from musforms.words import plan_fields as plan_titles
from musforms.words import wheel_parts as wheel_titles

_W_P = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"

if TYPE_CHECKING:
    from musforms.form import FormQuestion
    from musforms.render.docx._styles import StyleIds

__all__ = ["INDENT", "Canvas", "answer_area", "plan_table", "text_box"]

#: The indent of answers under a numbered question, in twips (7 mm).
INDENT = 397
#: Minimum heights (twips) of the boxes to write in: a line, a long answer, a plan row.
LINE_HEIGHT = 510
LONG_HEIGHT = 1700
PLAN_ROW_HEIGHT = 740
HEADER_SHADE = "DCE6F2"


@dataclass
class Canvas:
    """What drawing an answer area needs: styles, controls, words and the page width.

    Attributes:
        width: the text width of the page in twips.
        picture: returns a run showing smiley face ``mood`` (0..4) with a description.
        chart: returns a run showing the radar chart of a competence wheel.
    """

    styles: StyleIds
    controls: Controls
    words: Words
    language: str
    width: int
    picture: Callable[[int, str], etree._Element]
    chart: Callable[[FormQuestion], etree._Element]

    @property
    def lid(self) -> str:
        """The locale of date pickers."""
        return "en-GB" if self.language == "en" else "da-DK"

    def date_control(self, tag: str, *, style: str | None = None) -> etree._Element:
        """Return an empty date picker in the form's date format."""
        return self.controls.date(
            tag,
            self.words.date_placeholder,
            date_format=self.words.date_format,
            lid=self.lid,
            run_style=style,
        )


def answer_area(canvas: Canvas, question: FormQuestion) -> list[etree._Element]:
    """Return the block elements that let a person answer ``question``."""
    kind = question.kind
    if kind in {"text", "long_text"}:
        return [text_box(canvas, question.id, long=kind == "long_text")]
    if kind == "scale":
        return [_scale(canvas, question)]
    if kind == "smiley":
        return [_smileys(canvas, question)]
    if kind == "yes_no":
        return [_yes_no(canvas, question)]
    if kind in {"choice", "multi_choice"}:
        return _choices(canvas, question)
    if kind == "date":
        box = canvas.date_control(question.id, style=canvas.styles.answer)
        line = table(
            [2835],
            [[Cell(paragraph(canvas.styles.answer, box), borders="bottom")]],
            grid=False,
            heights=[454],
            margins=(28, 57, 28),
        )
        _indent(line, INDENT)
        return [line]
    if kind == "competence_wheel":
        return _wheel(canvas, question)
    if kind == "action_plan":
        return [plan_table(canvas, question.id, question.rows or 3)]
    raise AssertionError(f"no Word layout for kind {kind}")  # pragma: no cover - Kind is closed


def text_box(
    canvas: Canvas,
    tag: str,
    *,
    long: bool,
    placeholder: str | None = None,
    height: int | None = None,
    indent: int = INDENT,
) -> etree._Element:
    """Return a framed box holding a text control: one line, or room for a long answer."""
    words = canvas.words
    shown = placeholder or (words.write_here if long else words.write_line)
    control = canvas.controls.text(tag, shown, multiline=long)
    box = table(
        [canvas.width - indent],
        [[Cell(paragraph(canvas.styles.answer, control))]],
        heights=[height or (LONG_HEIGHT if long else LINE_HEIGHT)],
        margins=(85, 113, 85),
    )
    _indent(box, indent)
    return box


def _indent(tbl: etree._Element, twips: int) -> None:
    tblpr = tbl[0]
    # w:tblInd follows w:tblW in the schema's order.
    tblpr.insert(1, el("w:tblInd", {"w:w": str(twips), "w:type": "dxa"}))


def _scale(canvas: Canvas, question: FormQuestion) -> etree._Element:
    scale = question.scale
    assert scale is not None
    points = list(scale.points)
    styles = canvas.styles
    room = canvas.width - INDENT
    column = min(850, (room - 2 * 1500) // max(len(points), 1))
    side = (room - column * len(points)) // 2
    numbers = (
        [Cell()]
        + [
            Cell(paragraph(styles.table_header, run(str(value)), align="center"))
            for value in points
        ]
        + [Cell()]
    )
    low = paragraph(styles.table_text, run(scale.min_label or ""), align="right")
    high = paragraph(styles.table_text, run(scale.max_label or ""), align="left")
    boxes = (
        [Cell(low, valign="center")]
        + [
            Cell(
                paragraph(
                    styles.table_text,
                    canvas.controls.checkbox(f"{question.id}:{value}"),
                    align="center",
                ),
                valign="center",
            )
            for value in points
        ]
        + [Cell(high, valign="center")]
    )
    grid = table(
        [side, *([column] * len(points)), side], [numbers, boxes], grid=False, keep_together=True
    )
    _indent(grid, INDENT)
    return grid


def _smileys(canvas: Canvas, question: FormQuestion) -> etree._Element:
    from musforms.render.docx._faces import faces_for

    count = question.faces or 5
    moods = faces_for(count)
    labels = canvas.words.faces.get(count, canvas.words.faces[5])
    styles = canvas.styles
    column = 1134
    faces = [
        Cell(paragraph(styles.table_text, canvas.picture(mood, label), align="center"))
        for mood, label in zip(moods, labels, strict=True)
    ]
    boxes = [
        Cell(
            paragraph(
                styles.table_text,
                canvas.controls.checkbox(f"{question.id}:{number}"),
                align="center",
            )
        )
        for number in range(1, count + 1)
    ]
    grid = table(
        [column] * count, [faces, boxes], grid=False, keep_together=True, margins=(28, 57, 28)
    )
    _indent(grid, INDENT)
    return grid


def _yes_no(canvas: Canvas, question: FormQuestion) -> etree._Element:
    words = canvas.words
    controls = canvas.controls
    return paragraph(
        canvas.styles.answer,
        controls.checkbox(f"{question.id}:yes"),
        run(f" {words.yes}\t"),
        controls.checkbox(f"{question.id}:no"),
        run(f" {words.no}"),
        indent=(INDENT, 0),
        tabs=[("left", INDENT + 1418)],
        space_after=120,
    )


def _choices(canvas: Canvas, question: FormQuestion) -> list[etree._Element]:
    styles = canvas.styles
    hint = canvas.words.pick_one if question.kind == "choice" else canvas.words.pick_any
    result = [paragraph(styles.help, run(hint), keep_next=True)]
    last = len(question.options) - 1
    for index, option in enumerate(question.options):
        result.append(
            paragraph(
                styles.answer,
                canvas.controls.checkbox(f"{question.id}:{option.id}"),
                run("\t" + option.text),
                indent=(INDENT + 397, 397),
                keep_next=index < last,
                space_after=120 if index == last else 40,
            )
        )
    return result


def _wheel(canvas: Canvas, question: FormQuestion) -> list[etree._Element]:
    scale = question.scale
    assert scale is not None
    styles = canvas.styles
    words = canvas.words
    titles = wheel_titles(canvas.language)
    room = canvas.width - INDENT
    rating = 2268
    values = [str(value) for value in scale.points]
    shown = "  ".join(values)
    header = [
        Cell(paragraph(styles.table_header, run(words.competence)), shade=HEADER_SHADE),
        *(
            Cell(
                paragraph(styles.table_header, run(titles[part]), align="center"),
                shade=HEADER_SHADE,
            )
            for part in ("now", "wanted")
        ),
    ]
    rows = [header]
    for competence in question.competences:
        row = [Cell(paragraph(styles.table_text, run(competence.text)), valign="center")]
        for part in ("now", "wanted"):
            control = canvas.controls.dropdown(
                f"{question.id}:{competence.id}:{part}",
                [(value, value) for value in values],
                shown,
            )
            row.append(Cell(paragraph(styles.table_text, control, align="center"), valign="center"))
        rows.append(row)
    grid = table(
        [room - 2 * rating, rating, rating],
        rows,
        header_rows=1,
        heights=[None] + [454] * len(question.competences),
        keep_together=True,
    )
    _indent(grid, INDENT)
    for cell_paragraph in grid[-1].iter(_W_P):  # the last row stays with the chart
        keep_with_next(cell_paragraph)
    if scale.min_label and scale.max_label:
        hint = f"{scale.min} = {scale.min_label}, {scale.max} = {scale.max_label}."
    else:
        hint = words.rate_hint.format(min=scale.min, max=scale.max)
    return [
        paragraph(styles.help, run(hint), keep_next=True),
        grid,
        paragraph(styles.normal, canvas.chart(question), align="center", space_before=120),
    ]


def plan_table(canvas: Canvas, tag: str, rows: int) -> etree._Element:
    """Return the development plan table: goal, action, responsible, deadline, follow-up.

    The header row repeats on each page; each of the ``rows`` rows is fillable,
    with date pickers for the two dates. Tags are ``tag:<row>:<field>``, rows from 1.
    """
    styles = canvas.styles
    titles = plan_titles(canvas.language)
    room = canvas.width - INDENT
    shares = {
        "goal": 19,
        "action": 20,
        "success": 19,
        "responsible": 14,
        "deadline": 14,
        "follow_up": 14,
    }
    widths = [room * shares[name] // 100 for name in PLAN_FIELDS]
    widths[-1] = room - sum(widths[:-1])
    header = [
        Cell(paragraph(styles.table_header, run(titles[name])), shade=HEADER_SHADE)
        for name in PLAN_FIELDS
    ]
    body: list[list[Cell]] = []
    for number in range(1, rows + 1):
        cells = []
        for name in PLAN_FIELDS:
            cell_tag = f"{tag}:{number}:{name}"
            if name in PLAN_DATE_FIELDS:
                control = canvas.date_control(cell_tag, style=styles.table_text)
            else:
                control = canvas.controls.text(
                    cell_tag, "…", multiline=True, run_style=styles.table_text
                )
            cells.append(Cell(paragraph(styles.table_text, control)))
        body.append(cells)
    # Kept on one page when it fits; a longer plan breaks with its header repeated.
    grid = table(
        widths,
        [header, *body],
        header_rows=1,
        heights=[None] + [PLAN_ROW_HEIGHT] * rows,
        keep_together=True,
    )
    _indent(grid, INDENT)
    return grid
