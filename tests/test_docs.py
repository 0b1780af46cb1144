"""The documentation works as it says.

D001: every ``musforms ...`` line of a sh block in docs/da, docs/en and README.md runs
      and exits 0, in a folder holding the files the docs assume.
D002: every yaml block there is valid YAML, and the question ids and categories it
      names exist (in the shipped bank or the docs' own bank folder).
D003: every python block there runs.
D004: every local link and image in docs/ and README.md points at a file that exists,
      and a ``#fragment`` into a Markdown file at one of its headings.
D005: the API reference builds without a warning from pdoc.

A code block whose info string names a file after the language (```` ```yaml mus.yaml ````)
is a whole file: it is written into the folder the commands run in. Markdown renderers
use only the first word of the info string, so readers see an ordinary yaml block.
"""

from __future__ import annotations

import csv
import importlib.util
import re
import shlex
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import click
import pytest
import yaml
from click.testing import CliRunner

from musforms.cli import cli

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
#: The pages whose code blocks are run: the HR guide, the English page and the README.
GUIDES = sorted([*DOCS.glob("da/*.md"), *DOCS.glob("en/*.md"), ROOT / "README.md"])
#: The pages whose links are checked.
PAGES = sorted([*DOCS.rglob("*.md"), ROOT / "README.md"])
#: The bank folder the docs write, used with --bank.
DOCS_BANK = "vores_spoergsmaal"


@dataclass(frozen=True)
class Block:
    """A fenced code block of a Markdown page."""

    page: Path
    line: int  # of the opening fence, counting from 1
    language: str
    file_name: str | None  # the file it is, when its info string names one
    text: str

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def blocks(page: Path) -> Iterator[Block]:
    """Yield the fenced code blocks of ``page``."""
    lines = page.read_text(encoding="utf-8").splitlines()
    number = 0
    while number < len(lines):
        match = re.match(r"^(`{3,}|~{3,})\s*([^\s`]*)\s*([^\s`]*)", lines[number])
        number += 1
        if not match:
            continue
        fence, language, file_name = match.groups()
        start, body = number, []
        while number < len(lines) and not lines[number].startswith(fence):
            body.append(lines[number])
            number += 1
        number += 1
        yield Block(page, start, language.lower(), file_name or None, "\n".join(body) + "\n")


def all_blocks(language: str) -> list[Block]:
    return [b for page in GUIDES for b in blocks(page) if b.language == language]


def commands(block: Block) -> list[tuple[str, str]]:
    """Return (where, command line) of every ``musforms`` command in a sh ``block``."""
    found = []
    joined = block.text.replace("\\\n", " ")
    for offset, line in enumerate(joined.splitlines()):
        for part in line.split("&&"):
            part = part.strip()
            if part.startswith("musforms "):
                found.append((f"{block.where}+{offset + 1}", part))
    return found


# -- the folder the commands run in ----------------------------------------------


def _answers(form: Any) -> dict[str, Any]:
    """Return a valid answer for every question of ``form`` that is not free text."""
    answers: dict[str, Any] = {}
    for question in form.questions:
        kind = question.kind
        if kind in {"text", "long_text"}:
            answers[question.id] = "Et svar."
        elif kind == "scale":
            answers[question.id] = question.scale.max
        elif kind == "smiley":
            answers[question.id] = question.faces
        elif kind == "yes_no":
            answers[question.id] = True
        elif kind == "choice":
            answers[question.id] = question.options[0].id
        elif kind == "multi_choice":
            answers[question.id] = [question.options[0].id]
        elif kind == "competence_wheel":
            low = question.scale.min
            answers[question.id] = {
                c.id: {"now": low, "wanted": low + 1} for c in question.competences
            }
        elif kind == "action_plan":
            answers[question.id] = [
                {
                    "goal": "Bliv fortrolig med det nye sagssystem",
                    "action": "Kursus",
                    "responsible": "Medarbejder",
                    "deadline": "2027-05-31",
                    "follow_up": "2027-09-01",
                }
            ]
        elif kind == "date":
            answers[question.id] = "2027-03-02"
    return answers


