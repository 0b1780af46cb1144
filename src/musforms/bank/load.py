"""Loading a question bank from YAML files, with errors that name file, line and id.

The shipped bank is read from the installed package with importlib.resources,
so it works from any directory. A folder of the same format may extend it: a
category with the same id replaces the shipped one, new categories are added.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from musforms._files import read_limited
from musforms._located import MAX_YAML_BYTES, LocatedData, YamlProblem
from musforms._pydantic import clean_loc, describe
from musforms._templating import KNOWN_VARIABLES, TextProblem, check_text
from musforms.bank.model import Category, Question
from musforms.bank.questionbank import QuestionBank
from musforms.errors import BankError

__all__ = ["iter_problems", "load_bank", "load_category", "shipped_bank"]

_CATEGORY_KEYS = {"id", "title", "description", "order", "questions"}


def load_bank(path: str | Path | None = None) -> QuestionBank:
    """Return the shipped bank, extended or overridden by the bank folder at ``path``.

    Args:
        path: a folder of ``<category>.yaml`` files (or one such file); ``None``
            means the shipped bank alone.

    Raises:
        BankError: the first problem found, naming file, line and question id.
    """
    if path is None:
        return shipped_bank()
    problems = list(iter_problems(path))
    if problems:
        raise problems[0]
    categories = {c.id: c for c in shipped_bank().categories}
    for category in _load_folder(Path(path)):
        categories[category.id] = category
    return QuestionBank(categories.values())


@lru_cache(maxsize=1)
def shipped_bank() -> QuestionBank:
    """Return the bank shipped inside the package (loaded once, then shared: it is frozen)."""
    from musforms.bank import _cache

    root = resources.files("musforms.question_bank")
    files = sorted(
        (entry for entry in root.iterdir() if entry.name.endswith(".yaml")),
        key=lambda entry: entry.name,
    )
    key = _cache.bank_key(files)
    categories = _cache.load_cached(key)
    if categories is None:
        categories = list(_categories_of(files))
        _cache.store(key, categories)
    return QuestionBank(categories)


def iter_problems(path: str | Path) -> Iterator[BankError]:
    """Yield every problem of the bank folder (or file) at ``path``, file by file.

    Problems inside one file stop at the first, because a broken file's later
    lines are often reported wrongly; other files are still checked.
    """
    folder = Path(path)
    if not folder.exists():
        yield BankError(code="bank.no_folder", file=folder)
        return
    files = _yaml_files(folder)
    if not files:
        yield BankError(code="bank.empty_folder", file=folder)
        return
    seen: dict[str, Path] = {}
    for file in files:
        try:
            category = load_category(file)
        except BankError as exc:
            yield exc
            continue
        if category.id in seen:
            yield BankError(
                code="bank.duplicate_category",
                params={"id": category.id, "other": seen[category.id].name},
                file=file,
                line=1,
            )
        seen[category.id] = file


def load_category(file: Traversable | Path, text: str | None = None) -> Category:
    """Load and validate one category file.

    Args:
        file: the file; its name is used in messages.
        text: the file's content, if already read.

    Raises:
        BankError: naming the file, the line and the question id at fault.
    """
    if text is None:
        if isinstance(file, Path):
            data = read_limited(file, MAX_YAML_BYTES, BankError)
        else:  # the shipped bank, inside the package: ours, and small
            data = file.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise BankError(code="file.not_text", file=str(file)) from None
    from musforms._yaml import load_yaml  # PyYAML: only when the bank is parsed, not cached

    try:
        located = load_yaml(text)
    except YamlProblem as problem:
        raise problem.error(BankError, file=str(file)) from None
    return _category_from(located, str(file))


def _category_from(located: LocatedData, file: str) -> Category:
    data = located.data
    if not isinstance(data, dict):
        raise BankError(code="bank.not_mapping", file=file, line=1)
    unknown = sorted(set(data) - _CATEGORY_KEYS)
    if unknown:
        raise BankError(
            code="bank.unknown_key",
            params={"key": unknown[0], "keys": ", ".join(sorted(_CATEGORY_KEYS))},
            file=file,
            line=located.line_of((unknown[0],)),
        )
    category_id = data.get("id")
    if not isinstance(category_id, str):
        raise BankError(code="bank.no_category_id", file=file, line=1)
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        raise BankError(code="bank.no_questions", file=file, line=located.line_of(("questions",)))
    questions = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_questions):
        question = _question_from(raw, index, category_id, located, file)
        line = located.line_of(("questions", index))
        if question.id in seen:
            raise BankError(
                code="bank.duplicate_id",
                params={"other_line": seen[question.id]},
                file=file,
                line=line,
                question_id=question.id,
            )
        seen[question.id] = line or 0
        questions.append(question)
    header = {key: value for key, value in data.items() if key != "questions"}
    try:
        return Category.model_validate({**header, "questions": questions})
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = clean_loc(error["loc"])
        code, params = describe(error)
        raise BankError(code=code, params=params, file=file, line=located.line_of(loc)) from None


def _question_from(
    raw: Any, index: int, category_id: str, located: LocatedData, file: str
) -> Question:
    base: tuple[str | int, ...] = ("questions", index)
    line = located.line_of(base)
    if not isinstance(raw, dict):
        raise BankError(code="bank.question_not_mapping", file=file, line=line)
    slug = raw.get("id")
    if not isinstance(slug, str) or not slug:
        raise BankError(code="bank.no_question_id", file=file, line=line)
    full_id = f"{category_id}.{slug}"
    if "category" in raw:
        raise BankError(
            code="bank.category_key",
            file=file,
            line=located.line_of((*base, "category")),
            question_id=full_id,
        )
    try:
        question = Question.model_validate({**raw, "id": full_id, "category": category_id})
    except ValidationError as exc:
        error = exc.errors()[0]
        code, params = describe(error)
        loc = clean_loc(error["loc"]) or _key_named_in(params, raw)
        raise BankError(
            code=code,
            params=params,
            file=file,
            line=located.line_of((*base, *loc)),
            question_id=full_id,
        ) from None
    for path, text in _strings(raw, base):
        try:
            check_text(text, KNOWN_VARIABLES)
        except TextProblem as problem:
            raise problem.error(
                BankError, file=file, line=located.line_of(path), question_id=full_id
            ) from None
    return question


def _key_named_in(params: dict[str, Any], raw: dict[str, Any]) -> tuple[str, ...]:
    """Return the key a whole-question problem is about (``'rows' does not belong``).

    A problem that a key is missing points at ``kind``, which asked for it.
    """
    key = params.get("key")
    if isinstance(key, str) and key in raw:
        return (key,)
    return ("kind",) if "kind" in raw and key else ()


def _strings(
    value: Any, path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Yield every string in nested data with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def _yaml_files(folder: Path) -> list[Path]:
    """Return the bank files at ``folder``: the path itself unless it is a folder.

    Anything but a folder is taken as one file, and anything in the folder but
    a folder as a file, so that a FIFO or a device is refused by name when it
    is read (``file.not_regular``) instead of being listed as a folder or skipped.
    """
    if not folder.is_dir():
        return [folder]
    return sorted(p for p in folder.iterdir() if p.suffix in {".yaml", ".yml"} and not p.is_dir())


def _load_folder(folder: Path) -> list[Category]:
    return list(_categories_of(_yaml_files(folder)))


def _categories_of(files: Iterable[Traversable | Path]) -> Iterator[Category]:
    for file in files:
        yield load_category(file)
