"""Last year's development plan, carried into this year's form.

Danish MUS guidance names weak follow-up on last year's plan as the most
common failure. When a form is built with ``previous=`` (last year's filled
file), every row of its development plan becomes a question in a section of
its own: the goal as last year's form recorded it, a tick for reached / partly /
not reached, and room to comment. They are ordinary questions, so every format
prints them and reads them back.

Many forms have their own look-back on last year's plan (``tilbageblik.plan_*``).
The follow-up section asks the same per goal, so it takes their place: the
questions it repeats are dropped (the bank's four, and any question tagged
``plan_status``), and the section goes where the first of them stood (at the
start when the form has none). What it does not ask, such as
whether the goals still fit, stays where it was.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, BinaryIO

from musforms.answers.model import Answers
from musforms.form import Choice, Form, FormQuestion, FormSection

__all__ = ["PLAN_STATUS_TAG", "PREVIOUS_CATEGORY", "REPLACED_BY_PREVIOUS", "with_previous_plan"]

#: The category of the carried-forward questions; their ids are ``previous.goal_N``.
PREVIOUS_CATEGORY = "previous"
#: Plan rows carried forward at most; a plan is a handful of goals.
MAX_ROWS = 20
#: The bank's look-back questions the follow-up section asks again, goal by goal:
#: which goals, how far they were reached, what helped and what stood in the way.
REPLACED_BY_PREVIOUS = frozenset(
    {
        "tilbageblik.plan_maal",
        "tilbageblik.plan_opfyldelse",
        "tilbageblik.plan_hjalp",
        "tilbageblik.plan_haemmet",
    }
)
#: A tag that marks any other question (a spec's own, a bank folder's) as such a look-back.
PLAN_STATUS_TAG = "plan_status"

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
    """Return ``form`` with last year's plan rows as a follow-up section.

    The section replaces the form's own questions in :data:`REPLACED_BY_PREVIOUS`
    or tagged :data:`PLAN_STATUS_TAG`, and stands where the first of them stood,
    or at the start. A plan without rows leaves the form as it is, its own
    look-back included.

    Args:
        previous: last year's filled .docx/.xlsx (or its :class:`Answers`).

    Raises:
        AnswersError: the previous file cannot be read.
    """
    from musforms.answers.read import read_answers

    answers = previous if isinstance(previous, Answers) else read_answers(previous)
    rows = plan_rows(answers)
    if not rows:
        return form
    words = _WORDS["en" if form.language == "en" else "da"]
    questions: list[FormQuestion] = []
    for number, row in enumerate(rows, start=1):
        goal = str(row.get("goal") or row.get("action") or "").strip()
        details = words["details"].format(
            action=row.get("action") or "-",
            responsible=row.get("responsible") or "-",
            deadline=row.get("deadline") or "-",
        )
        questions.append(
            FormQuestion(
                id=f"{PREVIOUS_CATEGORY}.goal_{number}",
                category=PREVIOUS_CATEGORY,
                kind="choice",
                text=words["goal"].format(goal=goal),
                help=details,
                phases=("preparation", "conversation"),
                options=(
                    Choice("reached", words["reached"]),
                    Choice("partly", words["partly"]),
                    Choice("not_reached", words["not"]),
                ),
                custom=True,
            )
        )
        questions.append(
            FormQuestion(
                id=f"{PREVIOUS_CATEGORY}.goal_{number}_comment",
                category=PREVIOUS_CATEGORY,
                kind="long_text",
                text=words["comment"].format(goal=goal),
                custom=True,
            )
        )
    section = FormSection(
        title=words["section"],
        questions=tuple(questions),
        category=PREVIOUS_CATEGORY,
        intro=words["intro"],
    )
    return dataclasses.replace(form, sections=_in_place_of_look_back(form, section), _index={})


def _in_place_of_look_back(form: Form, section: FormSection) -> tuple[FormSection, ...]:
    """Return the form's sections with ``section`` in place of the look-back it repeats."""
    sections: list[FormSection] = []
    position: int | None = None
    for own in form.sections:
        kept = tuple(q for q in own.questions if not _repeated(q))
        if len(kept) < len(own.questions) and position is None:
            position = len(sections)
        if kept:
            sections.append(own if len(kept) == len(own.questions) else _with(own, kept))
    sections.insert(position or 0, section)
    return tuple(sections)


def _repeated(question: FormQuestion) -> bool:
    """Tell whether the follow-up section asks what ``question`` asks."""
    return question.id in REPLACED_BY_PREVIOUS or PLAN_STATUS_TAG in question.tags


def _with(section: FormSection, questions: tuple[FormQuestion, ...]) -> FormSection:
    return dataclasses.replace(section, questions=questions)
