"""The sheets of an anonymous overview: figures per group, nothing per person.

There is no row per person, and nothing that names one: no names, no
pseudonyms, no file names, no free text, no plan texts and no dates. Each
figure is shown for everyone (``All``) and for each group of
:func:`~musforms.collect._stats.group_forms`; a figure made of too few
answers is left empty, by :func:`~musforms.collect._stats.hidden`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from musforms.answers.model import Answers
from musforms.collect._book import append, header, widths
from musforms.collect._people import wheel_ratings
from musforms.collect._stats import (
    ANONYMOUS_CHOICE_KINDS,
    RATING_KINDS,
    Grouping,
    Question,
    average,
    hidden,
    questions_of,
)

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["write_group_sheets"]


class _Groups:
    """The forms of each group, with ``All`` first, and the rule of what may be shown."""

    def __init__(
        self, forms: Sequence[Answers], grouping: Grouping, least: int, everyone: str
    ) -> None:
        self.least = least
        self.everyone = everyone
        self.members: dict[str, list[Answers]] = {label: [] for label in grouping.labels}
        for answers, label in zip(forms, grouping.of_form, strict=True):
            self.members[label].append(answers)
        self.all = list(forms)
        self.scrub: Callable[[list[Question]], list[Question]] = list

    def rows(self, count: Callable[[Sequence[Answers]], int]) -> list[tuple[str, int, bool]]:
        """Return (group, count, shown) for ``All`` and each group, by ``count`` of its forms."""
        counts = {label: count(forms) for label, forms in self.members.items()}
        out = hidden(counts, self.least)
        total = count(self.all)
        rows = [(self.everyone, total, total >= self.least)]
        rows += [(label, n, label not in out and n >= self.least) for label, n in counts.items()]
        return rows

    def forms_of(self, label: str) -> Sequence[Answers]:
        return self.all if label == self.everyone else self.members[label]


class _Scrub:
    """Texts of questions with the names of the forms' people taken out.

    A question's text may be personalised (``{{ employee }}`` in a custom
    question), so a text that holds any employee's or leader's name is shown
    as its id instead, and such an option or competence by its id.
    """

    def __init__(self, forms: Sequence[Answers]) -> None:
        names = {n for a in forms for n in (a.form.employee, a.form.leader) if n}
        self.names = {" ".join(n.split()).casefold() for n in names} - {""}

    def _named(self, text: str) -> bool:
        folded = " ".join(text.split()).casefold()
        return any(name in folded for name in self.names)

    def __call__(self, questions: list[Question]) -> list[Question]:
        return [
            replace(
                q,
                title=q.id if self._named(q.title) else q.title,
                options={k: k if self._named(v) else v for k, v in q.options.items()},
                competences={k: k if self._named(v) else v for k, v in q.competences.items()},
            )
            for q in questions
        ]


def write_group_sheets(
    book: Workbook,
    forms: Sequence[Answers],
    grouping: Grouping,
    words: Mapping[str, str],
    *,
    least: int,
    today: dt.date,
) -> None:
    """Add the sheets of an anonymous overview to ``book``."""
    groups = _Groups(forms, grouping, least, words["all"])
    groups.scrub = _Scrub(forms)
    _groups(book.create_sheet(words["groups"]), groups, words)
    _ratings(book.create_sheet(words["ratings"]), forms, groups, words)
    _choices(book.create_sheet(words["choices"]), forms, groups, words)
    _wheels(book.create_sheet(words["wheels"]), forms, groups, words)
    _plans(book.create_sheet(words["plans"]), forms, groups, words, today)


def _answered(question_id: str) -> Callable[[Sequence[Answers]], int]:
    return lambda forms: sum(1 for a in forms if a.get(question_id) not in (None, [], {}))


def _groups(sheet: Worksheet, groups: _Groups, words: Mapping[str, str]) -> None:
    header(sheet, [words["group"], words["forms"]])
    for label, n, _ in groups.rows(len):
        append(sheet, [label, n])
    widths(sheet, [40, 12])


def _ints(forms: Sequence[Answers], question_id: str) -> list[int]:
    values = (a.get(question_id) for a in forms)
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]


def _ratings(
    sheet: Worksheet, forms: Sequence[Answers], groups: _Groups, words: Mapping[str, str]
) -> None:
    questions = groups.scrub(questions_of(forms, RATING_KINDS))
    found = [v for q in questions for v in _ints(forms, q.id)]
    points = range(min([1, *found]), max([5, *found]) + 1)
    header(
        sheet, [words["question"], words["group"], words["n"], words["average"], *map(str, points)]
    )
    for question in questions:

        def rated(group: Sequence[Answers], q: Question = question) -> int:
            return len(_ints(group, q.id))

        for label, n, shown in groups.rows(rated):
            values = _ints(groups.forms_of(label), question.id)
            row: list[Any] = [question.label, label, n]
            if shown:
                mean = average(values)
                row += ["" if mean is None else mean, *(values.count(p) for p in points)]
            append(sheet, row)
    widths(sheet, [60, 30, 10, 12])


def _picked(value: Any, question: Question) -> list[str]:
    if question.kind == "yes_no":
        return [] if not isinstance(value, bool) else ["yes" if value else "no"]
    items = value if isinstance(value, list) else [value]
    return [str(item) for item in items if item is not None]


def _choices(
    sheet: Worksheet, forms: Sequence[Answers], groups: _Groups, words: Mapping[str, str]
) -> None:
    header(sheet, [words["question"], words["group"], words["n"], words["option"], words["count"]])
    for question in groups.scrub(questions_of(forms, ANONYMOUS_CHOICE_KINDS)):
        if question.kind == "yes_no":
            options = {"yes": words["yes"], "no": words["no"]}
        else:
            options = dict(question.options)
        for label, n, shown in groups.rows(_answered(question.id)):
            if not shown:
                append(sheet, [question.label, label, n])
                continue
            counts = dict.fromkeys(options, 0)
            for answers in groups.forms_of(label):
                for item in _picked(answers.get(question.id), question):
                    if item in counts:  # an option the form does not know is not counted
                        counts[item] += 1
            for option, count in counts.items():
                append(sheet, [question.label, label, n, options[option], count])
    widths(sheet, [60, 30, 10, 30, 10])


def _wheels(
    sheet: Worksheet, forms: Sequence[Answers], groups: _Groups, words: Mapping[str, str]
) -> None:
    header(
        sheet,
        [
            words["question"],
            words["competence"],
            words["group"],
            words["n"],
            words["now"],
            words["wanted"],
            words["gap"],
        ],
    )
    for question in groups.scrub(questions_of(forms, frozenset({"competence_wheel"}))):
        for competence, text in question.competences.items():

            def rated(group: Sequence[Answers], c: str = competence, q: Question = question) -> int:
                now, wanted = wheel_ratings(group, q).get(c, ([], []))
                return min(len(now), len(wanted))

            for label, n, shown in groups.rows(rated):
                row: list[Any] = [question.label, text, label, n]
                if shown:
                    now, wanted = wheel_ratings(groups.forms_of(label), question)[competence]
                    mean_now, mean_wanted = average(now), average(wanted)
                    gap = (
                        round(mean_wanted - mean_now, 2)
                        if mean_now is not None and mean_wanted is not None
                        else ""
                    )
                    row += [mean_now, mean_wanted, gap]
                append(sheet, row)
    widths(sheet, [50, 30, 30, 10, 12, 12, 10])


def _plans(
    sheet: Worksheet,
    forms: Sequence[Answers],
    groups: _Groups,
    words: Mapping[str, str],
    today: dt.date,
) -> None:
    plans = questions_of(forms, frozenset({"action_plan"}))

    def rows_of(group: Sequence[Answers]) -> list[dict[str, Any]]:
        return [
            row
            for answers in group
            for question in plans
            for row in (answers.get(question.id) or [])
            if isinstance(row, dict)
        ]

    header(sheet, [words["group"], words["forms"], words["plan_rows"], words["overdue"]])
    for label, n, shown in groups.rows(len):
        if not shown:
            append(sheet, [label, n])
            continue
        rows = rows_of(groups.forms_of(label))
        late = sum(1 for r in rows if (r.get("follow_up") or "9999") < today.isoformat())
        append(sheet, [label, n, len(rows), late])
    widths(sheet, [40, 10, 16, 14])