def _make_workspace(folder: Path) -> None:
    """Write the files the docs assume: their own files, and what a reader would have."""
    from docx import Document
    from openpyxl import Workbook

    from musforms import FormSpec, build_form, load_bank, preset
    from musforms.batch import run_batch
    from tests.fillers import fill_docx, fill_xlsx

    preset("kommune").to_file(folder / "mus.yaml")  # what `musforms init` would write
    for page in GUIDES:
        for block in blocks(page):
            if block.file_name:
                target = folder / block.file_name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(block.text, encoding="utf-8")

    people = folder / "medarbejdere.csv"
    if not people.exists():
        people.write_text("medarbejder;leder\nSøren Hansen;Mette Larsen\n", encoding="utf-8")
    book = Workbook()
    sheet = book.active
    with people.open(encoding="utf-8", newline="") as rows:
        for row in csv.reader(rows, delimiter=";"):
            sheet.append(row)
    last = row[0]
    book.save(folder / "medarbejdere.xlsx")

    letterhead = Document()
    letterhead.sections[0].header.paragraphs[0].text = "Eksempel Kommune"
    letterhead.save(str(folder / "brevpapir.docx"))

    # Filled forms, as they come back from the employees: the last person of the
    # people file answered in Excel, the others in Word.
    bank = load_bank(folder / DOCS_BANK) if (folder / DOCS_BANK).is_dir() else load_bank()
    spec = FormSpec.from_file(folder / "mus.yaml")
    sent = folder / "_sent"
    result = run_batch(spec, people, sent, formats=("docx", "xlsx"), bank=bank)
    assert result.ok, result.problems
    form = build_form(spec, bank)
    answers = _answers(form)
    (folder / "svar").mkdir()
    names = sorted({path.stem for path in sent.glob("*.docx")}, key=lambda n: n != last)
    for name in names:
        fill, suffix = (fill_xlsx, ".xlsx") if name == last else (fill_docx, ".docx")
        blank = (sent / name).with_suffix(suffix).read_bytes()
        (folder / "svar" / f"{name}{suffix}").write_bytes(fill(form, blank, answers))
    shutil.rmtree(sent)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("docs-workspace")
    _make_workspace(folder)
    return folder


