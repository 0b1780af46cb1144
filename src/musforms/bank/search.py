"""Searching the bank as a person types: forgiving of case, æøå, typos and compounds.

A Danish HR consultant types "arbejdsmiljø" or "arbejdsmiljo", "trivesl" for
"trivsel", "sygefravær" where the bank says "fravær", or "stress" where it says
"pres"; an English one types "work-life". Each query word is read, in turn, as:

1. the word itself: a bank word that is it, starts with it ("arbejdsmilj"), or
   ends a compound with it ("pres" in "tidspres"), with its synonyms from the
   small table below (stress <-> pres, travlhed);
2. failing that, the last part of a compound the bank does not have
   ("sygefravær" -> "fravær", "arbejdspres" -> "pres");
3. failing that, the bank words nearest to it, one or two edits away
   (rapidfuzz's optimal string alignment distance: "trivesl" -> "trivsel").

A question is found when every word of the query is found in it. Texts and
queries are folded the same way (:func:`fold`). Only the texts a person sees
are searched (the question, its hint, its theme's title, its keywords), in one language
or both: English help texts no longer make "løn" find "along".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from rapidfuzz import process
from rapidfuzz.distance import OSA

if TYPE_CHECKING:
    from musforms.bank.model import Category, Language, Question

__all__ = ["SYNONYMS", "SearchIndex", "SearchResult", "fold", "matches", "words"]

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
_WORD = re.compile(r"[^\W_]+")
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
LANGUAGES: Final[tuple[Language, ...]] = ("da", "en")


def fold(text: str) -> str:
    """Return ``text`` folded for matching (``"Æble Café"`` -> ``"able cafe"``).

    After æ/ø/å are spelled ae/oe/aa, those pairs are shortened to a/o/a, so that
    "miljø", "miljoe" and "miljo" (as in the id ``arbejdsmiljo``) all meet.
    """
    folded = text.casefold().translate(_DANISH)
    decomposed = unicodedata.normalize("NFKD", folded)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return plain.replace("aa", "a").replace("ae", "a").replace("oe", "o")


def words(text: str) -> list[str]:
    """Return the folded words of ``text``, template syntax (``{{ year }}``) left out."""
    return _WORD.findall(fold(_JINJA.sub(" ", text)))


def matches(query: str, haystack: str) -> bool:
    """Tell whether every word of ``query`` occurs in the already folded ``haystack``.

    The plain substring test of the first bank search, kept for programs that use it.
    """
    return all(word in haystack for word in fold(query).split())


#: Words that mean the same to a person searching the bank, in our own words, by
#: language. A member with a space is a phrase ("work life" for "work-life").
SYNONYMS: Final[dict[Language, tuple[tuple[str, ...], ...]]] = {
    "da": (
        ("stress", "stresset", "pres", "presset", "travlhed", "travlt", "tidspres", "belastning"),
        ("balance", "privatliv", "fritid", "familieliv", "work life"),
        ("fravær", "sygefravær", "sygdom", "syg", "sygemelding"),
        ("trivsel", "trives", "velbefindende", "arbejdsglæde"),
        ("leder", "ledelse", "chef"),
        ("kompetence", "kompetencer", "færdigheder", "kvalifikationer"),
        ("udvikling", "efteruddannelse", "videreuddannelse", "kursus", "kurser", "læring"),
        ("kollega", "kolleger", "kollegaer", "samarbejde"),
        ("feedback", "tilbagemelding", "anerkendelse", "ros"),
        ("mål", "målsætning", "succeskriterier"),
        ("opgave", "opgaver", "arbejdsopgaver"),
        ("motivation", "motiveret", "engagement"),
        ("arbejdsmiljø", "arbejdsforhold"),
        ("karriere", "karriereønsker", "fremtid"),
        ("krænkelse", "krænkende", "mobning", "chikane"),
        ("vold", "trusler"),
        ("senior", "pension", "tilbagetrækning"),
    ),
    "en": (
        ("stress", "stressed", "pressure", "workload", "busy", "strain", "overload"),
        ("balance", "private life", "leisure", "family", "work life"),
        ("absence", "sick", "sickness", "illness"),
        ("wellbeing", "well being", "thrive", "satisfaction"),
        ("manager", "leader", "leadership", "management", "boss"),
        ("competence", "competences", "skills", "qualifications"),
        ("development", "training", "course", "courses", "education", "learning"),
        ("colleague", "colleagues", "coworkers", "working together"),
        ("feedback", "recognition", "praise"),
        ("goal", "goals", "objectives", "targets"),
        ("task", "tasks", "duties", "assignments"),
        ("motivation", "motivated", "engagement"),
        ("career", "future", "ambitions"),
        ("harassment", "bullying", "offensive"),
        ("violence", "threats"),
        ("senior", "retirement", "pension"),
    ),
}

#: Small words: in a query with other words they match only as whole words, unmarked.
_STOPWORDS_DA = "og i at er en et de den det til på af med for som har du dig din dit dine hvad"
_STOPWORDS_DA += " hvordan hvor der om ikke kan vil skal så fra eller men jeg vi jer"
_STOPWORDS_EN = "the a an and of to in on for is are you your what how do with at or it"
_STOPWORDS: Final[frozenset[str]] = frozenset(
    fold(word) for word in f"{_STOPWORDS_DA} {_STOPWORDS_EN}".split(" ")
)
#: The shortest word that may end a compound ("pres" in "arbejdspres").
_MIN_HEAD = 4
#: What may follow a compound's last part: Danish endings (-en, -et, -er, -erne ...).
_MAX_ENDING = 4


@dataclass(frozen=True)
class SearchResult:
    """What a search found.

    Attributes:
        ids: the ids of the questions found, in bank order.
        terms: for each question found, the folded bank words that matched (to
            highlight them).
        corrections: query words read as another bank word ("trivesl" -> "trivsel").
    """

    ids: list[str]
    terms: dict[str, frozenset[str]] = field(default_factory=dict)
    corrections: dict[str, str] = field(default_factory=dict)


@dataclass
class _Language:
    """The words of one language: per question, its words in order; per word, its questions."""

    order: dict[str, int] = field(default_factory=dict)
    tokens: dict[str, list[str]] = field(default_factory=dict)
    postings: dict[str, set[str]] = field(default_factory=dict)
    groups: list[tuple[tuple[str, ...], ...]] = field(default_factory=list)

    def add(self, question_id: str, texts: Iterable[str]) -> None:
        found = self.tokens.setdefault(question_id, [])
        for text in texts:
            found.extend(words(text))
            found.append("")  # a phrase does not run from one text into the next
        for token in found:
            if token:
                self.postings.setdefault(token, set()).add(question_id)


def _question_texts(question: Question, category: Category | None, language: Language) -> list[str]:
    """Return what a person reads of a question in ``language`` (the question, its hint,
    its theme's title), and its keywords."""
    texts = [question.text.get(language)]
    if question.help is not None:
        texts.append(question.help.get(language))
    if category is not None:
        texts.append(category.title.get(language))
    texts.extend(tag.replace("_", " ") for tag in question.tags)
    return texts


def _phrase(member: str) -> tuple[str, ...]:
    return tuple(words(member))


class SearchIndex:
    """The bank's words per language, to search as a person types (see the module's doc).

    Built once per bank (``QuestionBank`` keeps one); a search takes a millisecond or so.
    """

    def __init__(self, questions: Sequence[Question], categories: Mapping[str, Category]) -> None:
        self._languages: dict[Language, _Language] = {}
        for language in LANGUAGES:
            index = _Language()
            for position, question in enumerate(questions):
                index.order[question.id] = position
                index.add(
                    question.id,
                    _question_texts(question, categories.get(question.category), language),
                )
            index.groups = [tuple(_phrase(m) for m in group) for group in SYNONYMS[language]]
            self._languages[language] = index
        self._vocabulary = {lang: sorted(index.postings) for lang, index in self._languages.items()}
        self._cache: dict[tuple[tuple[str, ...], Language], dict[str, set[str]]] = {}

    def find(self, query: str, languages: Iterable[Language] = LANGUAGES) -> SearchResult:
        """Return the questions in which every word of ``query`` is found, in ``languages``."""
        chosen = [lang for lang in LANGUAGES if lang in set(languages)] or list(LANGUAGES)
        found: dict[str, set[str]] | None = None
        corrections: dict[str, str] = {}
        terms = self._terms(query, chosen)
        plain = [t for t in terms if len(t) > 1 or t[0] not in _STOPWORDS] or terms
        for term in terms:
            hits: dict[str, set[str]] = {}
            for language in chosen:
                if term in plain:
                    found_here = self._term(term, language, corrections)
                else:
                    found_here = self._small_word(term[0], language)
                for question_id, tokens in found_here.items():
                    hits.setdefault(question_id, set()).update(tokens)
            found = hits if found is None else {i: found[i] | hits[i] for i in found if i in hits}
            if not found:
                break
        if not found:
            return SearchResult([], {}, corrections)
        order = self._languages["da"].order
        ids = sorted(found, key=lambda i: order.get(i, len(order)))
        return SearchResult(ids, {i: frozenset(found[i]) for i in ids}, corrections)

    # -- the steps --------------------------------------------------------------------

    def _terms(self, query: str, languages: Sequence[Language]) -> list[tuple[str, ...]]:
        """Return the query's terms: single words, and the phrases of the synonym table."""
        tokens = words(query)
        phrases = {
            phrase
            for language in languages
            for group in self._languages[language].groups
            for phrase in group
            if len(phrase) > 1
        }
        terms: list[tuple[str, ...]] = []
        position = 0
        while position < len(tokens):
            for phrase in sorted(phrases, key=len, reverse=True):
                if tuple(tokens[position : position + len(phrase)]) == phrase:
                    terms.append(phrase)
                    position += len(phrase)
                    break
            else:
                terms.append((tokens[position],))
                position += 1
        return terms

    def _small_word(self, word: str, language: Language) -> dict[str, set[str]]:
        """Return the questions that have a small word ("fra", "at") as a whole word.

        Small words narrow a query ("sige fra") but match only as they are, and are
        not marked: every text has "at".
        """
        return {i: set() for i in self._languages[language].postings.get(word, ())}

    def _term(
        self, term: tuple[str, ...], language: Language, corrections: dict[str, str]
    ) -> dict[str, set[str]]:
        """Return the questions a query term finds in one language, with the words matched."""
        hits = self._with_synonyms(term, language)
        if len(term) > 1:
            return hits
        word = term[0]
        if hits:
            if len(word) >= 6 and word not in self._languages[language].postings:
                # Not a whole bank word: a typo that happens to start one ("trivsl" starts
                # "trivslen") also finds the word it was meant as ("trivsel").
                for question_id, tokens in self._nearest(word, language, 1, {}).items():
                    hits.setdefault(question_id, set()).update(tokens)
            return hits
        if len(word) < _MIN_HEAD:
            return {}
        hits = self._nearest(word, language, 1, corrections)
        if hits:
            return hits
        split = self._compound(word, language)
        if split:
            modifier, head = split
            hits = self._with_synonyms((head,), language)
            narrowed = self._with_synonyms((modifier,), language)
            # "kompetenceudvikling": the questions on both; "arbejdspres": "arbejd" is in
            # too many questions to tell anything, so the questions on "pres".
            if len(narrowed) * 4 < len(self._languages[language].order):
                both = {i: hits[i] | narrowed[i] for i in hits if i in narrowed}
                if both:
                    return both
            return hits
        return self._nearest(word, language, 2, corrections) if len(word) >= 7 else {}

    def _nearest(
        self, word: str, language: Language, limit: int, corrections: dict[str, str]
    ) -> dict[str, set[str]]:
        """Return what the bank words at most ``limit`` edits from ``word`` find."""
        near = process.extract(
            word, self._vocabulary[language], scorer=OSA.distance, score_cutoff=limit, limit=None
        )
        if not near:
            return {}
        best = min(distance for _, distance, _ in near)
        closest = [choice for choice, distance, _ in near if distance == best]
        postings = self._languages[language].postings
        corrections.setdefault(word, max(closest, key=lambda c: (len(postings[c]), c)))
        hits: dict[str, set[str]] = {}
        for choice in closest:
            for question_id, tokens in self._with_synonyms((choice,), language).items():
                hits.setdefault(question_id, set()).update(tokens)
        return hits

    def _with_synonyms(self, term: tuple[str, ...], language: Language) -> dict[str, set[str]]:
        hits: dict[str, set[str]] = {}
        for alternative in {term, *self._synonyms(term, language)}:
            for question_id, tokens in self._docs(alternative, language).items():
                hits.setdefault(question_id, set()).update(tokens)
        return hits

    def _synonyms(self, term: tuple[str, ...], language: Language) -> set[tuple[str, ...]]:
        """Return the other members of every synonym group the term belongs to."""
        found: set[tuple[str, ...]] = set()
        for group in self._languages[language].groups:
            if any(_same(term, member) for member in group):
                found.update(group)
        return found

    def _docs(self, term: tuple[str, ...], language: Language) -> dict[str, set[str]]:
        """Return the questions that have the term (a word or a phrase), with the words matched."""
        key = (term, language)
        if key not in self._cache:
            if len(self._cache) > 2000:
                self._cache.clear()
            self._cache[key] = self._docs_uncached(term, language)
        return self._cache[key]

    def _docs_uncached(self, term: tuple[str, ...], language: Language) -> dict[str, set[str]]:
        index = self._languages[language]
        if len(term) == 1:
            hits: dict[str, set[str]] = {}
            for token in self._vocabulary[language]:
                if _word_matches(term[0], token):
                    for question_id in index.postings[token]:
                        hits.setdefault(question_id, set()).add(token)
            return hits
        candidates = set.intersection(*(set(self._docs((w,), language)) for w in term))
        phrase_hits: dict[str, set[str]] = {}
        for question_id in candidates:
            tokens = index.tokens[question_id]
            for start in range(len(tokens) - len(term) + 1):
                window = tokens[start : start + len(term)]
                if all(_word_matches(w, t) for w, t in zip(term, window, strict=True)):
                    phrase_hits.setdefault(question_id, set()).update(window)
        return phrase_hits

    def _compound(self, word: str, language: Language) -> tuple[str, str] | None:
        """Return a compound's first part and its longest last part that the bank has
        ("arbejdspres" -> ("arbejd", "pres")); ``None`` when no split fits."""
        postings = self._languages[language].postings
        vocabulary = self._vocabulary[language]
        for start in range(3, len(word) - _MIN_HEAD + 1):
            head = word[start:]
            if head in postings or any(t.startswith(head) for t in vocabulary):
                modifier = word[:start]
                if len(modifier) > 3 and modifier[-1] in "se":
                    modifier = modifier[:-1]  # the joining -s- or -e- ("arbejds", "syge")
                return modifier, head
        return None


def _word_matches(word: str, token: str) -> bool:
    """Tell whether a bank word ``token`` has the query word: is it, starts with it, or ends
    a compound with it (followed at most by an ending: "miljø" in "arbejdsmiljøet")."""
    if token.startswith(word):
        return True
    if len(word) < _MIN_HEAD:
        return False
    at = token.find(word, 3)
    return at != -1 and len(token) - at - len(word) <= _MAX_ENDING


def _same(term: tuple[str, ...], member: tuple[str, ...]) -> bool:
    """Tell whether a query term is a synonym-table member, or the start or a longer form of it."""
    if len(term) != len(member):
        return False
    if term == member:
        return True
    if len(term) > 1:
        return False
    word, known = term[0], member[0]
    if len(word) >= _MIN_HEAD and known.startswith(word):
        return True  # typed so far: "trivs" for "trivsel"
    # An inflected form ("stresset", "trivslen"), not a compound ("kompetenceudvikling").
    return len(known) >= _MIN_HEAD and word.startswith(known) and len(word) - len(known) <= 4
