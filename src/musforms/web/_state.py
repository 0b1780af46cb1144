"""The page's state: what the HR consultant has chosen, read from and written to form fields.

Everything the page knows travels in its form fields, so that the server keeps
no sessions and the essential path works without JavaScript. This module reads
those fields into a :class:`PageState` (cleaning every string on the way), makes
a state of a spec (a preset or an uploaded file), and places every ticked
question in a section (:func:`musforms.web._layout.resolve_layout`). Turning a state into a spec is
:mod:`musforms.web._spec`'s one job.

Field names (the contract between the templates, app.js and this module):

``lang``, ``switch_lang``
    the page's language; ``switch_lang`` comes from the language buttons (the
    last one given wins).
``title``, ``organisation``, ``year``, ``language``, ``theme``, ``intro``
    the form's settings. The title shows ``{{ year }}`` as the year itself.
``preset``, ``preset_was``, ``action``
    the ready form chosen in the drop-down, and the one the questions came
    from; ``action=preset`` applies the chosen one, ``action=preset_confirmed``
    applies it although chosen questions go, ``action=keep_choices`` does not.
``search``, ``search_both``, ``filter_category``, ``filter_kind``, ``filter_audience``,
``filter_length``
    the bank list's search and filters (sent by the "Søg" button without
    JavaScript; the script asks ``/search`` as she types). Not part of the form.
``q``
    a ticked bank question id (repeated).
``cq`` and ``cq_text.K``, ``cq_kind.K``, ``cq_options.K``, ``cq_keep.K``
    custom question ``K`` (``cq`` repeated in order); ``cq_keep`` holds, as
    JSON, the keys of a loaded spec's question that the page does not show.
``new_text``, ``new_kind``, ``new_options``
    a custom question being added; a non-empty text adds it.
``remove``
    the key of a custom question to remove (a submit button without JavaScript).
``layout``
    JSON list of sections (see :class:`SectionDraft`), written by the server
    and by app.js.
``keep``
    JSON of what a loaded spec has and the page does not show: bilingual
    title and intro, top-level keys, required ids.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from musforms.bank.model import Language, Text
from musforms.bank.questionbank import QuestionBank
from musforms.spec import CustomOption, CustomQuestion, FormSpec, QuestionRef

__all__ = [
    "CustomDraft",
    "PageState",
    "SearchDraft",
    "SectionDraft",
    "clean",
    "default_title",
    "planning_year",
    "read_fields",
    "show_year",
    "state_from_spec",
]

#: Spec keys kept in ``keep`` when a loaded spec has them; nothing else may come in that way.
KEPT_SPEC_KEYS = frozenset(
    {
        "description",
        "year",
        "template",
        "employee",
        "leader",
        "department",
        "date",
        "variables",
        "type",
        "leader_intro",
    }
)
#: Section keys the page does not edit and keeps as they came (bilingual or not).
KEPT_SECTION_KEYS = ("intro", "leader_title", "leader_intro")
#: Custom-question keys the page edits itself; the others ride along in ``cq_keep``.
_CUSTOM_EDITED = frozenset({"text", "kind", "options", "competences"})

_KEY = re.compile(r"^[a-z][a-z0-9]{0,15}$")
_CATEGORY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_PRESET = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
_KIND = re.compile(r"^[a-z_]{1,20}$")
# XML 1.0 cannot hold these, Word and Excel choke on them, and nobody types them on purpose.
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_YEAR_VARIABLE = re.compile(r"\{\{\s*year\s*\}\}")
_MAX_ITEMS = 2000


def clean(value: str, *, multiline: bool = False) -> str:
    """Return a submitted text without control characters, newlines normalised, trimmed.

    Text pasted from Word carries vertical tabs and form feeds for line and page
    breaks: they become newlines (or spaces in one-line fields).
    """
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\x0b", "\n").replace("\x0c", "\n").replace("\t", " ")
    value = _INVISIBLE.sub("", value)
    if not multiline:
        value = " ".join(value.split("\n"))
    return value.strip()


def planning_year(today: dt.date | None = None) -> int:
    """Return the year a new form is for: this year, or next year from October on.

    MUS rounds are planned in the autumn: a form made in December is for next year's talks.
    """
    today = today or dt.date.today()
    return today.year + 1 if today.month >= 10 else today.year


def default_title(year: int | str) -> str:
    """Return a blank form's title: plain words, the year written out (``MUS 2027``)."""
    return f"MUS {year}"


