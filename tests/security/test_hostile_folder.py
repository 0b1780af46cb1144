"""``musforms read`` on a folder of hostile files: exit 2 (or the answers), never 1, bounded.

Every case of issue 12 about filled files, plus zip and entity bombs, in one
folder. Each file is read by ``musforms read`` in a bounded child
(``tests.security.bounded``): one that hangs or swells fails by the deadline or
the memory cap, instead of hanging the run. A listener on 127.0.0.1 fails the
test on any connection.

H101: each file is refused with exit 2, or, where only the embedded schema is hostile
      (it is never used), read with exit 0; never exit 1.
H102: no read grows the memory by more than 200 MB or sends a request.
H103: collect over the whole folder ends, bounded, with exit 2.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.security import hostile
from tests.security.bounded import run_cli

MEMORY_GROWTH_LIMIT = 200 * 1024 * 1024
PORT_WORD = "@@PORT@@"


@functools.cache
def _blank(suffix: str) -> bytes:
    return hostile.filled(hostile.small_form(), suffix)


@functools.cache
def _redos(suffix: str) -> bytes:
    """A text answer of 35 a's and a '!' under the pattern ``^(a+)+$``: hours of backtracking."""
    answers = {**hostile.ANSWERS, "opgaver.resultater": "a" * 35 + "!"}
    data = hostile.filled(hostile.small_form(), suffix, answers)
    return hostile.with_payload(
        data,
        lambda p: p["schema"]["properties"]["opgaver.resultater"].update(pattern="^(a+)+$"),
    )


def _schema_bomb(payload: dict[str, Any]) -> None:
    """A few KB of $defs whose references double at every level: 2^30 checks, 2^30 errors."""
    defs: dict[str, Any] = {"d0": {"type": "integer"}}
    for level in range(1, 31):
        ref = {"$ref": f"#/$defs/d{level - 1}"}
        defs[f"d{level}"] = {"allOf": [ref, ref]}
    payload["schema"]["$defs"] = defs
    payload["schema"]["properties"]["opgaver.resultater"] = {"$ref": "#/$defs/d30"}


def _payload(change: Callable[[dict[str, Any]], Any], suffix: str = ".docx") -> bytes:
    return hostile.with_payload(_blank(suffix), change)


def _billion_laughs(root: str) -> bytes:
    """The classic entity bomb: ten levels of ten references, 10^9 'ha' when expanded."""
    entities = '<!ENTITY l0 "ha">' + "".join(
        f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10)
    )
    return f'<?xml version="1.0"?><!DOCTYPE {root} [{entities}]><{root}>&l9;</{root}>'.encode()


