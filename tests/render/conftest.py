"""Fixtures for the renderers: small forms of every kind, LibreOffice conversion, .docx parts."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from musforms import FormBuilder
from musforms.form import Form
from tests.conftest import EVERY_KIND

#: One bank question of every kind (PRODUCT.md's table of kinds).
KIND_IDS = EVERY_KIND

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "m": "urn:musforms:form:1",
}

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")


def every_kind_form(language: str = "da", **settings: str) -> Form:
    """Return a form with one question of every kind, in two sections, plus a custom question."""
    builder = FormBuilder(
        title="MUS 2027" if language == "da" else "Development talk 2027",
        organisation="Eksempel Kommune",
        language=language,  # type: ignore[arg-type]
        theme="Digitalisering",
        **settings,
    )
    ids = list(KIND_IDS.values())
    builder.section("Første del").tick(*ids[:5])
    builder.section("Anden del").tick(*ids[5:])
    builder.add_question(text="Hvad vil du ellers tale om?", kind="text")
    return builder.build()


#: A preset for each type of conversation: (preset, type).
TYPE_CASES = [
    ("standard", "mus"),
    ("standard", "lus"),
    ("standard", "grus"),
    ("kollega-input", "colleague"),
]


def typed_form(name: str, language: str, conversation_type: str | None = None) -> Form:
    """Return a preset's form, as a ``conversation_type`` conversation if one is given."""
    from musforms import build_form, preset

    spec = preset(name, language)  # type: ignore[arg-type]
    if conversation_type:
        spec = spec.model_copy(update={"type": conversation_type})
    return build_form(spec)


@pytest.fixture(scope="session")
def kinds_form() -> Form:
    return every_kind_form()


def xml_part(data: bytes, name: str) -> etree._Element:
    """Return the parsed XML of part ``name`` of a .docx given as bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def tags(root: etree._Element) -> list[str]:
    """Return the ``w:tag`` values of the content controls under ``root``, in document order."""
    return [str(t.get(f"{{{W}}}val")) for t in root.iterfind(".//w:sdt/w:sdtPr/w:tag", NS)]


class Office:
    """LibreOffice run headless with a profile of its own, so parallel runs do not clash."""

    def __init__(self, profile: Path) -> None:
        self.profile = profile

    def convert(self, source: Path, to: str, outdir: Path) -> Path:
        """Convert ``source`` with ``soffice --convert-to to`` into ``outdir``; return it."""
        outdir.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={self.profile.as_uri()}",
                "--headless",
                "--convert-to",
                to,
                "--outdir",
                str(outdir),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=240,
        )
        extension = to.split(":", 1)[0]
        result = outdir / f"{source.stem}.{extension}"
        assert result.exists(), f"LibreOffice did not convert {source.name} to {to}"
        return result

    def pdf_text(self, pdf: Path) -> str:
        """Return the text of a PDF (pdftotext), whitespace collapsed."""
        if shutil.which("pdftotext") is None:  # pragma: no cover - poppler is installed here
            pytest.skip("needs pdftotext")
        out = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True
        ).stdout.decode("utf-8")
        return " ".join(out.split())


def soffice_pdf(sources: list[Path], outdir: Path, *, timeout: int = 300) -> None:
    """Convert ``sources`` to PDFs in ``outdir`` in one LibreOffice run (one start-up for all)."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(outdir / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *(str(source) for source in sources),
        ],
        check=True,
        capture_output=True,
        timeout=timeout,
    )


def pdf_pages(pdf: Path) -> int:
    """Return the number of pages of a PDF."""
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


@pytest.fixture(scope="session")
def office(tmp_path_factory: pytest.TempPathFactory) -> Office:
    if shutil.which("soffice") is None:
        pytest.skip("needs LibreOffice")
    return Office(tmp_path_factory.mktemp("lo-profile"))


@pytest.fixture()
def render(tmp_path: Path) -> Callable[..., Path]:
    """Render a form to ``tmp_path/name.docx`` with keyword options; return the path."""

    def _render(form: Form, name: str = "form", **options: object) -> Path:
        path = tmp_path / f"{name}.docx"
        form.to_docx(path, **options)  # type: ignore[arg-type]
        return path

    return _render
