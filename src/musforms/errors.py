"""The error tree of musforms.

Every error a user can cause is a :class:`MusformsError`; the CLI prints its
message and exits with status 2. Each subclass carries the place of the fault
(file, line, question id) so that programs can point at it, and its message
reads ``FILE:LINE: ID: what is wrong. How to fix it.`` with the known parts.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "AnswerError",
    "AnswersError",
    "BankError",
    "MusformsError",
    "RenderError",
    "SpecError",
]


def _place(file: Path | str | None, line: int | None, question_id: str | None) -> str:
    """Return the ``FILE:LINE: ID: `` prefix of a message, leaving out unknown parts."""
    parts = []
    if file is not None:
        parts.append(f"{file}:{line}" if line is not None else str(file))
    if question_id:
        parts.append(question_id)
    return "".join(f"{part}: " for part in parts)


class MusformsError(Exception):
    """Base class of every error caused by input (a bank, a spec, a filled form).

    Attributes:
        reason: the message without its place prefix.
        file: the file at fault, if known.
        line: the 1-based line in ``file``, if known.
        question_id: the full question id at fault, if known.
    """

    def __init__(
        self,
        message: str,
        *,
        file: Path | str | None = None,
        line: int | None = None,
        question_id: str | None = None,
    ) -> None:
        if message and message[-1] not in ".?!":
            message += "."
        self.reason = message
        self.file = Path(file) if file is not None else None
        self.line = line
        self.question_id = question_id
        super().__init__(_place(file, line, question_id) + message)


class BankError(MusformsError):
    """A question bank file is malformed: bad YAML, unknown kind, duplicate id, ..."""


class SpecError(MusformsError):
    """A form spec is malformed or refers to questions that do not exist.

    Attributes:
        loc: the pydantic location of the faulty field, e.g. ``("sections", 2, "title")``.
    """

    def __init__(
        self,
        message: str,
        *,
        file: Path | str | None = None,
        line: int | None = None,
        question_id: str | None = None,
        loc: tuple[str | int, ...] = (),
    ) -> None:
        self.loc = loc
        super().__init__(message, file=file, line=line, question_id=question_id)


class RenderError(MusformsError):
    """A form could not be written in a format (bad template, unwritable target, ...).

    Attributes:
        fmt: the output format, e.g. ``"docx"``.
    """

    def __init__(
        self,
        message: str,
        *,
        fmt: str | None = None,
        file: Path | str | None = None,
        question_id: str | None = None,
    ) -> None:
        self.fmt = fmt
        super().__init__(message, file=file, question_id=question_id)


class AnswersError(MusformsError):
    """A filled form could not be read, or its answers do not fit the form.

    Messages never quote a person's answers: they are personal data.

    Attributes:
        where: the content-control tag or cell at fault, if known.
    """

    def __init__(
        self,
        message: str,
        *,
        file: Path | str | None = None,
        question_id: str | None = None,
        where: str | None = None,
    ) -> None:
        self.where = where
        super().__init__(message, file=file, question_id=question_id)


#: The name STYLE.md uses; the same class as :class:`AnswersError`.
AnswerError = AnswersError
