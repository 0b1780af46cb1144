"""Last year's development plan, carried into this year's form.

Danish MUS guidance names weak follow-up on last year's plan as the most
common failure. When a form is built with ``previous=`` (last year's filled
file), every row of its development plan becomes a question in a section of
its own at the start of the form: the goal as last year's form recorded it,
a tick for reached / partly / not reached, and room to comment. They are
ordinary questions, so every format prints them and reads them back.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from musforms.answers.model import Answers
from musforms.spec import CustomOption, CustomQuestion, SectionSpec

if TYPE_CHECKING:
    from musforms.form import Form

__all__ = ["PREVIOUS_CATEGORY", "with_previous_plan"]

#: The category of the carried-forward questions; their ids are ``previous.goal_N``.
PREVIOUS_CATEGORY = "previous"
#: Plan rows carried forward at most; a plan is a handful of goals.
MAX_ROWS = 20

_WORDS = {
    "da": {
        "section": "Opfølgning på sidste års udviklingsplan",
        "intro": "Målene fra sidste års udviklingsplan. Sæt kryds ved, hvor langt I er nået, "
        "og skriv gerne, hvad der hjalp eller stod i vejen.",
        "goal": "Mål fra sidste år: {goal}",
        "details": "Handling: {action}. Ansvarlig: {responsible}. Frist: {deadline}.",
        "reached": "Nået",
        "partly": "Delvist nået",
        "not": "Ikke nået",
        "comment": "Kommentar til målet: {goal}",
    },
    "en": {
        "section": "Follow-up on last year's development plan",
        "intro": "The goals of last year's development plan. Tick how far you have come, "
        "and write what helped or stood in the way.",
        "goal": "Goal from last year: {goal}",
        "details": "Action: {action}. Responsible: {responsible}. Deadline: {deadline}.",
        "reached": "Reached",
        "partly": "Partly reached",
        "not": "Not reached",
        "comment": "Comment on the goal: {goal}",
    },
}


def plan_rows(answers: Answers) -> list[dict[str, Any]]:
    """Return every development-plan row of a filled form that has a goal or an action."""
    rows: list[dict[str, Any]] = []
    for question_id in answers:
        if answers.kind(question_id) == "action_plan":
            for row in answers[question_id] or []:
                if isinstance(row, dict) and (row.get("goal") or row.get("action")):
                    rows.append(row)
    return rows[:MAX_ROWS]


def with_previous_plan(form: Form, previous: Answers | str | Path | BinaryIO) -> Form:
    """Return ``form`` with last year's plan rows as a follow-up section at the start.

    The section is added to the form's spec, as custom questions, and the form
    built again: so the file carries it in its spec and reads back (a file
    whose form is not what its spec builds is refused as edited). What last
    year's people wrote becomes question text, never a template: every ``{``
    in it is written so that the template sandbox prints it as it is.

    Args:
        previous: last year's filled .docx/.xlsx (or its :class:`Answers`).

    Raises:
        AnswersError: the previous file cannot be read.
    """
    from musforms.answers.read import read_answers
    from musforms.form import build_form

    answers = previous if isinstance(previous, Answers) else read_answers(previous)
    rows = plan_rows(answers)
    if not rows:
        return form
    spec = form.spec
    section = _section(rows, _WORDS["en" if spec.language == "en" else "da"])
    with_section = spec.model_copy(update={"sections": [section, *spec.sections]})
    with_section._source = spec._source
    return build_form(with_section, form._bank)


def _literal(text: Any, limit: int) -> str:
    """Return what a person wrote as a text the template sandbox prints unchanged.

    Cut first (a plan cell may be long), so that the escaped text stays within
    a question text's limit.
    """
    return str(text or "").strip()[:limit].replace("{", "{{ '{' }}")


def _section(rows: list[dict[str, Any]], words: dict[str, str]) -> SectionSpec:
    """Return the follow-up section: for each row a tick of how far, and a comment."""
    questions: list[CustomQuestion] = []
    for number, row in enumerate(rows, start=1):
        goal = _literal(row.get("goal") or row.get("action"), 300)
        details = words["details"].format(
            action=_literal(row.get("action"), 200) or "-",
            responsible=_literal(row.get("responsible"), 100) or "-",
            deadline=_literal(row.get("deadline"), 20) or "-",
        )
        questions.append(
            CustomQuestion(
                id=f"{PREVIOUS_CATEGORY}.goal_{number}",
                kind="choice",
                text=words["goal"].format(goal=goal),
                help=details,
                options=[
                    CustomOption(id="reached", text=words["reached"]),
                    CustomOption(id="partly", text=words["partly"]),
                    CustomOption(id="not_reached", text=words["not"]),
                ],
            )
        )
        questions.append(
            CustomQuestion(
                id=f"{PREVIOUS_CATEGORY}.goal_{number}_comment",
                kind="long_text",
                text=words["comment"].format(goal=goal),
            )
        )
    return SectionSpec(title=words["section"], intro=words["intro"], questions=questions)
