"""The command line.

C001: `bank --json` lists the whole bank with full ids; filters work.
C002: `init` then `build` gives a schema that passes check_schema.
C003: bad input exits 2 with one line naming the file/line/id, and no traceback.
C004: a failed build leaves no file and never clobbers a good one.
C005: --version and --help work; every command's --help shows an example.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from musforms import __version__
from musforms.cli import cli
from tests.test_spec import spec_with
from tests.test_templating import ITEM_3


@pytest.fixture()
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., object]:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def _run(*args: str) -> object:
        return runner.invoke(cli, list(args), catch_exceptions=False)

    return _run


def test_bank_json_lists_every_question_with_full_ids(run: Callable[..., object]) -> None:  # C001
    result = run("bank", "--json")
    assert result.exit_code == 0  # type: ignore[attr-defined]
    data = json.loads(result.stdout)  # type: ignore[attr-defined]
    questions = [q for c in data["categories"] for q in c["questions"]]
    assert len(data["categories"]) >= 14 and len(questions) >= 180
    assert {"id", "kind", "text"} <= set(questions[0])
    assert questions[0]["id"].startswith(data["categories"][0]["id"] + ".")


def test_bank_filters_by_category_and_search(run: Callable[..., object]) -> None:  # C001
    result = run("bank", "--category", "trivsel", "--search", "energi", "--json")
    data = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert [c["id"] for c in data["categories"]] == ["trivsel"]
    assert all(
        "energi" in q["id"] or "energ" in json.dumps(q) for q in data["categories"][0]["questions"]
    )


def test_init_then_build_gives_a_valid_schema(
    run: Callable[..., object], tmp_path: Path
) -> None:  # C002
    assert run("init", "x.yaml").exit_code == 0  # type: ignore[attr-defined]
    assert run("build", "x.yaml", "-o", "x.json", "-o", "x.html").exit_code == 0  # type: ignore[attr-defined]
    schema = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert '<h1 class="mus-title">' in (tmp_path / "x.html").read_text(encoding="utf-8")


def test_init_will_not_overwrite_a_spec(run: Callable[..., object]) -> None:
    run("init", "x.yaml")
    result = run("init", "x.yaml")
    assert result.exit_code == 2 and "--force" in result.stderr  # type: ignore[attr-defined]


def test_a_broken_bank_folder_exits_2_naming_file_and_line(
    run: Callable[..., object], write: Callable[..., Path]
) -> None:  # C003
    folder = write(
        "bank/egne.yaml",
        "id: egne\ntitle: {da: X, en: X}\nquestions:\n"
        "  - id: a\n    kind: nope\n    text: {da: A, en: A}\n",
    ).parent
    result = run("bank", "--bank", str(folder))
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "egne.yaml:5: egne.a: unknown kind 'nope'" in result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]


def test_an_unknown_id_exits_2_with_a_suggestion(
    run: Callable[..., object], write: Callable[..., Path]
) -> None:  # C003
    write("spec.yaml", "title: T\nsections:\n  - questions: [trivsel.trivsel_n]\n")
    result = run("build", "spec.yaml", "-o", "out.json")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert (
        "spec.yaml:3: trivsel.trivsel_n: unknown question id. Did you mean trivsel.trivsel_nu"
        in result.stderr
    )  # type: ignore[attr-defined]


def test_a_spec_reaching_for_python_internals_is_refused(
    run: Callable[..., object], write: Callable[..., Path]
) -> None:  # C003
    write(
        "spec.yaml",
        "title: T\nsections:\n  - questions:\n      - {text: \"{{ ''.__class__.__mro__ }}\"}\n",
    )
    result = run("build", "spec.yaml", "-o", "out.json")
    assert result.exit_code == 2 and "spec.yaml:4" in result.stderr  # type: ignore[attr-defined]
    assert "object" not in result.output  # type: ignore[attr-defined]


@pytest.mark.parametrize(("text", "code"), [c[1:] for c in ITEM_3], ids=[c[0] for c in ITEM_3])
def test_an_unbounded_text_exits_2_with_one_line_naming_file_and_line(
    run: Callable[..., object], write: Callable[..., Path], text: str, code: str
) -> None:  # C003, issue 12 item 3
    write("spec.yaml", spec_with("intro", text))
    result = run("build", "spec.yaml", "-o", "x.docx")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert result.stderr.startswith("Error: spec.yaml:2: ")  # type: ignore[attr-defined]
    assert result.stderr.strip().count("\n") == 0  # type: ignore[attr-defined]
    assert not Path("x.docx").exists()


@pytest.mark.parametrize(
    "args",
    [
        ("build", "-o", "x.json"),
        ("build", "--preset", "nope", "-o", "x.json"),
        ("build", "--preset", "standard", "-o", "x.odt"),
        ("build", "missing.yaml", "-o", "x.json"),
        ("bank", "--category", "trivse"),
    ],
    ids=["no-spec", "unknown-preset", "unknown-format", "missing-file", "unknown-category"],
)
def test_bad_input_exits_2_with_one_line(
    run: Callable[..., object], args: tuple[str, ...]
) -> None:  # C003
    result = run(*args)
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert result.stderr.strip().count("\n") == 0  # type: ignore[attr-defined]
    assert result.stderr.startswith("Error:")  # type: ignore[attr-defined]


def test_a_failed_build_leaves_no_file_and_keeps_the_old_one(
    run: Callable[..., object], write: Callable[..., Path], tmp_path: Path
) -> None:  # C004
    (tmp_path / "good.json").write_text("old", encoding="utf-8")
    write("spec.yaml", "title: T\nsections:\n  - questions: [nope.nope]\n")
    result = run("build", "spec.yaml", "-o", "good.json", "-o", "new.html")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert (tmp_path / "good.json").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.json", "spec.yaml"]


def test_an_output_folder_that_does_not_exist_is_bad_input(run: Callable[..., object]) -> None:
    result = run("build", "--preset", "standard", "-o", "no/such/dir/x.json")
    assert result.exit_code == 2 and "folder does not exist" in result.stderr  # type: ignore[attr-defined]


def test_version_and_help(run: Callable[..., object]) -> None:  # C005
    assert __version__ in run("--version").stdout  # type: ignore[attr-defined]
    for command in ("bank", "presets", "init", "build"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "musforms " + command in result.stdout  # type: ignore[attr-defined]


def test_presets_lists_standard(run: Callable[..., object]) -> None:
    assert run("presets").stdout.startswith("standard ")  # type: ignore[attr-defined]