def show_year(text: str, year: str) -> str:
    """Return ``text`` as the page shows it: ``{{ year }}`` written as the year itself."""
    return _YEAR_VARIABLE.sub(year, text) if year else text


@dataclass
class CustomDraft:
    """A custom question as the page shows it.

    ``options`` is the options textarea (one per line); ``keep`` holds a loaded
    question's other keys (``id``, ``help``, ``scale``, bilingual ``text`` ...).
    """

    key: str
    text: str
    kind: str = "long_text"
    options: str = ""
    keep: dict[str, Any] = field(default_factory=dict)


@dataclass
class SectionDraft:
    """A section of the form as the sections panel shows it.

    ``title`` ``None`` means automatic: the category's title, or "own
    questions". A ``dict`` is a bilingual title kept from a spec. ``category``
    marks a section made for one category's questions, ``custom`` the section
    made for custom questions: newly ticked questions go there. ``items`` are
    bank ids and ``custom:<key>`` references, in order. ``keep`` holds what the
    page does not edit: the intro, the leader's title and intro.
    """

    key: str
    title: str | dict[str, str] | None = None
    category: str | None = None
    custom: bool = False
    items: list[str] = field(default_factory=list)
    keep: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Return the section as the ``layout`` field's JSON holds it."""
        data: dict[str, Any] = {"key": self.key, "title": self.title, "items": self.items}
        if self.category:
            data["category"] = self.category
        if self.custom:
            data["custom"] = True
        if self.keep:
            data["keep"] = self.keep
        return data


@dataclass
class SearchDraft:
    """The bank list's search and filters; empty strings mean "all"."""

    query: str = ""
    both: bool = False
    category: str = ""
    kind: str = ""
    audience: str = ""
    length: str = ""

    @property
    def active(self) -> bool:
        """Tell whether anything narrows the list."""
        return bool(self.query or self.category or self.kind or self.audience or self.length)


@dataclass
class PageState:
    """Everything the page holds; ``layout`` ``None`` means sections made automatically.

    ``year`` is the year field as typed (a form's ``year``); ``preset`` the
    ready form the drop-down shows, ``preset_was`` the one the questions came
    from; ``search`` the list's search, which is no part of the form.
    """

    lang: Language = "da"
    title: str = ""
    organisation: str = ""
    language: str = "da"
    theme: str = ""
    intro: str = ""
    year: str = ""
    ticked: list[str] = field(default_factory=list)
    customs: list[CustomDraft] = field(default_factory=list)
    layout: list[SectionDraft] | None = None
    keep: dict[str, Any] = field(default_factory=dict)
    preset: str = ""
    preset_was: str = ""
    search: SearchDraft = field(default_factory=SearchDraft)

    @property
    def ticked_set(self) -> set[str]:
        """The ticked ids, for look-ups."""
        return set(self.ticked)

    def keep_json(self) -> str:
        """Return the ``keep`` field's value (``""`` when there is nothing to keep)."""
        return json.dumps(self.keep, ensure_ascii=False) if self.keep else ""


def blank_state(lang: Language, year: int | None = None) -> PageState:
    """Return a new page: no questions, the plain default title for the planning year."""
    chosen = str(year or planning_year())
    return PageState(lang=lang, title=default_title(chosen), language=lang, year=chosen)


# -- reading fields -----------------------------------------------------------


