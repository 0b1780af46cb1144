"""Reading a filled Word form made by musforms: payload, typed answers and people.

The form travels inside the file (a custom XML part, see
:mod:`musforms.render.docx`) with the list of its content controls in
document order. Controls are found by their tag, the question id (PRODUCT.md).
A file LibreOffice has re-saved has lost every tag; its controls are then
matched, one by one and kind by kind, against that list, and text controls
are checked against their title (``w:alias``, a person's words such as
"3. Hvor godt …"), which LibreOffice keeps. The title is never taken for an
id: a file whose titles were all rewritten still reads if its tags are there.

The form is rebuilt from the payload (:mod:`musforms.answers._rebuild`);
checking the answers against it is the caller's job (:mod:`musforms.answers.read`).
Values that cannot be typed are passed on as they are, for that check to
report without quoting them.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from musforms.answers._rebuild import form_of
from musforms.answers.model import RawAnswers, parse_date
from musforms.errors import AnswersError
from musforms.kinds import PLAN_DATE_FIELDS, PLAN_FIELDS, WHEEL_PARTS, split_tag
from musforms.ooxml.payload import NAMESPACE, Payload, decode_payload
from musforms.ooxml.safezip import open_zip, parse_xml, read_member
from musforms.ooxml.sdt import CHECKBOX, DATE, TEXT, ControlRecord, FoundControl, read_controls

if TYPE_CHECKING:
    from musforms.bank.questionbank import QuestionBank

__all__ = ["read_docx", "read_docx_archive"]

PERSON_FIELDS = ("employee", "leader", "department", "date")
_ITEM = re.compile(r"customXml/item\d+\.xml")
#: Word writes a handful of custom XML parts; more is not a document from Word.
_MAX_ITEMS = 50
_FORM = f"{{{NAMESPACE}}}form"
#: A question's controls: the parts of each tag after the question id, and the control.
Pieces = list[tuple[tuple[str, ...], FoundControl]]


def read_docx(source: str | Path | BinaryIO, *, bank: QuestionBank | None = None) -> RawAnswers:
    """Return what a filled musforms Word form holds, not yet checked against its form.

    Raises:
        AnswersError: the file is not a readable .docx, not musforms' own, its
            form is damaged, or its controls no longer match that form.
    """
    label = str(source) if isinstance(source, str | Path) else "<file>"
    return read_docx_archive(open_zip(source, name=label), label=label, bank=bank)


def read_docx_archive(
    archive: zipfile.ZipFile, *, label: str, bank: QuestionBank | None = None
) -> RawAnswers:
    """Read a Word form from an opened (and size-checked) zip; see :func:`read_docx`."""
    found = _form_part(archive, label)
    if found is None:
        raise AnswersError(code="answers.not_musforms", file=label)
    payload, listed = found
    form = form_of(payload, label=label, bank=bank)
    document = parse_xml(
        read_member(archive, "word/document.xml", label=label),
        label=label,
        member="word/document.xml",
    )
    controls = read_controls(document)
    notes: list[str] = []
    tagged = _tagged(controls, listed, label, notes)
    placeholders = {record.tag: record.placeholder for record in listed}
    person: dict[str, Any] = dict(payload.person)
    parts: dict[str, Pieces] = {}
    for tag, control in tagged:
        if control.kind == TEXT and control.text.strip() == placeholders.get(tag, "\0"):
            control = FoundControl(TEXT, control.tag, control.alias, "")  # an untouched placeholder
        question_id, rest = split_tag(tag)
        if question_id == "person":
            if rest and rest[0] in PERSON_FIELDS and _answered(control):
                person[rest[0]] = _single(control)
        elif "." in question_id:  # notes:, signature: and plan: hold no answers
            parts.setdefault(question_id, []).append((rest, control))
    values: dict[str, Any] = {}
    for question_id, pieces in parts.items():
        question = form.get(question_id)
        value = _value(question.kind if question else "", pieces)
        if value is not None:
            values[question_id] = value
    return RawAnswers(payload, form, values, person, tuple(notes))


def _form_part(archive: zipfile.ZipFile, label: str) -> tuple[Payload, list[ControlRecord]] | None:
    """Return the payload and the control list of the musforms custom XML part."""
    items = sorted(n for n in archive.namelist() if _ITEM.fullmatch(n))
    for name in items[:_MAX_ITEMS]:
        root = parse_xml(read_member(archive, name, label=label), label=label, member=name)
        if root.tag != _FORM:
            continue
        payload = decode_payload(root.findtext(f"{{{NAMESPACE}}}payload") or "", label=label)
        if payload is None:
            raise AnswersError(code="answers.damaged_form", params={"why": ""}, file=label)
        listed = [
            ControlRecord(
                entry.get("tag") or "",
                entry.get("kind") or "",
                entry.get("placeholder") or "",
                entry.get("title") or "",
            )
            for entry in root.iter(f"{{{NAMESPACE}}}control")
        ]
        return payload, listed
    return None


def _tagged(
    controls: list[FoundControl], listed: list[ControlRecord], label: str, notes: list[str]
) -> list[tuple[str, FoundControl]]:
    """Pair each control with its tag: its own, or the listed one at its place in the order.

    Matching by order checks each control's kind against the list, and a text
    control's title against the listed title (files made before titles were
    words carry the tag as their title, and list none).
    """
    if any(control.tag for control in controls):
        return [(control.tag, control) for control in controls if control.tag]
    if len(controls) != len(listed):
        raise AnswersError(code="answers.fields_changed", file=label)
    for control, record in zip(controls, listed, strict=True):
        title = record.title or record.tag
        moved = (record.kind and control.kind != record.kind) or (
            control.kind == TEXT and control.alias and control.alias != title
        )
        if moved:
            raise AnswersError(
                code="answers.fields_moved",
                file=label,
                question_id=record.tag.split(":", 1)[0],
            )
    notes.append(
        "the file was saved by a program that drops the fields' tags (LibreOffice); "
        "the answers were matched to the questions by the order of the fields"
    )
    return [(record.tag, control) for control, record in zip(controls, listed, strict=True)]


def _answered(control: FoundControl) -> bool:
    if control.kind == CHECKBOX:
        return bool(control.checked)
    return bool(control.text.strip()) or control.value is not None


def _single(control: FoundControl) -> Any:
    """Return what one text, date or drop-down control holds."""
    if control.kind == DATE:
        return control.value or parse_date(control.text) or control.text.strip()
    if control.value is not None:
        return control.value
    return control.text.strip()


def _int(text: Any) -> Any:
    try:
        return int(str(text).strip())
    except ValueError:
        return text


def _one_field(answered: Pieces) -> Any:
    return _single(answered[0][1])


def _ticked(answered: Pieces) -> list[str]:
    return [rest[0] for rest, _ in answered if rest]


def _number(answered: Pieces) -> Any:
    numbers = [_int(value) for value in _ticked(answered)]
    return numbers[0] if len(numbers) == 1 else numbers  # several ticks: the check reports


def _yes_no(answered: Pieces) -> Any:
    flags = [value == "yes" for value in _ticked(answered) if value in {"yes", "no"}]
    return flags[0] if len(flags) == 1 else flags


def _choice(answered: Pieces) -> Any:
    ticked = _ticked(answered)
    return ticked[0] if len(ticked) == 1 else ticked


def _wheel(answered: Pieces) -> Any:
    wheel: dict[str, dict[str, Any]] = {}
    for rest, control in answered:
        if len(rest) == 2 and rest[1] in WHEEL_PARTS:
            wheel.setdefault(rest[0], {})[rest[1]] = _int(_single(control))
    return wheel or None


def _plan(answered: Pieces) -> Any:
    rows: dict[int, dict[str, Any]] = {}
    for rest, control in answered:
        if len(rest) == 2 and rest[0].isdigit() and rest[1] in PLAN_FIELDS:
            cell = _single(control)
            if rest[1] in PLAN_DATE_FIELDS and isinstance(cell, str):
                cell = parse_date(cell) or cell
            rows.setdefault(int(rest[0]), {})[rest[1]] = cell
    return [rows[number] for number in sorted(rows)] or None


#: How each kind's answer is put together from its answered controls.
_VALUE_OF: dict[str, Callable[[Pieces], Any]] = {
    "text": _one_field,
    "long_text": _one_field,
    "date": _one_field,
    "scale": _number,
    "smiley": _number,
    "yes_no": _yes_no,
    "choice": _choice,
    "multi_choice": _ticked,
    "competence_wheel": _wheel,
    "action_plan": _plan,
}


def _value(kind: str, pieces: Pieces) -> Any:
    """Return a question's answer from its controls; ``None`` means not answered."""
    answered = [(rest, control) for rest, control in pieces if _answered(control)]
    if not answered:
        return None
    return _VALUE_OF.get(kind, _one_field)(answered)
