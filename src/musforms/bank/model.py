"""The question bank's data model: categories of bilingual questions.

These pydantic models are both the validator of bank files and the objects
programs use; they are frozen so that a loaded bank can be shared safely.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Literal, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from musforms._pydantic import custom_error
from musforms.kinds import KINDS, TABLE, Audience, ConversationType, Kind, Phase

__all__ = [
    "KINDS",
    "Audience",
    "Category",
    "ConversationType",
    "Kind",
    "Language",
    "Option",
    "Phase",
    "Question",
    "Scale",
    "ScaleLabels",
    "Text",
]

Language = Literal["da", "en"]

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=60)]
QuestionId = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*\.[a-z0-9][a-z0-9_-]*$", max_length=100)
]
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def without_controls(value: object) -> object:
    """Drop control characters: XML 1.0 forbids most, and YAML reads C1 ones as line breaks.

    Tabs and newlines stay; Unicode's line and paragraph separators become newlines.
    """
    if not isinstance(value, str):
        return value
    return _CONTROL.sub("", value.replace("\u2028", "\n").replace("\u2029", "\n"))


#: Text as typed by a person: control characters dropped, outer whitespace stripped.
Clean = BeforeValidator(without_controls)
NonEmpty = Annotated[
    str, Clean, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)
]

#: The keys each kind may have beyond the common ones, and the ones it needs (kinds.TABLE).
KIND_KEYS: dict[str, frozenset[str]] = {name: info.keys for name, info in TABLE.items()}
KIND_REQUIRED: dict[str, frozenset[str]] = {
    name: info.required_keys for name, info in TABLE.items() if info.required_keys
}


class _Frozen(BaseModel):
    # defer_build: a bank read from the cache is never validated, so the validators are
    # built only when a file is (about 30 ms of every command otherwise).
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Text(_Frozen):
    """A text in Danish and English; ``en`` is ``None`` where no English was written."""

    da: NonEmpty
    en: NonEmpty | None = None

    def get(self, language: Language) -> str:
        """Return the text in ``language``, falling back to Danish."""
        if language == "en" and self.en is not None:
            return self.en
        return self.da

    def texts(self) -> Iterator[str]:
        """Yield the texts present, Danish first."""
        yield self.da
        if self.en is not None:
            yield self.en


class ScaleLabels(_Frozen):
    """The labels of a scale's two ends."""

    min: Text
    max: Text


class Scale(_Frozen):
    """A rating scale from ``min`` to ``max`` (whole numbers)."""

    min: int = Field(default=1, ge=0, le=10)
    max: int = Field(default=5, ge=1, le=10)
    labels: ScaleLabels | None = None

    @model_validator(mode="after")
    def _min_below_max(self) -> Self:
        if self.min >= self.max:
            raise custom_error("value.scale_order", min=self.min, max=self.max)
        return self

    @property
    def points(self) -> range:
        """The values of the scale, ``min`` to ``max`` inclusive."""
        return range(self.min, self.max + 1)


class Option(_Frozen):
    """An option of a choice, or a competence of a competence wheel."""

    id: Slug
    text: Text


class Question(_Frozen):
    """One question of the bank (or a custom question of a spec).

    ``text`` is addressed to the employee; ``leader_text`` is the leader's
    preparation wording, ``None`` meaning the leader reads ``text``. ``help``
    is the hint under the question; ``leader_help`` the leader's hint, ``None``
    meaning the leader reads ``help``.
    """

    id: QuestionId
    category: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    kind: Kind
    text: Text
    leader_text: Text | None = None
    help: Text | None = None
    leader_help: Text | None = None
    audience: tuple[Audience, ...] = ("employee", "leader")
    phases: tuple[Phase, ...] = ("preparation", "conversation")
    tags: tuple[Annotated[str, StringConstraints(pattern=r"^[\w-]+$", max_length=40)], ...] = ()
    required: bool = False
    scale: Scale | None = None
    faces: Literal[3, 5] | None = None
    options: tuple[Option, ...] | None = Field(default=None, min_length=2, max_length=12)
    competences: tuple[Option, ...] | None = Field(default=None, min_length=6, max_length=8)
    rows: int | None = Field(default=None, ge=1, le=20)
    #: Near-duplicates kept for self-contained sets: shown as alternatives ("ligner: ...").
    similar: tuple[QuestionId, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _kind_keys(cls, data: object) -> object:
        """Refuse keys that belong to another kind and demand the ones this kind needs."""
        if not isinstance(data, dict) or data.get("kind") not in KIND_KEYS:
            return data
        kind = data["kind"]
        extra_keys = set().union(*KIND_KEYS.values()) - KIND_KEYS[kind]
        wrong = sorted(key for key in extra_keys if data.get(key) is not None)
        if wrong:
            raise custom_error("value.kind_key_wrong", key=wrong[0], kind=kind)
        missing = sorted(key for key in KIND_REQUIRED.get(kind, ()) if data.get(key) is None)
        if missing:
            raise custom_error("value.kind_key_missing", key=missing[0], kind=kind)
        return data

    @model_validator(mode="after")
    def _defaults_and_unique_options(self) -> Self:
        for name in ("options", "competences"):
            items = getattr(self, name)
            if items:
                ids = [item.id for item in items]
                duplicates = sorted({i for i in ids if ids.count(i) > 1})
                if duplicates:
                    raise custom_error("value.duplicate_option", name=name, id=duplicates[0])
        # Fill the kind's defaults so that renderers never meet a None they must guess.
        if self.kind == "smiley" and self.faces is None:
            object.__setattr__(self, "faces", 5)
        if self.kind == "competence_wheel" and self.scale is None:
            object.__setattr__(self, "scale", Scale())
        if self.kind == "action_plan" and self.rows is None:
            object.__setattr__(self, "rows", 4)
        return self

    @property
    def slug(self) -> str:
        """The id within the category (``energi`` of ``trivsel.energi``)."""
        return self.id.split(".", 1)[1]

    def all_texts(self) -> Iterator[str]:
        """Yield every text of the question (question, leader, help, options, labels)."""
        for text in (self.text, self.leader_text, self.help, self.leader_help):
            if text is not None:
                yield from text.texts()
        for option in (*(self.options or ()), *(self.competences or ())):
            yield from option.text.texts()
        if self.scale is not None and self.scale.labels is not None:
            yield from self.scale.labels.min.texts()
            yield from self.scale.labels.max.texts()


class Category(_Frozen):
    """A category (theme) of the bank and its questions in bank order."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
    title: Text
    description: Text | None = None
    order: int = 1000
    questions: tuple[Question, ...] = Field(min_length=1)
