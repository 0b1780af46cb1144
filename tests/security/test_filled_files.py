"""A filled file says what it likes about itself: nothing in it is trusted (issue 12, items 1, 7).

Every hostile file here is a real filled form (``tests.fillers``) with its
payload, XML or zip changed.

F001: nothing leaves the process and no file named in a form is opened while forms are
      read: ``read``, ``build --previous``, ``batch`` over an output folder holding
      such a file, and ``collect`` (a listener on 127.0.0.1 and an audit hook watch).
F002: the embedded JSON Schema is never used: its pattern, types, required list or a
      broken shape (``properties`` a list, ``x-musforms`` a string) change no answer.
F003: a payload of the wrong shape is refused with exit 2 and a code, never exit 1.
F004: a payload format musforms does not know (99) is refused, not read as format 1.
F005: no message quotes an answer, wherever in the file the answer was put.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from musforms.answers.read import read_answers
from musforms.cli import cli
from musforms.errors import AnswersError, MusformsError
from musforms.form import Form
from tests.security import hostile

SUFFIXES = [".docx", ".xlsx"]
#: What a person wrote, which no message may repeat.
SECRET = "Et godt år"


def _in_both(table: dict[str, Any], excel: set[str]) -> list[Any]:
    """Return every case for Word, and those named in ``excel`` for Excel too.

    The payload is decoded by one function for both formats; Excel is slow to
    rewrite, so it gets the cases the issue names, to prove the path is the same.
    """
    cases = [pytest.param(value, ".docx", id=f"{key}-docx") for key, value in table.items()]
    cases += [pytest.param(table[key], ".xlsx", id=f"{key}-xlsx") for key in sorted(excel)]
    return cases


@pytest.fixture(scope="module")
def form() -> Form:
    return hostile.small_form()


@pytest.fixture(scope="module")
def blanks(form: Form) -> dict[str, bytes]:
    """The form filled with :data:`hostile.ANSWERS`, per suffix (made once: filling is slow)."""
    return {suffix: hostile.filled(form, suffix) for suffix in SUFFIXES}


def _schema_refs(port: int, secret: Path) -> dict[str, Callable[[dict[str, Any]], Any]]:
    """Payload changes that make a trusting reader fetch a URL or open a file."""
    http = f"http://127.0.0.1:{port}/schema.json"
    local = secret.as_uri()

    def answer_schema(payload: dict[str, Any]) -> dict[str, Any]:
        schema: dict[str, Any] = payload["schema"]["properties"]["opgaver.resultater"]
        return schema

    return {
        "ref-http": lambda p: p["schema"].update({"$ref": http}),
        "ref-http-in-a-question": lambda p: answer_schema(p).update({"$ref": http}),
        "ref-file": lambda p: p["schema"].update({"$ref": local}),
        "ref-file-in-a-question": lambda p: answer_schema(p).update({"$ref": local}),
        "schema-and-id-http": lambda p: p["schema"].update(
            {"$schema": http, "$id": http, "$dynamicRef": http}
        ),
        "spec-template-file": lambda p: p["spec"].update(template=str(secret)),
        "spec-template-http": lambda p: p["spec"].update(template=http),
    }


def _hostile_files(blanks: dict[str, bytes], folder: Path, port: int, secret: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for suffix, data in blanks.items():
        for name, change in _schema_refs(port, secret).items():
            path = folder / f"{name}{suffix}"
            path.write_bytes(hostile.with_payload(data, change))
            files.append(path)
    docx = blanks[".docx"]
    external = (
        '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document SYSTEM '
        f'"http://127.0.0.1:{port}/x.dtd"><w:document/>'
    )
    path = folder / "external-dtd.docx"
    path.write_bytes(hostile.rezip(docx, {"word/document.xml": external.encode()}))
    files.append(path)
    entity = f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "{secret.as_uri()}">]><x>&e;</x>'
    path = folder / "external-entity.docx"
    item = next(name for name in hostile.members(docx) if name.startswith("customXml/item1"))
    path.write_bytes(hostile.rezip(docx, {item: entity.encode()}))
    files.append(path)
    return files


@pytest.fixture(scope="module")
def referencing(
    blanks: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[list[Path], Path, list[str]]]:
    """Hostile files naming a listener's URL and a local file; the connections made to it.

    Made once for the module (Excel files are slow to rewrite); each test
    copies what it changes.
    """
    folder = tmp_path_factory.mktemp("referencing")
    secret = folder / "secret.json"
    secret.write_text('{"type": "object"}')
    with hostile.listener() as (port, connections):
        yield _hostile_files(blanks, folder / "files", port, secret), secret, connections


def _invoke(*args: str | Path) -> Any:
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def _read_each(files: list[Path], tmp_path: Path) -> list[int]:
    return [_invoke("read", path).exit_code for path in files]


def _small_spec(tmp_path: Path) -> Path:
    spec = tmp_path / "spec.json"
    spec.write_text('{"title": "T", "sections": [{"questions": ["opgaver.resultater"]}]}')
    return spec


def _build_with_each_as_previous(files: list[Path], tmp_path: Path) -> list[int]:
    spec, out = _small_spec(tmp_path), tmp_path / "x.docx"
    return [_invoke("build", spec, "--previous", path, "-o", out).exit_code for path in files]


def _batch_over_them(files: list[Path], tmp_path: Path) -> list[int]:
    # One person per hostile file, named so that batch finds the file at its output path.
    folder = tmp_path / "out"
    folder.mkdir()
    for path in files:
        shutil.copy(path, folder / path.name)
    people = tmp_path / "people.csv"
    people.write_text("medarbejder\n" + "".join(f"{p.stem}\n" for p in files), encoding="utf-8")
    args = ["batch", _small_spec(tmp_path), "--people", people, "--out-dir", folder]
    return [_invoke(*args, "-f", "docx,xlsx").exit_code]


def _collect_them(files: list[Path], tmp_path: Path) -> list[int]:
    return [_invoke("collect", *files, "-o", tmp_path / "overview.xlsx", "-j", "1").exit_code]


COMMANDS: dict[str, Callable[[list[Path], Path], list[int]]] = {
    "read": _read_each,
    "build-previous": _build_with_each_as_previous,
    "batch-over-an-output-folder": _batch_over_them,
    "collect": _collect_them,
}


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_hostile_files_make_no_request_and_open_no_named_file(
    referencing: tuple[list[Path], Path, list[str]],
    tmp_path: Path,
    command: Callable[[list[Path], Path], list[int]],
) -> None:  # F001
    files, secret, connections = referencing
    with hostile.watching(secret) as seen:
        exits = command(files, tmp_path)
    assert connections == [] and seen == []
    assert set(exits) <= {0, 2}, exits


#: Changes to the schema that a reader using it would notice.
SCHEMA_CHANGES: dict[str, Callable[[dict[str, Any]], Any]] = {
    "a-pattern-no-answer-fits": lambda p: p["schema"]["properties"]["opgaver.resultater"].update(
        pattern="^$"
    ),
    "the-catastrophic-pattern": lambda p: p["schema"]["properties"]["opgaver.resultater"].update(
        pattern="^(a+)+$", maxLength=5
    ),
    "text-must-be-a-number": lambda p: p["schema"]["properties"]["opgaver.resultater"].update(
        type="integer"
    ),
    "no-answer-allowed": lambda p: p["schema"].update(properties={}, additionalProperties=False),
    "properties-a-list": lambda p: p["schema"].update(properties=[]),
    "x-musforms-a-string": lambda p: p["schema"]["properties"]["opgaver.resultater"].update(
        {"x-musforms": "x"}
    ),
    "schema-a-string": lambda p: p.update(schema="x"),
    "schema-a-list": lambda p: p.update(schema=[1, 2]),
    "no-schema": lambda p: p.__delitem__("schema"),
    "every-question-required": lambda p: p["schema"].update(
        required=["opgaver.resultater", "ledelse.samarbejdet", "kompetencer.kompetencehjul"]
    ),
}


@pytest.mark.parametrize(
    ("change", "suffix"),
    _in_both(SCHEMA_CHANGES, {"the-catastrophic-pattern", "properties-a-list", "no-schema"}),
)
def test_the_embedded_schema_changes_no_answer(
    blanks: dict[str, bytes], tmp_path: Path, suffix: str, change: Callable[..., Any]
) -> None:  # F002
    original = tmp_path / f"original{suffix}"
    original.write_bytes(blanks[suffix])
    changed = tmp_path / f"changed{suffix}"
    changed.write_bytes(hostile.with_payload(blanks[suffix], change))
    expected = dict(read_answers(original))
    assert dict(read_answers(changed)) == expected
    assert _invoke("read", changed).exit_code == 0


def _incompressible(size: int) -> str:
    """Return ``size`` characters that compress like text, not like a zip bomb."""
    return "".join(f"{number * 2654435761 % 2**32:08x}" for number in range(size // 8 + 1))[:size]


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


#: Payloads of the wrong shape (change, the code that refuses them).
SHAPES: dict[str, tuple[Callable[[dict[str, Any]], Any], set[str]]] = {
    "person-a-string": (lambda p: p.update(person="x"), {"answers.damaged_form"}),
    "person-a-list": (lambda p: p.update(person=["x"]), {"answers.damaged_form"}),
    "person-name-a-number": (lambda p: p.update(person={"employee": 5}), {"answers.damaged_form"}),
    "person-name-a-mapping": (
        lambda p: p.update(person={"leader": {"a": 1}}),
        {"answers.damaged_form"},
    ),
    "spec-a-list": (lambda p: p.update(spec=[]), {"answers.damaged_form"}),
    "spec-a-string": (lambda p: p.update(spec="x"), {"answers.damaged_form"}),
    "no-spec": (lambda p: p.__delitem__("spec"), {"answers.damaged_form"}),
    "sections-a-string": (lambda p: p["spec"].update(sections="x"), {"answers.damaged_form"}),
    "a-question-a-number": (
        lambda p: p["spec"]["sections"][0]["questions"].append(5),
        {"answers.damaged_form"},
    ),
    "an-unknown-spec-key": (lambda p: p["spec"].update(evil=1), {"answers.damaged_form"}),
    "form-id-a-number": (lambda p: p.update(form_id=5), {"answers.damaged_form"}),
    "form-id-not-hex": (lambda p: p.update(form_id="../../etc/passwd"), {"answers.damaged_form"}),
    "another-form-id": (lambda p: p.update(form_id="0" * 16), {"answers.fingerprint"}),
    "format-a-string": (lambda p: p.update(musforms="1"), {"answers.damaged_form"}),
    "format-true": (lambda p: p.update(musforms=True), {"answers.damaged_form"}),
    "format-a-fraction": (lambda p: p.update(musforms=1.5), {"answers.damaged_form"}),
    "format-0": (lambda p: p.update(musforms=0), {"answers.damaged_form"}),
    "format-negative": (lambda p: p.update(musforms=-1), {"answers.damaged_form"}),
    "no-format": (
        lambda p: p.__delitem__("musforms"),
        {"answers.not_musforms", "answers.damaged_form"},
    ),
    "audience-a-number": (lambda p: p.update(audience=5), {"answers.damaged_form"}),
    "audience-a-path": (lambda p: p.update(audience="../x"), {"answers.damaged_form"}),
    "language-unknown": (lambda p: p.update(language="xx"), {"answers.damaged_form"}),
    "title-a-mapping": (lambda p: p.update(title={"a": 1}), {"answers.damaged_form"}),
    "title-huge": (lambda p: p.update(title="x" * 100_000), {"answers.damaged_form"}),
    "payload-a-list": (lambda p: [p], {"answers.damaged_form", "answers.not_musforms"}),
    "payload-a-number": (lambda p: 5, {"answers.damaged_form", "answers.not_musforms"}),
    "payload-nested-deep": (
        lambda p: {**p, "spec": json.loads(_nested(60))},
        {"answers.damaged_form"},
    ),
    "spec-nested-deep": (
        lambda p: p["spec"].update(title={"da": {"a": json.loads(_nested(35))}}),
        {"answers.damaged_form"},
    ),
    "spec-larger-than-a-spec": (
        lambda p: p["spec"].update(description=_incompressible(1_100_000)),
        {"answers.damaged_form"},
    ),
}


@pytest.mark.parametrize(
    ("case", "suffix"),
    _in_both(SHAPES, {"person-a-string", "spec-a-list", "format-true", "payload-a-list"}),
)
def test_a_payload_of_the_wrong_shape_is_refused_with_exit_2(
    blanks: dict[str, bytes],
    tmp_path: Path,
    suffix: str,
    case: tuple[Callable[..., Any], set[str]],
) -> None:  # F003
    change, codes = case
    path = tmp_path / f"hostile{suffix}"
    path.write_bytes(hostile.with_payload(blanks[suffix], change))
    with pytest.raises(AnswersError) as info:
        read_answers(path)
    assert info.value.code in codes
    result = _invoke("read", path)
    assert result.exit_code == 2, result.output
    assert len(result.output.strip().splitlines()) == 1


#: Payload texts that are no JSON object, each (text, the codes that refuse it).
TEXTS: dict[str, tuple[str, set[str]]] = {
    "not-json": ('{"musforms": 2, ', {"answers.damaged_form", "answers.not_musforms"}),
    "empty": ("", {"answers.damaged_form", "answers.not_musforms"}),
    "deep-brackets": (_nested(100_000), {"answers.damaged_form"}),
    "a-number-of-a-million-digits": (
        '{"musforms": ' + "9" * 1_000_000 + "}",
        {"answers.damaged_form", "answers.not_musforms"},
    ),
}


@pytest.mark.parametrize("case", TEXTS.values(), ids=TEXTS.keys())
def test_a_payload_that_is_no_json_object_is_refused_with_exit_2(
    blanks: dict[str, bytes], tmp_path: Path, case: tuple[str, set[str]]
) -> None:  # F003
    text, codes = case
    path = tmp_path / "hostile.docx"
    path.write_bytes(hostile.with_payload_text(blanks[".docx"], text))
    with pytest.raises(AnswersError) as info:
        read_answers(path)
    assert info.value.code in codes
    assert _invoke("read", path).exit_code == 2


@pytest.mark.parametrize(
    ("version", "suffix"), [(3, ".docx"), (99, ".docx"), (2**40, ".docx"), (99, ".xlsx")]
)
def test_a_payload_format_we_do_not_know_is_refused(
    blanks: dict[str, bytes], tmp_path: Path, suffix: str, version: int
) -> None:  # F004
    path = tmp_path / f"future{suffix}"
    path.write_bytes(hostile.with_payload(blanks[suffix], lambda p: p.update(musforms=version)))
    with pytest.raises(AnswersError) as info:
        read_answers(path)
    assert info.value.code == "answers.unknown_version"
    result = _invoke("read", path)
    assert result.exit_code == 2 and str(version) in result.output


# -- F005: no message quotes an answer -------------------------------------------------

#: Word: content-control tags and what is typed into them, the answer where it does not fit.
DOCX_MISPLACED: dict[str, dict[str, Any]] = {
    "the-answer-as-a-deadline": {"afslutning.udviklingsplan:1:deadline": SECRET},
    "the-answer-as-a-follow-up-date": {"afslutning.udviklingsplan:1:follow_up": SECRET},
    "the-answer-far-too-long": {"opgaver.resultater": SECRET * 5000},
    "the-answer-as-the-date-of-the-conversation": {"person:date": SECRET},
}
#: Excel: answers typed into the cells of other questions.
XLSX_MISPLACED: dict[str, dict[str, Any]] = {
    "the-answer-as-a-rating": {"ledelse.samarbejdet": SECRET},
    "the-answer-as-a-deadline": {"afslutning.udviklingsplan": [{"deadline": SECRET}]},
    "the-answer-far-too-long": {"opgaver.resultater": SECRET * 5000},
}


def _messages(error: MusformsError) -> list[str]:
    found = [str(error), error.message_in("en"), error.message_in("da")]
    for problem in getattr(error, "problems", ()):
        found += [str(problem), problem.message_in("en"), problem.message_in("da")]
    return found


def _assert_not_quoted(path: Path) -> None:
    try:
        read_answers(path)
    except MusformsError as error:
        assert not [m for m in _messages(error) if SECRET in m]
    result = _invoke("read", path)
    assert result.exit_code in {0, 2}
    if result.exit_code == 2:
        assert SECRET not in result.output


@pytest.mark.parametrize("answers", DOCX_MISPLACED.values(), ids=DOCX_MISPLACED.keys())
def test_no_message_quotes_an_answer_in_the_wrong_word_field(
    blanks: dict[str, bytes], tmp_path: Path, answers: dict[str, Any]
) -> None:  # F005
    path = tmp_path / "misplaced.docx"
    path.write_bytes(hostile.type_into(blanks[".docx"], answers))
    _assert_not_quoted(path)


@pytest.mark.parametrize("answers", XLSX_MISPLACED.values(), ids=XLSX_MISPLACED.keys())
def test_no_message_quotes_an_answer_in_the_wrong_excel_cell(
    form: Form, tmp_path: Path, answers: dict[str, Any]
) -> None:  # F005
    path = tmp_path / "misplaced.xlsx"
    path.write_bytes(hostile.filled(form, ".xlsx", {**hostile.ANSWERS, **answers}))
    _assert_not_quoted(path)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_no_message_quotes_an_answer_the_schema_refuses(
    blanks: dict[str, bytes], tmp_path: Path, suffix: str
) -> None:  # F005
    """A schema that refuses the answer, with the answer in its own words, as old readers used it."""

    def refusing(payload: dict[str, Any]) -> None:
        answer = payload["schema"]["properties"]["opgaver.resultater"]
        answer.update({"enum": [SECRET + "!"], "x-musforms": {"kind": SECRET}})

    path = tmp_path / f"refusing{suffix}"
    path.write_bytes(hostile.with_payload(blanks[suffix], refusing))
    _assert_not_quoted(path)
