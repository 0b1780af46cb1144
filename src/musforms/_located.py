"""Data read from a text file, with the line of every value in it; the limits of such files.

Error messages must name the line at fault. The parsers (:mod:`musforms._yaml`
for YAML and JSON) give plain data plus a map from each value's path
(``("questions", 3, "kind")``) to its 1-based line. This module holds what the
readers of that data need without the parsers themselves: a command that reads
nothing but the cached shipped bank and presets never imports PyYAML (~15 ms).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from musforms._files import describe_size
from musforms.errors import Problem

__all__ = [
    "MAX_NESTING",
    "MAX_YAML_BYTES",
    "LocatedData",
    "Path_",
    "YamlProblem",
    "nesting",
    "refuse_unreadable",
]

Path_ = tuple[str | int, ...]

#: Documents bigger than this are refused before parsing: specs and bank files are small.
MAX_YAML_BYTES = 2_000_000
#: Specs and banks nest about 8 levels; far deeper text exhausts the parser (and the
#: C parser crashes the process at ~100,000 brackets), so it is refused unparsed.
MAX_NESTING = 40


class YamlProblem(Problem):
    """The text is not YAML of the expected shape; ``line`` is 1-based or None."""


@dataclass
class LocatedData:
    """Plain data loaded from YAML and the line of every value in it."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, loc: Iterable[str | int]) -> int | None:
        """Return the line of the deepest known value on ``loc`` (a pydantic loc)."""
        path = tuple(loc)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def nesting(text: str) -> int:
    """Return an upper bound of how deeply ``text`` nests as YAML.

    Flow collections count their brackets (quotes are not parsed: a bracket
    inside a text counts too, which only errs on the safe side); block
    collections count the indentation and the ``- `` / ``? `` indicators that
    open a level on the same line.
    """
    deepest = depth = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}" and depth:
            depth -= 1
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        openers = 0
        while stripped[:2] in {"- ", "? "} or stripped in {"-", "?"}:
            openers += 1
            stripped = stripped[2:].lstrip(" ")
        deepest = max(deepest, indent // 2 + openers)
    return deepest


def refuse_unreadable(text: str) -> None:
    """Refuse what no parser should see: too large, too deep, or not text at all (NUL)."""
    if len(text) > MAX_YAML_BYTES:
        raise YamlProblem("file.too_large", {"limit": describe_size(MAX_YAML_BYTES)})
    nul = text.find("\x00")
    if nul >= 0:
        raise YamlProblem("file.nul_byte", line=text.count("\n", 0, nul) + 1)
    if nesting(text) > MAX_NESTING:
        raise YamlProblem("yaml.too_deep", {"levels": MAX_NESTING})
