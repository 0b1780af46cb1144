"""FormSpec and FormBuilder: what an HR consultant saves, and how a program makes one.

A spec is a title, some settings and a list of sections; each section is a
whole bank category or a list of ticked question ids and custom questions.
Specs are bank-independent data: ids are checked against a bank when the
spec is built into a :class:`~musforms.form.Form`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    StringConstraints,
    Tag,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from musforms._atomic import write_atomically
from musforms._files import read_limited
from musforms._located import LocatedData, YamlProblem
from musforms._pydantic import clean_loc, custom_error, describe
from musforms._templating import KNOWN_VARIABLES, TextProblem, check_text
from musforms.bank.model import (
    Audience,
    Clean,
    ConversationType,
    Kind,
    Language,
    Option,
    Phase,
    Question,
    Scale,
    Text,
)
from musforms.errors import SpecError

if TYPE_CHECKING:
    from musforms.bank.questionbank import QuestionBank

__all__ = ["CustomQuestion", "FormSpec", "QuestionRef", "SectionSpec"]

#: The spec format's version; bump it when a spec must be read differently.
SPEC_VERSION: Literal[1] = 1

Line = Annotated[str, Clean, StringConstraints(strip_whitespace=True, max_length=300)]
LongText = Annotated[str, Clean, StringConstraints(strip_whitespace=True, max_length=4000)]
Variable = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]


class _Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=False, validate_assignment=True, defer_build=True
    )


def _text_of(value: str | Text, language: Language) -> Text:
    """Return a :class:`Text` of a plain string (in ``language``) or a :class:`Text`."""
    if isinstance(value, Text):
        return value
    return Text(da=value, en=value if language == "en" else None)


class CustomOption(_Strict):
    """An option of a custom choice; the id is made from the text when left out."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$")] | None = None
    text: Line | Text


