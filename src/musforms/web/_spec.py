"""From the page's state to a FormSpec and a Form: the one road every output takes.

Preview, downloads and "save" all call :func:`check`, which calls
:func:`spec_data` (state -> plain dict) and then the spec's own validation
(``FormSpec.from_data``) and ``build_form``. So a download is exactly what
``musforms build`` makes of the saved spec, and every field is validated by the
same models as a spec file.

Every problem is found in one pass (``FormSpec.iter_problems_of``) and shown
at its field; the faulty fields are then set aside (blanked, or the question
dropped), so that whatever is left valid still gives a preview.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from typing import Any

from musforms._templating import TextProblem, check_text
from musforms.bank.model import KIND_KEYS, Language
from musforms.bank.questionbank import QuestionBank
from musforms.errors import SpecError
from musforms.form import Form, build_form
from musforms.spec import FormSpec
from musforms.web._labels import labels
from musforms.web._layout import resolve_layout
from musforms.web._messages import explain
from musforms.web._state import (
    KEPT_SECTION_KEYS,
    KEPT_SPEC_KEYS,
    CustomDraft,
    PageState,
    SectionDraft,
    show_year,
)

__all__ = ["Checked", "FieldError", "SpecData", "check", "spec_data"]

Loc = tuple[str | int, ...]

_CHOICE_KINDS = frozenset({"choice", "multi_choice"})
_OWN_QUESTIONS: dict[Language, str] = {"da": "Egne spørgsmål", "en": "Own questions"}
_SCALE_LABELS = {
    "min": {"da": "I meget lav grad", "en": "To a very small extent"},
    "max": {"da": "I meget høj grad", "en": "To a very large extent"},
}
_EVERY_KIND_KEY = frozenset().union(*KIND_KEYS.values())
#: The form's settings and the harmless value each takes while other fields are checked.
_SETTINGS: dict[str, Any] = {
    "title": "MUS",
    "organisation": "",
    "theme": "",
    "intro": "",
    "language": "da",
    "year": "",
}


@dataclass
class SpecData:
    """The plain data of a spec, and which page field each part came from.

    ``places`` maps a spec location (a pydantic ``loc`` prefix) to a field id:
    ``title``, ``q`` (the bank list), ``cq-text-K``, ``sec-K`` ...
    """

    data: dict[str, Any]
    places: dict[Loc, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FieldError:
    """A problem to show next to field ``field`` (an element id suffix), in the page language."""

    field: str
    message: str
    label: str


@dataclass
class Checked:
    """The outcome of checking a state.

    ``spec`` is the spec to save (``None`` when there are errors); ``form`` is
    the form to render (built without ``template:``: the web never reads files
    a spec names), or the form of what was valid, for the preview, when there
    are errors; ``None`` when nothing could be built.
    """

    state: PageState
    spec: FormSpec | None = None
    form: Form | None = None
    errors: list[FieldError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Tell whether the state makes a valid form."""
        return not self.errors and self.form is not None


def _kept_text(shown: str, kept: Any, year: str = "") -> Any:
    """Return the original (bilingual, or with ``{{ year }}``) when the field still shows it.

    The page shows ``{{ year }}`` as the year itself, so "MUS 2027" in the field is
    the original "MUS {{ year }}" while the year field says 2027.
    """
    if not shown:
        return shown
    if isinstance(kept, str) and shown == show_year(kept, year):
        return kept
    if isinstance(kept, dict):
        texts = [t for t in (kept.get("da"), kept.get("en")) if isinstance(t, str)]
        if shown in texts or shown in [show_year(t, year) for t in texts]:
            return kept
    return shown


def _year_value(state: PageState, data: dict[str, Any]) -> Any:
    """Return the spec's ``year`` from the year field; ``None`` means leave it out.

    A year the spec did not name and its form would have anyway is not written,
    so that a loaded spec saves as it came.
    """
    typed = state.year.strip()
    if not typed:
        return None
    if not typed.isdigit():
        return typed  # the spec's model refuses it, at the year field
    year = int(typed)
    if "year" in data:
        return year
    date = data.get("date")
    natural = dt.date.fromisoformat(date).year if isinstance(date, str) else dt.date.today().year
    return None if year == natural else year