@pytest.fixture()
def here(workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the workspace, made the current folder."""
    folder = tmp_path / "work"
    shutil.copytree(workspace, folder)
    monkeypatch.chdir(folder)
    return folder


# -- D001: commands ----------------------------------------------------------------


def _arguments(line: str) -> list[str]:
    """Split ``line`` as a shell would: quotes, comments, globs; a redirection is dropped."""
    words = shlex.split(line, comments=True)
    if ">" in words:
        words = words[: words.index(">")]
    expanded: list[str] = []
    for word in words[1:]:
        matches = sorted(map(str, Path().glob(word))) if any(c in word for c in "*?[") else []
        expanded += matches or [word]
    return expanded


SH_BLOCKS = [b for b in all_blocks("sh") if commands(b)]


def test_the_docs_show_commands() -> None:  # D001
    lines = [line for block in SH_BLOCKS for _, line in commands(block)]
    names = {shlex.split(line, comments=True)[1] for line in lines}
    assert {"bank", "presets", "init", "build", "read", "collect", "batch", "serve"} <= names


def _run(where: str, line: str) -> None:
    """Run one command line of the docs in the current folder; fail unless it exits 0."""
    arguments = _arguments(line)
    name = arguments[0]
    if not name.startswith("-"):  # a command, not an option of musforms such as --version
        command = cli.get_command(click.Context(cli), name)
        assert command is not None, f"{where}: no command '{name}'"
        if name == "serve":
            # A server does not return: check that it accepts the options the docs give.
            command.make_context(name, arguments[1:])
            return
        if name == "init":
            # The docs show `init` on a fresh start; the workspace already has the spec.
            spec_file = command.make_context(name, arguments[1:]).params["spec_file"]
            Path(spec_file).unlink(missing_ok=True)
    result = CliRunner().invoke(cli, arguments, catch_exceptions=False)
    assert result.exit_code == 0, f"{where}: {line}\n{result.output}"


@pytest.mark.parametrize("block", SH_BLOCKS, ids=[b.where for b in SH_BLOCKS])
def test_every_command_in_the_docs_runs(block: Block, here: Path) -> None:  # D001
    """The commands of one block run in order in one folder, as a reader types them."""
    for where, line in commands(block):
        _run(where, line)


# -- D002: YAML ------------------------------------------------------------------


def _named_ids(data: Any) -> Iterator[tuple[str, str]]:
    """Yield ("question", id) and ("category", id) for what a spec or snippet refers to."""
    if isinstance(data, list):
        for item in data:
            yield from _named_ids(item)
    elif isinstance(data, dict):
        category = data.get("category")
        if isinstance(category, str) and "questions" not in data:
            yield "category", category
        for item in data.get("questions") or []:
            if isinstance(item, str):
                yield "question", item
            elif isinstance(item, dict) and "text" not in item and isinstance(item.get("id"), str):
                yield "question", item["id"]
        for value in data.values():
            if isinstance(value, list | dict):
                yield from _named_ids(value)


YAML_BLOCKS = all_blocks("yaml")


@pytest.mark.parametrize("block", YAML_BLOCKS, ids=[b.where for b in YAML_BLOCKS])
def test_every_yaml_block_is_valid_and_names_known_questions(
    block: Block, workspace: Path
) -> None:  # D002
    from musforms import load_bank

    data = yaml.safe_load(block.text)
    bank = load_bank(workspace / DOCS_BANK)
    for what, name in _named_ids(data):
        if what == "question":
            assert name in bank, f"{block.where}: unknown question id {name}"
        else:
            assert bank.category(name) is not None, f"{block.where}: unknown category {name}"


# -- D003: Python ----------------------------------------------------------------

PYTHON_BLOCKS = all_blocks("python")


@pytest.mark.parametrize("block", PYTHON_BLOCKS, ids=[b.where for b in PYTHON_BLOCKS])
def test_every_python_block_runs(block: Block, here: Path) -> None:  # D003
    code = compile(block.text, block.where, "exec")
    exec(code, {"__name__": "__docs__"})


# -- D004: links -----------------------------------------------------------------

_FENCED = re.compile(r"^(`{3,}|~{3,}).*?^\1", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(`+).+?\1", re.DOTALL)
_LINK = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def _prose(page: Path) -> str:
    """Return ``page`` without code blocks and code spans, where links are not links."""
    text = _FENCED.sub("", page.read_text(encoding="utf-8"))
    return _CODE_SPAN.sub("", text)


def _anchor(heading: str) -> str:
    """Return the anchor GitHub gives a heading."""
    text = re.sub(r"[`*_]|<[^>]+>", "", heading).strip().lower()
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    headings = re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", _prose(page), re.MULTILINE)
    return {_anchor(h) for h in headings}


LINKS = [
    (page, target)
    for page in PAGES
    for target in _LINK.findall(_prose(page))
    if not re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE)
]


def test_the_docs_have_local_links() -> None:  # D004
    assert any(target.endswith(".png") for _, target in LINKS)
    assert any(".md#" in target for _, target in LINKS)


@pytest.mark.parametrize(
    ("page", "target"), LINKS, ids=[f"{p.relative_to(ROOT)}->{t}" for p, t in LINKS]
)
def test_every_local_link_and_image_points_at_a_file(page: Path, target: str) -> None:  # D004
    path, _, fragment = unquote(target).partition("#")
    resolved = (page.parent / path).resolve() if path else page
    assert resolved.exists(), f"{page.relative_to(ROOT)}: {target} does not exist"
    if fragment and resolved.suffix == ".md":
        assert fragment in _anchors(resolved), (
            f"{page.relative_to(ROOT)}: no heading for #{fragment} in {resolved.name}"
        )


# -- D005: the API reference -----------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(
    importlib.util.find_spec("pdoc") is None,
    reason="pdoc is not installed (pip install 'pdoc>=14', part of the dev extra)",
)
def test_the_api_reference_builds_without_warnings(tmp_path: Path) -> None:  # D005
    result = subprocess.run(
        [sys.executable, str(DOCS / "reference" / "build.py"), str(tmp_path / "reference")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr.lower(), result.stderr
    assert (tmp_path / "reference" / "index.html").is_file()
    for module in ("musforms/answers/read", "musforms/collect", "musforms/errors"):
        assert (tmp_path / "reference" / f"{module}.html").is_file(), module
