"""The sheets of an overview with a row per person: under names, or under keyed pseudonyms.

Rows per person for ratings, choices, plans (and free text when asked for);
the distributions and the competence averages are over everyone. Who a row
is comes from :class:`Namer`: the name itself, or its pseudonym, and then the
file names (usually people's names) are left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from musforms.answers.model import Answers
from musforms.collect._book import append, header, put, widths
from musforms.collect._stats import (
    CHOICE_KINDS,
    RATING_KINDS,
    TEXT_KINDS,
    Question,
    average,
    questions_of,
)
from musforms.kinds import PLAN_DATE_FIELDS, PLAN_FIELDS

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["Namer", "write_people_sheets"]


@dataclass(frozen=True)
class Namer:
    """How a person is shown: ``hide`` turns a name into its pseudonym (``None``: as it is)."""

    hide: Callable[[str], str] | None = None

    def __call__(self, name: str | None) -> str:
        if not name:
            return ""
        return self.hide(name) if self.hide else name

    @property
    def shows_files(self) -> bool:
        """File names are usually people's names: shown only where names are."""
        return self.hide is None


def write_people_sheets(
    book: Workbook,
    forms: Sequence[Answers],
    words: Mapping[str, str],
    namer: Namer,
    *,
    include_text: bool,
    today: dt.date,
) -> None:
    """Add the sheets of an overview with a row per person to ``book``."""
    who = [_who(a, i, namer) for i, a in enumerate(forms, start=1)]
    _people(book.create_sheet(words["people"]), forms, who, words, namer)
    _per_person(book.create_sheet(words["ratings"]), forms, who, words, RATING_KINDS)
    _spread(book.create_sheet(words["spread"]), forms, words)
    _per_person(book.create_sheet(words["choices"]), forms, who, words, CHOICE_KINDS)
    _wheels(book.create_sheet(words["wheels"]), forms, words)
    _plans(book.create_sheet(words["plans"]), forms, who, words, today)
    if include_text:
        _per_person(book.create_sheet(words["texts"]), forms, who, words, TEXT_KINDS)


def _who(answers: Answers, index: int, namer: Namer) -> str:
    if answers.form.employee:
        return namer(answers.form.employee)
    if answers.source is not None:
        return namer(answers.source.stem) if not namer.shows_files else answers.source.name
    return f"#{index}"


def _people(
    sheet: Worksheet,
    forms: Sequence[Answers],
    who: Sequence[str],
    words: Mapping[str, str],
    namer: Namer,
) -> None:
    names = ["person", "leader", "department", "date", "form", "answered", "missing"]
    if namer.shows_files:
        names.insert(1, "file")
    header(sheet, [words[n] for n in names])
    for person, answers in zip(who, forms, strict=True):
        row: list[Any] = [
            person,
            namer(answers.form.leader),
            answers.form.department or "",
            answers.form.date or "",
            answers.form.title,
            len(answers),
            len(answers.missing),
        ]
        if namer.shows_files:
            row.insert(1, answers.source.name if answers.source else "")
        append(sheet, row)
    widths(sheet, [24, 24, 20, 16, 12, 30, 10, 10])


def _per_person(
    sheet: Worksheet,
    forms: Sequence[Answers],
    who: Sequence[str],
    words: Mapping[str, str],
    kinds: frozenset[str],
) -> None:
    questions = questions_of(forms, kinds)
    header(sheet, [words["person"], *(q.label for q in questions)])
    for person, answers in zip(who, forms, strict=True):
        append(sheet, [person, *(_cell(answers.get(q.id), q, words) for q in questions)])
    widths(sheet, [24, *([28] * len(questions))])


def _cell(value: Any, question: Question, words: Mapping[str, str]) -> Any:
    if value is None:
        return ""
    if question.kind == "yes_no":
        return words["yes"] if value else words["no"]
    if question.kind in {"choice", "multi_choice"}:
        items = value if isinstance(value, list) else [value]
        return ", ".join(question.options.get(str(item)) or str(item) for item in items)
    return value


