"""QuestionBank: the loaded bank, with look-up, filters and search."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from musforms.bank.model import Audience, Category, Kind, Language, Phase, Question

if TYPE_CHECKING:
    # Imported on the first search: its fuzzy matching (rapidfuzz) is ~6 ms that
    # building a form never needs.
    from musforms.bank.search import SearchIndex, SearchResult


class QuestionBank:
    """The categories of a bank and their questions, in bank order.

    Attributes:
        categories: the categories sorted by ``order`` (then id).
        questions: every question, category by category, in bank order.
    """

    def __init__(self, categories: Iterable[Category]) -> None:
        self.categories: list[Category] = sorted(categories, key=lambda c: (c.order, c.id))
        self.questions: list[Question] = [q for c in self.categories for q in c.questions]
        self._by_id = {q.id: q for q in self.questions}
        self._categories = {c.id: c for c in self.categories}
        self._index: SearchIndex | None = None

    def __len__(self) -> int:
        return len(self.questions)

    def __iter__(self) -> Iterator[Question]:
        return iter(self.questions)

    def __contains__(self, question_id: object) -> bool:
        return question_id in self._by_id

    def __getitem__(self, question_id: str) -> Question:
        try:
            return self._by_id[question_id]
        except KeyError:
            hint = self.suggest(question_id)
            extra = f" Did you mean {', '.join(hint)}?" if hint else ""
            raise KeyError(f"no question {question_id!r} in the bank.{extra}") from None

    def __repr__(self) -> str:
        return f"<QuestionBank: {len(self.categories)} categories, {len(self.questions)} questions>"

    def get(self, question_id: str) -> Question | None:
        """Return the question with this full id; ``None`` means no such question."""
        return self._by_id.get(question_id)

    def category(self, category_id: str) -> Category | None:
        """Return the category with this id; ``None`` means no such category."""
        return self._categories.get(category_id)

    def suggest(self, question_id: str, limit: int = 3) -> list[str]:
        """Return up to ``limit`` existing ids that look like ``question_id``.

        Matches the whole id and, failing that, the part after the dot, so that
        ``trivsel.enrgi`` suggests ``trivsel.energi`` and ``energi`` does too.
        """
        import difflib  # only when an id was wrong

        ids = list(self._by_id)
        found = difflib.get_close_matches(question_id, ids, n=limit, cutoff=0.6)
        if len(found) < limit:
            slug = question_id.rsplit(".", 1)[-1]
            by_slug = {q.slug: q.id for q in self.questions}
            for match in difflib.get_close_matches(slug, list(by_slug), n=limit, cutoff=0.7):
                if by_slug[match] not in found:
                    found.append(by_slug[match])
        return found[:limit]

    def suggest_category(self, category_id: str) -> list[str]:
        """Return existing category ids that look like ``category_id``."""
        import difflib

        return difflib.get_close_matches(category_id, list(self._categories), n=3, cutoff=0.5)

    def alternatives(self, question_id: str) -> list[str]:
        """Return the ids of the near-duplicates of a question that the bank has, both ways.

        A bank lists them as ``similar:`` on either question of a pair; a person
        choosing questions sees them as alternatives ("ligner: ...").
        """
        question = self._by_id.get(question_id)
        if question is None:
            return []
        found = [i for i in question.similar if i in self._by_id]
        found += [q.id for q in self.questions if question_id in q.similar and q.id not in found]
        return [i for i in found if i != question_id]

    def to_data(self, ids: Iterable[str] | None = None) -> dict[str, object]:
        """Return the bank (or the questions ``ids``) as JSON-ready data by category.

        The shape of ``musforms bank --json``: ``{"categories": [{"id", "title",
        "order", "questions": [...]}]}``, each question with its full id.
        """
        chosen = set(self._by_id) if ids is None else set(ids)
        return {
            "categories": [
                {
                    "id": c.id,
                    "title": c.title.model_dump(),
                    "order": c.order,
                    "questions": [
                        q.model_dump(mode="json", exclude_none=True)
                        for q in c.questions
                        if q.id in chosen
                    ],
                }
                for c in self.categories
                if any(q.id in chosen for q in c.questions)
            ]
        }

    def filter(
        self,
        *,
        category: str | Sequence[str] | None = None,
        tag: str | None = None,
        audience: Audience | None = None,
        phase: Phase | None = None,
        kind: Kind | Sequence[Kind] | None = None,
    ) -> list[Question]:
        """Return the questions that pass every given filter, in bank order."""
        categories = {category} if isinstance(category, str) else set(category or ())
        kinds = {kind} if isinstance(kind, str) else set(kind or ())
        return [
            q
            for q in self.questions
            if (not categories or q.category in categories)
            and (tag is None or tag in q.tags)
            and (audience is None or audience in q.audience)
            and (phase is None or phase in q.phases)
            and (not kinds or q.kind in kinds)
        ]

    def search(self, text: str, language: Language | None = None) -> list[Question]:
        """Return the questions in which every word of ``text`` is found, in bank order.

        Forgiving, as a person types: case, accents and the spelling of æ/ø/å do
        not matter; a word finds longer words it starts or ends ("pres" finds
        "tidspres"), a compound the bank lacks finds its last part ("sygefravær"
        finds "fravær"), a typo finds the nearest bank word ("trivesl"), and a
        few synonyms meet (stress, pres, travlhed). The texts searched are the
        question, its category's title and its tags, in ``language`` (``None``:
        both). See :mod:`musforms.bank.search`.
        """
        found = self.find(text, language)
        return [self._by_id[i] for i in found.ids]

    def find(self, text: str, language: Language | None = None) -> SearchResult:
        """Return what :meth:`search` finds, with the words matched and the typos read."""
        from musforms.bank.search import LANGUAGES, SearchIndex

        if self._index is None:
            self._index = SearchIndex(self.questions, self._categories)
        return self._index.find(text, LANGUAGES if language is None else (language,))
