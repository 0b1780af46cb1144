"""Form: a spec resolved against a bank, every text rendered in the form's language.

This is what every renderer draws from and every reader checks against. It is
plain frozen data: no pydantic validation is left to do, and no renderer needs
the bank any more.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from musforms._slug import slugify, unique
from musforms._templating import BLANK, TextProblem, render_text
from musforms.bank.model import (
    Audience,
    ConversationType,
    Kind,
    Language,
    Phase,
    Question,
    Text,
)
from musforms.errors import SpecError
from musforms.kinds import SHEETS_OF_TYPE, TABLE, Sheet
from musforms.spec import CustomQuestion, FormSpec, QuestionRef

if TYPE_CHECKING:
    from musforms.bank.questionbank import QuestionBank

__all__ = ["Choice", "Form", "FormQuestion", "FormScale", "FormSection", "build_form"]

#: The old name of :data:`~musforms.kinds.Sheet`, kept for programs that used it.
DocxAudience = Sheet

#: What ``{{ theme }}`` and ``{{ organisation }}`` say when the form leaves them out.
_FALLBACKS: dict[str, dict[Language, str]] = {
    "theme": {"da": "årets tema", "en": "the annual theme"},
    "organisation": {"da": "organisationen", "en": "the organisation"},
}

#: Minutes of conversation per question kind, for the length estimate (see docs).
MINUTES_PER_KIND: dict[str, float] = {name: info.minutes for name, info in TABLE.items()}
#: Minutes for opening and closing a conversation, whatever its questions.
MINUTES_FRAME = 10.0
#: The longest a MUS should take (DOMAIN.md: 1 to 1.5 hours).
MINUTES_LIMIT = 90


@dataclass(frozen=True)
class Choice:
    """An option of a choice, or a competence of a wheel, with its rendered text."""

    id: str
    text: str


@dataclass(frozen=True)
class FormScale:
    """A rating scale with its end labels rendered (``None``: no label)."""

    min: int
    max: int
    min_label: str | None = None
    max_label: str | None = None

    @property
    def points(self) -> range:
        """The values of the scale, ``min`` to ``max`` inclusive."""
        return range(self.min, self.max + 1)


@dataclass(frozen=True)
class FormQuestion:
    """A question of a form, its texts rendered in the form's language.

    ``leader_text`` ``None`` means the leader reads ``text``; ``help`` ``None``
    means no hint. ``options`` and ``competences`` are empty for kinds without them.
    """

    id: str
    category: str
    kind: Kind
    text: str
    leader_text: str | None = None
    help: str | None = None
    leader_help: str | None = None
    audience: tuple[Audience, ...] = ("employee", "leader")
    phases: tuple[Phase, ...] = ("preparation", "conversation")
    tags: tuple[str, ...] = ()
    required: bool = False
    scale: FormScale | None = None
    faces: int | None = None
    options: tuple[Choice, ...] = ()
    competences: tuple[Choice, ...] = ()
    rows: int | None = None
    custom: bool = False

    def wording(self, audience: str) -> str:
        """Return the question as ``audience`` reads it (the leader's wording on leader sheets)."""
        if audience == "leader" and self.leader_text:
            return self.leader_text
        return self.text

    def hint(self, audience: str) -> str | None:
        """Return the help text ``audience`` reads (the leader's hint on leader sheets)."""
        if audience == "leader" and self.leader_help:
            return self.leader_help
        return self.help

    def for_audience(self, audience: str) -> bool:
        """Tell whether the question belongs on ``audience``'s sheet.

        The conversation form holds every question; a preparation sheet holds the
        questions meant for its reader that belong to the preparation phase; the
        colleague's sheet holds the questions for colleagues (and a custom question
        on a colleague form, which is for whoever fills it in).
        """
        if audience == "conversation":
            return True
        if audience == "colleague":
            return "colleague" in self.audience or self.custom
        if "preparation" not in self.phases:
            return False
        if audience == "employee":
            return "employee" in self.audience or "colleague" in self.audience
        return audience in self.audience


@dataclass(frozen=True)
class FormSection:
    """A section of a form: a heading, an optional intro and its questions."""

    title: str
    questions: tuple[FormQuestion, ...]
    category: str | None = None
    intro: str | None = None
    leader_title: str | None = None
    leader_intro: str | None = None

    def title_for(self, audience: str) -> str:
        """Return the heading ``audience`` reads (the leader's, where the spec gives one)."""
        if audience == "leader" and self.leader_title:
            return self.leader_title
        return self.title

    def intro_for(self, audience: str) -> str | None:
        """Return the intro ``audience`` reads; ``None`` means none."""
        if audience == "leader" and self.leader_intro is not None:
            return self.leader_intro
        return self.intro


@dataclass(frozen=True)
class Form:
    """A MUS form ready to render: title, people, sections of rendered questions.

    Person fields are ``None`` when the form is not personalised; renderers then
    draw a field to fill in.
    """

    spec: FormSpec
    title: str
    organisation: str
    language: Language
    year: int
    sections: tuple[FormSection, ...]
    type: ConversationType = "mus"
    theme: str | None = None
    intro: str | None = None
    leader_intro: str | None = None
    employee: str | None = None
    leader: str | None = None
    department: str | None = None
    date: dt.date | None = None
    _index: dict[str, FormQuestion] = field(default_factory=dict, repr=False, compare=False)
    _bank: QuestionBank | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._index.update({q.id: q for s in self.sections for q in s.questions})

    def intro_for(self, audience: str | None) -> str | None:
        """Return the form's intro that ``audience`` reads: the leader's on a leader sheet."""
        if audience == "leader" and self.leader_intro:
            return self.leader_intro
        return self.intro

    @property
    def questions(self) -> list[FormQuestion]:
        """Every question of the form, in form order."""
        return [q for s in self.sections for q in s.questions]

    def get(self, question_id: str) -> FormQuestion | None:
        """Return the form's question with this id; ``None`` means not in the form."""
        return self._index.get(question_id)

    @cached_property
    def resolved_spec(self) -> FormSpec:
        """The spec with every bank question written out: what a file carries to read back.

        Custom questions get the full ids this form gave them (``custom.<slug>``),
        so that the spec builds into the same questions wherever it is read.
        """
        if self._bank is None:
            return self.spec
        spec = self.spec.resolved(self._bank)
        sections = []
        for spec_section, section in zip(spec.sections, self.sections, strict=True):
            items = [
                item.model_copy(update={"id": question.id})
                if isinstance(item, CustomQuestion) and item.id != question.id
                else item
                for item, question in zip(spec_section.questions, section.questions, strict=True)
            ]
            sections.append(spec_section.model_copy(update={"questions": items}))
        return spec.model_copy(update={"sections": sections})

    @property
    def sheets(self) -> tuple[Sheet, ...]:
        """The sheets this type of conversation has, its main one first."""
        return SHEETS_OF_TYPE[self.type]

    def sheet(self, audience: str | None) -> Sheet:
        """Return the sheet ``audience`` names; ``None`` means the type's main sheet.

        Raises:
            SpecError: the type has no such sheet (a leader sheet for colleague
                input), never an empty document (``spec.audience_not_in_type``).
        """
        if audience is None:
            return self.sheets[0]
        for sheet in self.sheets:
            if sheet == audience:
                return sheet
        raise SpecError(
            code="spec.audience_not_in_type",
            params={"type": self.type, "audience": audience, "audiences": ", ".join(self.sheets)},
        )

    @property
    def form_id(self) -> str:
        """A fingerprint of the form's questions (ids, kinds, options, scales).

        Two files with the same ``form_id`` take the same answers; the texts and
        the people do not change it.
        """
        shape = [
            [
                q.id,
                q.kind,
                [o.id for o in q.options],
                [c.id for c in q.competences],
                [q.scale.min, q.scale.max] if q.scale else None,
                q.faces,
                q.required,
            ]
            for q in self.questions
        ]
        digest = hashlib.sha256(json.dumps(shape, separators=(",", ":")).encode()).hexdigest()
        return digest[:16]

    @property
    def estimated_minutes(self) -> int:
        """The estimated length of the conversation in minutes.

        The rule: ``MINUTES_FRAME`` for opening and closing plus, per question,
        ``MINUTES_PER_KIND[kind]`` (e.g. 3 for a long text, 1 for a smiley,
        10 for a development plan), rounded up to 5 minutes.
        """
        total = MINUTES_FRAME + sum(MINUTES_PER_KIND[q.kind] for q in self.questions)
        return int(-(-total // 5) * 5)

    @property
    def too_long(self) -> bool:
        """Tell whether the form will not fit in a 90-minute conversation."""
        return self.estimated_minutes > MINUTES_LIMIT

    # -- output: one-line facades over the format registry (musforms.render) ----------
    # The one documented exception to "the model knows no output format"
    # (architecture.json): PRODUCT.md promises form.to_docx(...), as pandas promises
    # DataFrame.to_excel. Each imports the registry inside the call.

    def write(
        self, target: str | Path | BinaryIO, format: str | None = None, **options: Any
    ) -> None:
        """Write the form to ``target`` in ``format`` (a name such as ``"docx"``), or the
        format the target's suffix names (``MUS.dotx``); see :func:`musforms.formats`."""
        from musforms.render import write

        write(self, target, format, **options)

    def json_schema(self) -> dict[str, Any]:
        """Return the Draft 2020-12 JSON Schema of one filled form."""
        from musforms.render.schema import form_schema

        return form_schema(self)

    def to_html(self) -> str:
        """Return a standalone HTML preview of the form."""
        from musforms.render.html import render_html

        return render_html(self)

    def to_docx(
        self,
        target: str | Path | BinaryIO,
        audience: Sheet | None = None,
        template: str | Path | None = None,
        protect: bool = False,
    ) -> None:
        """Write the form as a fillable Word document; ``audience`` ``None`` is the main sheet."""
        self.write(target, "docx", audience=audience, template=template, protect=protect)

    def to_pdf(self, target: str | Path | BinaryIO, audience: Sheet | None = None) -> None:
        """Write the form as a fillable PDF; ``audience`` ``None`` is the main sheet."""
        self.write(target, "pdf", audience=audience)

    def to_xlsx(
        self, target: str | Path | BinaryIO, protect: bool = True, password: str | None = None
    ) -> None:
        """Write the form as a protected, validated workbook."""
        self.write(target, "xlsx", protect=protect, password=password)


def build_form(spec: FormSpec, bank: QuestionBank | None = None) -> Form:
    """Resolve ``spec`` against ``bank`` (the shipped one by default) into a :class:`Form`.

    :func:`musforms.build_form` is this, and can also carry last year's plan in
    (see :mod:`musforms.builder`).

    Raises:
        SpecError: an unknown question or category id (with the nearest ids), a
            question ticked twice, or a text the template sandbox refuses.
    """
    if bank is None:
        from musforms.bank.load import load_bank

        bank = load_bank()
    return _Resolver(spec, bank).form()


class _Resolver:
    """Turns one spec into a form; holds what resolving needs along the way."""

    def __init__(self, spec: FormSpec, bank: QuestionBank) -> None:
        self.spec = spec
        self.bank = bank
        self.language: Language = spec.language
        self.year = spec.year or (spec.date or dt.date.today()).year
        self.values = self._values()
        self.seen: dict[str, tuple[str | int, ...]] = {}

    def form(self) -> Form:
        spec = self.spec
        sections = tuple(self._section(i) for i in range(len(spec.sections)))
        return Form(
            spec=spec,
            title=self._render(spec.localized("title") or "", ("title",)),
            organisation=spec.organisation,
            language=self.language,
            year=self.year,
            sections=sections,
            type=spec.type,
            theme=spec.theme,
            intro=self._render(spec.localized("intro") or "", ("intro",)) if spec.intro else None,
            leader_intro=(
                self._render(spec.localized("leader_intro") or "", ("leader_intro",))
                if spec.leader_intro
                else None
            ),
            employee=spec.employee,
            leader=spec.leader,
            department=spec.department,
            date=spec.date,
            _bank=self.bank,
        )

    def _values(self) -> dict[str, Any]:
        spec, language = self.spec, self.language
        return {
            **spec.variables,
            "organisation": spec.organisation or _FALLBACKS["organisation"][language],
            "theme": spec.theme or _FALLBACKS["theme"][language],
            "year": self.year,
            "employee": spec.employee or BLANK,
            "leader": spec.leader or BLANK,
            "department": spec.department or BLANK,
            "date": format_date(spec.date, language) if spec.date else BLANK,
        }

    def _error(
        self,
        code: str,
        loc: tuple[str | int, ...],
        question_id: str | None = None,
        **params: Any,
    ) -> SpecError:
        file, line = self.spec.line_of(loc)
        return SpecError(
            code=code, params=params, file=file, line=line, question_id=question_id, loc=loc
        )

    def _render(self, text: str, loc: tuple[str | int, ...], question_id: str | None = None) -> str:
        try:
            return render_text(text, self.values)
        except TextProblem as problem:
            raise self._error(problem.code, loc, question_id, **problem.params) from None

    def _text(self, text: Text | None, loc: tuple[str | int, ...], question_id: str) -> str | None:
        if text is None:
            return None
        return self._render(text.get(self.language), loc, question_id)

    def _section(self, index: int) -> FormSection:
        section = self.spec.sections[index]
        loc: tuple[str | int, ...] = ("sections", index)
        questions: list[FormQuestion] = []
        title: str | None = None
        if section.category is not None:
            category = self.bank.category(section.category)
            if category is None:
                raise self._error(
                    "spec.unknown_category",
                    (*loc, "category"),
                    category=section.category,
                    hint=", ".join(self.bank.suggest_category(section.category)),
                )
            title = category.title.get(self.language)
            questions.extend(
                self._question(q, (*loc, "category"), required=False) for q in category.questions
            )
        for position, item in enumerate(section.questions):
            item_loc = (*loc, "questions", position)
            if isinstance(item, CustomQuestion):
                questions.append(self._custom(item, item_loc))
                continue
            question_id = item if isinstance(item, str) else item.id
            required = isinstance(item, QuestionRef) and item.required
            question = self.bank.get(question_id)
            if question is None:
                raise self._error(
                    "spec.unknown_question",
                    item_loc,
                    question_id,
                    hint=", ".join(self.bank.suggest(question_id)),
                )
            questions.append(self._question(question, item_loc, required=required))
        if section.title is not None:
            raw_title = (
                section.title
                if isinstance(section.title, str)
                else section.title.get(self.language)
            )
            title = self._render(raw_title, (*loc, "title"))
        elif title is None:
            first = self.bank.category(questions[0].category) if questions else None
            title = first.title.get(self.language) if first else _generic_title(self.language)
        return FormSection(
            title=title,
            questions=tuple(questions),
            category=section.category,
            intro=self._optional(section.intro, (*loc, "intro")),
            leader_title=self._optional(section.leader_title, (*loc, "leader_title")),
            leader_intro=self._optional(section.leader_intro, (*loc, "leader_intro")),
        )

    def _optional(self, value: str | Text | None, loc: tuple[str | int, ...]) -> str | None:
        """Render a spec text that may be left out, a plain string or ``{da, en}``."""
        if value is None:
            return None
        raw = value if isinstance(value, str) else value.get(self.language)
        return self._render(raw, loc)

    def _custom(self, item: CustomQuestion, loc: tuple[str | int, ...]) -> FormQuestion:
        text = item.text if isinstance(item.text, str) else item.text.get(self.language)
        if item.id is None:
            question_id = unique(f"custom.{slugify(text)}", self.seen)
        elif "." in item.id:
            question_id = item.id
        else:
            question_id = f"custom.{item.id}"
        if question_id in self.bank:
            raise self._error("spec.custom_id_taken", (*loc, "id"), question_id)
        question = item.to_question(question_id, self.language)
        return self._question(question, loc, required=item.required, custom=True)

    def _question(
        self,
        question: Question,
        loc: tuple[str | int, ...],
        *,
        required: bool,
        custom: bool = False,
    ) -> FormQuestion:
        if question.id in self.seen:
            raise self._error("spec.duplicate_question", loc, question.id)
        self.seen[question.id] = loc
        qid = question.id
        scale = None
        if question.scale is not None:
            labels = question.scale.labels
            scale = FormScale(
                min=question.scale.min,
                max=question.scale.max,
                min_label=self._text(labels.min, loc, qid) if labels else None,
                max_label=self._text(labels.max, loc, qid) if labels else None,
            )
        return FormQuestion(
            id=qid,
            category=question.category,
            kind=question.kind,
            text=self._text(question.text, loc, qid) or "",
            leader_text=self._text(question.leader_text, loc, qid),
            help=self._text(question.help, loc, qid),
            leader_help=self._text(question.leader_help, loc, qid),
            audience=question.audience,
            phases=question.phases,
            tags=question.tags,
            required=required or question.required,
            scale=scale,
            faces=question.faces,
            options=tuple(
                Choice(o.id, self._text(o.text, loc, qid) or "") for o in question.options or ()
            ),
            competences=tuple(
                Choice(c.id, self._text(c.text, loc, qid) or "") for c in question.competences or ()
            ),
            rows=question.rows,
            custom=custom,
        )


def _generic_title(language: Language) -> str:
    return "Spørgsmål" if language == "da" else "Questions"


_MONTHS_DA = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)


def format_date(value: dt.date, language: Language) -> str:
    """Return a date as people write it: ``23. november 2026`` / ``23 November 2026``."""
    if language == "da":
        return f"{value.day}. {_MONTHS_DA[value.month - 1]} {value.year}"
    return f"{value.day} {value.strftime('%B')} {value.year}"