def _kept_options(lines: list[str], kept: Any) -> list[Any]:
    """Return a loaded question's options (ids, both languages) when their texts are unchanged."""
    if isinstance(kept, list) and kept:
        for language in ("da", "en"):
            texts = []
            for option in kept:
                text = option.get("text") if isinstance(option, dict) else option
                texts.append(text.get(language) if isinstance(text, dict) else text)
            if texts == lines:
                return kept
    return list(lines)


def _custom_data(custom: CustomDraft) -> dict[str, Any]:
    kind = custom.kind or "long_text"
    data = {k: v for k, v in custom.keep.items() if k not in {"options", "competences", "text"}}
    # Keys of another kind would be refused; after a change of kind they are stale, not wrong.
    for key in _EVERY_KIND_KEY - KIND_KEYS.get(kind, frozenset()):
        data.pop(key, None)
    data["text"] = _kept_text(custom.text, custom.keep.get("text"))
    data["kind"] = kind
    lines = [line.strip() for line in custom.options.split("\n") if line.strip()]
    if kind in _CHOICE_KINDS:
        data["options"] = _kept_options(lines, custom.keep.get("options"))
    elif kind == "competence_wheel":
        data["competences"] = _kept_options(lines, custom.keep.get("competences"))
    if kind == "scale" and "scale" not in data:
        data["scale"] = {"min": 1, "max": 5, "labels": _SCALE_LABELS}
    return data


def spec_data(state: PageState, bank: QuestionBank) -> SpecData:
    """Return the spec data of the page's state: THE mapping of fields to a spec.

    Preview, downloads and "save" all go through here (via :func:`check`).
    Sections without questions are left out (a spec section must have some).
    """
    keep = state.keep
    spec_extra = keep.get("spec")
    data: dict[str, Any] = {}
    if isinstance(spec_extra, dict):
        data.update({k: v for k, v in spec_extra.items() if k in KEPT_SPEC_KEYS})
    try:
        year = _year_value(state, data)
    except ValueError:  # a kept date that is no date: the model says so
        year = None
    data.pop("year", None)
    data["title"] = _kept_text(state.title, keep.get("title"), state.year.strip())
    data["organisation"] = state.organisation
    data["language"] = state.language
    if state.theme:
        data["theme"] = state.theme
    if year is not None:
        data["year"] = year
    if state.intro:
        data["intro"] = _kept_text(state.intro, keep.get("intro"), state.year.strip())
    places: dict[Loc, str] = {(name,): name for name in data}
    for name in KEPT_SPEC_KEYS & set(data):
        places[(name,)] = "keep"
    if "year" in data:
        places[("year",)] = "year"
    places[("sections",)] = "q"
    raw_required = keep.get("required")
    required = (
        {i for i in raw_required if isinstance(i, str)} if isinstance(raw_required, list) else set()
    )
    customs = {f"custom:{c.key}": c for c in state.customs}
    sections: list[dict[str, Any]] = []
    for section in resolve_layout(state, bank):
        if not section.items:
            continue
        index = len(sections)
        questions: list[Any] = []
        for item in section.items:
            loc: Loc = ("sections", index, "questions", len(questions))
            custom = customs.get(item)
            if custom is not None:
                questions.append(_custom_data(custom))
                places[loc] = f"cq:{custom.key}"
            else:
                questions.append({"id": item, "required": True} if item in required else item)
                places[loc] = "q"
        entry: dict[str, Any] = {"questions": questions}
        category = bank.category(section.category) if section.category else None
        if category is not None and section.items == [q.id for q in category.questions]:
            # The whole category, in bank order: say so, as a loaded spec did.
            entry = {"category": category.id}
            places[("sections", index, "category")] = "q"
        title = section.title
        if title is None and category is not None and "category" not in entry:
            title = category.title.model_dump(exclude_none=True)
        if title is None and section.custom:
            title = {"da": _OWN_QUESTIONS["da"], "en": _OWN_QUESTIONS["en"]}
        if title is not None:
            entry["title"] = title
        for name in KEPT_SECTION_KEYS:
            if section.keep.get(name):
                entry[name] = section.keep[name]
        places[("sections", index)] = f"sec-{section.key}"
        sections.append(entry)
    data["sections"] = sections
    return SpecData(data, places)


