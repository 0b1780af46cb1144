"""The fillable PDF form: a Form drawn on A4 pages with an interactive AcroForm.

One function, :func:`pdf_bytes`, makes each sheet of a form's type (the
conversation form, the preparation sheets, a colleague's sheet), laid out as
the Word form is: title, the people, the intro, numbered questions by
section with their help, notes boxes for sections answered by ticking, the
development plan and the signatures. The form's identity and spec travel in
the file as an embedded file (``musforms.json``, also listed in the catalog's
``/AF``), so a filled PDF reads back without the spec it was made from.

What the file is, for assistive technology and viewers: ``/Lang``, a title
shown in the window (``DisplayDocTitle``), bookmarks that open with the file,
and a ``/TU`` (the question) on every field. reportlab writes no structure
tree, so the file is **not tagged**; see docs/en/pdf.md.
"""

from __future__ import annotations

import datetime as dt
import io
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from reportlab import rl_config
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObjectReference,
    PDFStream,
)
from reportlab.pdfgen.canvas import Canvas

from musforms.kinds import pdf_field_name
from musforms.ooxml.payload import PDF_ATTACHMENT
from musforms.render._payload import payload_json
from musforms.render.pdf._fields import Fields, Raw, number
from musforms.render.pdf._file import Skeleton, cut
from musforms.render.pdf._fonts import BOLD, REGULAR, label_string, register_fonts, width
from musforms.render.pdf._kinds import INDENT, KEEP, KINDS, PLAN_ROW, plan, write_box
from musforms.render.pdf._layout import GREY, LEFT, PAGE_H, PAGE_W, WIDTH, Flow, lines_of
from musforms.words import pdf_words, person_fields, plan_title, sheet_intro, sheet_name, signers

if TYPE_CHECKING:
    from musforms.form import Form, FormQuestion, FormSection

__all__ = ["PAYLOAD_LEVEL", "Sheet", "payload_stream", "pdf_bytes"]

#: zlib level of the embedded payload; batch compresses each person's with the same, and
#: level 1 deflates its 30 KB in a third of the time of level 6, for 20 % more bytes.
PAYLOAD_LEVEL = 1
#: The height of a section's notes box, its label included.
_NOTES = 16 + 3 * 21 + 8
_CLOSED = frozenset({"scale", "smiley", "yes_no", "choice", "multi_choice", "competence_wheel"})


def pdf_bytes(form: Form, *, audience: str | None = None) -> bytes:
    """Return the fillable PDF of ``form`` for ``audience`` (``None``: the type's main sheet).

    Raises:
        SpecError: the form's type has no such sheet.
    """
    return Sheet(form, form.sheet(audience)).render()


def payload_stream(payload: bytes) -> bytes:
    """Return the embedded payload as stored: deflated at :data:`PAYLOAD_LEVEL`."""
    return zlib.compress(payload, PAYLOAD_LEVEL)


@contextmanager
def _no_ascii85() -> Iterator[None]:
    """Let reportlab deflate streams without wrapping them in ASCII85 (a quarter larger)."""
    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before


def _stamp(form: Form) -> str:
    """Return the file's date: the conversation's, or 1 January of the form's year."""
    day = form.date or dt.date(form.year, 1, 1)
    return f"D:{day:%Y%m%d}000000Z"