def _option_or_text(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


OptionItem = Annotated[CustomOption, Field()]


_CUSTOM_ID = r"^(?:[a-z][a-z0-9_]*\.[a-z0-9][a-z0-9_-]*|[a-z0-9][a-z0-9_-]{0,92})$"


class CustomQuestion(_Strict):
    """A question written in the spec rather than ticked from the bank.

    It takes the keys of a bank question; its texts may be plain strings (in the
    form's language) or ``{da, en}``. Its id is ``custom.<slug of the text>``
    unless given.
    """

    #: A slug (``custom.`` is put before it) or a whole ``category.slug`` id, as the bank's:
    #: an id like ``0.`` names no category, and is refused here rather than by the bank model.
    id: Annotated[str, StringConstraints(pattern=_CUSTOM_ID, max_length=100)] | None = None
    text: LongText | Text
    kind: Kind = "long_text"
    leader_text: LongText | Text | None = None
    help: LongText | Text | None = None
    leader_help: LongText | Text | None = None
    audience: tuple[Audience, ...] = ("employee", "leader")
    phases: tuple[Phase, ...] = ("preparation", "conversation")
    tags: tuple[str, ...] = ()
    required: bool = False
    scale: Scale | None = None
    faces: Literal[3, 5] | None = None
    options: list[OptionItem] | None = None
    competences: list[OptionItem] | None = None
    rows: int | None = None

    @field_validator("options", "competences", mode="before")
    @classmethod
    def _plain_strings_are_options(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [_option_or_text(item) for item in value]
        return value

    @field_validator("text")
    @classmethod
    def _text_not_empty(cls, value: str | Text) -> str | Text:
        if isinstance(value, str) and not value:
            raise custom_error("spec.no_question_text")
        return value

    @model_validator(mode="after")
    def _valid_as_a_question(self) -> Self:
        """Validate the question as the bank would, so that errors come at load time."""
        self.to_question("custom.check", "da")
        return self

    def to_question(self, question_id: str, language: Language) -> Question:
        """Return this custom question as a bank :class:`Question` with ``question_id``."""
        from musforms._slug import slugify, unique

        def options(items: list[CustomOption] | None) -> list[Option] | None:
            if items is None:
                return None
            result: list[Option] = []
            taken: set[str] = set()
            for item in items:
                text = _text_of(item.text, language)
                option_id = item.id or unique(slugify(text.get(language), 30), taken)
                taken.add(option_id)
                result.append(Option(id=option_id, text=text))
            return result

        data = {
            "id": question_id,
            "category": question_id.split(".", 1)[0],
            "kind": self.kind,
            "text": _text_of(self.text, language),
            "leader_text": _text_of(self.leader_text, language) if self.leader_text else None,
            "help": _text_of(self.help, language) if self.help else None,
            "leader_help": _text_of(self.leader_help, language) if self.leader_help else None,
            "audience": self.audience,
            "phases": self.phases,
            "tags": self.tags,
            "required": self.required,
            "scale": self.scale,
            "faces": self.faces,
            "options": options(self.options),
            "competences": options(self.competences),
            "rows": self.rows,
        }
        return Question.model_validate(data)

    def texts(self) -> Iterator[str]:
        """Yield every text of the question, for template checks."""
        for value in (self.text, self.leader_text, self.help, self.leader_help):
            if isinstance(value, Text):
                yield from value.texts()
            elif value:
                yield value
        for item in (*(self.options or ()), *(self.competences or ())):
            yield from ([item.text] if isinstance(item.text, str) else item.text.texts())


class QuestionRef(_Strict):
    """A ticked bank question with settings for this form (``{id: ..., required: true}``)."""

    id: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    required: bool = False


def _which_item(value: Any) -> str:
    if isinstance(value, str):
        return "[id]"
    if isinstance(value, dict) and "text" not in value:
        return "[ref]"
    if isinstance(value, QuestionRef):
        return "[ref]"
    return "[custom]"


SectionItem = Annotated[
    Annotated[str, Tag("[id]")]
    | Annotated[QuestionRef, Tag("[ref]")]
    | Annotated[CustomQuestion, Tag("[custom]")],
    Discriminator(_which_item),
]


class SectionSpec(_Strict):
    """A section of the form: a whole bank category, or ticked and custom questions.

    ``title`` ``None`` means the category's title (or a generic one).
    ``leader_title`` and ``leader_intro`` are what the leader's preparation
    sheet shows instead, where the employee's words do not fit the leader.
    """

    title: Line | Text | None = None
    category: Annotated[str, StringConstraints(strip_whitespace=True, max_length=60)] | None = None
    questions: list[SectionItem] = Field(default_factory=list, max_length=300)
    intro: LongText | Text | None = None
    leader_title: Line | Text | None = None
    leader_intro: LongText | Text | None = None

    @model_validator(mode="after")
    def _category_or_questions(self) -> Self:
        if self.category is None and not self.questions:
            raise custom_error("spec.section_empty")
        return self


class FormSpec(_Strict):
    """The spec of a MUS form, as saved by an HR consultant (YAML or JSON).

    ``type`` is the kind of conversation (``mus``, ``lus``, ``grus`` or
    ``colleague``); the header fields, fixed texts, plan and signatures follow it.
    Person fields (``employee``, ``leader``, ``department``, ``date``) are
    usually left out: they render as blanks to fill in, and ``batch`` sets them
    per person.
    """

    title: (
        Annotated[
            str, Clean, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
        ]
        | Text
    )
    organisation: Line = ""
    language: Language = "da"
    type: ConversationType = "mus"
    description: Line | Text | None = None
    theme: Line | None = None
    year: int | None = Field(default=None, ge=1900, le=2200)
    intro: LongText | Text | None = None
    leader_intro: LongText | Text | None = None
    template: Line | None = None
    employee: Line | None = None
    leader: Line | None = None
    department: Line | None = None
    date: dt.date | None = None
    variables: dict[Variable, Line] = Field(default_factory=dict, max_length=50)
    sections: list[SectionSpec] = Field(min_length=1, max_length=100)
    version: Literal[1] = SPEC_VERSION

    _source: tuple[Path, LocatedData] | None = PrivateAttr(default=None)

    @field_validator("variables")
    @classmethod
    def _variables_do_not_shadow(cls, value: dict[str, str]) -> dict[str, str]:
        clash = sorted(set(value) & KNOWN_VARIABLES)
        if clash:
            raise custom_error("spec.builtin_variable", name=clash[0])
        return value

    @model_validator(mode="after")
    def _texts_are_valid_templates(self, info: ValidationInfo) -> Self:
        if info.context and info.context.get("texts_checked"):
            return self  # iter_problems checks every text itself, each with its place
        allowed = KNOWN_VARIABLES | set(self.variables)
        for text in self._texts():
            try:
                check_text(text, allowed)
            except TextProblem as problem:
                raise custom_error(problem.code, **problem.params) from None
        return self

    def _texts(self) -> Iterator[str]:
        for value in (self.title, self.intro, self.leader_intro):
            if isinstance(value, Text):
                yield from value.texts()
            elif value:
                yield value
        for section in self.sections:
            for value in (section.title, section.intro, section.leader_title, section.leader_intro):
                if isinstance(value, Text):
                    yield from value.texts()
                elif value:
                    yield value
            for item in section.questions:
                if isinstance(item, CustomQuestion):
                    yield from item.texts()

    # -- files ---------------------------------------------------------------

    @classmethod
    def from_file(cls, path: str | Path) -> FormSpec:
        """Read a spec from a ``.yaml``/``.yml`` or ``.json`` file.

        Raises:
            SpecError: the file is missing, not a regular file, larger than
                1 MB, not text, or invalid; the message names the file, the line
                and the field.
        """
        path = Path(path)
        data = read_limited(path, MAX_SPEC_BYTES, SpecError, hint=_SIZE_HINT)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise SpecError(code="file.not_text", file=path) from None
        return cls.from_text(text, file=path, json=path.suffix.lower() == ".json")

    @classmethod
    def from_text(
        cls, text: str, *, file: str | Path = "<spec>", json: bool | None = None
    ) -> FormSpec:
        """Parse a spec from YAML or JSON text; ``file`` names it in errors.

        Args:
            json: read the text as JSON; ``None`` means JSON if it starts with ``{``.
        """
        data, located = _parse(text, file, json)
        return cls.from_data(data, file=file, located=located)

    @classmethod
    def from_data(
        cls, data: Any, *, file: str | Path = "<spec>", located: LocatedData | None = None
    ) -> FormSpec:
        """Validate plain data as a spec, raising :class:`SpecError` on the first problem."""
        if not isinstance(data, dict):
            raise SpecError(code="spec.not_mapping", file=file, line=1)
        try:
            spec = cls.model_validate(data)
        except ValidationError as exc:
            error = exc.errors()[0]
            loc = clean_loc(error["loc"]) or _loc_of_bad_text(data)
            line = located.line_of(loc) if located else None
            code, params = describe(error)
            raise SpecError(code=code, params=params, file=file, line=line, loc=loc) from None
        if located is not None:
            spec._source = (Path(file), located)
        return spec

    @classmethod
    def iter_problems_of(
        cls,
        data: Any,
        bank: QuestionBank | None = None,
        *,
        file: str | Path = "<spec>",
        located: LocatedData | None = None,
    ) -> Iterator[SpecError]:
        """Yield every problem of raw spec data in one pass (like the bank loader's).

        The problems are those of the fields (each pydantic error), of every
        text as a template, and, with a ``bank``, of every id: unknown questions
        and categories, questions ticked twice, custom ids taken by the bank.
        """
        if not isinstance(data, dict):
            yield SpecError(code="spec.not_mapping", file=file, line=1)
            return

        def placed(
            code: str, params: dict[str, Any], loc: Loc, qid: str | None = None
        ) -> SpecError:
            line = located.line_of(loc) if located else None
            return SpecError(
                code=code, params=params, file=file, line=line, loc=loc, question_id=qid
            )

        try:
            cls.model_validate(data, context={"texts_checked": True})
        except ValidationError as exc:
            for error in exc.errors():
                code, params = describe(error)
                yield placed(code, params, clean_loc(error["loc"]))
        for loc, problem in _template_problems(data):
            yield placed(problem.code, problem.params, loc)
        if bank is not None:
            for code, params, loc, qid in _reference_problems(data, bank):
                yield placed(code, params, loc, qid)

    def resolved(self, bank: QuestionBank) -> FormSpec:
        """Return this spec with every bank question written out, to build without a bank.

        Each ticked question becomes a custom question with the bank's id, texts
        (templates, not yet rendered), options and scale; a whole-category section
        becomes its questions under the category's title. The result builds into
        a form with the same ``form_id`` against an empty bank: it is what a file
        carries, so that it reads back whatever becomes of the bank.

        Raises:
            SpecError: an id or category the bank does not know.
        """
        sections = [_resolved_section(section, bank) for section in self.sections]
        return self.model_copy(update={"sections": sections, "template": None})

    def iter_problems(self, bank: QuestionBank | None = None) -> Iterator[SpecError]:
        """Yield every problem of this spec in one pass; with a ``bank``, of its ids too."""
        file, located = self._source if self._source else ("<spec>", None)
        yield from type(self).iter_problems_of(self.to_data(), bank, file=file, located=located)

    def to_data(self) -> dict[str, Any]:
        """Return the spec as plain JSON-ready data, leaving out unset defaults."""
        data = self.model_dump(mode="json", exclude_defaults=True, exclude_none=True)
        data.setdefault("title", self.model_dump(mode="json", include={"title"})["title"])
        return data

    def localized(self, field: str) -> str | None:
        """Return a text field (``title``, ``intro``, ``description``) in the spec's language."""
        value: str | Text | None = getattr(self, field)
        if isinstance(value, Text):
            return value.get(self.language)
        return value

    def to_yaml(self) -> str:
        """Return the spec as YAML text."""
        data = self.to_data()
        ordered = {key: data[key] for key in type(self).model_fields if key in data}
        from musforms._yaml import dump_yaml

        return dump_yaml(ordered)

    def to_json(self) -> str:
        """Return the spec as indented JSON text."""
        return json.dumps(self.to_data(), ensure_ascii=False, indent=2) + "\n"

    def to_file(self, path: str | Path) -> None:
        """Write the spec as YAML (``.yaml``/``.yml``) or JSON (``.json``), atomically."""
        path = Path(path)
        if path.suffix.lower() == ".json":
            text = self.to_json()
        elif path.suffix.lower() in {".yaml", ".yml"}:
            text = self.to_yaml()
        else:
            raise SpecError(code="spec.bad_suffix", params={"suffix": path.suffix}, file=path)
        write_atomically(path, text.encode("utf-8"))

    def line_of(self, loc: tuple[str | int, ...]) -> tuple[Path | None, int | None]:
        """Return the file and line this spec's field at ``loc`` came from, where known."""
        if self._source is None:
            return None, None
        path, located = self._source
        return path, located.line_of(loc)

    @property
    def source_file(self) -> Path | None:
        """The file the spec was read from; ``None`` means it was made in memory."""
        return self._source[0] if self._source else None


def _loc_of_bad_text(data: Any) -> tuple[str | int, ...]:
    """Return where in raw spec data the first text with a template problem is."""
    if not isinstance(data, dict):
        return ()
    variables = data.get("variables")
    allowed = KNOWN_VARIABLES | (set(variables) if isinstance(variables, dict) else set())
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while stack:
        loc, value = stack.pop(0)
        if isinstance(value, str):
            try:
                check_text(value, allowed)
            except TextProblem:
                return loc
        elif isinstance(value, dict):
            stack.extend(((*loc, key), item) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend(((*loc, index), item) for index, item in enumerate(value))
    return ()


Loc = tuple[str | int, ...]

#: The largest spec file read; specs are a few kilobytes.
MAX_SPEC_BYTES = 1_000_000
_SIZE_HINT = ("is it a spec?", "er det et gemt skema?")


def _parse(text: str, file: str | Path, as_json: bool | None) -> tuple[Any, LocatedData]:
    """Return the data of a spec's text and its line map (YAML, or JSON read as JSON)."""
    from musforms._yaml import load_json, load_yaml  # PyYAML: only when a text is parsed

    if as_json is None:
        as_json = text.lstrip("\ufeff \t\r\n").startswith("{")
    try:
        located = load_json(text) if as_json else load_yaml(text)
    except YamlProblem as problem:
        raise problem.error(SpecError, file=file) from None
    return located.data, located


def _written_out(question: Question, required: bool) -> CustomQuestion:
    """Return a bank question as a custom question with the same id, texts and shape.

    Built from the bank question's own, validated values without validating them
    again: a custom question has the bank question's fields and types, and its
    validation would rebuild the bank question to check it (~5 ms of every form,
    with the schemas pydantic builds for it). tests/test_spec.py keeps this equal
    to validating the question's dump, for every question of the bank.
    """

    def options(items: tuple[Option, ...] | None) -> list[CustomOption] | None:
        if items is None:
            return None
        return [CustomOption.model_construct(id=item.id, text=item.text) for item in items]

    fields: dict[str, Any] = {
        "id": question.id,
        "text": question.text,
        "kind": question.kind,
        "leader_text": question.leader_text,
        "help": question.help,
        "leader_help": question.leader_help,
        "audience": question.audience,
        "phases": question.phases,
        "tags": question.tags,
        "required": required or question.required,
        "scale": question.scale,
        "faces": question.faces,
        "options": options(question.options),
        "competences": options(question.competences),
        "rows": question.rows,
    }
    given = {name: value for name, value in fields.items() if value is not None}
    return CustomQuestion.model_construct(**given)


def _resolved_section(section: SectionSpec, bank: QuestionBank) -> SectionSpec:
    """Return ``section`` with its bank questions written out (see ``FormSpec.resolved``)."""
    items: list[str | QuestionRef | CustomQuestion] = []
    title = section.title
    if section.category is not None:
        category = bank.category(section.category)
        if category is None:
            hint = ", ".join(bank.suggest_category(section.category))
            raise SpecError(
                code="spec.unknown_category", params={"category": section.category, "hint": hint}
            )
        title = title or category.title
        items.extend(_written_out(question, False) for question in category.questions)
    for item in section.questions:
        if isinstance(item, CustomQuestion):
            items.append(item)
            continue
        question_id = item if isinstance(item, str) else item.id
        question = bank.get(question_id)
        if question is None:
            hint = ", ".join(bank.suggest(question_id))
            raise SpecError(
                code="spec.unknown_question", params={"hint": hint}, question_id=question_id
            )
        items.append(_written_out(question, isinstance(item, QuestionRef) and item.required))
    if title is None:
        first = next((i for i in section.questions if not isinstance(i, CustomQuestion)), None)
        first_id = (first if isinstance(first, str) else first.id) if first else None
        category = bank.category(first_id.split(".", 1)[0]) if first_id else None
        title = category.title if category else Text(da="Spørgsmål", en="Questions")
    return section.model_copy(update={"title": title, "category": None, "questions": items})


def _walk(value: Any, loc: Loc) -> Iterator[tuple[Loc, Any]]:
    """Yield every value of nested raw data with its loc, depth first in order."""
    yield loc, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*loc, index))


def _template_problems(data: dict[str, Any]) -> Iterator[tuple[Loc, TextProblem]]:
    """Yield each string of raw spec data that is not a valid template, with its loc."""
    variables = data.get("variables")
    allowed = KNOWN_VARIABLES | (set(variables) if isinstance(variables, dict) else set())
    for loc, value in _walk(data, ()):
        if isinstance(value, str) and "{" in value:
            try:
                check_text(value, allowed)
            except TextProblem as problem:
                yield loc, problem


def _reference_problems(
    data: dict[str, Any], bank: QuestionBank
) -> Iterator[tuple[str, dict[str, Any], Loc, str | None]]:
    """Yield each id of raw spec data that the bank does not know, or that comes twice."""
    sections = data.get("sections")
    if not isinstance(sections, list):
        return
    seen: set[str] = set()

    def once(question_id: str, loc: Loc) -> Iterator[tuple[str, dict[str, Any], Loc, str | None]]:
        if question_id in seen:
            yield "spec.duplicate_question", {}, loc, question_id
        seen.add(question_id)

    for index, section in enumerate(sections):
        if not isinstance(section, dict):
            continue
        loc: Loc = ("sections", index)
        category_id = section.get("category")
        if isinstance(category_id, str):
            category = bank.category(category_id.strip())
            if category is None:
                hint = ", ".join(bank.suggest_category(category_id))
                yield (
                    "spec.unknown_category",
                    {"category": category_id, "hint": hint},
                    (
                        *loc,
                        "category",
                    ),
                    None,
                )
            else:
                for question in category.questions:
                    yield from once(question.id, (*loc, "category"))
        items = section.get("questions")
        for position, item in enumerate(items if isinstance(items, list) else ()):
            item_loc = (*loc, "questions", position)
            question_id = item if isinstance(item, str) else None
            if isinstance(item, dict) and "text" not in item and isinstance(item.get("id"), str):
                question_id = item["id"]
            if question_id is not None:
                question_id = question_id.strip()
                if question_id not in bank:
                    hint = ", ".join(bank.suggest(question_id))
                    yield "spec.unknown_question", {"hint": hint}, item_loc, question_id
                else:
                    yield from once(question_id, item_loc)
            elif isinstance(item, dict) and isinstance(item.get("id"), str):
                custom_id = item["id"] if "." in item["id"] else f"custom.{item['id']}"
                if custom_id in bank:
                    yield "spec.custom_id_taken", {}, (*item_loc, "id"), custom_id


def __getattr__(name: str) -> Any:
    """Keep ``musforms.spec.FormBuilder`` working: it moved to :mod:`musforms.builder`."""
    if name == "FormBuilder":
        import warnings

        warnings.warn(
            "musforms.spec.FormBuilder moved to musforms.builder (or use musforms.FormBuilder)",
            DeprecationWarning,
            stacklevel=2,
        )
        from musforms.builder import FormBuilder

        return FormBuilder
    raise AttributeError(f"module 'musforms.spec' has no attribute {name!r}")