def _place(loc: Loc, places: dict[Loc, str]) -> str:
    """Return the field id of the longest known prefix of ``loc``; ``form`` if none."""
    for end in range(len(loc), 0, -1):
        found = places.get(loc[:end])
        if found is not None:
            if found.startswith("cq:"):
                return _custom_field(found[3:], loc[end:])
            return found
    return "form"


def _custom_field(key: str, rest: Loc) -> str:
    """Return which input of custom question ``key`` a problem at ``rest`` belongs to."""
    part = next((p for p in rest if isinstance(p, str) and not p.startswith(("constr", "["))), "")
    if part in {"options", "competences", "da", "en"}:
        return f"cq-options-{key}"
    if part == "kind":
        return f"cq-kind-{key}"
    return f"cq-text-{key}"


def _set_aside(state: PageState, field_id: str, error: SpecError) -> PageState | None:
    """Return the state without the faulty field, to look for further problems; ``None``: stop."""
    if field_id in _SETTINGS:
        keep = {k: v for k, v in state.keep.items() if k != field_id}
        return replace(state, keep=keep, **{field_id: _SETTINGS[field_id]})
    if field_id.startswith("cq-"):
        key = field_id.rsplit("-", 1)[1]
        return replace(state, customs=[c for c in state.customs if c.key != key])
    if field_id.startswith("sec-"):
        key = field_id[4:]
        layout = [
            replace(s, title=None, keep={}) if s.key == key else s for s in state.layout or ()
        ]
        return replace(state, layout=layout)
    if field_id == "q" and error.question_id:
        return replace(state, ticked=[i for i in state.ticked if i != error.question_id])
    if field_id == "keep" and state.keep.get("spec"):
        return replace(state, keep={k: v for k, v in state.keep.items() if k != "spec"})
    return None


def _nothing_ticked(error: SpecError) -> bool:
    return error.code == "spec.no_sections"


def check(state: PageState, bank: QuestionBank, *, for_preview: bool = False) -> Checked:
    """Validate the state with the spec's models and build its form, in one pass.

    Every problem is found at once (``FormSpec.iter_problems_of``); the preview
    then shows the form of what was valid, with each faulty field set aside.

    Args:
        state: the page's state.
        bank: the bank the app serves.
        for_preview: an empty form is no error for a preview; it is for a download.

    Returns:
        The spec and form, or the errors by field and the form of what was valid.
    """
    state = replace(state, layout=resolve_layout(state, bank))
    result = Checked(state=state)
    data = spec_data(state, bank)
    try:
        problems = list(FormSpec.iter_problems_of(data.data, bank, file="<web>"))
    except RecursionError:  # a text nesting thousands of brackets deep
        problems = [SpecError(code="template.too_deep", loc=())]
    aside: PageState = state
    for error in problems:
        if for_preview and _nothing_ticked(error):
            continue
        field_id = _place(error.loc, data.places) if error.loc else _too_deep(state)
        _add(result, field_id, error, state)
        aside = _set_aside(aside, field_id, error) or aside
    if not problems:
        try:
            result.spec, result.form = _build(data.data, bank)
        except SpecError as error:  # a text the sandbox refuses only when rendered
            _add(result, _place(error.loc, data.places), error, state)
        return result
    try:
        _, result.form = _build(spec_data(aside, bank).data, bank)
    except (SpecError, RecursionError):
        result.form = None  # nothing valid enough to preview
    return result


def _build(data: dict[str, Any], bank: QuestionBank) -> tuple[FormSpec, Form]:
    """Return the spec and the template-free form of ``data``.

    The form is built without ``template:``: that key names a file on disk,
    which no web request may make the server read. The spec keeps it, for saving.
    """
    spec = FormSpec.from_data(data, file="<web>")
    bare = spec.model_copy(update={"template": None}) if spec.template else spec
    return spec, build_form(bare, bank)


