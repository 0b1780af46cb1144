"""YAML loading that remembers where every value came from.

Error messages must name the line at fault, and PyYAML's plain loaders forget
positions. This module composes the node tree (fast, with the C loader when
present) and turns it into plain Python data plus a map from each value's path
(``("questions", 3, "kind")``) to its 1-based line.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from musforms._located import (
    MAX_NESTING,
    MAX_YAML_BYTES,
    LocatedData,
    Path_,
    YamlProblem,
    nesting,
    refuse_unreadable,
)

__all__ = [
    "MAX_NESTING",
    "MAX_YAML_BYTES",
    "LocatedData",
    "YamlProblem",
    "dump_yaml",
    "load_json",
    "load_yaml",
    "nesting",
]

try:  # the C loader is ~10x faster; fall back to pure Python where it is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


def _convert(
    node: yaml.Node, path: Path_, lines: dict[Path_, int], scalars: yaml.constructor.SafeConstructor
) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, (*path, "<key>"), {}, scalars)
            if not isinstance(key, str | int | bool | float) or key is None:
                raise YamlProblem("yaml.bad_key", line=key_node.start_mark.line + 1)
            if key in result:
                raise YamlProblem(
                    "yaml.duplicate_key", {"key": key}, line=key_node.start_mark.line + 1
                )
            key_path = str(key) if not isinstance(key, int) else key
            result[key] = _convert(value_node, (*path, key_path), lines, scalars)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), lines, scalars) for i, item in enumerate(node.value)]
    # Scalars: let the safe constructor decide the type (int, bool, date, str, ...).
    try:
        return scalars.construct_object(node, deep=True)
    except ValueError:
        # Only a timestamp can fail here: 2027-02-30 has the shape of a date and is none.
        field_name = next((str(part) for part in reversed(path) if isinstance(part, str)), "")
        raise YamlProblem(
            "value.not_a_date", {"field": field_name or node.value}, line=lines[path]
        ) from None


#: A JSON escape of a character outside the BMP, as Python's json writes emoji.
_SURROGATE_PAIR = re.compile(r"\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE)


def _astral(match: re.Match[str]) -> str:
    high, low = int(match.group(1), 16), int(match.group(2), 16)
    return f"\\U{0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00):08x}"


def load_json(text: str) -> LocatedData:
    """Parse a JSON document into plain data, with the lines of its values where known.

    The data is JSON's own reading (strict: no duplicate keys, no NaN). The
    lines come from reading the same text as YAML, of which JSON is nearly a
    subset; where that fails, errors just name no line.

    Raises:
        YamlProblem: the text is not valid JSON, or too large or deep.
    """
    refuse_unreadable(text)

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                raise YamlProblem("yaml.duplicate_key", {"key": key})
            result[key] = value
        return result

    def constant(name: str) -> Any:
        raise YamlProblem("json.invalid", {"problem": f"{name} is not a number"})

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except json.JSONDecodeError as exc:
        raise YamlProblem("json.invalid", {"problem": exc.msg}, line=exc.lineno) from None
    except RecursionError:
        raise YamlProblem("yaml.too_deep", {"levels": MAX_NESTING}) from None
    try:
        lines = load_yaml(_SURROGATE_PAIR.sub(_astral, text)).lines
    except YamlProblem:
        lines = {(): 1}
    return LocatedData(data, lines)


def load_yaml(text: str) -> LocatedData:
    """Parse one YAML document into plain data and its line map.

    Raises:
        YamlProblem: the text is not valid YAML, holds several documents or uses
            tags/anchors that a plain data file has no need of.
    """
    refuse_unreadable(text)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        raise YamlProblem(
            "yaml.invalid", {"problem": problem}, line=mark.line + 1 if mark else None
        ) from None
    except yaml.YAMLError as exc:
        raise YamlProblem("yaml.invalid", {"problem": str(exc)}) from None
    if node is None:
        return LocatedData(None, {(): 1})
    _refuse_aliases(node, set())
    lines: dict[Path_, int] = {}
    try:
        data = _convert(node, (), lines, yaml.constructor.SafeConstructor())
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        raise YamlProblem(
            "yaml.not_data", {"problem": exc.problem}, line=mark.line + 1 if mark else None
        ) from None
    return LocatedData(data, lines)


def _refuse_aliases(node: yaml.Node, seen: set[int]) -> None:
    """Refuse shared nodes (YAML aliases): they serve 'billion laughs' attacks, not forms."""
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            raise YamlProblem("yaml.alias", line=current.start_mark.line + 1)
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.extend((key, value))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)


def dump_yaml(data: Any) -> str:
    """Return ``data`` as block-style YAML that keeps Danish letters readable."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )


class _Dumper(yaml.SafeDumper):
    """A safe dumper that writes multi-line strings as ``|`` blocks."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)
