"""Filled files are untrusted zips of XML: each hostile kind is refused clearly.

H001: not a zip -> AnswersError naming the file.
H002: a zip bomb (declared or by ratio) is refused before it is unpacked.
H003: XML with a DTD / entity expansion / external entities is refused.
H004: a .docx or .xlsx not made by musforms is refused as such.
H005: a file from another form version is refused, naming the ids that differ.
H006: a file far too large is refused by its size, unread.
H007: a member that unpacks larger than it declares is refused.
H008: messages never echo a person's answers.
H009: the CLI answers every one of them with exit 2 and one line.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from musforms import FormBuilder, build_form, preset
from musforms.answers.read import read_answers
from musforms.cli import cli
from musforms.errors import AnswersError
from musforms.form import Form
from musforms.ooxml import safezip as _safezip
from tests.answers.test_read_docx import fill as fill_docx_tags
from tests.fillers import fill_xlsx


@pytest.fixture(scope="module")
def form() -> Form:
    return FormBuilder(title="T").tick("opgaver.resultater", "ledelse.samarbejdet").build()


def _docx(form: Form) -> bytes:
    buffer = io.BytesIO()
    form.to_docx(buffer)
    return buffer.getvalue()


def _rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for name in src.namelist():
            dst.writestr(name, replace.get(name, src.read(name)))
    return out.getvalue()


def _refused(tmp_path: Path, data: bytes, words: str, name: str = "filled.docx") -> AnswersError:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(AnswersError, match=words) as info:
        read_answers(path)
    assert info.value.file == path
    return info.value


def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:  # H001
    _refused(tmp_path, b"GIF89a not a form", "not a Word or Excel file")


def test_a_zip_bomb_by_declared_size_is_refused(tmp_path: Path) -> None:  # H002
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (_safezip.MAX_MEMBER_BYTES + 1))
    _refused(tmp_path, buffer.getvalue(), "zip bomb")


def test_a_zip_bomb_by_ratio_is_refused(tmp_path: Path) -> None:  # H002
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<a>" + b" " * 5_000_000 + b"</a>")
    _refused(tmp_path, buffer.getvalue(), "zip bomb")


@pytest.mark.parametrize(
    "xml",
    [
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "bbbbbbbbbb"><!ENTITY c "&b;&b;&b;&b;">]><a>&c;</a>',
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
        b'<?xml version="1.0"?><!DOCTYPE a SYSTEM "http://127.0.0.1:9/evil.dtd"><a/>',
    ],
    ids=["billion-laughs", "external-entity", "external-dtd"],
)
def test_xml_with_a_dtd_or_entities_is_refused(
    tmp_path: Path, form: Form, xml: bytes
) -> None:  # H003
    data = _rezip(_docx(form), {"word/document.xml": xml})
    _refused(tmp_path, data, "DTD or entities")


def test_a_docx_not_made_by_musforms_is_refused(tmp_path: Path) -> None:  # H004
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Et ganske almindeligt dokument")
    document.save(buffer)
    _refused(tmp_path, buffer.getvalue(), "not made by musforms")


def test_an_xlsx_not_made_by_musforms_is_refused(tmp_path: Path) -> None:  # H004
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    _refused(tmp_path, buffer.getvalue(), "not made by musforms", "filled.xlsx")


def test_a_zip_that_is_neither_docx_nor_xlsx_is_refused(tmp_path: Path) -> None:  # H004
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    _refused(tmp_path, buffer.getvalue(), "neither a Word")


def test_another_form_version_names_the_ids_that_differ(tmp_path: Path, form: Form) -> None:  # H005
    path = tmp_path / "old.docx"
    path.write_bytes(_docx(form))
    newer = FormBuilder(title="T").tick("opgaver.resultater", "trivsel.trivsel_nu").build()
    with pytest.raises(AnswersError) as info:
        read_answers(path, expected=newer)
    assert "ledelse.samarbejdet" in str(info.value) and "trivsel.trivsel_nu" in str(info.value)


def test_a_file_far_too_large_is_refused_unread(tmp_path: Path) -> None:  # H006
    path = tmp_path / "huge.docx"
    with path.open("wb") as file:
        file.truncate(_safezip.MAX_FILE_BYTES + 1)  # sparse: nothing is written or read
    with pytest.raises(AnswersError, match="larger than"):
        read_answers(path)


def test_a_member_larger_than_declared_is_refused(form: Form) -> None:  # H007
    data = bytearray(_docx(form))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    archive.getinfo("word/document.xml").file_size = info.file_size // 2  # the lie
    with pytest.raises(AnswersError, match=r"larger than it says|damaged"):
        _safezip.read_member(archive, "word/document.xml", label="x")


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_messages_never_echo_the_answers(tmp_path: Path, form: Form, fmt: str) -> None:  # H008
    secret = "Min hemmelige diagnose"
    if fmt == "docx":
        # Two ticks on a one-answer scale, beside a private text answer.
        data = fill_docx_tags(
            _docx(form),
            {
                "opgaver.resultater": secret,
                "ledelse.samarbejdet:2": True,
                "ledelse.samarbejdet:4": True,
            },
        )
    else:
        buffer = io.BytesIO()
        form.to_xlsx(buffer)
        data = fill_xlsx(
            form, buffer.getvalue(), {"opgaver.resultater": secret, "ledelse.samarbejdet": 99}
        )
    error = _refused(tmp_path, data, "ledelse.samarbejdet", f"filled.{fmt}")
    assert secret not in str(error) and error.question_id == "ledelse.samarbejdet"


@pytest.mark.parametrize(
    "content",
    [b"not a zip", b"PK\x03\x04broken"],
    ids=["text", "broken-zip"],
)
def test_the_cli_reports_hostile_files_with_exit_2(tmp_path: Path, content: bytes) -> None:  # H009
    path = tmp_path / "x.docx"
    path.write_bytes(content)
    result = CliRunner().invoke(cli, ["read", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {path}: ") and result.stderr.count("\n") == 1


def test_a_scale_typed_out_of_range_in_excel_names_the_question(tmp_path: Path) -> None:
    form = build_form(preset("standard"))
    buffer = io.BytesIO()
    form.to_xlsx(buffer)
    path = tmp_path / "filled.xlsx"
    path.write_bytes(fill_xlsx(form, buffer.getvalue(), {"ledelse.samarbejdet": 9}))
    result = CliRunner().invoke(cli, ["read", str(path)])
    assert result.exit_code == 2
    assert "ledelse.samarbejdet: the answer must be a whole number from 1 to 5" in result.stderr