def read_fields(fields: Mapping[str, Sequence[str]]) -> PageState:
    """Read the page's submitted fields into a state; nothing here raises.

    Validation is left to the spec's models (see :mod:`musforms.web._spec`);
    this only cleans strings and drops what cannot be the page's own data
    (malformed JSON, keys of the wrong shape).
    """

    def one(name: str, *, multiline: bool = False) -> str:
        values = fields.get(name) or ()
        return clean(values[0], multiline=multiline) if values else ""

    switched = [v for v in fields.get("switch_lang", ()) if v]
    lang = switched[-1] if switched else one("lang")
    preset = one("preset")
    preset_was = one("preset_was")
    state = PageState(
        lang="en" if lang == "en" else "da",
        title=one("title"),
        organisation=one("organisation"),
        language=one("language") or "da",
        theme=one("theme"),
        intro=one("intro", multiline=True),
        year=one("year")[:8],
        ticked=_unique(clean(v) for v in fields.get("q", ())),
        keep=_json_object(one("keep")),
        preset=preset if _PRESET.match(preset) else "",
        preset_was=preset_was if _PRESET.match(preset_was) else "",
        search=SearchDraft(
            query=one("search")[:200],
            both=one("search_both") == "1",
            category=_matching(one("filter_category"), _CATEGORY),
            kind=_matching(one("filter_kind"), _KIND),
            audience=_matching(one("filter_audience"), _KIND),
            length=_matching(one("filter_length"), _KIND),
        ),
    )
    removed = one("remove")
    for key in _unique(clean(v) for v in fields.get("cq", ())):
        if not _KEY.match(key) or key == removed:
            continue
        state.customs.append(
            CustomDraft(
                key=key,
                text=one(f"cq_text.{key}", multiline=True),
                kind=one(f"cq_kind.{key}") or "long_text",
                options=one(f"cq_options.{key}", multiline=True),
                keep=_json_object(one(f"cq_keep.{key}")),
            )
        )
    new_text = one("new_text", multiline=True)
    if new_text:
        state.customs.append(
            CustomDraft(
                key=_new_key("c", {c.key for c in state.customs}),
                text=new_text,
                kind=one("new_kind") or "long_text",
                options=one("new_options", multiline=True),
            )
        )
    state.layout = _read_layout(one("layout", multiline=True))
    return state


def _matching(value: str, pattern: re.Pattern[str]) -> str:
    return value if pattern.match(value) else ""


def _unique(values: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        if value and len(seen) < _MAX_ITEMS:
            seen.setdefault(value, None)
    return list(seen)


def _json_object(raw: str) -> dict[str, Any]:
    """Return the JSON object in a hidden field, or ``{}`` for anything else."""
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):
        return {}
    return value if isinstance(value, dict) else {}


def _new_key(prefix: str, taken: set[str]) -> str:
    number = 1
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"


def _title_value(value: Any) -> str | dict[str, str] | None:
    if isinstance(value, str):
        return clean(value) or None
    if isinstance(value, dict) and isinstance(value.get("da"), str):
        title = {"da": clean(value["da"])}
        if isinstance(value.get("en"), str):
            title["en"] = clean(value["en"])
        return title
    return None


def _read_layout(raw: str) -> list[SectionDraft] | None:
    """Return the sections of the ``layout`` field; ``None`` when it holds none."""
    if not raw:
        return None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, list):
        return None
    sections: list[SectionDraft] = []
    keys: set[str] = set()
    for entry in data[:200]:
        if not isinstance(entry, dict):
            continue
        key = entry.get("key")
        if not isinstance(key, str) or not _KEY.match(key) or key in keys:
            key = _new_key("s", keys)
        keys.add(key)
        category = entry.get("category")
        items = entry.get("items")
        keep = entry.get("keep")
        sections.append(
            SectionDraft(
                key=key,
                title=_title_value(entry.get("title")),
                category=category
                if isinstance(category, str) and _CATEGORY.match(category)
                else None,
                custom=entry.get("custom") is True,
                items=_unique(clean(i) for i in items if isinstance(i, str))
                if isinstance(items, list)
                else [],
                keep=_section_keep(keep),
            )
        )
    return sections


def _section_keep(keep: Any) -> dict[str, Any]:
    """Return the kept section keys of a ``layout`` entry: texts only, nothing else."""
    if not isinstance(keep, dict):
        return {}
    return {k: keep[k] for k in KEPT_SECTION_KEYS if isinstance(keep.get(k), str | dict)}


# -- a spec as a state ----------------------------------------------------------------


def _text_and_keep(value: str | Text | None, language: Language) -> tuple[str, Any]:
    """Return what a field shows of a spec text, and the bilingual original to keep."""
    if value is None:
        return "", None
    if isinstance(value, Text):
        return value.get(language), value.model_dump(exclude_none=True)
    return value, None


def _options_text(items: list[CustomOption] | None, language: Language) -> str:
    return "\n".join(
        item.text if isinstance(item.text, str) else item.text.get(language) for item in items or ()
    )


