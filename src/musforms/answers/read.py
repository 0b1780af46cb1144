"""read_answers: a filled .docx or .xlsx in, checked :class:`Answers` out.

The format is told by the file's content, not its name. Each format's reader
(``read_docx``, ``read_xlsx``) rebuilds the form from the file's payload (see
:mod:`musforms.answers._rebuild`: the file's own schema is never used) and
returns the raw answers typed by kind; this module checks every answer
against its question in the rebuilt form, with the per-kind rules of
:mod:`musforms.kinds`, and reports every answer that does not fit, naming the
question and never quoting the answer.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from musforms._files import describe_size, read_limited
from musforms.answers.model import Answers, FormInfo, QuestionInfo, RawAnswers
from musforms.errors import AnswersError
from musforms.kinds import check_answer
from musforms.ooxml.safezip import MAX_FILE_BYTES, open_zip

if TYPE_CHECKING:
    from musforms.bank.questionbank import QuestionBank
    from musforms.form import Form

__all__ = ["answers_from", "read_answers", "read_raw"]

#: The first bytes of an encrypted Office file (an OLE compound file).
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_answers(
    source: str | Path | BinaryIO,
    *,
    expected: Form | None = None,
    name: str | None = None,
    bank: QuestionBank | None = None,
    password: str | None = None,
) -> Answers:
    """Read a filled form made by musforms and return its checked answers.

    Args:
        source: a path or a binary file object of a filled .docx, .xlsx or .pdf.
        expected: the form the file should have been made from; when given, a
            file of another form version is refused, naming the ids that differ.
        name: how to name the file in messages (default: its path).
        bank: the bank a file of musforms 0.1 was made with (newer files carry
            their questions and need none).
        password: the password of an encrypted file.

    Raises:
        AnswersError: the file is not a form made by musforms, is damaged or
            hostile, or answers do not fit their questions (every one is in
            ``.problems``). Messages name the file and the question id, never
            the answer itself.
    """
    label = name or (str(source) if isinstance(source, str | Path) else "<file>")
    raw = read_raw(source, label=label, bank=bank, password=password)
    return answers_from(raw, label=label, source=source, expected=expected)


def read_raw(
    source: str | Path | BinaryIO,
    *,
    label: str,
    bank: QuestionBank | None = None,
    password: str | None = None,
) -> RawAnswers:
    """Return what a filled file holds and the form it was made from, answers unchecked."""
    data = _content(source, label)
    if data.startswith(_OLE):
        data = _decrypted(data, password, label)
    if b"%PDF-" in data[:1024]:
        from musforms.answers.read_pdf import read_pdf_bytes

        return read_pdf_bytes(data, label=label, bank=bank)
    archive = open_zip(io.BytesIO(data), name=label)
    names = set(archive.namelist())
    if "word/document.xml" in names:
        from musforms.answers.read_docx import read_docx_archive

        return read_docx_archive(archive, label=label, bank=bank)
    if "xl/workbook.xml" in names:
        from musforms.answers.read_xlsx import read_xlsx_archive

        return read_xlsx_archive(archive, label=label, bank=bank)
    raise AnswersError(code="answers.unknown_format", file=label)


def _content(source: str | Path | BinaryIO, label: str) -> bytes:
    """Return the file's bytes, refusing anything but a regular file of a form's size."""
    if isinstance(source, str | Path):
        return read_limited(source, MAX_FILE_BYTES, AnswersError, label=label)
    content = source.read(MAX_FILE_BYTES + 1)
    if len(content) > MAX_FILE_BYTES:
        raise AnswersError(
            code="file.too_large", params={"limit": describe_size(MAX_FILE_BYTES)}, file=label
        )
    return content


def _decrypted(data: bytes, password: str | None, label: str) -> bytes:
    """Return the content of an Office file encrypted with a password."""
    if password is None:
        raise AnswersError(code="answers.encrypted", file=label)
    from musforms.answers._encrypted import decrypt

    return decrypt(data, password, label=label)


def answers_from(
    raw: RawAnswers,
    *,
    label: str,
    source: str | Path | BinaryIO | None = None,
    expected: Form | None = None,
) -> Answers:
    """Check a reader's raw answers against the rebuilt form and return :class:`Answers`.

    Raises:
        AnswersError: every answer that does not fit its question, in form
            order (the first is the error; all are in ``.problems``).
    """
    form = raw.form
    if expected is not None and expected.form_id != form.form_id:
        _refuse_other_version(expected, form, label)
    problems: list[AnswersError] = []
    unknown = sorted(set(raw.values) - {q.id for q in form.questions})
    if unknown:
        problems.append(
            AnswersError(
                code="answers.unknown_questions",
                params={"ids": ", ".join(unknown)},
                file=label,
                question_id=unknown[0],
            )
        )
    for question in form.questions:
        if question.id in raw.values:
            for problem in check_answer(raw.values[question.id], question):
                problems.append(
                    AnswersError(
                        code=problem.code,
                        params={**problem.params, "at": problem.at},
                        file=label,
                        question_id=question.id,
                        where=problem.at or None,
                    )
                )
        elif question.required:
            problems.append(
                AnswersError(code="answers.required_missing", file=label, question_id=question.id)
            )
    if problems:
        raise _all(problems, label)
    payload = raw.payload
    person = raw.person
    info = FormInfo(
        title=form.title,
        organisation=form.organisation,
        form_id=form.form_id,
        language=form.language,
        employee=person.get("employee") or None,
        leader=person.get("leader") or None,
        department=person.get("department") or None,
        date=person.get("date") or None,
        audience=payload.audience,
    )
    return Answers(
        {q.id: raw.values[q.id] for q in form.questions if q.id in raw.values},
        form=info,
        missing=tuple(q.id for q in form.questions if q.id not in raw.values),
        questions={
            q.id: QuestionInfo(
                q.kind,
                q.category,
                q.text,
                {o.id: o.text for o in q.options},
                {c.id: c.text for c in q.competences},
            )
            for q in form.questions
        },
        source=Path(source) if isinstance(source, str | Path) else None,
        notes=raw.notes,
    )


def _all(problems: list[AnswersError], label: str) -> AnswersError:
    """Return one error for every problem: the first itself, or a count naming the first."""
    first = problems[0]
    if len(problems) == 1:
        first.problems = (first,)
        return first
    return AnswersError(
        code="answers.several",
        params={"count": len(problems), "first": first.question_id or first.reason},
        file=label,
        question_id=first.question_id,
        where=first.where,
        problems=tuple(problems),
    )


def _refuse_other_version(expected: Form, form: Form, label: str) -> None:
    ours = [q.id for q in expected.questions]
    theirs = [q.id for q in form.questions]
    extra = [q for q in theirs if q not in ours]
    lacking = [q for q in ours if q not in theirs]
    parts = []
    if extra:
        parts.append(f"questions not in the expected form: {', '.join(extra)}")
    if lacking:
        parts.append(f"questions of the expected form it lacks: {', '.join(lacking)}")
    detail = "; ".join(parts) or "the same questions with other options or scales"
    raise AnswersError(code="answers.other_version", params={"detail": detail}, file=label)
