"""Reading a filled PDF form made by musforms: payload, typed answers and people.

A PDF comes back by mail, filled in Adobe Reader, a browser or Preview, and
is untrusted. The guards, in order:

1. the size (at most :data:`MAX_PDF_BYTES`) and the ``%PDF-`` header, before
   any parser runs; a count of ``obj`` keywords (the object count) and the
   trailer's ``/Size``, so that a file of a million objects is refused in
   milliseconds;
2. pypdf parses under :data:`LIMITS`, far below its own defaults: declared
   stream lengths, inflated bytes (a Flate bomb stops at 8 MB), array and
   dictionary sizes, field-tree depth, outlines, page trees. Every exception
   it raises, ``RecursionError`` and ``MemoryError`` included, becomes one
   error naming the file (``answers.pdf_damaged``, ``answers.pdf_too_deep`` ...);
3. an encrypted file, JavaScript, actions that run on opening or on a field
   (``/OpenAction``, ``/AA``, a widget's ``/A`` of kind JavaScript, Launch,
   SubmitForm, ImportData, URI, GoToR ...) and XFA forms are refused: musforms
   never writes them. Nothing in the file is run, fetched or followed;
4. the payload is read from one place only: the embedded file named
   ``musforms.json`` in the catalog's flat ``/EmbeddedFiles`` name tree; no
   other embedded file is read;
5. only the field names the rebuilt form's questions give are looked at
   (:func:`musforms.kinds.pdf_field_name`), every other field is ignored, and
   texts are cut at a bound; the caller then checks every answer against
   its question (:mod:`musforms.answers.read`).
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from musforms._files import describe_size
from musforms.answers._rebuild import form_of
from musforms.answers.model import RawAnswers, parse_date
from musforms.errors import AnswersError
from musforms.kinds import MAX_PLAN_ROWS, MAX_TEXT, PLAN_DATE_FIELDS, PLAN_FIELDS, pdf_field_name
from musforms.ooxml.payload import MAX_PAYLOAD_CHARS, PDF_ATTACHMENT, Payload, decode_payload

if TYPE_CHECKING:
    from pypdf.generic import DictionaryObject

    from musforms.bank.questionbank import QuestionBank
    from musforms.form import FormQuestion

__all__ = ["LIMITS", "MAX_OBJECTS", "MAX_PDF_BYTES", "is_pdf", "read_pdf_bytes"]

#: A filled musforms PDF is about 200 KB; fonts a viewer adds make it a few MB at most.
MAX_PDF_BYTES = 20_000_000
#: A musforms PDF has a few thousand objects.
MAX_OBJECTS = 50_000
_MAX_FIELDS = 10_000
_MAX_PAGES = 500
_MAX_ANNOTATIONS = 5_000
#: pypdf's limits while it reads an untrusted file (its defaults are 10-50 times larger).
LIMITS: dict[str, int] = {
    "maximum_declared_stream_length": 8_000_000,
    "zlib_maximum_output_length": 8_000_000,
    "zlib_maximum_recovery_input_length": 1_000_000,
    "lzw_maximum_output_length": 8_000_000,
    "run_length_maximum_output_length": 8_000_000,
    "array_based_stream_maximum_output_length": 8_000_000,
    "brotli_maximum_output_length": 8_000_000,
    "array_maximum_element_count": 20_000,
    "dictionary_maximum_element_count": 5_000,
    "form_fields_maximum_entries": _MAX_FIELDS,
    "form_fields_maximum_depth": 8,
    "outline_maximum_entries": 2_000,
    "outline_maximum_depth": 8,
    "page_tree_maximum_entries": _MAX_PAGES,
    "page_tree_maximum_depth": 8,
    "named_destinations_maximum_entries": 2_000,
    "named_destinations_maximum_depth": 8,
    "stream_filters_maximum_length": 3,
}
_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/ResetForm",
        "/URI",
        "/GoToR",
        "/GoToE",
        "/Rendition",
        "/Movie",
        "/Sound",
        "/Hide",
        "/SetOCGState",
        "/Trans",
        "/GoTo3DView",
    }
)
# pypdf logs what it repairs in a damaged file; the error we raise says all a person needs,
# and without a handler Python would print pypdf's warnings on stderr.
logging.getLogger("pypdf").addHandler(logging.NullHandler())
_OBJ = re.compile(rb"\d\s+\d+\s+obj\b")
_PERSON = ("employee", "leader", "department")


def is_pdf(data: bytes) -> bool:
    """Tell whether ``data`` starts as a PDF (the header may follow up to 1 KiB of junk)."""
    return b"%PDF-" in data[:1024]


def read_pdf_bytes(data: bytes, *, label: str, bank: QuestionBank | None = None) -> RawAnswers:
    """Return what a filled musforms PDF holds, not yet checked against its form.

    Args:
        data: the file's bytes.
        label: how to name the file in messages.
        bank: for files of musforms 0.1 only (see :func:`~musforms.answers._rebuild.form_of`).

    Raises:
        AnswersError: the file is too large, damaged or hostile
            (``answers.pdf_damaged``, ``answers.pdf_actions`` ...), not musforms' own
            (``answers.not_musforms``), or its form is damaged.
    """
    if len(data) > MAX_PDF_BYTES:
        raise AnswersError(
            code="file.too_large", params={"limit": describe_size(MAX_PDF_BYTES)}, file=label
        )
    if not is_pdf(data):
        raise AnswersError(code="answers.unknown_format", file=label)
    if len(_OBJ.findall(data)) > MAX_OBJECTS:
        raise _error(label, "answers.pdf_too_many_objects")
    import pypdf
    from pypdf.errors import LimitReachedError

    try:
        with pypdf.apply_configuration(None, **LIMITS):
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise _error(label, "answers.pdf_encrypted")
            size = reader.trailer.get("/Size", 0)
            if not isinstance(size, int) or size > MAX_OBJECTS:
                raise _error(label, "answers.pdf_too_many_objects")
            root = _dictionary(reader.trailer.get("/Root"))
            if root is None:
                raise _error(label, "answers.pdf_damaged")
            _refuse_actions(root, label)
            payload = _payload(root, label)
            if payload is None:
                raise AnswersError(code="answers.not_musforms", file=label)
            form = form_of(payload, label=label, bank=bank)
            fields = _fields(root)
    except AnswersError:
        raise
    except LimitReachedError:
        raise _error(label, "answers.pdf_too_large_unpacked") from None
    except (RecursionError, MemoryError):
        raise _error(label, "answers.pdf_too_deep") from None
    except Exception:
        raise _error(label, "answers.pdf_damaged") from None
    values = {
        question.id: value
        for question in form.questions
        if (value := _value(question, fields)) is not None
    }
    person: dict[str, Any] = dict(payload.person)
    for key in _PERSON:
        typed = fields.get(pdf_field_name("person", key))
        if isinstance(typed, str) and typed.strip():
            person[key] = typed.strip()
    day = fields.get(pdf_field_name("person", "date"))
    if isinstance(day, str) and day.strip():
        person["date"] = parse_date(day) or person.get("date")
    return RawAnswers(payload, form, values, person)


def _error(label: str, code: str) -> AnswersError:
    return AnswersError(code=code, file=label)


def _dictionary(value: Any) -> DictionaryObject | None:
    from pypdf.generic import DictionaryObject

    resolved = value.get_object() if value is not None else None
    return resolved if isinstance(resolved, DictionaryObject) else None


def _items(value: Any, limit: int) -> Iterator[Any]:
    from pypdf.generic import ArrayObject

    resolved = value.get_object() if value is not None else None
    if isinstance(resolved, ArrayObject):
        for item in resolved[:limit]:
            yield item.get_object()


def _runs_action(node: DictionaryObject) -> bool:
    if "/AA" in node:
        return True
    action = _dictionary(node.get("/A"))
    return action is not None and action.get("/S") in _ACTIONS


def _refuse_actions(root: DictionaryObject, label: str) -> None:
    """Refuse JavaScript, actions and XFA anywhere a viewer would run them."""
    if "/OpenAction" in root or "/AA" in root:
        raise _error(label, "answers.pdf_actions")
    names = _dictionary(root.get("/Names"))
    if names is not None and "/JavaScript" in names:
        raise _error(label, "answers.pdf_actions")
    form = _dictionary(root.get("/AcroForm"))
    if form is not None:
        if "/XFA" in form:
            raise _error(label, "answers.pdf_xfa")
        for node in _items(form.get("/Fields"), _MAX_FIELDS):
            if _dictionary(node) is not None and _runs_action(node):
                raise _error(label, "answers.pdf_actions")
    pages = _dictionary(root.get("/Pages"))
    for page in _items(pages.get("/Kids") if pages is not None else None, _MAX_PAGES):
        if _dictionary(page) is None:
            continue
        if "/AA" in page:
            raise _error(label, "answers.pdf_actions")
        for annotation in _items(page.get("/Annots"), _MAX_ANNOTATIONS):
            if _dictionary(annotation) is not None and _runs_action(annotation):
                raise _error(label, "answers.pdf_actions")


def _payload(root: DictionaryObject, label: str) -> Payload | None:
    """Return the payload of the embedded ``musforms.json``; ``None``: there is none."""
    names = _dictionary(root.get("/Names"))
    files = _dictionary(names.get("/EmbeddedFiles")) if names is not None else None
    if files is None:
        return None
    entries = list(_items(files.get("/Names"), 200))  # a flat tree: /Kids are not followed
    for key, value in zip(entries[::2], entries[1::2], strict=False):
        if str(key) != PDF_ATTACHMENT:
            continue
        spec = _dictionary(value)
        embedded = _dictionary(spec.get("/EF")) if spec is not None else None
        stream = embedded.get("/F") if embedded is not None else None
        if stream is None:
            raise _damaged(label)
        data = stream.get_object().get_data()  # inflating is bounded by LIMITS
        if len(data) > 4 * MAX_PAYLOAD_CHARS:
            raise _damaged(label)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise _damaged(label) from None
        return decode_payload(text, label=label)
    return None


def _damaged(label: str) -> AnswersError:
    return AnswersError(code="answers.damaged_form", params={"why": ""}, file=label)


def _fields(root: DictionaryObject) -> dict[str, str | None]:
    """Return each top-level field's value by name: a text, a button's state, ``None``.

    A button's state is its ``/V``; a viewer that set only a button's ``/AS``
    (its look) is believed too.
    """
    from pypdf.generic import NameObject, TextStringObject

    form = _dictionary(root.get("/AcroForm"))
    result: dict[str, str | None] = {}
    if form is None:
        return result
    for node in _items(form.get("/Fields"), _MAX_FIELDS):
        field = _dictionary(node)
        if field is None or not isinstance(field.get("/T"), str):
            continue
        name = str(field["/T"])
        kind = field.get("/FT")
        value = field.get("/V")
        value = value.get_object() if value is not None else None
        if kind == "/Tx":
            result[name] = str(value)[: MAX_TEXT + 1] if isinstance(value, str) else None
        elif kind == "/Btn":
            state = str(value) if isinstance(value, NameObject) else None
            if state in (None, "/Off"):
                looks = [field, *(k for k in _items(field.get("/Kids"), 100) if _dictionary(k))]
                on = [str(k["/AS"]) for k in looks if k.get("/AS") not in (None, "/Off")]
                state = on[0] if len(on) == 1 else None
            result[name] = state[1:] if state and state != "/Off" else None
        elif isinstance(value, TextStringObject):  # a field a filler retyped: read as text
            result[name] = str(value)[: MAX_TEXT + 1]
    return result


def _text(fields: dict[str, str | None], name: str) -> str | None:
    value = fields.get(name)
    if value is None:
        return None
    text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    return text or None


def _number(state: str | None) -> Any:
    if state is not None and state.isdigit() and len(state) < 6:
        return int(state)
    return state


def _value(question: FormQuestion, fields: dict[str, str | None]) -> Any:
    """Return one question's answer from its fields; ``None`` means not answered."""
    name = pdf_field_name(question.id)
    kind = question.kind
    if kind in {"text", "long_text"}:
        return _text(fields, name)
    if kind == "date":
        text = _text(fields, name)
        return None if text is None else parse_date(text) or text
    if kind in {"scale", "smiley"}:
        return _number(fields.get(name))
    if kind == "yes_no":
        state = fields.get(name)
        return None if state is None else {"yes": True, "no": False}.get(state, state)
    if kind == "choice":
        return fields.get(name)
    if kind == "multi_choice":
        ticked = [o.id for o in question.options if fields.get(pdf_field_name(question.id, o.id))]
        return ticked or None
    if kind == "competence_wheel":
        wheel: dict[str, dict[str, Any]] = {}
        for competence in question.competences:
            for part in ("now", "wanted"):
                rating = _number(fields.get(pdf_field_name(question.id, competence.id, part)))
                if rating is not None:
                    wheel.setdefault(competence.id, {})[part] = rating
        return wheel or None
    if kind == "action_plan":
        return _plan(question.id, fields)
    raise AssertionError(f"no PDF reading for kind {kind}")  # pragma: no cover - Kind is closed


def _plan(question_id: str, fields: dict[str, str | None]) -> list[dict[str, str]] | None:
    prefix = pdf_field_name(question_id) + ":"
    rows: dict[int, dict[str, str]] = {}
    for name in fields:
        if not name.startswith(prefix):
            continue
        row, _, field = name[len(prefix) :].partition(":")
        text = _text(fields, name)
        if not row.isdigit() or not 0 < int(row) <= MAX_PLAN_ROWS or field not in PLAN_FIELDS:
            continue
        if text is not None:
            rows.setdefault(int(row), {})[field] = (
                parse_date(text) or text if field in PLAN_DATE_FIELDS else text
            )
    return [
        {field: rows[number][field] for field in PLAN_FIELDS if field in rows[number]}
        for number in sorted(rows)
    ] or None
