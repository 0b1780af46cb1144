"""The error tree of musforms.

Every error a user can cause is a :class:`MusformsError`; the CLI prints its
message and exits with status 2. Each error has an identity and a place:

- ``code``, a stable dotted id such as ``spec.unknown_question``, which
  programs (and the web page) switch on instead of matching sentences;
- ``params``, the values its message is made of (an id, a limit, suggestions);
- ``file``, ``line`` and ``question_id``, where known.

The message reads ``FILE:LINE: ID: what is wrong. How to fix it.`` with the
known parts. Messages come from one catalogue (:mod:`musforms._error_codes`)
in English and Danish; :meth:`MusformsError.message_in` gives either. No
message ever quotes a person's answer: answers are personal data.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from musforms._error_codes import CODES, format_message

__all__ = [
    "AnswerError",
    "AnswersError",
    "BankError",
    "ConfigError",
    "MusformsError",
    "PeopleError",
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


def _sentence(message: str) -> str:
    return message + "." if message and message[-1] not in ".?!" else message


class MusformsError(Exception):
    """Base class of every error caused by input (a bank, a spec, a filled form, ...).

    Make one from a code (``SpecError(code="spec.unknown_question",
    question_id="x.y", params={"hint": ""})``): the message is the catalogue's.
    A plain message (``SpecError("what is wrong")``) still works and gets the
    class's general code.

    Attributes:
        code: the stable dotted id of the problem (see docs/errors.md).
        params: the values the message is made of.
        reason: the message without its place prefix.
        file: the file at fault, if known.
        line: the 1-based line in ``file``, if known.
        question_id: the full question id at fault, if known.
    """

    #: The code of an error made from a plain message.
    default_code = "error"

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        params: Mapping[str, Any] | None = None,
        file: Path | str | None = None,
        line: int | None = None,
        question_id: str | None = None,
    ) -> None:
        self.code = code or self.default_code
        self.params: dict[str, Any] = dict(params or {})
        if message is None:
            message = format_message(self.code, "en", self.params)
        elif code is None:
            self.params.setdefault("detail", message)
        self.reason = _sentence(message)
        self.file = Path(file) if file is not None else None
        self.line = line
        self.question_id = question_id
        super().__init__(_place(file, line, question_id) + self.reason)

    def message_in(self, language: str, *, place: bool = False) -> str:
        """Return the message in ``language`` (``da`` or ``en``), with its place if asked.

        A code the catalogue does not know (a plain message) falls back to the
        English reason.
        """
        if self.code in CODES:
            text = _sentence(format_message(self.code, language, self.params))
        else:
            text = self.reason
        if not place:
            return text
        return _place(self.file, self.line, self.question_id) + text

    def located(self, *, file: Path | str | None = None, line: int | None = None) -> MusformsError:
        """Return the same error placed in ``file`` at ``line`` (where it was not yet)."""
        clone = type(self).__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone.file = Path(file) if file is not None and self.file is None else self.file
        clone.line = line if self.line is None else self.line
        Exception.__init__(clone, _place(clone.file, clone.line, clone.question_id) + clone.reason)
        return clone


class BankError(MusformsError):
    """A question bank file is malformed: bad YAML, unknown kind, duplicate id, ..."""

    default_code = "bank.invalid"


class SpecError(MusformsError):
    """A form spec is malformed or refers to questions that do not exist.

    Attributes:
        loc: the pydantic location of the faulty field, e.g. ``("sections", 2, "title")``.
    """

    default_code = "spec.invalid"

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        params: Mapping[str, Any] | None = None,
        file: Path | str | None = None,
        line: int | None = None,
        question_id: str | None = None,
        loc: tuple[str | int, ...] = (),
    ) -> None:
        self.loc = loc
        super().__init__(
            message, code=code, params=params, file=file, line=line, question_id=question_id
        )


class PeopleError(SpecError):
    """A people file for a batch cannot be read (a :class:`SpecError`, as it always was)."""

    default_code = "people.invalid"


class ConfigError(MusformsError):
    """A configuration file of ``musforms serve`` is malformed."""

    default_code = "config.invalid"


class RenderError(MusformsError):
    """A form could not be written in a format (bad template, unwritable target, ...).

    Attributes:
        fmt: the output format, e.g. ``"docx"``.
    """

    default_code = "render.failed"

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        params: Mapping[str, Any] | None = None,
        fmt: str | None = None,
        file: Path | str | None = None,
        question_id: str | None = None,
    ) -> None:
        self.fmt = fmt
        super().__init__(message, code=code, params=params, file=file, question_id=question_id)


class AnswersError(MusformsError):
    """A filled form could not be read, or its answers do not fit the form.

    Messages never quote a person's answers: they are personal data.

    Attributes:
        where: the content-control tag or cell at fault, if known.
        problems: every problem found, when there were several (each an
            :class:`AnswersError` of one question); this error is the first.
    """

    default_code = "answers.invalid"

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        params: Mapping[str, Any] | None = None,
        file: Path | str | None = None,
        question_id: str | None = None,
        where: str | None = None,
        problems: tuple[AnswersError, ...] = (),
    ) -> None:
        self.where = where
        self.problems = problems
        super().__init__(message, code=code, params=params, file=file, question_id=question_id)


class Problem(Exception):
    """An internal signal of a problem, before its file and error class are known.

    Helpers below the error tree's users (YAML loading, templates) raise this;
    whoever knows the file turns it into a :class:`MusformsError` with the same
    code and params.
    """

    def __init__(
        self, code: str, params: Mapping[str, Any] | None = None, line: int | None = None
    ) -> None:
        self.code = code
        self.params = dict(params or {})
        self.line = line
        self.message = format_message(code, "en", self.params)
        super().__init__(self.message)

    def error(
        self,
        error: type[MusformsError],
        *,
        file: Path | str | None = None,
        line: int | None = None,
        question_id: str | None = None,
    ) -> MusformsError:
        """Return this problem as an ``error`` placed in ``file`` at ``line``."""
        where: dict[str, Any] = {"file": file, "question_id": question_id}
        if not issubclass(error, RenderError | AnswersError):
            where["line"] = line if line is not None else self.line
        return error(code=self.code, params=self.params, **where)


#: The name STYLE.md uses; the same class as :class:`AnswersError`.
AnswerError = AnswersError
