"""The examples under examples/ run as users run them, and make what they promise.

E001 examples/kommune_default.py writes a Word template (.dotx, issue 17 item 2) with the four
     core themes, a look back and closing questions, or the .docx named on the command line
E002 the example is at most 15 lines and uses only top-level names of musforms
"""

from __future__ import annotations

import ast
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "kommune_default.py"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def run_example(cwd: Path, *args: str) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    }
    subprocess.run([sys.executable, str(EXAMPLE), *args], cwd=cwd, env=env, check=True, timeout=120)


def control_tags(path: Path) -> set[str]:
    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return {str(t.get(f"{W}val")) for t in root.iter(f"{W}tag")}


TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


@pytest.mark.parametrize("args", [(), ("mit-skema.docx",)], ids=["default name", "named"])
def test_kommune_default_writes_the_municipal_word_form(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """E001"""
    run_example(tmp_path, *args)
    out = tmp_path / (args[0] if args else "mus-kommune.dotx")
    with zipfile.ZipFile(out) as archive:
        types = archive.read("[Content_Types].xml").decode()
        parts = {name: archive.read(name) for name in archive.namelist()}
    assert (TEMPLATE_TYPE if out.suffix == ".dotx" else DOCUMENT_TYPE) in types
    # python-docx opens documents only: read the template's body as a document's.
    as_document = io.BytesIO()
    with zipfile.ZipFile(as_document, "w") as archive:
        for name, data in parts.items():
            if name == "[Content_Types].xml":
                data = data.replace(TEMPLATE_TYPE.encode(), DOCUMENT_TYPE.encode())
            archive.writestr(name, data)
    document = docx.Document(as_document)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:6] == [
        "Tilbageblik",
        "Opgaver",
        "Relationer og ledelse",
        "Kompetencebehov",
        "Udviklingsplan",
        "Afslutning",
    ]
    tags = control_tags(out)
    for question_id in ("opgaver.resultater", "afslutning.dato", "tilbageblik.hoejdepunkter"):
        assert question_id in tags
    assert "kompetencer.kompetencehjul:faglighed:now" in tags
    assert "afslutning.udviklingsplan:1:goal" in tags
    assert document.core_properties.author == "Eksempel Kommune"


def test_kommune_default_is_short_and_uses_only_the_public_api() -> None:
    """E002"""
    source = EXAMPLE.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= 15
    imports = [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ImportFrom)]
    import musforms

    for node in imports:
        assert node.module == "musforms"
        assert all(alias.name in musforms.__all__ for alias in node.names)