class Sheet:
    """One sheet of a form being drawn (see :func:`pdf_bytes`)."""

    def __init__(self, form: Form, sheet: str) -> None:
        self.form = form
        self.sheet = sheet
        self.language = form.language
        self.words = pdf_words(form.language)
        register_fonts()
        self.buffer = io.BytesIO()
        c = self.canvas = Canvas(
            self.buffer,
            pagesize=(PAGE_W, PAGE_H),
            pageCompression=1,
            invariant=1,
            lang=self.words["lang"],
            initialFontName=REGULAR,
            pdfVersion=(1, 7),
        )
        name = sheet_name(form.type, sheet, form.language)
        c.setTitle(form.title)
        c.setAuthor(form.organisation or "musforms")
        c.setSubject(f"{self.words['subject']} · {name}")
        c.setKeywords("MUS")
        c.setCreator("musforms")
        stamp = _stamp(form)
        c.setDateFormatter(lambda *_: stamp)
        c.setViewerPreference("DisplayDocTitle", "true")
        c.showOutline()
        people = [
            (label, value)
            for key, label in person_fields(form.type, form.language)
            if key != "date" and (value := getattr(form, key))
        ]
        title = f"{form.organisation} · {form.title}" if form.organisation else form.title
        self.flow = Flow(
            c,
            header=(title, name, people),
            footer=name,
            page_label=self.words["page"],
        )
        key = self.flow.keys[REGULAR]
        self.fields = Fields(c, key, PDFObjectReference(key), self._appearance)
        self.number = 0

    # -- the document ---------------------------------------------------------

    def render(self) -> bytes:
        """Draw every page and return the file's bytes."""
        form = self.form
        self._title_block()
        has_plan = False
        for index, section in enumerate(form.sections, start=1):
            has_plan |= self._section(index, section)
        if self.sheet == "conversation":
            title = plan_title(form.type, form.language)
            if title and not has_plan:
                self.flow.heading(title)
                plan(self, "plan", 4, title)
            self._signatures()
        self.flow.finish()
        self.fields.finish()
        payload = payload_json(form, audience=self.sheet).encode("utf-8")
        embedded = self._embed(payload)
        with _no_ascii85():
            self.canvas.save()
        numbers = self.canvas._doc.idToObjectNumberAndVersion
        personal = [*self.flow.personal, *self.fields.personal]
        if personal:
            personal.append(embedded)
        pdf = cut(self.buffer.getvalue())
        chosen = [numbers[obj.__InternalName__][0] for obj in personal]
        return Skeleton(pdf, chosen).assemble({n: pdf.objects[n] for n in chosen})

    def _title_block(self) -> None:
        form, flow, words = self.form, self.flow, self.words
        flow.bookmark(form.title)
        for line in lines_of(form.title, BOLD, 19, WIDTH):
            flow.y -= 23
            flow.draw(LEFT, flow.y, line, BOLD, 19)
        flow.y -= 16
        flow.draw(LEFT, flow.y, sheet_name(form.type, self.sheet, form.language), BOLD, 11, 0.35)
        flow.y -= 6
        self._people()
        intro = form.intro_for(self.sheet)
        notes = [
            text for text in (intro, sheet_intro(form.type, self.sheet, form.language)) if text
        ]
        if form.theme:
            notes.append(f"{words['theme']}: {form.theme}")
        if notes:
            self._note(notes)

    def _people(self) -> None:
        """Draw the person fields: a name given is a filled field, else one to fill in."""
        form, flow, c = self.form, self.flow, self.canvas
        items = person_fields(form.type, form.language)
        column = (WIDTH - 20) / 2
        widest = max(width(label, BOLD, 9.5) for _, label in items)
        label_w = min(max(84.0, widest + 8), column / 2)
        for index, (key, label) in enumerate(items):
            if index % 2 == 0:
                flow.need(26)
                flow.y -= 25
            x = LEFT + (index % 2) * (column + 20)
            flow.draw(x, flow.y + 5, label, BOLD, 9.5)
            room = column - label_w
            c.setStrokeGray(0.5)
            c.setLineWidth(0.6)
            c.line(x + label_w, flow.y, x + label_w + room, flow.y)
            value = getattr(form, key)
            if key == "date":
                hint = self.words["date_hint"]
                text = value.strftime("%d-%m-%Y") if value else ""
                self.fields.text(
                    pdf_field_name("person", "date"),
                    x + label_w,
                    flow.y,
                    room - 62,
                    17,
                    tooltip=f"{label} ({hint})",
                    value=text,
                )
                flow.draw(x + label_w + room - 58, flow.y + 5, hint, REGULAR, 8, GREY)
                continue
            self.fields.text(
                pdf_field_name("person", key),
                x + label_w,
                flow.y,
                room,
                17,
                tooltip=label,
                value=value or "",
                personal=bool(value),
            )
        flow.y -= 12

    def _note(self, texts: Sequence[str]) -> None:
        """Draw the intro texts in a light box, as the Word form's note."""
        flow, c = self.flow, self.canvas
        lines: list[str] = []
        for number_, text in enumerate(texts):
            if number_:
                lines.append("")
            lines += lines_of(text, REGULAR, 9.5, WIDTH - 20)
        height = len(lines) * 12.5 + 14
        flow.need(height + 6)
        flow.y -= height
        c.setFillColorRGB(0.94, 0.96, 0.98)
        c.setStrokeColorRGB(0.8, 0.85, 0.9)
        c.setLineWidth(0.5)
        c.rect(LEFT, flow.y, WIDTH, height, stroke=1, fill=1)
        c.setFillGray(0)
        y = flow.y + height - 7
        for line in lines:
            y -= 12.5
            flow.draw(LEFT + 10, y + 2, line, REGULAR, 9.5)
        flow.y -= 6

    def _section(self, index: int, section: FormSection) -> bool:
        """Draw one section; return whether it holds a development plan."""
        questions = [q for q in section.questions if q.for_audience(self.sheet)]
        if not questions:
            return False
        flow = self.flow
        first = questions[0]
        flow.heading(section.title_for(self.sheet), keep=self._room(first) + 30)
        intro = section.intro_for(self.sheet)
        if intro:
            flow.paragraph(intro, size=9.5, grey=GREY)
        notes = self.sheet == "conversation" and any(q.kind in _CLOSED for q in questions)
        for number_, question in enumerate(questions, start=1):
            # The last question keeps the notes box with it: notes alone on a page are lost.
            last = notes and number_ == len(questions)
            self._question(question, after=_NOTES + 17 * len(question.options) if last else 0)
        if notes:
            flow.need(_NOTES)
            flow.y -= 16
            flow.draw(LEFT + INDENT, flow.y, self.words["notes"], BOLD, 9)
            write_box(self, pdf_field_name("notes", index), self.words["notes"], lines=3)
        return any(q.kind == "action_plan" for q in questions)

    def _room(self, question: FormQuestion) -> float:
        """Return the height of a question's text, help and the start of its answer."""
        text = lines_of(question.wording(self.sheet), BOLD, 10.5, WIDTH - INDENT)
        hint = question.hint(self.sheet)
        helps = lines_of(hint, REGULAR, 9, WIDTH - INDENT) if hint else []
        answer = KEEP[question.kind]
        if question.kind == "action_plan":  # the whole table, when it fits on a page
            answer = min(15 + PLAN_ROW * (question.rows or 3), 480)
        return len(text) * 13 + len(helps) * 11.5 + 14 + answer

    def _question(self, question: FormQuestion, *, after: float = 0) -> None:
        """Draw a numbered question, its help and its answer area, with ``after`` points more
        kept on its page."""
        flow = self.flow
        self.number += 1
        wording = question.wording(self.sheet)
        flow.need(self._room(question) + after)
        flow.y -= 9
        flow.draw(LEFT, flow.y - 13, f"{self.number}.", BOLD, 10.5)
        for line in lines_of(wording, BOLD, 10.5, WIDTH - INDENT):
            flow.y -= 13
            flow.draw(LEFT + INDENT, flow.y, line, BOLD, 10.5)
        hint = question.hint(self.sheet)
        if hint:
            flow.paragraph(hint, size=9, grey=GREY, indent=INDENT, leading=1.28)
        flow.y -= 3
        KINDS[question.kind](self, question, wording)

    def _signatures(self) -> None:
        names = signers(self.form.type, self.language)
        if not names:
            return
        flow, c, words = self.flow, self.canvas, self.words
        flow.heading(words["signatures"], size=13, keep=90)
        flow.paragraph(words["signatures_intro"], size=9.5)
        flow.need(80)
        flow.y -= 30
        column = (WIDTH - 40) / 2
        for index, who in enumerate(names):
            x = LEFT + index * (column + 40)
            flow.draw(x, flow.y + 5, f"{words['date']}:", REGULAR, 9.5)
            c.setStrokeGray(0.5)
            c.setLineWidth(0.6)
            c.line(x + 34, flow.y, x + 150, flow.y)
            self.fields.text(
                pdf_field_name("signature", index + 1, "date"),
                x + 34,
                flow.y,
                116,
                17,
                tooltip=f"{words['date']}, {who} ({words['date_hint']})",
            )
            c.setStrokeGray(0.3)
            c.line(x, flow.y - 40, x + column, flow.y - 40)
            flow.draw(x, flow.y - 51, f"{words['signature']}, {who.lower()}", REGULAR, 8.5, GREY)
        flow.y -= 60

    # -- field looks and the payload -------------------------------------------

    def _appearance(
        self, value: str, w: float, h: float, size: float, multiline: bool
    ) -> tuple[bytes, dict[str, Any]]:
        """Return what a viewer draws for a text field holding ``value``, and its fonts."""
        out = [b"/Tx BMC", b"q", f"1 1 {number(w - 2)} {number(h - 2)} re W n".encode()]
        fonts: dict[str, Any] = {}
        if value:
            lead = size * 1.15
            if multiline:
                lines = lines_of(value, REGULAR, size, w - 4)
                top = h - 2 - size
            else:
                lines = [value.replace("\n", " ")]
                top = (h - size * 0.78) / 2
            out.append(b"BT 0 g")
            for index, line in enumerate(lines):
                shown, used = self.flow.show(line, REGULAR, size)
                fonts.update(used)
                y = top - index * lead
                out.append(b"1 0 0 1 2 %s Tm %s" % (number(y).encode(), shown))
            out.append(b"ET")
        out += [b"Q", b"EMC"]
        return b"\n".join(out) + b"\n", fonts

    def _embed(self, payload: bytes) -> PDFStream:
        """Embed the payload as the file ``musforms.json``; return its stream."""
        doc = self.canvas._doc
        stream = PDFStream(
            PDFDictionary(
                {
                    "Type": PDFName("EmbeddedFile"),
                    # PDFName would write application/json as two names.
                    "Subtype": Raw(b"/application#2Fjson"),
                    "Filter": PDFName("FlateDecode"),
                }
            ),
            payload_stream(payload),
            filters=None,
        )
        reference = doc.Reference(stream, "MusformsPayload")
        name = Raw(b"(%s)" % PDF_ATTACHMENT.encode("ascii"))
        filespec = doc.Reference(
            PDFDictionary(
                {
                    "Type": PDFName("Filespec"),
                    "F": name,
                    "UF": Raw(label_string(PDF_ATTACHMENT)),
                    "AFRelationship": PDFName("Data"),
                    "Desc": Raw(label_string("musforms: the form's identity and spec")),
                    "EF": PDFDictionary({"F": reference, "UF": reference}),
                }
            ),
            "MusformsFilespec",
        )
        catalog = doc.Catalog
        catalog.Names = PDFDictionary(
            {"EmbeddedFiles": PDFDictionary({"Names": PDFArray([name, filespec])})}
        )
        # The catalog writes only the keys it knows; /AF (PDF 2.0, PDF/A-3) is one more.
        catalog.__NoDefault__ = [*type(catalog).__NoDefault__, "AF"]
        catalog.AF = PDFArray([filespec])
        return stream