def _too_deep(state: PageState) -> str:
    """Return the field whose text sends the template parser into RecursionError."""
    texts = [
        ("title", state.title),
        ("intro", state.intro),
        ("organisation", state.organisation),
        ("theme", state.theme),
    ]
    for custom in state.customs:
        texts += [
            (f"cq-text-{custom.key}", custom.text),
            (f"cq-options-{custom.key}", custom.options),
        ]
    for section in state.layout or ():
        if isinstance(section.title, str):
            texts.append((f"sec-{section.key}", section.title))
    for field_id, text in texts:
        try:
            check_text(text, frozenset())
        except RecursionError:
            return field_id
        except TextProblem:
            continue
    return "form"


def _add(result: Checked, field_id: str, error: SpecError, state: PageState) -> None:
    """Note a problem; one message per field (the bank list may have several)."""
    message = explain(error, state.lang)
    if field_id == "title" and error.code == "value.empty":
        message = labels(state.lang)["title_empty"]
    for known in result.errors:
        if known.field == field_id and (field_id != "q" or known.message == message):
            return
    result.errors.append(FieldError(field_id, message, _field_label(field_id, state)))


def _field_label(field_id: str, state: PageState) -> str:
    """Return the name of a field as the error summary shows it."""
    names = labels(state.lang)
    simple = {
        "title": names["title"],
        "organisation": names["organisation"],
        "language": names["form_language"],
        "theme": names["theme"],
        "intro": names["intro"],
        "q": names["bank_field"],
        "spec_file": names["file_field"],
    }
    if field_id in simple:
        return simple[field_id]
    if field_id.startswith("cq-"):
        key = field_id.rsplit("-", 1)[1]
        number = next((i for i, c in enumerate(state.customs, 1) if c.key == key), 0)
        return names["custom_legend"].format(n=number)
    if field_id.startswith("sec-"):
        key = field_id[4:]
        number = next((i for i, s in enumerate(state.layout or (), 1) if s.key == key), 0)
        return f"{names['section_field']} {number}"
    return names["general"]


def layout_json(state: PageState, bank: QuestionBank) -> str:
    """Return the ``layout`` field's JSON, each section with the title the form ``shown``.

    app.js shows ``shown`` as the placeholder of an automatic title; the
    server ignores it when the field comes back.
    """
    language = language_of(state)
    entries = []
    for section in state.layout or ():
        entry = section.to_json()
        entry["shown"] = shown_title(section, bank, language)
        entries.append(entry)
    return json.dumps(entries, ensure_ascii=False)


def shown_title(section: SectionDraft, bank: QuestionBank, language: Language) -> str:
    """Return the title a section gets in the form (its own, its category's, or a generic one)."""
    title = section.title
    if isinstance(title, dict):
        return str(title.get(language) or title.get("da") or "")
    if title:
        return title
    if section.category:
        category = bank.category(section.category)
        if category is not None:
            return category.title.get(language)
    if section.custom:
        return _OWN_QUESTIONS[language]
    return "Spørgsmål" if language == "da" else "Questions"


def language_of(state: PageState) -> Language:
    """Return the form's language: the state holds what was submitted, which may be anything."""
    return "en" if state.language == "en" else "da"


def preview_items(checked: Checked) -> dict[str, str]:
    """Return, for each own question in the preview, the page's item it shows (``custom:c1``).

    The preview names questions by their form ids (``custom.hvad_vil_du_fejre``);
    the sections panel by the page's keys. Bank questions are the same in both.
    The form's sections are the layout's non-empty ones, in order.
    """
    form = checked.form
    if form is None:
        return {}
    sections = [s for s in checked.state.layout or () if s.items]
    if len(sections) != len(form.sections):
        return {}
    found: dict[str, str] = {}
    for section, shown in zip(sections, form.sections, strict=True):
        customs = [i for i in section.items if i.startswith("custom:")]
        questions = [q for q in shown.questions if q.custom]
        if len(customs) == len(questions):
            found.update({q.id: item for q, item in zip(questions, customs, strict=True)})
    return found
