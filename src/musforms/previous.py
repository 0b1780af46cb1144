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

from pathlib import Path
from typing import Any, BinaryIO

from musforms.answers.model import Answers
from musforms.bank.questionbank import QuestionBank
from musforms.form import Form, build_form
from musforms.spec import CustomOption, CustomQuestion, SectionSpec

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

    The new form is built from a new spec (the form's own, every question
    written out, with the section in it), so that the file it becomes carries
    exactly the questions it shows, and reads back.

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

    answers = previous if isinstance(previous, Answers) else read_answers(previous)
    rows = plan_rows(answers)
    if not rows:
        return form
    words = _WORDS["en" if form.language == "en" else "da"]
    questions: list[CustomQuestion] = []
    for number, row in enumerate(rows, start=1):
        goal = _plain(str(row.get("goal") or row.get("action") or "").strip())
        details = words["details"].format(
            action=_plain(str(row.get("action") or "-")),
            responsible=_plain(str(row.get("responsible") or "-")),
            deadline=row.get("deadline") or "-",
        )
        questions.append(
            CustomQuestion(
                id=f"{PREVIOUS_CATEGORY}.goal_{number}",
                kind="choice",
                text=_cut(words["goal"].format(goal=goal)),
                help=_cut(details),
                phases=("preparation", "conversation"),
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
                text=_cut(words["comment"].format(goal=goal)),
            )
        )
    section = SectionSpec(title=words["section"], intro=words["intro"], questions=questions)
    spec = form.resolved_spec
    sections = _in_place_of_look_back(spec.sections, section)
    return build_form(spec.model_copy(update={"sections": sections}), QuestionBank(()))


def _plain(text: str, limit: int = 300) -> str:
    """Return what a person wrote as a text the template sandbox prints unchanged.

    Cut first (a plan cell may be long), so that the escaped text stays within a
    question text's limit; every ``{`` becomes ``{{ '{' }}``, which prints a brace.
    """
    return text[:limit].replace("{", "{{ '{' }}")


def _cut(text: str, limit: int = 3900) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _in_place_of_look_back(
    sections: list[SectionSpec], follow_up: SectionSpec
) -> list[SectionSpec]:
    """Return ``sections`` with ``follow_up`` in place of the look-back it repeats."""
    result: list[SectionSpec] = []
    position: int | None = None
    for own in sections:
        kept = [q for q in own.questions if not _repeated(q)]
        if len(kept) < len(own.questions) and position is None:
            position = len(result)
        if kept:
            result.append(
                own
                if len(kept) == len(own.questions)
                else own.model_copy(update={"questions": kept})
            )
    result.insert(position or 0, follow_up)
    return result


def _repeated(question: object) -> bool:
    """Tell whether the follow-up section asks what a written-out ``question`` asks."""
    if not isinstance(question, CustomQuestion):
        return False
    return question.id in REPLACED_BY_PREVIOUS or PLAN_STATUS_TAG in question.tags
