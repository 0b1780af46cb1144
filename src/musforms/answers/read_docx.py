"""Reading a filled Word form made by musforms: payload, typed answers and people.

The form travels inside the file (a custom XML part, see
:mod:`musforms.render.docx`) with the list of its content controls in
document order. Controls are found by their tag, the question id (PRODUCT.md).
A file LibreOffice has re-saved has lost every tag; its controls are then
matched, one by one and kind by kind, against that list, and text controls
are checked against their alias, which LibreOffice keeps.

This module only reads; validating against the schema is the caller's job
(:mod:`musforms.answers.read`). Values that cannot be typed are passed on as
they are, for that check to report without quoting them.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any, BinaryIO

from musforms.answers.model import parse_date
from musforms.errors import AnswersError
from musforms.ooxml.payload import NAMESPACE, parse_payload
from musforms.ooxml.safezip import open_zip, parse_xml, read_member
from musforms.ooxml.sdt import CHECKBOX, DATE, TEXT, FoundControl, read_controls
from musforms.render.schema import PLAN_DATE_FIELDS, PLAN_FIELDS, WHEEL_PARTS

__all__ = ["read_docx", "read_docx_archive"]

PERSON_FIELDS = ("employee", "leader", "department", "date")
_ITEM = re.compile(r"customXml/item\d+\.xml")
_FORM = f"{{{NAMESPACE}}}form"


def read_docx(source: str | Path | BinaryIO) -> dict[str, Any]:
    """Return what a filled musforms Word form holds, unvalidated.

    Returns:
        ``{"payload": ..., "values": ..., "person": ..., "notes": ...}``: the
        parsed payload (``None`` means the file was not made by musforms), the
        answers of the answered questions keyed by question id and typed by
        kind (PRODUCT.md's table), the people (employee, leader, department,
        date; ``None`` means blank) and what the reader could not tell for sure.

    Raises:
        AnswersError: the file is not a readable .docx, or its controls no
            longer match the form it carries.
    """
    label = str(source) if isinstance(source, str | Path) else "<file>"
    return read_docx_archive(open_zip(source, name=label), label=label)


def read_docx_archive(archive: zipfile.ZipFile, *, label: str) -> dict[str, Any]:
    """Read a Word form from an opened (and size-checked) zip; see :func:`read_docx`."""
    found = _form_part(archive, label)
    if found is None:
        return {"payload": None, "values": {}, "person": dict.fromkeys(PERSON_FIELDS)}
    payload, listed = found
    document = parse_xml(
        read_member(archive, "word/document.xml", label=label),
        label=label,
        member="word/document.xml",
    )
    controls = read_controls(document)
    notes: list[str] = []
    tagged = _tagged(controls, listed, label, notes)
    placeholders = dict(listed)
    person: dict[str, Any] = dict(payload.get("person") or dict.fromkeys(PERSON_FIELDS))
    parts: dict[str, list[tuple[list[str], FoundControl]]] = {}
    for tag, control in tagged:
        if control.kind == TEXT and control.text.strip() == placeholders.get(tag, "\0"):
            control = FoundControl(TEXT, control.tag, control.alias, "")  # an untouched placeholder
        question_id, *rest = tag.split(":")
        if question_id == "person":
            if rest and rest[0] in PERSON_FIELDS and _answered(control):
                person[rest[0]] = _single(control)
        elif "." in question_id:  # notes:, signature: and plan: hold no answers
            parts.setdefault(question_id, []).append((rest, control))
    kinds = _kinds(payload)
    values: dict[str, Any] = {}
    for question_id, pieces in parts.items():
        value = _value(kinds.get(question_id, ""), pieces)
        if value is not None:
            values[question_id] = value
    return {"payload": payload, "values": values, "person": person, "notes": notes}


def _form_part(
    archive: zipfile.ZipFile, label: str
) -> tuple[dict[str, Any], list[tuple[str, str]]] | None:
    """Return the payload and the (tag, placeholder) list of the musforms custom XML part."""
    for name in sorted(n for n in archive.namelist() if _ITEM.fullmatch(n)):
        root = parse_xml(read_member(archive, name, label=label), label=label, member=name)
        if root.tag != _FORM:
            continue
        payload = parse_payload(root.findtext(f"{{{NAMESPACE}}}payload") or "")
        if payload is None:
            raise AnswersError(code="answers.damaged_form", params={"why": ""}, file=label)
        listed = [
            (entry.get("tag") or "", entry.get("placeholder") or "")
            for entry in root.iter(f"{{{NAMESPACE}}}control")
        ]
        return payload, listed
    return None


def _tagged(
    controls: list[FoundControl], listed: list[tuple[str, str]], label: str, notes: list[str]
) -> list[tuple[str, FoundControl]]:
    """Pair each control with its tag: its own, or the listed one at its place in the order."""
    if any(control.tag for control in controls):
        return [(control.tag, control) for control in controls if control.tag]
    if len(controls) != len(listed):
        raise AnswersError(code="answers.fields_changed", file=label)
    for control, (tag, _) in zip(controls, listed, strict=True):
        if control.kind == TEXT and control.alias and control.alias != tag:
            raise AnswersError(
                code="answers.fields_moved",
                file=label,
                question_id=control.alias.split(":", 1)[0],
            )
    notes.append(
        "the file was saved by a program that drops the fields' tags (LibreOffice); "
        "the answers were matched to the questions by the order of the fields"
    )
    return [(tag, control) for control, (tag, _) in zip(controls, listed, strict=True)]


def _kinds(payload: dict[str, Any]) -> dict[str, str]:
    properties = payload.get("schema", {}).get("properties", {})
    return {
        question_id: str(prop.get("x-musforms", {}).get("kind", ""))
        for question_id, prop in properties.items()
        if isinstance(prop, dict)
    }


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


def _value(kind: str, pieces: list[tuple[list[str], FoundControl]]) -> Any:
    """Return a question's answer from its controls; ``None`` means not answered."""
    answered = [(rest, control) for rest, control in pieces if _answered(control)]
    if not answered:
        return None
    if kind in {"text", "long_text", "date"}:
        return _single(answered[0][1])
    ticked = [rest[0] for rest, _ in answered if rest]
    if kind in {"scale", "smiley"}:
        numbers = [_int(value) for value in ticked]
        return numbers[0] if len(numbers) == 1 else numbers  # several ticks: the check reports
    if kind == "yes_no":
        flags = [value == "yes" for value in ticked if value in {"yes", "no"}]
        return flags[0] if len(flags) == 1 else flags
    if kind == "choice":
        return ticked[0] if len(ticked) == 1 else ticked
    if kind == "multi_choice":
        return ticked
    if kind == "competence_wheel":
        wheel: dict[str, dict[str, Any]] = {}
        for rest, control in answered:
            if len(rest) == 2 and rest[1] in WHEEL_PARTS:
                wheel.setdefault(rest[0], {})[rest[1]] = _int(_single(control))
        return wheel or None
    if kind == "action_plan":
        rows: dict[int, dict[str, Any]] = {}
        for rest, control in answered:
            if len(rest) == 2 and rest[0].isdigit() and rest[1] in PLAN_FIELDS:
                cell = _single(control)
                if rest[1] in PLAN_DATE_FIELDS and isinstance(cell, str):
                    cell = parse_date(cell) or cell
                rows.setdefault(int(rest[0]), {})[rest[1]] = cell
        return [rows[number] for number in sorted(rows)] or None
    return _single(answered[0][1])
