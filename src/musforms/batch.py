"""batch: one personalised form per person of a people file, fast.

The form is rendered once per format (and per distinct conversation date),
with placeholders where the people go; each person's file is then the
template with their names filled in, through :class:`~musforms.ooxml.zipfast.ZipTemplate`.
The first person of every template is also rendered the slow way and compared
part by part, so a template that does not fill right is never used: those
people are rendered one by one instead.

Output is deterministic (fixed timestamps), so a second run finds every file
up to date and writes nothing.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from musforms._atomic import write_atomically
from musforms._people import Person, RowProblem, read_people
from musforms.errors import MusformsError, RenderError
from musforms.ooxml.wml import escape
from musforms.ooxml.zipfast import ZipTemplate

if TYPE_CHECKING:
    import datetime as dt

    from musforms.bank.questionbank import QuestionBank
    from musforms.form import Form
    from musforms.render import Renderer
    from musforms.spec import FormSpec

__all__ = ["BatchResult", "personalisable", "run_batch", "safe_file_name"]

_PERSON_KEYS = ("employee", "leader", "department")
_MARK = b"QQMUSFORMS"


def _placeholder(key: str) -> bytes:
    return _MARK + key.upper().encode("ascii") + b"QQ"


@dataclass
class BatchResult:
    """What a batch did: files written, files already up to date, rows skipped."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # filled in since: not overwritten
    slow: int = 0  # people rendered one by one because the fast path did not fit

    @property
    def ok(self) -> bool:
        """Tell whether every row went through and no filled form was in the way."""
        return not self.problems and not self.kept


def _holds_answers(path: Path) -> bool:
    """Tell whether an existing file is a musforms form with answers in it."""
    from musforms.answers.read import read_answers

    try:
        return len(read_answers(path)) > 0
    except MusformsError:
        return False


_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}


def safe_file_name(name: str, max_length: int = 80) -> str:
    """Return ``name`` made safe as a file name on Windows, macOS and Linux.

    Danish letters stay; path separators, control and reserved characters
    become ``_``; leading dots (hidden files, ``..``) and trailing dots and
    spaces go; reserved device names get a ``_``.
    """
    cleaned = unicodedata.normalize("NFC", name)
    cleaned = _UNSAFE.sub("_", cleaned).strip().strip(".").strip()
    cleaned = re.sub(r"\s+", " ", cleaned)[:max_length].rstrip(". ")
    if not cleaned or set(cleaned) <= {"_"}:
        cleaned = "uden navn"
    if cleaned.split(".")[0].lower() in _RESERVED:
        cleaned = f"_{cleaned}"
    return cleaned


