"""The figures of an overview, pure: which questions, which groups, what may be shown.

Nothing here knows openpyxl. The rule that makes an anonymous overview
anonymous lives here, in :func:`hidden`: a figure made of fewer than
``least`` forms (or answers) is not shown, and when some figures of a row
are hidden, the hidden ones together must also hold at least ``least``, or
the total minus the shown ones would give them away (complementary
suppression, as statistics offices do it).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from musforms.answers.model import Answers

__all__ = [
    "CHOICE_KINDS",
    "RATING_KINDS",
    "TEXT_KINDS",
    "Grouping",
    "Question",
    "average",
    "group_forms",
    "hidden",
    "questions_of",
]

TEXT_KINDS = frozenset({"text", "long_text"})
RATING_KINDS = frozenset({"scale", "smiley"})
CHOICE_KINDS = frozenset({"yes_no", "choice", "multi_choice", "date"})
#: The kinds an anonymous overview counts: choices without dates (a date can identify).
ANONYMOUS_CHOICE_KINDS = frozenset({"yes_no", "choice", "multi_choice"})

GroupBy = Literal["department", "department+leader"]
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Question:
    """A question as the overview shows it: id, kind, text and its options or competences."""

    id: str
    kind: str
    title: str
    options: Mapping[str, str] = field(default_factory=dict)
    competences: Mapping[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """The question's text with its id, as a header shows it."""
        return f"{self.title} [{self.id}]"


def questions_of(forms: Sequence[Answers], kinds: frozenset[str]) -> list[Question]:
    """Return the questions of these kinds in any of ``forms``, in the order first seen.

    Options and competences are merged over the forms (a later version of a
    form may add one), first text wins.
    """
    seen: dict[str, Question] = {}
    for answers in forms:
        for question_id, info in answers.questions.items():
            if info.kind not in kinds:
                continue
            known = seen.get(question_id)
            if known is None:
                seen[question_id] = Question(
                    question_id, info.kind, info.title, dict(info.options), dict(info.competences)
                )
            else:
                for mine, theirs in (
                    (known.options, info.options),
                    (known.competences, info.competences),
                ):
                    assert isinstance(mine, dict)
                    for key, text in theirs.items():
                        mine.setdefault(key, text)
    return list(seen.values())


def hidden(counts: Mapping[K, int], least: int) -> set[K]:
    """Return the keys whose figures must not be shown when each stands for ``counts[key]``.

    A key with fewer than ``least`` (and more than none) is hidden; if the
    hidden ones together hold fewer than ``least``, the smallest shown ones
    are hidden too, until they hold ``least`` or nothing is shown.
    Guarantees: every shown key has at least ``least``; the hidden keys hold
    none or at least ``least`` together, or every key is hidden.
    """
    out = {key for key, n in counts.items() if 0 < n < least}
    shown = sorted(
        (key for key, n in counts.items() if n >= least), key=lambda k: (counts[k], str(k))
    )
    total = sum(counts[key] for key in out)
    while out and total < least and shown:
        key = shown.pop(0)
        out.add(key)
        total += counts[key]
    return out


def average(values: Sequence[float]) -> float | None:
    """Return the mean rounded to 2 decimals; ``None`` for no values."""
    return round(sum(values) / len(values), 2) if values else None


@dataclass(frozen=True)
class Grouping:
    """The groups of an anonymous overview.

    Attributes:
        labels: the groups shown, in order, then the folded group if any.
        of_form: each form's group label, in the order of the forms.
        folded_forms: how many forms are in the folded group.
        folded_groups: how many groups were folded into it.
    """

    labels: tuple[str, ...]
    of_form: tuple[str, ...]
    folded_forms: int
    folded_groups: int


def group_forms(
    forms: Sequence[Answers],
    *,
    by: GroupBy,
    least: int,
    words: Mapping[str, str],
) -> Grouping:
    """Put each form in a group (its department, or department and leader); fold small ones.

    A leader is never named: within a department the leaders are numbered in
    the order their first form comes, ``IT · leader 1``, ``IT · leader 2``.
    """
    keys: list[str] = []
    leaders: dict[tuple[str, str], int] = {}
    for answers in forms:
        department = (answers.form.department or "").strip() or words["no_department"]
        key = department
        if by == "department+leader":
            leader = " ".join((answers.form.leader or "").split()).casefold()
            number = leaders.setdefault(
                (department, leader), 1 + sum(1 for d, _ in leaders if d == department)
            )
            key = f"{department} · {words['leader_n'].format(n=number)}"
        keys.append(key)
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    folded = hidden(counts, least)
    other = words["other"]
    shown = sorted(key for key in counts if key not in folded)
    labels = tuple(shown + ([other] if folded else []))
    return Grouping(
        labels=labels,
        of_form=tuple(other if key in folded else key for key in keys),
        folded_forms=sum(counts[key] for key in folded),
        folded_groups=len(folded),
    )
