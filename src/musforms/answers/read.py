"""read_answers: a filled .docx or .xlsx in, validated :class:`Answers` out.

The format is told by the zip's content, not the file name. Each format's
reader (``read_docx``, ``read_xlsx``) returns the embedded payload, the raw
answers typed by kind, and the people; this module checks them against the
schema the file carries, so the original spec is never needed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from musforms.answers.model import Answers, FormInfo
from musforms.errors import AnswersError
from musforms.ooxml.safezip import open_zip

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

    from musforms.form import Form

__all__ = ["read_answers"]


def read_answers(
    source: str | Path | BinaryIO, *, expected: Form | None = None, name: str | None = None
) -> Answers:
    """Read a filled form made by musforms and return its validated answers.

    Args:
        source: a path or a binary file object of a filled .docx or .xlsx.
        expected: the form the file should have been made from; when given, a
            file of another form version is refused, naming the ids that differ.
        name: how to name the file in messages (default: its path).

    Raises:
        AnswersError: the file is not a form made by musforms, is damaged or
            hostile, or an answer does not fit its question. Messages name the
            file and the question id, never the answer itself.
    """
    label = name or (str(source) if isinstance(source, str | Path) else "<file>")
    archive = open_zip(source, name=label)
    names = set(archive.namelist())
    raw: dict[str, Any]
    if "word/document.xml" in names:
        from musforms.answers.read_docx import read_docx_archive

        raw = read_docx_archive(archive, label=label)
    elif "xl/workbook.xml" in names:
        from musforms.answers.read_xlsx import read_xlsx_archive

        raw = read_xlsx_archive(archive, label=label)
    else:
        raise AnswersError(code="answers.unknown_format", file=label)
    return answers_from(raw, label=label, source=source, expected=expected)


def answers_from(
    raw: dict[str, Any],
    *,
    label: str,
    source: str | Path | BinaryIO | None = None,
    expected: Form | None = None,
) -> Answers:
    """Validate a reader's raw result (payload, values, person) into :class:`Answers`."""
    payload = raw.get("payload")
    if not payload:
        raise AnswersError(code="answers.not_musforms", file=label)
    schema: dict[str, Any] = payload["schema"]
    properties: dict[str, Any] = schema.get("properties", {})
    values: dict[str, Any] = dict(raw.get("values", {}))
    if expected is not None and expected.form_id != payload.get("form_id"):
        _refuse_other_version(expected, properties, label)
    unknown = sorted(set(values) - set(properties))
    if unknown:
        raise AnswersError(
            code="answers.unknown_questions",
            params={"ids": ", ".join(unknown)},
            file=label,
            question_id=unknown[0],
        )
    _validate(values, schema, label)
    missing = tuple(q for q in properties if q not in values)
    required = [q for q in schema.get("required", []) if q in missing]
    if required:
        raise AnswersError(code="answers.required_missing", file=label, question_id=required[0])
    person = raw.get("person", {})
    info = FormInfo(
        title=str(payload.get("title", "")),
        organisation=str(payload.get("organisation", "")),
        form_id=str(payload.get("form_id", "")),
        language=str(payload.get("language", "da")),
        employee=person.get("employee") or None,
        leader=person.get("leader") or None,
        department=person.get("department") or None,
        date=person.get("date") or None,
        audience=payload.get("audience"),
    )
    ordered = {q: values[q] for q in properties if q in values}
    return Answers(
        ordered,
        form=info,
        missing=missing,
        schema=schema,
        source=Path(source) if isinstance(source, str | Path) else None,
        notes=tuple(raw.get("notes", ())),
    )


def _refuse_other_version(expected: Form, properties: dict[str, Any], label: str) -> None:
    ours = [q.id for q in expected.questions]
    theirs = list(properties)
    extra = [q for q in theirs if q not in ours]
    lacking = [q for q in ours if q not in theirs]
    parts = []
    if extra:
        parts.append(f"questions not in the expected form: {', '.join(extra)}")
    if lacking:
        parts.append(f"questions of the expected form it lacks: {', '.join(lacking)}")
    detail = "; ".join(parts) or "the same questions with other options or scales"
    raise AnswersError(code="answers.other_version", params={"detail": detail}, file=label)


def _validate(values: dict[str, Any], schema: dict[str, Any], label: str) -> None:
    validator = _validator(schema)
    errors = sorted(validator.iter_errors(values), key=lambda e: list(e.absolute_path))
    for error in errors:
        if not error.absolute_path:
            continue  # reported per question below or as unknown ids above
        question_id = str(error.absolute_path[0])
        raise AnswersError(
            f"the answer does not fit the question: {_why(error, schema, question_id)}. "
            "Correct it in the file and read again",
            file=label,
            question_id=question_id,
        )


_VALIDATORS: dict[str, Any] = {}


def _validator(schema: dict[str, Any]) -> Any:
    """Return a validator of ``schema``, made once per form shape (its form_id).

    Building one costs milliseconds; collecting a department's forms reads the
    same form hundreds of times.
    """
    from jsonschema import Draft202012Validator, FormatChecker

    key = json.dumps(schema, sort_keys=True, separators=(",", ":"))
    validator = _VALIDATORS.get(key)
    if validator is None:
        if len(_VALIDATORS) > 64:
            _VALIDATORS.clear()
        validator = Draft202012Validator(schema, format_checker=FormatChecker())
        _VALIDATORS[key] = validator
    return validator


def _why(error: ValidationError, schema: dict[str, Any], question_id: str) -> str:
    """Say what is wrong with an answer without quoting it (answers are personal data)."""
    prop = schema["properties"].get(question_id, {})
    kind = prop.get("x-musforms", {}).get("kind", "")
    where = "/".join(str(p) for p in list(error.absolute_path)[1:])
    at = f" (at {where})" if where else ""
    rule = error.validator
    if rule in {"minimum", "maximum"}:
        low = error.schema.get("minimum") if isinstance(error.schema, dict) else None
        high = error.schema.get("maximum") if isinstance(error.schema, dict) else None
        return f"it must be a whole number from {low} to {high}{at}"
    if rule == "type":
        return f"a {kind} answer must be {error.validator_value}{at}"
    if rule in {"oneOf", "enum", "const"}:
        return f"it is not one of the question's options{at}"
    if rule == "format":
        return f"it is not a valid date{at}; write it as DD-MM-YYYY"
    if rule == "additionalProperties":
        return f"it has parts the question does not have{at}"
    if rule in {"maxLength", "maxItems"}:
        return f"it is too long{at}"
    if rule == "uniqueItems":
        return f"an option is ticked twice{at}"
    return f"it breaks the rule '{rule}'{at}"