def run_batch(
    spec: FormSpec,
    people: str | Path,
    out_dir: str | Path,
    *,
    formats: Sequence[str] = ("docx",),
    audience: str | None = None,
    bank: QuestionBank | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BatchResult:
    """Write one personalised file per person and format into ``out_dir``.

    Args:
        spec: the form; its person fields are replaced per row.
        people: a .csv or .xlsx people file (see :mod:`musforms._people`).
        out_dir: the folder to write into (created if missing).
        formats: the names of formats that can be made per person
            (``musforms.render.registry()``: ``docx``, ``xlsx``, ...).
        audience: whose sheet, for formats that take one (default: the main one).
        progress: called with the number of people done so far and the total.

    A row whose values cannot be rendered is reported in ``problems`` with
    its line, like a row without a name; it never stops the other rows.

    Raises:
        SpecError: the people file is unreadable or has no employee column.
        RenderError: the output folder cannot be made or written, or every
            row failed with the same problem (a broken Word template, say).
    """
    renderers = personalisable(formats)
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RenderError(code="render.out_dir", params={"why": exc.strerror}, file=out) from None
    result = BatchResult()
    persons: list[Person] = []
    for row in read_people(people):
        if isinstance(row, RowProblem):
            result.problems.append(row)
        else:
            persons.append(row)
    names = _file_names(persons)
    variables = sorted({key for person in persons for key in person.variables})
    renderer = _Renderer(spec, bank, variables, audience)
    failed: list[MusformsError] = []
    for done, person in enumerate(persons, start=1):
        for fmt in renderers:
            try:
                data = renderer.render(person, fmt)
            except MusformsError as problem:  # this row's values: the others still go through
                failed.append(problem)
                result.problems.append(
                    RowProblem(person.line, problem.reason.rstrip("."), problem.code)
                )
                break
            target = out / f"{names[person.line]}{fmt.suffixes[0]}"
            if target.is_file() and target.read_bytes() == data:
                result.unchanged.append(target)
            elif target.is_file() and _holds_answers(target):
                result.kept.append(target)  # never write a blank form over a filled one
            else:
                write_atomically(target, data)
                result.written.append(target)
        if progress is not None:
            progress(done, len(persons))
    if persons and len(failed) == len(persons) and len({f.code for f in failed}) == 1:
        raise failed[0]  # every row failed alike: the form's problem (its template), not a row's
    result.slow = renderer.slow
    return result


def personalisable(names: Sequence[str]) -> list[Renderer]:
    """Return the formats ``names`` names, each one batch can make per person.

    Raises:
        RenderError: an unknown format, or one that cannot be made per person.
    """
    from musforms.render import find, registry

    allowed = [r.name for r in registry().values() if r.personalisable]
    chosen = []
    for name in names or ("",):
        renderer = find(name.strip().lower().lstrip("."))
        if not renderer.personalisable:
            raise RenderError(
                code="render.not_personalisable",
                params={"format": renderer.name, "names": ", ".join(allowed)},
            )
        chosen.append(renderer)
    return chosen


def _fill(renderer: Renderer) -> str | None:
    """Return how batch may fill names into a format's file; ``None``: render each whole.

    Formats say so with a ``fill`` attribute (``musforms.render._base.BytesRenderer``);
    one without it, a plug-in's say, is simply rendered per person.
    """
    fill = getattr(renderer, "fill", None)
    return fill if isinstance(fill, str) else None


def _file_names(persons: Iterable[Person]) -> dict[int, str]:
    """Return a file name (without suffix) per row line, unique case-insensitively."""
    taken: set[str] = set()
    names: dict[int, str] = {}
    for person in persons:
        base = safe_file_name(person.employee)
        name, number = base, 2
        while name.casefold() in taken:
            name = f"{base} ({number})"
            number += 1
        taken.add(name.casefold())
        names[person.line] = name
    return names


class _Renderer:
    """Renders people's files, through a filled template where it fits."""

    def __init__(
        self, spec: FormSpec, bank: QuestionBank | None, variables: list[str], audience: str | None
    ) -> None:
        from musforms.bank.load import load_bank

        self.spec = spec
        self.bank = bank or load_bank()
        self.variables = variables
        self.audience = audience
        self.templates: dict[tuple[str, dt.date | None, bool, bool], ZipTemplate | None] = {}
        self.own: dict[tuple[str, dt.date | None, bool, bool], Template | None] = {}
        self.slow = 0

    def render(self, person: Person, fmt: Renderer) -> bytes:
        if _fill(fmt) in _FILLERS:  # a format with a filler of its own (not a zip of XML)
            return self._own(person, fmt)
        if _fill(fmt) is None:  # a format batch cannot fill: each person rendered whole
            self.slow += 1
            return self._full(person, fmt)
        # A missing leader or department is a field to fill in, not a name: another template.
        key = (fmt.name, person.date, bool(person.leader), bool(person.department))
        if key not in self.templates:
            self.templates[key] = self._template(person, fmt)
        template = self.templates[key]
        values = self._values(person, fmt)
        if template is None or values is None:
            self.slow += 1
            return self._full(person, fmt)
        return template.fill(values)

    def _values(self, person: Person, fmt: Renderer) -> dict[str, bytes] | None:
        """Return the escaped values to fill in; ``None`` if one needs the slow path.

        One value fills every place a placeholder stands: the document's XML
        (text and attributes) and the JSON payload inside it. The slow path
        cleans each place its own way (:func:`fast_fits`), so a value goes the
        fast way only when every cleaning would leave it as it is; otherwise the
        person is rendered whole. openpyxl writes letters outside ASCII as
        character references, python-docx as UTF-8; the values are escaped the
        same way, so that the parts compare equal.
        """
        raw = {
            "employee": person.employee,
            "leader": person.leader or "",
            "department": person.department or "",
            **{f"var_{k}": person.variables.get(k, "") for k in self.variables},
        }
        excel = _fill(fmt) == "ooxml-excel"
        if not all(fast_fits(value, excel=excel) for value in raw.values()):
            return None
        errors = "xmlcharrefreplace" if excel else "strict"
        return {k: escape(v).encode("ascii" if excel else "utf-8", errors) for k, v in raw.items()}

    def _form(self, person: Person, *, placeholders: bool) -> Form:
        from musforms.form import build_form

        update: dict[str, object]
        if placeholders:
            present = {k for k in _PERSON_KEYS if getattr(person, k)}
            update = {
                **{k: _placeholder(k).decode() if k in present else None for k in _PERSON_KEYS},
                "variables": {
                    **self.spec.variables,
                    **{k: _placeholder(f"var_{k}").decode() for k in self.variables},
                },
            }
        else:
            update = {
                "employee": person.employee,
                "leader": person.leader,
                "department": person.department,
                "variables": {**self.spec.variables, **person.variables},
            }
        spec = self.spec.model_copy(update={**update, "date": person.date or self.spec.date})
        spec._source = self.spec._source
        return build_form(spec, self.bank)

    def _bytes(self, form: Form, fmt: Renderer) -> bytes:
        from musforms.render import accepted, render_bytes

        return render_bytes(form, fmt, **accepted(fmt, {"audience": self.audience}))

    def _full(self, person: Person, fmt: Renderer) -> bytes:
        return self._bytes(self._form(person, placeholders=False), fmt)

    def _template(self, person: Person, fmt: Renderer) -> ZipTemplate | None:
        """Return the template for ``person``'s group, or ``None`` if it does not fill right."""
        try:
            data = self._bytes(self._form(person, placeholders=True), fmt)
        except MusformsError:
            return None  # e.g. a placeholder too long for a field: render people one by one
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [(info.filename, archive.read(info)) for info in archive.infolist()]
        markers = {_placeholder(k): k for k in _PERSON_KEYS}
        markers |= {_placeholder(f"var_{k}"): f"var_{k}" for k in self.variables}
        template = ZipTemplate(members, markers)
        values = self._values(person, fmt)
        if values is None or comparable(template.fill(values), fmt) != comparable(
            self._full(person, fmt), fmt
        ):
            return None
        return template

    # -- formats with a filler of their own (see _FILLERS) --------------------------

    def _own(self, person: Person, fmt: Renderer) -> bytes:
        """Return ``person``'s file through the format's own filler, else rendered whole."""
        key = (fmt.name, person.date, bool(person.leader), bool(person.department))
        if key not in self.own:
            self.own[key] = self._own_template(person, fmt)
        template = self.own[key]
        data = template.fill(self._raw(person)) if template is not None else None
        if data is None:
            self.slow += 1
            return self._full(person, fmt)
        return data

    def _raw(self, person: Person) -> dict[str, str]:
        return {
            "employee": person.employee,
            "leader": person.leader or "",
            "department": person.department or "",
            **{f"var_{k}": person.variables.get(k, "") for k in self.variables},
        }

    def _own_template(self, person: Person, fmt: Renderer) -> Template | None:
        """Return the filler's template for ``person``'s group, if it fills ``person`` exactly."""
        from importlib import import_module

        try:
            data = self._bytes(self._form(person, placeholders=True), fmt)
        except MusformsError:
            return None
        keys = [*_PERSON_KEYS, *(f"var_{k}" for k in self.variables)]
        make = import_module(_FILLERS[str(_fill(fmt))]).template
        template: Template | None = make(data, {_placeholder(k).decode(): k for k in keys})
        if template is None or template.fill(self._raw(person)) != self._full(person, fmt):
            return None  # the first person, filled and rendered whole, must be the same bytes
        return template


class Template(Protocol):
    """A once-rendered file that a format's own filler fills per person."""

    def fill(self, values: Mapping[str, str]) -> bytes | None:
        """Return the file for ``values`` (by key), or ``None`` to render it whole."""
        ...


#: Fill strategies whose files are not a zip of XML: strategy -> the module whose
#: ``template(data, markers)`` returns a :class:`Template` of a once-rendered file
#: (``None``: every person is rendered whole).
_FILLERS: dict[str, str] = {"pdf": "musforms.render.pdf._template"}


#: What the fast path cannot put in as it is: JSON escapes ``"`` and ``\\``; XML
#: attributes hold tabs and line breaks as character references; the payload writes
#: characters XML cannot hold as ``\\u`` escapes; and the renderers drop controls,
#: bidi overrides and non-characters from the text (``ooxml.wml.clean``,
#: ``render.xlsx._cells.clean``).
_NOT_AS_IT_IS = re.compile(
    '["\\\\\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]'
)
#: How a text starts that Excel would read as a formula (as render.xlsx._cells has it).
_FORMULA_STARTS = ("=", "+", "-", "@")
#: Excel cuts page headers at 255 characters (title and name together); Word cuts nothing.
_LONGEST = {True: 60, False: 10_000}


def fast_fits(value: str, *, excel: bool) -> bool:
    """Tell whether ``value`` comes out of every cleaning of the slow path unchanged.

    Only then can one value be put in everywhere its placeholder stands and give
    the bytes rendering the person whole gives. The test is on characters, not
    on the first person's file, because each person's name is different.
    """
    from musforms._people import one_line

    if len(value) > _LONGEST[excel] or value != one_line(value):
        return False
    # Excel: '&' is doubled in page headers, and a text that starts like a formula
    # gets a quote prefix (another cell style) from render.xlsx._cells.put_text.
    if excel and ("&" in value or value.startswith(_FORMULA_STARTS)):
        return False
    return _NOT_AS_IT_IS.search(value) is None


#: Row heights, and the page breaks worked out from them (see ``comparable``).
_ROW_HEIGHT = re.compile(rb' ht="[0-9.]+"|<rowBreaks\b.*?</rowBreaks>', re.DOTALL)


def comparable(data: bytes, fmt: Renderer) -> dict[str, bytes]:
    """Return a file's parts as the fast path must reproduce them.

    Row heights in a workbook are estimated from the length of the texts; with a
    placeholder in place of a name they may differ by a line, which is harmless,
    so they are left out of the comparison for .xlsx, and so are the page breaks
    placed from them.
    """
    if _fill(fmt) in _FILLERS:  # its filler makes the very bytes of a full render
        return {"": data}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    if _fill(fmt) == "ooxml-excel":
        parts = {name: _ROW_HEIGHT.sub(b"", part) for name, part in parts.items()}
    return parts