def state_from_spec(
    spec: FormSpec, bank: QuestionBank, lang: Language, *, year: int | None = None
) -> PageState:
    """Return the page state that shows ``spec`` (a preset or a loaded file).

    What the page cannot show (a bilingual text, ``required``, a custom
    question's help or scale, a section's intro and leader's title, a spec's
    ``type`` ...) is kept in hidden fields, so that saving the page again loses
    nothing. The year field shows the spec's year, else ``year`` (a ready form
    starts in the planning year), else the year the spec's form would have.
    """
    language: Language = spec.language
    shown_year = str(spec.year or year or (spec.date or dt.date.today()).year)
    title, title_keep = _text_and_keep(spec.title, language)
    if title_keep is None and show_year(title, shown_year) != title:
        title_keep = title  # "MUS {{ year }}" shows as "MUS 2027" and saves as it came
    title = show_year(title, shown_year)
    intro, intro_keep = _text_and_keep(spec.intro, language)
    data = spec.to_data()
    keep: dict[str, Any] = {}
    if title_keep:
        keep["title"] = title_keep
    if intro_keep:
        keep["intro"] = intro_keep
    extra = {k: v for k, v in data.items() if k in KEPT_SPEC_KEYS}
    if extra:
        keep["spec"] = extra
    state = PageState(
        lang=lang,
        title=title,
        organisation=spec.organisation,
        language=language,
        theme=spec.theme or "",
        intro=intro,
        year=shown_year,
        layout=[],
    )
    required: list[str] = []
    for index, section in enumerate(spec.sections):
        draft = SectionDraft(
            key=f"s{index + 1}",
            title=section.title.model_dump(exclude_none=True)
            if isinstance(section.title, Text)
            else section.title,
            category=section.category,
        )
        for name in KEPT_SECTION_KEYS:
            if data["sections"][index].get(name) is not None:
                draft.keep[name] = data["sections"][index][name]
        category = bank.category(section.category) if section.category else None
        if category is not None:
            draft.items.extend(q.id for q in category.questions)
        for position, item in enumerate(section.questions):
            if isinstance(item, CustomQuestion):
                key = f"c{len(state.customs) + 1}"
                raw = data["sections"][index]["questions"][position]
                text, text_keep = _text_and_keep(item.text, language)
                custom_keep = {k: v for k, v in raw.items() if k not in _CUSTOM_EDITED}
                if text_keep:
                    custom_keep["text"] = text_keep
                for name in ("options", "competences"):
                    if raw.get(name):
                        custom_keep[name] = raw[name]
                state.customs.append(
                    CustomDraft(
                        key=key,
                        text=text,
                        kind=item.kind,
                        options=_options_text(item.options or item.competences, language),
                        keep=custom_keep,
                    )
                )
                draft.items.append(f"custom:{key}")
                continue
            question_id = item.id if isinstance(item, QuestionRef) else item
            if isinstance(item, QuestionRef) and item.required:
                required.append(question_id)
            draft.items.append(question_id)
        assert state.layout is not None
        state.layout.append(draft)
    if required:
        keep["required"] = required
    state.keep = keep
    state.ticked = _unique(
        i for s in state.layout or () for i in s.items if not i.startswith("custom:")
    )
    return state


# -- changing the ready form ------------------------------------------------------------


def is_own_title(state: PageState) -> bool:
    """Tell whether the title is one she wrote, not the default or a ready form's own."""
    title = state.title.strip()
    if not title or title == default_title(state.year):
        return False
    kept = state.keep.get("title")
    texts = [kept] if isinstance(kept, str) else []
    if isinstance(kept, dict):
        texts = [t for t in (kept.get("da"), kept.get("en")) if isinstance(t, str)]
    return title not in {show_year(t, state.year) for t in texts}


def with_ready_form(current: PageState, ready: PageState) -> PageState:
    """Return the ready form's state with what she made kept: the basics and her own questions.

    The title she wrote, the organisation, the year and the theme stay; so do
    her own questions (they join the own-questions section). The ready form
    brings its questions, sections, introduction and type.
    """
    state = replace(ready, lang=current.lang, search=current.search)
    if is_own_title(current):
        state.title = current.title
        state.keep = {k: v for k, v in state.keep.items() if k != "title"}
    if current.organisation:
        state.organisation = current.organisation
    if current.theme:
        state.theme = current.theme
    if current.year:
        if not is_own_title(current):
            state.title = (
                state.title.replace(ready.year, current.year) if ready.year else state.title
            )
        state.year = current.year
    taken = {c.key for c in state.customs}
    for custom in current.customs:
        key = custom.key if custom.key not in taken else _new_key("c", taken)
        taken.add(key)
        state.customs.append(replace(custom, key=key))
    return state


def dropped_questions(current: PageState, ready: PageState) -> list[str]:
    """Return the chosen bank questions the ready form does not have, in her order."""
    kept = ready.ticked_set
    return [i for i in current.ticked if i not in kept]
