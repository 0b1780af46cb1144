"""The Word (.docx) form: fillable on screen, printable on A4.

One function, :func:`render_docx`, makes three documents from a form: the
conversation form (every question, notes, the development plan, signatures)
and the two preparation sheets (employee's and leader's wording). Answers go
into content controls tagged with question ids, so a filled file can be read
back; the form itself travels in a custom XML part.

The document is built in memory, from musforms' slim template or an
organisation's own, and written atomically: a failed render leaves no file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from lxml import etree

from musforms import words as shared
from musforms._atomic import write_atomically
from musforms.kinds import SHEETS
from musforms.ooxml.sdt import Controls
from musforms.ooxml.wml import qn
from musforms.render._payload import payload_json
from musforms.render.docx import _package as package
from musforms.render.docx._drawings import Drawings, describe_pictures
from musforms.render.docx._kinds import INDENT, Canvas, answer_area, plan_table
from musforms.render.docx._language import mark_languages
from musforms.render.docx._opc import Package
from musforms.render.docx._organisation import organisation_of
from musforms.render.docx._styles import ensure_styles, language_tag, set_language
from musforms.render.docx._titles import Titles
from musforms.render.docx._toc import TOC_MIN_PAGES, add_toc, estimate_pages
from musforms.render.docx._words import words
from musforms.render.docx._xml import Cell, field_runs, paragraph, run, table

if TYPE_CHECKING:
    from musforms.form import Form, FormQuestion, FormSection

__all__ = ["AUDIENCES", "docx_bytes", "render_docx"]

#: Who a document can be for; a form's type says which of them it has (Form.sheets).
AUDIENCES = SHEETS
#: Kinds answered without words; a section of them gets a notes box in the conversation.
_CLOSED_KINDS = frozenset(
    {"scale", "smiley", "yes_no", "choice", "multi_choice", "competence_wheel"}
)


def render_docx(
    form: Form,
    target: str | Path | BinaryIO,
    *,
    audience: str | None = None,
    template: str | Path | None = None,
    protect: bool = False,
) -> None:
    """Write ``form`` as a fillable Word document to ``target`` (a path or a binary file).

    Args:
        audience: whose sheet: ``"conversation"`` (the form used in the talk, with
            notes, the development plan and signatures), ``"employee"`` or
            ``"leader"`` (a preparation sheet with that reader's questions and
            wording), ``"colleague"`` (a colleague-input form's sheet); ``None``
            means the main sheet of the form's type.
        template: an organisation's .docx or .dotx whose styles, header, footer
            and page set-up the form takes; ``None`` means the spec's
            ``template:`` (relative to the spec file), else musforms' own.
        protect: allow only filling in the fields (Word's "filling in forms",
            without a password); ``False`` leaves a template's own setting.

    Raises:
        SpecError: the form's type has no such sheet.
        RenderError: a missing or broken template, or a target that cannot be written.
    """
    write_atomically(
        target, docx_bytes(form, audience=audience, template=template, protect=protect)
    )


def docx_bytes(
    form: Form,
    *,
    audience: str | None = None,
    template: str | Path | None = None,
    protect: bool = False,
) -> bytes:
    """Return the Word document of ``form`` as bytes; see :func:`render_docx`."""
    sheet = form.sheet(audience)
    document = package.open_template(_template_path(form, template))
    return _Document(form, document, sheet).render(protect=protect)


def _template_path(form: Form, template: str | Path | None) -> Path | None:
    if template is not None:
        return Path(template)
    named = form.spec.template
    if not named:
        return None
    path = Path(named)
    source = form.spec.source_file
    if not path.is_absolute() and source is not None:
        path = source.parent / path
    return path


class _Document:
    """One Word document being built from a form for one audience."""

    def __init__(self, form: Form, document: Package, audience: str) -> None:
        self.form = form
        self.document = document
        self.audience = audience
        self.words = words(form.language)
        #: The type's plan heading; empty when the type has no plan (colleague input).
        self.plan_title = shared.plan_title(form.type, form.language)
        self.sheet_name = shared.sheet_name(form.type, audience, form.language)
        styles_element = package.styles_of(document)
        self.styles = ensure_styles(styles_element)
        set_language(styles_element, form.language)
        self.body = package.clear_body(document)
        self.end = self.body[-1]
        self.width = package.text_width(self.body)
        self.controls = Controls(
            placeholder_style=self.styles.placeholder,
            title_of=Titles(form, audience, self.words).of,
        )
        drawings = Drawings(document, form.language, self.width - INDENT, self.words.chart_title)
        self.canvas = Canvas(
            styles=self.styles,
            controls=self.controls,
            words=self.words,
            language=form.language,
            width=self.width,
            picture=drawings.picture,
            chart=drawings.chart,
        )
        self._number = 0
        #: The block put last, so that what follows can be glued to it (_glue).
        self._last: etree._Element | None = None

    # -- the document -------------------------------------------------------

    def render(self, *, protect: bool) -> bytes:
        form, words = self.form, self.words
        self._title_block()
        title_end = self.end.getprevious()
        has_plan = False
        for index, section in enumerate(form.sections, start=1):
            has_plan |= self._section(index, section)
        if self.audience == "conversation" and self.plan_title:
            if not has_plan:
                self._put(paragraph(self.styles.heading1, run(self.plan_title), keep_next=True))
                self._put(plan_table(self.canvas, "plan", 4))
            self._glue()
            self._signatures()
        if estimate_pages(self.body, self.styles, self.width) > TOC_MIN_PAGES:
            self._toc(title_end)
        mark_languages(self.body, form.language, package.settings_of(self.document))
        self._header_footer()
        package.add_custom_xml(
            self.document,
            payload_json(form, audience=self.audience),
            self.controls.in_document_order(self.body),
            audience=self.audience,
            key=f"{form.form_id}:{self.audience}",
        )
        stamp = package.stamp_of(form.date, form.year)
        package.set_core_properties(
            self.document,
            stamp=stamp,
            title=form.title,
            subject=f"{words.subject} · {self.sheet_name}",
            author=form.organisation,
            keywords="MUS",
            category="MUS",
            language=language_tag(form.language),
            identifier=f"urn:musforms:form:{form.form_id}",
        )
        if protect:
            package.protect_forms(self.document)
        return package.package_bytes(self.document, stamp)

    def _put(self, *blocks: etree._Element) -> None:
        for block in blocks:
            self.end.addprevious(block)
            self._last = block

    def _glue(self) -> None:
        """Keep the block put last on the page of what comes next.

        A notes box printed alone at the top of a page, or a page holding only the
        signatures, wastes paper and parts them from what they belong to. The last
        paragraph, or every paragraph of a table's last row (Word and LibreOffice
        keep a row with the next paragraph when its paragraphs keep with next), gets
        ``w:keepNext``; the rows themselves never split (``w:cantSplit``).
        """
        last = self._last
        if last is None:
            return
        if last.tag == qn("w:tbl") and len(list(last.iter(qn("w:tc")))) == 1:
            # A one-cell answer box: LibreOffice parts a table from the next paragraph
            # whatever its paragraphs say, so the box is drawn as framed paragraphs.
            last = self._last = _box_as_paragraphs(last)
        if last.tag == qn("w:tbl"):
            rows = last.findall(qn("w:tr"))
            targets = list(rows[-1].iter(qn("w:p"))) if rows else []
        else:
            targets = [last] if last.tag == qn("w:p") else []
        for p in targets:
            _keep_next(p)

    def _title_block(self) -> None:
        form, words, styles = self.form, self.words, self.styles
        self._put(
            paragraph(styles.title, run(form.title)),
            paragraph(styles.subtitle, run(self.sheet_name)),
            self._people(),
        )
        purpose = shared.sheet_intro(form.type, self.audience, form.language)
        notes = [text for text in (form.intro_for(self.audience), purpose) if text]
        for number, text in enumerate(notes):
            self._put(
                paragraph(
                    styles.note,
                    run(text),
                    space_before=240 if number == 0 else 0,
                    space_after=0 if number < len(notes) - 1 or form.theme else 240,
                )
            )
        if form.theme:
            self._put(
                paragraph(
                    styles.note,
                    run(f"{words.theme}: ", bold=True),
                    run(form.theme),
                    space_after=240,
                )
            )

    def _people(self) -> etree._Element:
        form, words, styles, controls = self.form, self.words, self.styles, self.controls
        label = 1588
        gap = 284
        value = (self.width - 2 * label - gap) // 2

        def given(tag: str, name: str | None, placeholder: str) -> Cell:
            content = run(name) if name else controls.text(f"person:{tag}", placeholder)
            return Cell(paragraph(styles.answer, content), borders="bottom", valign="bottom")

        def caption(text: str) -> Cell:
            return Cell(paragraph(styles.label, run(text)), valign="bottom")

        if form.date is not None:
            from musforms.form import format_date

            day: Cell = Cell(
                paragraph(styles.answer, run(format_date(form.date, form.language))),
                borders="bottom",
                valign="bottom",
            )
        else:
            picker = self.canvas.date_control("person:date", style=styles.answer)
            day = Cell(paragraph(styles.answer, picker), borders="bottom", valign="bottom")
        # The type says which fields the header holds and what they are called
        # (musforms.words.person_fields, as in Excel and HTML): a team's name and
        # participants for grus, only whom the input is about for colleague input.
        department_here = words.department_here if form.type in ("mus", "lus") else words.name_here
        cells: list[tuple[Cell, Cell]] = []
        for name, text in shared.person_fields(form.type, form.language):
            if name == "date":
                cells.append((caption(text), day))
            elif name == "department":
                cells.append((caption(text), given(name, form.department, department_here)))
            else:
                cells.append((caption(text), given(name, getattr(form, name), words.name_here)))
        rows: list[list[Cell]] = []
        for start in range(0, len(cells), 2):
            pair = cells[start : start + 2]
            row = [*pair[0], Cell()]
            row.extend(pair[1] if len(pair) > 1 else (Cell(), Cell()))
            rows.append(row)
        return table(
            [label, value, gap, label, value],
            rows,
            grid=False,
            heights=[482] * len(rows),
            margins=(28, 57, 28),
        )

    def _section(self, index: int, section: FormSection) -> bool:
        """Put one section; return whether it holds a development plan."""
        questions = [
            q
            for q in section.questions
            if q.for_audience(self.audience) and (self.plan_title or q.kind != "action_plan")
        ]
        if not questions:
            return False
        styles = self.styles
        self._put(paragraph(styles.heading1, run(section.title_for(self.audience)), keep_next=True))
        intro = section.intro_for(self.audience)
        if intro:
            self._put(paragraph(styles.normal, run(intro), keep_next=True))
        for question in questions:
            self._question(question)
        closed = any(q.kind in _CLOSED_KINDS for q in questions)
        if self.audience == "conversation" and closed:
            self._glue()
            self._put(
                paragraph(
                    styles.label,
                    run(self.words.notes),
                    keep_next=True,
                    space_before=200,
                    space_after=60,
                    indent=(INDENT, 0),
                ),
                *self._notes_box(f"notes:{index}"),
            )
        return any(q.kind == "action_plan" for q in questions)

    def _notes_box(self, tag: str) -> list[etree._Element]:
        """Return the framed notes box: bordered paragraphs, the first holding the control.

        Paragraphs, not a one-cell table: Word and LibreOffice both keep a paragraph
        with the next one (the signatures after the last section), while LibreOffice
        lets a table part from what follows, whatever its paragraphs say.
        """
        styles = self.styles
        control = self.controls.text(tag, self.words.notes_placeholder, multiline=True)
        lines = [control, None, None, None]
        return [
            _framed_line(
                styles.answer,
                [content] if content is not None else [],
                left=INDENT,
                keep_next=number < len(lines) - 1,
            )
            for number, content in enumerate(lines)
        ]

    def _question(self, question: FormQuestion) -> None:
        styles = self.styles
        self._number += 1
        wording = question.wording(self.audience)
        self._put(
            paragraph(styles.question, run(f"{self._number}.\t"), run(wording), keep_next=True)
        )
        hint = question.hint(self.audience)
        if hint:
            self._put(paragraph(styles.help, run(hint), keep_next=True))
        self._put(*answer_area(self.canvas, question))

    def _signatures(self) -> None:
        form, words, styles = self.form, self.words, self.styles
        self._put(
            paragraph(styles.heading1, run(words.signatures), keep_next=True),
            paragraph(styles.normal, run(words.signatures_intro), keep_next=True),
        )
        gap = 680
        half = (self.width - gap) // 2
        rows: list[list[Cell]] = [[], [], []]
        # Who signs follows the type (musforms.words.signers): employee and leader,
        # a leader and their own leader, or the leader alone for a team.
        signing = shared.signers(form.type, form.language)
        roles = ("employee", "leader") if len(signing) > 1 else ("leader",)
        for index, (who, signer) in enumerate(zip(roles, signing, strict=True)):
            if index:
                for row in rows:
                    row.append(Cell())
            name = form.employee if who == "employee" else form.leader
            picker = self.canvas.date_control(f"signature:{who}:date", style=styles.answer)
            rows[0].append(Cell(paragraph(styles.answer, run(f"{words.date}: "), picker)))
            rows[1].append(Cell(paragraph(styles.answer), borders="bottom"))
            caption = shared.signature_label(signer, form.language) + (f": {name}" if name else "")
            rows[2].append(Cell(paragraph(styles.label, run(caption))))
        if len(signing) == 1:
            for row in rows:
                row.extend((Cell(), Cell()))
        self._put(
            table([half, gap, half], rows, grid=False, heights=[454, 850, None], keep_together=True)
        )

    def _toc(self, title_end: etree._Element | None) -> None:
        """Put a table of contents of the section headings under the title block."""
        w = f"{{{etree.QName(self.body).namespace}}}"
        headings = [
            "".join(t.text or "" for t in p.iter(f"{w}t"))
            for p in self.body.iterchildren(f"{w}p")
            if p.find(f"{w}pPr/{w}pStyle[@{w}val='{self.styles.heading1}']") is not None
        ]
        anchor = title_end.getnext() if title_end is not None else self.body[0]
        add_toc(
            anchor if anchor is not None else self.end,
            headings,
            language=self.form.language,
            styles=self.styles,
            styles_element=package.styles_of(self.document),
            settings_element=package.settings_of(self.document),
        )

    # -- header and footer ----------------------------------------------------

    def _header_footer(self) -> None:
        """Put the organisation and title in the page header, the page number in the footer.

        An organisation's template keeps its own header and footer (its logo);
        the title is added under its header, and the page number only if its
        footer has none.
        """
        form, words, styles = self.form, self.words, self.styles
        title = form.title + (f" · {form.employee}" if form.employee else "")
        page = [
            run(f"{words.page} "),
            *field_runs("PAGE", "1"),
            run(f" {words.of} "),
            *field_runs("NUMPAGES", "1"),
        ]
        header, new_header = package.header_footer(self.document, "header")
        if new_header:
            _emptied(header).extend(
                (
                    self._split_line(
                        styles.header,
                        [run(organisation_of(form, self.document))],
                        [run(title)],
                        "bottom",
                    ),
                    paragraph(styles.header, space_after=0),
                )
            )
        else:
            header.append(paragraph(styles.header, run(title), align="right"))
        footer, new_footer = package.header_footer(self.document, "footer")
        if new_footer:
            _emptied(footer).extend(
                (
                    self._split_line(styles.footer, [run(self.sheet_name)], page, "top"),
                    paragraph(styles.footer, space_after=0),
                )
            )
        elif b"PAGE" not in etree.tostring(footer):
            footer.append(paragraph(styles.footer, *page, align="right"))
        for part in (header, footer):  # a template's logo
            describe_pictures(part, organisation_of(form, self.document) or form.title)

    def _split_line(
        self, style: str, left: list[etree._Element], right: list[etree._Element], rule: str
    ) -> etree._Element:
        """Return a one-row table: ``left`` at the left margin, ``right`` at the right, a rule."""
        half = self.width // 2
        cells = [
            Cell(paragraph(style, *left), borders=rule),
            Cell(paragraph(style, *right, align="right"), borders=rule),
        ]
        return table([half, self.width - half], [cells], grid=False, margins=(40, 0, 40))


#: The room (twips) between a notes box's frame and its text.
_BOX_PAD = 113


#: About one line of the answer style, in twips.
_LINE = 276


def _box_as_paragraphs(box: etree._Element) -> etree._Element:
    """Replace a one-cell table by framed paragraphs of about its height; return the last."""
    cell = next(box.iter(qn("w:tc")))
    ind = box.find(f"{qn('w:tblPr')}/{qn('w:tblInd')}")
    left = int(ind.get(qn("w:w"), "0")) if ind is not None else 0
    height = box.find(f".//{qn('w:trHeight')}")
    rows = int(height.get(qn("w:val"), "0")) // _LINE if height is not None else 1
    inner = [child for child in cell if child.tag == qn("w:p")]
    style = inner[0].find(f"{qn('w:pPr')}/{qn('w:pStyle')}") if inner else None
    name = style.get(qn("w:val")) if style is not None else None
    lines = [list(p)[1:] if p.find(qn("w:pPr")) is not None else list(p) for p in inner]
    lines += [[]] * max(0, rows - len(lines))
    made = []
    for content in lines:
        p = _framed_line(name, content, left=left, keep_next=True)
        box.addprevious(p)
        made.append(p)
    parent = box.getparent()
    assert parent is not None
    parent.remove(box)
    return made[-1]


def _framed_line(
    style: str | None, content: list[etree._Element], *, left: int, keep_next: bool
) -> etree._Element:
    """Return one line of a framed box (a notes box): its paragraph, ruled and framed."""
    p = paragraph(
        style,
        *content,
        keep_next=keep_next,
        keep_lines=True,
        space_before=0,
        space_after=0,
        indent=(left + _BOX_PAD, 0),
        rule="top",
    )
    _frame(p)
    return p


def _frame(p: etree._Element) -> None:
    """Draw all four sides round a paragraph (from its top rule), and pad it on the right.

    Consecutive paragraphs with the same frame print as one box, in Word and
    LibreOffice alike.
    """
    ppr = p.find(qn("w:pPr"))
    assert ppr is not None
    borders = ppr.find(qn("w:pBdr"))
    assert borders is not None
    top = borders[0]
    top.set(qn("w:space"), "4")
    for side in ("left", "bottom", "right"):
        edge = etree.SubElement(borders, qn(f"w:{side}"))
        for name, value in top.attrib.items():
            edge.set(name, value)
    indent = ppr.find(qn("w:ind"))
    if indent is not None:
        indent.set(qn("w:right"), str(_BOX_PAD))


def _keep_next(p: etree._Element) -> None:
    """Add ``w:keepNext`` to a paragraph, after its ``w:pStyle`` as the schema orders them."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = etree.Element(qn("w:pPr"))
        p.insert(0, ppr)
    if ppr.find(qn("w:keepNext")) is None:
        style = ppr.find(qn("w:pStyle"))
        position = 0 if style is None else list(ppr).index(style) + 1
        ppr.insert(position, etree.Element(qn("w:keepNext")))


def _emptied(part_element: etree._Element) -> etree._Element:
    for child in list(part_element):
        part_element.remove(child)
    return part_element
