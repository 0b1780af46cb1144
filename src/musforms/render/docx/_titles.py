"""The titles of a Word form's content controls: words a person reads, never an id.

Word shows a control's title (``w:alias``) on its tab when someone clicks
into it, so the title says which question the field answers: "3. Hvor godt
trives du …" for a question answered in one field, "Svar 3: Passende" for a
check box, "Faglighed – Nu" for a competence rating, "Udviklingsplan, række 2,
Mål" for a plan cell. The id stays in ``w:tag``, where readers look for it.

Question numbers are counted as the document prints them: every question on
the audience's sheet, one after another through the sections.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from musforms.kinds import split_tag
from musforms.words import faces as face_labels
from musforms.words import person_fields, plan_fields, plan_title, signers, wheel_parts

if TYPE_CHECKING:
    from musforms.form import Form, FormQuestion
    from musforms.render.docx._words import Words

__all__ = ["MAX_TITLE", "Titles", "shorten"]

#: About where a title is cut, in characters (Word's tab shows about this many).
MAX_TITLE = 60
_ELLIPSIS = "…"

_ANSWER = {"da": "Svar", "en": "Answer"}
_ROW = {"da": "række", "en": "row"}
_NOTES = {"da": "Noter", "en": "Notes"}


def shorten(text: str, limit: int = MAX_TITLE) -> str:
    """Return ``text`` on one line, cut at a word boundary before ``limit`` with "…"."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:–-") + _ELLIPSIS


class Titles:
    """Titles for the controls of one form's sheet for ``audience``.

    Call :meth:`of` with a control's tag.
    """

    def __init__(self, form: Form, audience: str, words: Words) -> None:
        self.form = form
        self.audience = audience
        self.words = words
        self.language = "en" if form.language == "en" else "da"
        self._numbers: dict[str, tuple[int, FormQuestion]] = {}
        number = 0
        for section in form.sections:
            for question in section.questions:
                if question.for_audience(audience):
                    number += 1
                    self._numbers[question.id] = (number, question)

    def of(self, tag: str) -> str:
        """Return the title of the control tagged ``tag``; ``""`` when there is none to give."""
        question_id, rest = split_tag(tag)
        if question_id == "person":
            return self._person(rest)
        if question_id == "notes":
            return self._notes(rest)
        if question_id == "signature":
            return self._signature(rest)
        if question_id == "plan":
            return self._plan_cell(rest)
        found = self._numbers.get(question_id)
        if found is None:
            return ""
        number, question = found
        if not rest:
            return shorten(f"{number}. {question.wording(self.audience)}")
        if question.kind == "competence_wheel":
            return self._rating(question, rest)
        if question.kind == "action_plan":
            return self._plan_cell(rest)
        return shorten(f"{_ANSWER[self.language]} {number}: {self._option(question, rest[0])}")

    # -- the parts ------------------------------------------------------------

    def _person(self, rest: tuple[str, ...]) -> str:
        labels = dict(person_fields(self.form.type, self.language))
        labels.setdefault("date", self.words.date)
        return labels.get(rest[0], "") if rest else ""

    def _notes(self, rest: tuple[str, ...]) -> str:
        if rest and rest[0].isdigit() and 0 < int(rest[0]) <= len(self.form.sections):
            section = self.form.sections[int(rest[0]) - 1]
            return shorten(f"{_NOTES[self.language]}: {section.title_for(self.audience)}")
        return self.words.notes

    def _signature(self, rest: tuple[str, ...]) -> str:
        who = rest[0] if rest else ""
        names = signers(self.form.type, self.language)
        index = {"employee": 0, "leader": 1}.get(who, -1)
        signer = names[index] if 0 <= index < len(names) else ""
        title = f"{self.words.date}, {self.words.signature.lower()}"
        return f"{title}, {signer.lower()}" if signer else title

    def _plan_cell(self, rest: tuple[str, ...]) -> str:
        heading = plan_title(self.form.type, self.language) or self.words.plan
        if len(rest) != 2:
            return heading
        field = plan_fields(self.language).get(rest[1], "")
        return shorten(f"{heading}, {_ROW[self.language]} {rest[0]}, {field}".rstrip(", "))

    def _rating(self, question: FormQuestion, rest: tuple[str, ...]) -> str:
        names = {c.id: c.text for c in question.competences}
        competence = shorten(names.get(rest[0], ""), MAX_TITLE - 12)
        part = wheel_parts(self.language).get(rest[1], "") if len(rest) > 1 else ""
        return f"{competence} – {part}" if competence and part else competence

    def _option(self, question: FormQuestion, value: str) -> str:
        kind = question.kind
        if kind == "yes_no":
            return self.words.yes if value == "yes" else self.words.no
        if kind == "smiley" and value.isdigit():
            labels = face_labels(self.language, question.faces or 5)
            index = int(value) - 1
            return labels[index] if 0 <= index < len(labels) else value
        for option in question.options:
            if option.id == value:
                return option.text
        return value