def _spread(sheet: Worksheet, forms: Sequence[Answers], words: Mapping[str, str]) -> None:
    questions = questions_of(forms, RATING_KINDS)
    values: dict[str, list[int]] = {q.id: [] for q in questions}
    top = 5
    for answers in forms:
        for question in questions:
            value = answers.get(question.id)
            if isinstance(value, int) and not isinstance(value, bool):
                values[question.id].append(value)
                top = max(top, value)
    header(sheet, [words["question"], words["n"], words["average"], *map(str, range(top + 1))])
    for question in questions:
        found = values[question.id]
        counts = [found.count(point) for point in range(top + 1)]
        mean = average(found)
        append(sheet, [question.label, len(found), "" if mean is None else mean, *counts])
    sheet.column_dimensions["A"].width = 70


def wheel_ratings(
    forms: Sequence[Answers], question: Question
) -> dict[str, tuple[list[int], list[int]]]:
    """Return competence id -> (the 'now' ratings, the 'wanted' ratings) over ``forms``."""
    ratings: dict[str, tuple[list[int], list[int]]] = {c: ([], []) for c in question.competences}
    for answers in forms:
        value = answers.get(question.id)
        for competence, rating in (value if isinstance(value, dict) else {}).items():
            if not isinstance(rating, dict):
                continue
            now, wanted = ratings.setdefault(competence, ([], []))
            for part, into in (("now", now), ("wanted", wanted)):
                if isinstance(rating.get(part), int) and not isinstance(rating[part], bool):
                    into.append(rating[part])
    return ratings


def _wheels(sheet: Worksheet, forms: Sequence[Answers], words: Mapping[str, str]) -> None:
    from openpyxl.chart import RadarChart, Reference

    row = 1
    for question in questions_of(forms, frozenset({"competence_wheel"})):
        stats = []
        for competence, (now, wanted) in wheel_ratings(forms, question).items():
            mean_now, mean_wanted = average(now), average(wanted)
            gap = (
                round(mean_wanted - mean_now, 2)
                if mean_now is not None and mean_wanted is not None
                else None
            )
            stats.append(
                (question.competences.get(competence, competence), mean_now, mean_wanted, gap)
            )
        stats.sort(key=lambda s: -(s[3] or 0))  # the largest gaps first
        put(sheet, row, [question.label], bold=True)
        put(
            sheet,
            row + 1,
            [words["competence"], words["now"], words["wanted"], words["gap"]],
            bold=True,
        )
        for offset, stat in enumerate(stats, start=2):
            put(sheet, row + offset, list(stat))
        if stats:
            chart = RadarChart()
            chart.type = "marker"
            chart.title = question.title[:80]
            last = row + 1 + len(stats)
            chart.add_data(
                Reference(sheet, min_col=2, max_col=3, min_row=row + 1, max_row=last),
                titles_from_data=True,
            )
            chart.set_categories(Reference(sheet, min_col=1, min_row=row + 2, max_row=last))
            chart.height, chart.width = 11, 18
            sheet.add_chart(chart, f"F{row}")
        row += max(len(stats) + 4, 20)
    widths(sheet, [40, 14, 14, 10])


def _plans(
    sheet: Worksheet,
    forms: Sequence[Answers],
    who: Sequence[str],
    words: Mapping[str, str],
    today: dt.date,
) -> None:
    from openpyxl.styles import Font, PatternFill

    # Plan rows are the agreement HR follows up, so they are kept even without
    # include_text; the about sheet says what is left out.
    header(sheet, [words["person"], *(words[f] for f in PLAN_FIELDS), words["status"]])
    rows: list[list[Any]] = []
    plans = questions_of(forms, frozenset({"action_plan"}))
    for person, answers in zip(who, forms, strict=True):
        for question in plans:
            for plan_row in answers.get(question.id) or []:
                follow = plan_row.get("follow_up") or ""
                overdue = bool(follow) and follow < today.isoformat()
                cells = [plan_row.get(f) or "" for f in PLAN_FIELDS]
                rows.append([person, *cells, words["overdue"] if overdue else ""])
    at = 1 + PLAN_FIELDS.index("deadline")
    rows.sort(key=lambda r: (r[at] == "", r[at]))  # by deadline, rows without one last
    red = PatternFill("solid", fgColor="F8D7DA")
    for row in rows:
        cells = append(sheet, row)
        if row[-1]:
            for cell in cells:
                cell.fill = red
            cells[-1].font = Font(bold=True, color="9A1B1B")
    widths(sheet, [16, *(12 if f in PLAN_DATE_FIELDS else 30 for f in PLAN_FIELDS), 14])