def _text(size: int) -> str:
    """Return ``size`` characters that compress like text, so that the size check is met first."""
    return "".join(f"{n * 2654435761 % 2**32:08x}" for n in range(size // 8 + 1))[:size]


def _deep_xml(depth: int) -> bytes:
    return b'<?xml version="1.0"?>' + b"<a>" * depth + b"</a>" * depth


def _docx_part(part: str, blob: bytes) -> bytes:
    return hostile.rezip(_blank(".docx"), {part: blob})


def _item() -> str:
    return next(n for n in hostile.members(_blank(".docx")) if n.startswith("customXml/item1"))


#: name -> (how to make it, the exit codes allowed). 0 only where just the schema is hostile.
CASES: dict[str, tuple[Callable[[], bytes], set[int]]] = {
    "schema-ref-http.docx": (
        lambda: _payload(lambda p: p["schema"].update({"$ref": f"http://127.0.0.1:{PORT_WORD}/"})),
        {0},
    ),
    "schema-ref-file.docx": (
        lambda: _payload(lambda p: p["schema"].update({"$ref": "file:///etc/passwd"})),
        {0},
    ),
    "schema-pattern-redos.docx": (lambda: _redos(".docx"), {0}),
    "schema-pattern-redos.xlsx": (lambda: _redos(".xlsx"), {0}),
    "schema-expansion-bomb.docx": (lambda: _payload(_schema_bomb), {0}),
    "schema-properties-a-list.xlsx": (
        lambda: _payload(lambda p: p["schema"].update(properties=[]), ".xlsx"),
        {0},
    ),
    "schema-x-musforms-a-string.docx": (
        lambda: _payload(
            lambda p: p["schema"]["properties"]["ledelse.samarbejdet"].update({"x-musforms": 1})
        ),
        {0},
    ),
    "person-a-string.docx": (lambda: _payload(lambda p: p.update(person="x")), {2}),
    "person-a-string.xlsx": (lambda: _payload(lambda p: p.update(person="x"), ".xlsx"), {2}),
    "format-99.docx": (lambda: _payload(lambda p: p.update(musforms=99)), {2}),
    "payload-huge.docx": (
        lambda: hostile.with_payload_text(_blank(".docx"), json.dumps({"x": _text(4_100_000)})),
        {2},
    ),
    "payload-deep.docx": (
        lambda: hostile.with_payload_text(_blank(".docx"), "[" * 200_000 + "]" * 200_000),
        {2},
    ),
    "zip-bomb-declared.docx": (lambda: hostile.zip_bomb(_blank(".docx"), 80 << 20), {2}),
    "zip-bomb-lying.docx": (
        lambda: hostile.zip_bomb(_blank(".docx"), 160 << 20, declared=10_000),
        {2},
    ),
    "zip-bomb-overlapping.docx": (lambda: hostile.overlapping_bomb(16 << 20, 40), {2}),
    "zip-bomb-lying.xlsx": (
        lambda: hostile.zip_bomb(_blank(".xlsx"), 160 << 20, "xl/workbook.xml", declared=10_000),
        {2},
    ),
    "zip-many-members.docx": (
        lambda: hostile.rezip(_blank(".docx"), {f"x/{n}.xml": b"" for n in range(6000)}),
        {2},
    ),
    "entity-bomb-document.docx": (
        lambda: _docx_part("word/document.xml", _billion_laughs("w:document")),
        {2},
    ),
    "entity-bomb-payload.docx": (lambda: _docx_part(_item(), _billion_laughs("form")), {2}),
    "entity-bomb-sheet.xlsx": (
        lambda: hostile.rezip(_blank(".xlsx"), {"xl/worksheets/sheet1.xml": _billion_laughs("x")}),
        {2},
    ),
    "external-entity.docx": (
        lambda: _docx_part(
            "word/document.xml",
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
        ),
        {2},
    ),
    "external-dtd.docx": (
        lambda: _docx_part(
            "word/document.xml",
            f'<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://127.0.0.1:{PORT_WORD}/d"><x/>'.encode(),
        ),
        {2},
    ),
    "xml-deep.docx": (lambda: _docx_part("word/document.xml", _deep_xml(100_000)), {2}),
    "truncated.docx": (lambda: _blank(".docx")[:3000], {2}),
    "encrypted-looking.docx": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), {2}),
    "empty.docx": (lambda: b"", {2}),
    "not-a-form.docx": (lambda: b"%PDF-1.4\n" + bytes(100), {2}),
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile folder; ``@@PORT@@`` is put in later, per listener."""
    path = tmp_path_factory.mktemp("hostile")
    for name, (make, _) in CASES.items():
        (path / name).write_bytes(make())
    with (path / "larger-than-a-form.docx").open("wb") as file:
        file.truncate(60_000_000)
    os.mkfifo(path / "a-fifo.docx")
    (path / "a-link-to-dev-zero.docx").symlink_to("/dev/zero")
    (path / "a-folder.docx").mkdir()
    return path


EXTRA = ["larger-than-a-form.docx", "a-fifo.docx", "a-link-to-dev-zero.docx", "a-folder.docx"]


def _with_port(folder: Path, name: str, port: int, target: Path) -> Path:
    data = (folder / name).read_bytes() if (folder / name).is_file() else None
    if data is None or PORT_WORD.encode() not in data:
        return folder / name
    target.write_bytes(data.replace(PORT_WORD.encode(), str(port).encode()))
    return target


@pytest.mark.parametrize("name", [*CASES, *EXTRA])
def test_reading_a_hostile_file_exits_2_bounded_and_offline(
    folder: Path, tmp_path: Path, name: str
) -> None:  # H101, H102
    allowed = CASES[name][1] if name in CASES else {2}
    with hostile.listener() as (port, connections):
        path = _with_port(folder, name, port, tmp_path / name)
        outcome = run_cli(["read", path], seconds=30)
    assert outcome.exit_code in allowed, outcome
    assert outcome.grown < MEMORY_GROWTH_LIMIT, outcome.grown
    assert connections == []
    if outcome.exit_code == 2:
        assert len(outcome.output.strip().splitlines()) == 1, outcome.output


def test_collect_over_the_hostile_folder_ends_bounded_with_exit_2(
    folder: Path, tmp_path: Path
) -> None:  # H103
    files = sorted(p for p in folder.iterdir() if not p.is_dir())
    for number in range(100):  # the 100 schema bombs in one collect
        copy = tmp_path / f"bomb-{number}.docx"
        os.link(folder / "schema-expansion-bomb.docx", copy)
        files.append(copy)
    output = tmp_path / "overview.xlsx"
    outcome = run_cli(["collect", *files, "-o", output, "-j", "1"], seconds=60)
    assert outcome.exit_code == 2, outcome
    assert outcome.grown < MEMORY_GROWTH_LIMIT, outcome.grown


#: A text of the spec inside a file that loops 10^10 times: the template sandbox must bound it.
LOOP = "{% for i in range(100000) %}{% for j in range(100000) %}{{ year }}{% endfor %}{% endfor %}"


def test_a_loop_in_a_text_of_the_spec_inside_is_refused_bounded(tmp_path: Path) -> None:  # H102
    def loop(payload: dict[str, Any]) -> None:
        payload["spec"]["sections"][0]["questions"][0]["text"]["da"] = LOOP

    path = tmp_path / "loop.docx"
    path.write_bytes(_payload(loop))
    outcome = run_cli(["read", path], seconds=3, memory=60 * 1024 * 1024)
    assert outcome.exit_code == 2, outcome
