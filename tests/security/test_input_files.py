"""Specs, people files, bank files, Word templates and filled forms are read bounded (issue 12, 6-7).

Commands that could hang or fill the memory run in a bounded child
(``tests.security.bounded``): on a musforms that reads a FIFO or ``/dev/zero``
whole they fail by the deadline or the memory cap instead of hanging the run.

I001: a FIFO, ``/dev/zero`` or a symlink to either, given as a spec, people file, bank
      file, Word template, previous form or filled form, is refused at once (exit 2,
      ``file.not_regular``).
I002: a file of gigabytes (sparse: it costs no disk) is refused by its size, unread.
I003: a zip bomb given as a Word template or a people workbook is refused by its sizes
      before it is unpacked, also when it lies about them or lists one member many times.
I004: a JSON spec is read as JSON: ``\\ud83d\\ude00`` (how Python's json writes an emoji)
      is the emoji.
I005: a NUL byte in a spec is one line of error that names its line.
I006: a people file in cp1252 with the five bytes cp1252 leaves undefined is read.
"""

from __future__ import annotations

import functools
import io
import json
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from musforms.cli import cli
from tests.security import hostile
from tests.security.bounded import run_cli

#: Far below what a hang or a whole /dev/zero would reach; far above a refusal (a few MB).
MEMORY_GROWTH_LIMIT = 200 * 1024 * 1024

SPEC = {"title": "MUS", "sections": [{"title": "A", "questions": ["opgaver.resultater"]}]}


def _fifo(folder: Path) -> Path:
    path = folder / "fifo"
    os.mkfifo(path)
    return path


def _link_to_fifo(folder: Path) -> Path:
    path = folder / "link-to-fifo"
    path.symlink_to(_fifo(folder))
    return path


def _zero(folder: Path) -> Path:
    return Path("/dev/zero")


def _link_to_zero(folder: Path) -> Path:
    path = folder / "link-to-zero"
    path.symlink_to("/dev/zero")
    return path


NOT_REGULAR: dict[str, Callable[[Path], Path]] = {
    "fifo": _fifo,
    "symlink-to-fifo": _link_to_fifo,
    "dev-zero": _zero,
    "symlink-to-dev-zero": _link_to_zero,
}


def _commands(tmp_path: Path, given: Path) -> dict[str, list[str | Path]]:
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(SPEC))
    people = tmp_path / "people.csv"
    people.write_text("medarbejder\nAnna\n")
    bank = tmp_path / "bank"
    bank.mkdir(exist_ok=True)
    (bank / "x.yaml").symlink_to(given)
    out = tmp_path / "out.docx"
    return {
        "spec": ["build", given, "-o", out],
        "people": ["batch", spec, "--people", given, "--out-dir", tmp_path / "batch"],
        "bank-file": ["build", spec, "--bank", given, "-o", out],
        "bank-folder": ["build", spec, "--bank", bank, "-o", out],
        "template": ["build", spec, "--template", given, "-o", out],
        "previous": ["build", spec, "--previous", given, "-o", out],
        "filled-form": ["read", given],
        "collect": ["collect", given, "-o", tmp_path / "overview.xlsx", "-j", "1"],
    }


ROLES = [
    "spec",
    "people",
    "bank-file",
    "bank-folder",
    "template",
    "previous",
    "filled-form",
    "collect",
]


#: Every role with a FIFO and a symlink to /dev/zero; the other kinds in the roles read first.
NOT_REGULAR_CASES = [
    pytest.param(NOT_REGULAR[kind], role, id=f"{kind}-{role}")
    for kind in NOT_REGULAR
    for role in ROLES
    if kind in {"fifo", "symlink-to-dev-zero"} or role in {"spec", "people", "template"}
]


@pytest.mark.parametrize(("make", "role"), NOT_REGULAR_CASES)
def test_a_file_that_is_not_a_regular_file_is_refused_at_once(
    tmp_path: Path, make: Callable[[Path], Path], role: str
) -> None:  # I001
    given = make(tmp_path)
    outcome = run_cli(_commands(tmp_path, given)[role], seconds=20)
    assert outcome.exit_code == 2, outcome
    assert "not a regular file" in outcome.output
    assert outcome.grown < MEMORY_GROWTH_LIMIT


@pytest.mark.parametrize("role", ROLES)
def test_a_file_of_gigabytes_is_refused_by_its_size_unread(tmp_path: Path, role: str) -> None:
    # I002
    suffix = {"spec": ".yaml", "people": ".csv", "bank-file": ".yaml", "bank-folder": ".yaml"}
    given = tmp_path / f"big{suffix.get(role, '.docx')}"
    with given.open("wb") as file:
        file.truncate(3 * 10**9)  # sparse: three gigabytes of nothing
    outcome = run_cli(_commands(tmp_path, given)[role], seconds=20)
    assert outcome.exit_code == 2, outcome
    assert "larger than" in outcome.output
    assert outcome.grown < MEMORY_GROWTH_LIMIT


