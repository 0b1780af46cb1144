"""Keyed pseudonyms and encryption.

C301: ``musforms key`` writes a random key readable by its owner only (0600) and refuses to
      overwrite one without --force; the same key gives the same pseudonym, another key another.
C302: a key file that is missing, malformed, too short or readable by others is refused clearly.
C303: with a password the overview is an encrypted Office file (msoffcrypto finds it encrypted)
      that opens with the password as a valid workbook; the password comes from a file or
      MUSFORMS_PASSWORD, never the command line.
C304: an encrypted filled form is read with the same password (read and collect); without it
      read says it is encrypted (exit 2).
"""

from __future__ import annotations

import io
import stat
from pathlib import Path

import msoffcrypto
import openpyxl
import pytest
from click.testing import CliRunner

from musforms.answers.read import read_answers
from musforms.cli import cli
from musforms.collect import collect, load_key, password_from
from musforms.collect._book import encrypt
from musforms.errors import MusformsError


def test_key_is_private_refuses_overwrite_and_pseudonyms_are_stable(tmp_path: Path) -> None:
    path = tmp_path / "key.txt"  # C301
    runner = CliRunner()
    assert runner.invoke(cli, ["key", str(path)]).exit_code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first = load_key(path)
    again = runner.invoke(cli, ["key", str(path)])
    assert again.exit_code == 2 and "exists" in again.output
    assert load_key(path).pseudonym("Søren Hansen") == first.pseudonym("søren  hansen ")
    assert runner.invoke(cli, ["key", str(path), "--force"]).exit_code == 0
    assert load_key(path).pseudonym("Søren Hansen") != first.pseudonym("Søren Hansen")
    assert len(first.pseudonym("x")) == 2 + 12


@pytest.mark.parametrize(
    ("content", "mode", "code"),
    [
        (None, 0o600, "key.missing"),
        ("not hex at all", 0o600, "key.invalid"),
        ("ab" * 16 + "\n", 0o600, "key.invalid"),  # 16 bytes: too short
        ("ab" * 32 + "\n", 0o644, "key.too_open"),
    ],
    ids=["missing", "malformed", "short", "world-readable"],
)
def test_a_bad_key_file_is_refused(
    tmp_path: Path, content: str | None, mode: int, code: str
) -> None:  # C302
    path = tmp_path / "key.txt"
    if content is not None:
        path.write_text(content)
        path.chmod(mode)
    with pytest.raises(MusformsError) as caught:
        load_key(path)
    assert caught.value.code == code
    result = CliRunner().invoke(
        cli, ["collect", str(tmp_path / "none.docx"), "-o", str(tmp_path / "o.xlsx"),
              "--pseudonyms", str(path)]
    )  # fmt: skip
    assert result.exit_code == 2 and not (tmp_path / "o.xlsx").exists()


def test_an_encrypted_overview_opens_with_its_password_only(
    good: list[Path], tmp_path: Path
) -> None:  # C303
    target = tmp_path / "o.xlsx"
    (tmp_path / "pw.txt").write_text("hemmeligt kodeord\n")
    result = CliRunner().invoke(
        cli,
        [
            "collect",
            *map(str, good),
            "-o",
            str(target),
            "--password-file",
            str(tmp_path / "pw.txt"),
        ],
    )
    assert result.exit_code == 0, result.output
    office = msoffcrypto.OfficeFile(io.BytesIO(target.read_bytes()))
    assert office.is_encrypted()
    office.load_key(password="hemmeligt kodeord")
    plain = io.BytesIO()
    office.decrypt(plain)
    book = openpyxl.load_workbook(plain)
    assert len(list(book["Personer"].iter_rows())) == len(good) + 1
    wrong = msoffcrypto.OfficeFile(io.BytesIO(target.read_bytes()))
    wrong.load_key(password="forkert")
    with pytest.raises(Exception):  # noqa: B017 - msoffcrypto's own error
        wrong.decrypt(io.BytesIO())


def test_the_password_comes_from_a_file_or_the_environment(tmp_path: Path) -> None:  # C303
    (tmp_path / "pw").write_text("fra fil\r\nnæste linje")
    assert password_from(tmp_path / "pw", {}) == "fra fil"
    assert password_from(None, {"MUSFORMS_PASSWORD": "fra miljø"}) == "fra miljø"
    assert password_from(None, {}) is None
    (tmp_path / "empty").write_text("\n")
    with pytest.raises(MusformsError) as caught:
        password_from(tmp_path / "empty", {})
    assert caught.value.code == "password.empty"
    assert "--password" not in {p.opts[0] for p in cli.commands["collect"].params}  # type: ignore[attr-defined]


def test_an_encrypted_filled_form_is_read_with_the_password(
    good: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # C304
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(encrypt(good[0].read_bytes(), "kode"))
    assert read_answers(locked, password="kode").form.employee == "Ansat It 0"
    with pytest.raises(MusformsError) as caught:
        read_answers(locked)
    assert caught.value.code == "answers.encrypted"
    runner = CliRunner()
    refused = runner.invoke(cli, ["read", str(locked)])
    assert refused.exit_code == 2 and "encrypted" in refused.output
    monkeypatch.setenv("MUSFORMS_PASSWORD", "kode")
    assert runner.invoke(cli, ["read", str(locked)]).exit_code == 0
    overview = collect([locked, *good[1:3]], tmp_path / "o.xlsx", password="kode")
    assert overview.ok and len(overview.answers) == 3
