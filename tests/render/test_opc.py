"""The Word package layer under the renderer (render/docx/_opc.py).

O001 a package read and written again keeps every reachable part's bytes, its relationships
     (an outside link too) and content types, and python-docx opens the result
O002 a part no relationship reaches is not written; dropping a relationship drops its part
O003 relationship ids and part names fill the first gap; a relationship is made once
O004 writing a Word form imports no python-docx (its import is most of a build's fixed cost)
O005 a template part with a DTD or entities, a relationship to a missing part, or a used part
     of no content type is a RenderError naming the template
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from musforms import build_form, preset
from musforms.errors import RenderError
from musforms.render.docx._opc import RT, Package

DAY = dt.date(2027, 3, 4)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="emf" ContentType="image/x-emf"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.styles+xml"/></Types>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{RT.OFFICE_DOCUMENT}" Target="word/document.xml"/>'
    "</Relationships>"
)
_DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{RT.STYLES}" Target="styles.xml"/>'
    f'<Relationship Id="rId3" Type="{RT.IMAGE}" Target="media/logo.emf"/>'
    '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/hyperlink" Target="https://example.org/mus" TargetMode="External"/>'
    "</Relationships>"
)
_DOCUMENT = (
    f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body><w:p><w:r>'
    "<w:t>Kommunen</w:t></w:r></w:p><w:sectPr/></w:body></w:document>"
).encode()
_STYLES = f'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{_W}"/>'.encode()
_LOGO = bytes(range(256)) * 4


def _package(types: str = _TYPES, **extra: bytes) -> bytes:
    members = {
        "[Content_Types].xml": types.encode(),
        "_rels/.rels": _ROOT_RELS.encode(),
        "word/document.xml": _DOCUMENT,
        "word/_rels/document.xml.rels": _DOCUMENT_RELS.encode(),
        "word/styles.xml": _STYLES,
        "word/media/logo.emf": _LOGO,
        **extra,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_package_written_again_keeps_its_parts_and_relationships() -> None:  # O001
    data = Package.read(_package()).to_bytes(DAY)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.read("word/document.xml") == _DOCUMENT  # never parsed: as it came
        assert archive.read("word/media/logo.emf") == _LOGO
        assert {info.date_time for info in archive.infolist()} == {(2027, 3, 4, 0, 0, 0)}
        types = archive.read("[Content_Types].xml").decode()
    again = Package.read(data)
    main = again.main
    assert main is not None
    assert main.rels["rId4"].external and main.rels["rId4"].target == "https://example.org/mus"
    assert main.rels["rId3"].part is not None and main.rels["rId3"].part.blob == _LOGO
    assert main.rels["rId3"].part.content_type == "image/x-emf"
    assert "image/x-emf" in types
    document = docx.Document(io.BytesIO(data))  # an independent reader opens it
    assert document.paragraphs[0].text == "Kommunen"


def test_an_unreached_part_is_not_written() -> None:  # O002
    package = Package.read(_package(**{"word/orphan.xml": b"<orphan/>"}))
    main = package.main
    assert main is not None
    main.drop_rel("rId3")
    with zipfile.ZipFile(io.BytesIO(package.to_bytes(DAY))) as archive:
        names = set(archive.namelist())
    assert "word/orphan.xml" not in names
    assert "word/media/logo.emf" not in names
    assert "word/styles.xml" in names


def test_ids_and_names_fill_the_first_gap() -> None:  # O003
    package = Package.read(_package())
    main = package.main
    assert main is not None
    chart = package.add(package.next_partname("/word/charts/chart%d.xml"), "application/xml", b"")
    assert chart.name == "/word/charts/chart1.xml"
    rid = main.relate_to(chart, RT.CHART)
    assert rid == "rId2"  # rId1, rId3 and rId4 are taken
    assert main.relate_to(chart, RT.CHART) == rid
    assert main.rels[rid].target == "charts/chart1.xml"
    assert package.next_partname("/word/charts/chart%d.xml") == "/word/charts/chart2.xml"


def test_writing_a_word_form_imports_no_python_docx(tmp_path: Path) -> None:  # O004
    target = tmp_path / "x.docx"
    script = (
        "import sys\n"
        "from musforms import preset, build_form\n"
        f"build_form(preset('standard')).to_docx({str(target)!r})\n"
        "print(sorted(m for m in sys.modules if m == 'docx' or m.startswith('docx.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
    assert target.stat().st_size > 10_000


def _missing_styles() -> bytes:
    data = _package()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename != "word/styles.xml":
                target.writestr(info, source.read(info))
    return out.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        _missing_styles(),
        _package(_TYPES.replace('Extension="emf"', 'Extension="wmf"')),
    ],
    ids=["relationship-to-nothing", "part-of-no-type"],
)
def test_a_template_missing_what_it_uses_is_a_render_error(
    tmp_path: Path, data: bytes
) -> None:  # O005
    template = tmp_path / "kommune.docx"
    template.write_bytes(data)
    with pytest.raises(RenderError) as caught:
        build_form(preset("standard")).to_docx(tmp_path / "out.docx", template=template)
    assert caught.value.code == "template.docx_broken"
    assert caught.value.file == template


@pytest.mark.parametrize(
    "styles",
    [
        b'<?xml version="1.0"?><!DOCTYPE w:styles [<!ENTITY a "aaaa">]><w:styles>&a;</w:styles>',
        b"<w:styles",
    ],
    ids=["entities", "not-xml"],
)
def test_a_hostile_template_part_is_a_render_error(tmp_path: Path, styles: bytes) -> None:  # O005
    template = tmp_path / "kommune.docx"
    template.write_bytes(_package(**{"word/styles.xml": styles}))
    with pytest.raises(RenderError) as caught:
        build_form(preset("standard")).to_docx(tmp_path / "out.docx", template=template)
    assert caught.value.code == "template.docx_broken"
    assert caught.value.file == template
    assert not (tmp_path / "out.docx").exists()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    member=st.sampled_from(
        [
            "[Content_Types].xml",
            "_rels/.rels",
            "word/document.xml",
            "word/_rels/document.xml.rels",
            "word/styles.xml",
        ]
    ),
    cut=st.integers(min_value=0, max_value=400),
    junk=st.binary(max_size=40),
)
def test_any_damaged_template_renders_or_is_a_render_error(
    tmp_path: Path, member: str, cut: int, junk: bytes
) -> None:  # O005: never another exception, never a half-written file
    original = {
        "[Content_Types].xml": _TYPES.encode(),
        "_rels/.rels": _ROOT_RELS.encode(),
        "word/document.xml": _DOCUMENT,
        "word/_rels/document.xml.rels": _DOCUMENT_RELS.encode(),
        "word/styles.xml": _STYLES,
    }
    damaged = {**original, member: original[member][:cut] + junk}
    template = tmp_path / "kommune.docx"
    template.write_bytes(_package(**damaged))
    target = tmp_path / "out.docx"
    target.unlink(missing_ok=True)
    try:
        build_form(preset("standard")).to_docx(target, template=template)
    except RenderError as error:
        assert error.code.startswith(("template.", "zip.", "file."))
        assert not target.exists()
    else:
        with zipfile.ZipFile(target) as archive:
            assert archive.testzip() is None
            assert "word/document.xml" in archive.namelist()


def test_a_chain_of_parts_deeper_than_recursion_is_walked(tmp_path: Path) -> None:  # O002
    # Each part relates to the next: 1,500 deep, more than Python's recursion allows.
    chain: dict[str, bytes] = {}
    rels_head = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    )
    for n in range(1500):
        chain[f"word/chain/p{n}.xml"] = b"<p/>"
        chain[f"word/chain/_rels/p{n}.xml.rels"] = (
            rels_head
            + f'<Relationship Id="rId1" Type="urn:next" Target="p{n + 1}.xml"/>' * (n < 1499)
            + "</Relationships>"
        ).encode()
    document_rels = _DOCUMENT_RELS.replace(
        "</Relationships>",
        '<Relationship Id="rId9" Type="urn:next" Target="chain/p0.xml"/></Relationships>',
    )
    template = tmp_path / "kommune.docx"
    template.write_bytes(
        _package(**{"word/_rels/document.xml.rels": document_rels.encode()}, **chain)
    )
    build_form(preset("standard")).to_docx(tmp_path / "out.docx", template=template)
    with zipfile.ZipFile(tmp_path / "out.docx") as archive:
        assert "word/chain/p1499.xml" in archive.namelist()