@functools.cache
def _word_template() -> bytes:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


@functools.cache
def _people_workbook() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["medarbejder"])
    book.active.append(["Anna"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


#: Big enough that unpacking it costs more than the memory limit, small enough to make fast.
BOMB = 160 << 20

#: Zips that unpack to far more than they weigh; their cost is measured, so each is made once.
BOMBS: dict[str, Callable[[], bytes]] = {
    "honest-zeros": functools.cache(lambda: hostile.zip_bomb(_word_template(), BOMB)),
    "styles-of-zeros": functools.cache(
        lambda: hostile.zip_bomb(_word_template(), BOMB, "word/styles.xml")
    ),
    "lying-about-its-size": functools.cache(
        lambda: hostile.zip_bomb(_word_template(), BOMB, declared=1000)
    ),
    "one-member-listed-many-times": functools.cache(lambda: hostile.overlapping_bomb(16 << 20, 40)),
}


@pytest.mark.parametrize("how", ["option", "spec"])
@pytest.mark.parametrize("bomb", BOMBS.values(), ids=BOMBS.keys())
def test_a_zip_bomb_as_a_word_template_is_refused_unpacked(
    tmp_path: Path, bomb: Callable[[], bytes], how: str
) -> None:  # I003
    template = tmp_path / "bomb.docx"
    template.write_bytes(bomb())
    spec = tmp_path / "spec.json"
    if how == "option":
        spec.write_text(json.dumps(SPEC))
        args: list[str | Path] = ["build", spec, "--template", template, "-o", tmp_path / "x.docx"]
    else:
        spec.write_text(json.dumps({**SPEC, "template": str(template)}))
        args = ["build", spec, "-o", tmp_path / "x.docx"]
    outcome = run_cli(args, seconds=20)
    assert outcome.exit_code == 2, outcome
    assert outcome.grown < MEMORY_GROWTH_LIMIT
    assert not (tmp_path / "x.docx").exists()


PEOPLE_BOMBS: dict[str, Callable[[], bytes]] = {
    "honest-zeros": lambda: hostile.zip_bomb(_people_workbook(), BOMB, "xl/sharedStrings.xml"),
    "lying-about-its-size": lambda: hostile.zip_bomb(
        _people_workbook(), BOMB, "xl/worksheets/sheet1.xml", declared=1000
    ),
}


@pytest.mark.parametrize("bomb", PEOPLE_BOMBS.values(), ids=PEOPLE_BOMBS.keys())
def test_a_zip_bomb_as_a_people_workbook_is_refused_unpacked(
    tmp_path: Path, bomb: Callable[[], bytes]
) -> None:  # I003
    people = tmp_path / "people.xlsx"
    people.write_bytes(bomb())
    args = ["batch", "--preset", "standard", "--people", people, "--out-dir", tmp_path / "out"]
    outcome = run_cli(args, seconds=20)
    assert outcome.exit_code == 2, outcome
    assert outcome.grown < MEMORY_GROWTH_LIMIT


def test_a_json_spec_with_escaped_emoji_is_read_as_json(tmp_path: Path) -> None:  # I004
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps({**SPEC, "title": "MUS 😀"}))  # json writes \ud83d\ude00
    assert "\\ud83d\\ude00" in spec.read_text()
    out = tmp_path / "x.docx"
    result = CliRunner().invoke(cli, ["build", str(spec), "-o", str(out)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as archive:
        assert "MUS 😀" in archive.read("word/document.xml").decode()


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_nul_byte_in_a_spec_is_one_line_naming_its_line(tmp_path: Path, suffix: str) -> None:
    # I005
    spec = tmp_path / f"spec{suffix}"
    if suffix == ".yaml":
        spec.write_bytes(
            b"title: MUS\nsections:\n- title: A\x00\n  questions: [opgaver.resultater]\n"
        )
    else:
        spec.write_bytes(
            b'{"title": "MUS",\n"sections": [{"questions": ["opgaver.resultater"],\n"title": "A\x00"}]}'
        )
    result = CliRunner().invoke(cli, ["build", str(spec), "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and f"spec{suffix}:3:" in lines[0] and "NUL" in lines[0], lines


def test_a_cp1252_people_file_with_undefined_bytes_is_read(tmp_path: Path) -> None:  # I006
    people = tmp_path / "people.csv"
    # Excel's CSV on Danish Windows; the five bytes cp1252 leaves undefined, one per row.
    undefined = b"\x81\x8d\x8f\x90\x9d"
    rows = [f"Søren {n}".encode("cp1252") + bytes([byte]) for n, byte in enumerate(undefined)]
    text = b"".join(row + ";Løn\n".encode("cp1252") for row in rows)
    people.write_bytes("medarbejder;afdeling\n".encode("cp1252") + text)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["batch", "--preset", "standard", "--people", str(people), "--out-dir", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("Søren *.docx"))) == 5
