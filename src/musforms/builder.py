"""FormBuilder and build_form: the ways a program makes a form.

:class:`FormBuilder` ticks questions into a spec, as the web MUS-automat does;
:func:`build_form` resolves a spec against a bank into a :class:`Form`, and
carries last year's development plan into it when asked. This is the one
module that may use the spec, the bank, the form and last year's answers
together: below it, the spec is plain data and the form knows no reader.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Self

from pydantic import ValidationError

from musforms._pydantic import clean_loc, describe
from musforms.bank.model import Kind, Language, Text
from musforms.errors import SpecError
from musforms.form import Form
from musforms.form import build_form as _resolve
from musforms.spec import CustomQuestion, FormSpec

if TYPE_CHECKING:
    from musforms.bank.questionbank import QuestionBank

__all__ = ["FormBuilder", "build_form"]


def build_form(
    spec: FormSpec,
    bank: QuestionBank | None = None,
    *,
    previous: str | Path | BinaryIO | Any = None,
) -> Form:
    """Resolve ``spec`` against ``bank`` (the shipped one by default) into a :class:`Form`.

    Args:
        previous: last year's filled form (a path, a file object or its ``Answers``):
            its development plan is carried into a follow-up section at the start.

    Raises:
        SpecError: an unknown question or category id (with the nearest ids), a
            question ticked twice, or a text the template sandbox refuses.
        AnswersError: ``previous`` cannot be read.
    """
    form = _resolve(spec, bank)
    if previous is not None:
        from musforms.previous import with_previous_plan

        form = with_previous_plan(form, previous)
    return form


class FormBuilder:
    """Build a spec by ticking questions, as the web MUS-automat does.

    Every method returns the builder, so calls chain::

        form = (FormBuilder(bank, title="MUS 2027", organisation="Eksempel Kommune")
                .section("Opgaver").tick("opgaver.lykkedes", "opgaver.udfordringer")
                .tick_category("trivsel")
                .build())

    Ids are checked as they are ticked: an unknown id raises :class:`SpecError`
    with the nearest existing ids.
    """

    def __init__(
        self,
        bank: QuestionBank | None = None,
        *,
        title: str,
        organisation: str = "",
        language: Language = "da",
        **settings: Any,
    ) -> None:
        from musforms.bank.load import load_bank

        self.bank = bank if bank is not None else load_bank()
        self._settings: dict[str, Any] = {
            "title": title,
            "organisation": organisation,
            "language": language,
            **settings,
        }
        self._sections: list[dict[str, Any]] = []
        # The settings alone, checked now rather than at the first build: a placeholder
        # section stands in for the sections still to come.
        try:
            FormSpec.model_validate({**self._settings, "sections": [{"category": "x"}]})
        except ValidationError as exc:
            error = exc.errors()[0]
            code, params = describe(error)
            raise SpecError(code=code, params=params, loc=clean_loc(error["loc"])) from None

    def section(self, title: str | Text, *, intro: str | Text | None = None) -> Self:
        """Start a new section; the next ticked questions go into it."""
        section: dict[str, Any] = {"title": title, "questions": []}
        if intro:
            section["intro"] = intro
        self._sections.append(section)
        return self

    def tick(self, *question_ids: str, required: bool = False) -> Self:
        """Add bank questions to the current section (a new untitled one if none)."""
        for question_id in question_ids:
            if question_id not in self.bank:
                suggestions = self.bank.suggest(question_id)
                raise SpecError(
                    code="spec.unknown_question",
                    params={"hint": ", ".join(suggestions)},
                    question_id=question_id,
                )
            item: str | dict[str, Any] = (
                {"id": question_id, "required": True} if required else question_id
            )
            self._current()["questions"].append(item)
        return self

    def tick_category(self, category_id: str, *, title: str | None = None) -> Self:
        """Add a whole category as a section of its own, in bank order."""
        if self.bank.category(category_id) is None:
            hint = ", ".join(self.bank.suggest_category(category_id))
            raise SpecError(
                code="spec.unknown_category", params={"category": category_id, "hint": hint}
            )
        section: dict[str, Any] = {"category": category_id}
        if title:
            section["title"] = title
        self._sections.append(section)
        return self

    def add_question(self, text: str | Text, kind: Kind = "long_text", **keys: Any) -> Self:
        """Add a custom question to the current section; ``keys`` are a bank question's keys."""
        try:
            item = CustomQuestion.model_validate({"text": text, "kind": kind, **keys})
        except ValidationError as exc:
            error = exc.errors()[0]
            code, params = describe(error)
            raise SpecError(code=code, params=params, loc=clean_loc(error["loc"])) from None
        self._current()["questions"].append(item)
        return self

    @property
    def spec(self) -> FormSpec:
        """The spec ticked so far, as a new :class:`FormSpec`."""
        sections = [s for s in self._sections if s.get("category") or s.get("questions")]
        return FormSpec.from_data({**self._settings, "sections": sections}, file="<FormBuilder>")

    def build(self) -> Form:
        """Return the :class:`~musforms.form.Form` of the current spec."""
        return _resolve(self.spec, self.bank)

    def _current(self) -> dict[str, Any]:
        if not self._sections or "questions" not in self._sections[-1]:
            self._sections.append({"questions": []})
        return self._sections[-1]
