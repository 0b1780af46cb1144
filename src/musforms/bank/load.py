"""Loading a question bank from YAML files, with errors that name file, line and id.

The shipped bank is read from the installed package with importlib.resources,
so it works from any directory. A folder of the same format may extend it: a
category with the same id replaces the shipped one, new categories are added.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from musforms._pydantic import clean_loc, describe
from musforms._templating import KNOWN_VARIABLES, TextProblem, check_text
from musforms._yaml import LocatedData, YamlProblem, load_yaml
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
    root = resources.files("musforms.question_bank")
    files = sorted(
        (entry for entry in root.iterdir() if entry.name.endswith(".yaml")),
        key=lambda entry: entry.name,
    )
    return QuestionBank(_categories_of(files))


def iter_problems(path: str | Path) -> Iterator[BankError]:
    """Yield every problem of the bank folder (or file) at ``path``, file by file.

    Problems inside one file stop at the first, because a broken file's later
    lines are often reported wrongly; other files are still checked.
    """
    folder = Path(path)
    if not folder.exists():
        yield BankError("no such bank folder. Give a folder of <category>.yaml files", file=folder)
        return
    files = _yaml_files(folder)
    if not files:
        yield BankError(
            "the folder has no .yaml files. A bank is one <category>.yaml file per category",
            file=folder,
        )
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
                f"the category id '{category.id}' is also used by {seen[category.id].name}. "
                "Give each category its own id",
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
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise BankError(
                "the file is not UTF-8 text. Save it as UTF-8", file=str(file)
            ) from None
        except OSError as exc:
            raise BankError(f"cannot read the file ({exc.strerror})", file=str(file)) from None
    try:
        located = load_yaml(text)
    except YamlProblem as exc:
        raise BankError(exc.message, file=str(file), line=exc.line) from None
    return _category_from(located, str(file))


def _category_from(located: LocatedData, file: str) -> Category:
    data = located.data
    if not isinstance(data, dict):
        raise BankError(
            "a category file must be a mapping with id, title, order and questions",
            file=file,
            line=1,
        )
    unknown = sorted(set(data) - _CATEGORY_KEYS)
    if unknown:
        raise BankError(
            f"unknown key '{unknown[0]}'. A category has {', '.join(sorted(_CATEGORY_KEYS))}",
            file=file,
            line=located.line_of((unknown[0],)),
        )
    category_id = data.get("id")
    if not isinstance(category_id, str):
        raise BankError(
            "the category has no 'id:'. Add one, e.g. the file's name", file=file, line=1
        )
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        raise BankError(
            "the category has no questions. Add a 'questions:' list",
            file=file,
            line=located.line_of(("questions",)),
        )
    questions = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_questions):
        question = _question_from(raw, index, category_id, located, file)
        line = located.line_of(("questions", index))
        if question.id in seen:
            raise BankError(
                f"duplicate id: also used on line {seen[question.id]}. "
                "Give each question its own id",
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
        raise BankError(describe(error), file=file, line=located.line_of(loc)) from None


def _question_from(
    raw: Any, index: int, category_id: str, located: LocatedData, file: str
) -> Question:
    base: tuple[str | int, ...] = ("questions", index)
    line = located.line_of(base)
    if not isinstance(raw, dict):
        raise BankError(
            "each question must be a mapping with id, kind and text", file=file, line=line
        )
    slug = raw.get("id")
    if not isinstance(slug, str) or not slug:
        raise BankError(
            "the question has no 'id:'. Add a short id such as 'energi'", file=file, line=line
        )
    full_id = f"{category_id}.{slug}"
    if "category" in raw:
        raise BankError(
            "'category' is set by the file, not per question. Remove it",
            file=file,
            line=located.line_of((*base, "category")),
            question_id=full_id,
        )
    try:
        question = Question.model_validate({**raw, "id": full_id, "category": category_id})
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = clean_loc(error["loc"]) or _key_named_in(describe(error), raw)
        raise BankError(
            describe(error), file=file, line=located.line_of((*base, *loc)), question_id=full_id
        ) from None
    for path, text in _strings(raw, base):
        try:
            check_text(text, KNOWN_VARIABLES)
        except TextProblem as problem:
            raise BankError(
                problem.message, file=file, line=located.line_of(path), question_id=full_id
            ) from None
    return question


def _key_named_in(message: str, raw: dict[str, Any]) -> tuple[str, ...]:
    """Return the key a whole-question message is about (``'rows' does not belong``).

    A message that a key is missing points at ``kind``, which asked for it.
    """
    quoted = re.findall(r"'(\w+):?'", message)
    for key in quoted:
        if key in raw:
            return (key,)
    return ("kind",) if "kind" in raw and quoted else ()


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
    if folder.is_file():
        return [folder]
    return sorted(p for p in folder.iterdir() if p.suffix in {".yaml", ".yml"} and p.is_file())


def _load_folder(folder: Path) -> list[Category]:
    return list(_categories_of(_yaml_files(folder)))


def _categories_of(files: Iterable[Traversable | Path]) -> Iterator[Category]:
    for file in files:
        yield load_category(file)
