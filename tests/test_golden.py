"""Golden files: today's output of one preset per format, against the reviewed output.

G001: for the standard preset in Danish, every format's output, made readable
      (below), equals its golden file under tests/golden/; so does the Word
      form of the grus preset (a type of conversation other than MUS).

What is compared, per format (tests/golden/<preset>-<language>/<format>/):

- docx: word/document.xml and the customXml part holding the payload, XML
  pretty-printed, the payload's JSON indented;
- dotx: [Content_Types].xml (what makes it a template);
- xlsx: each sheet's XML and xl/styles.xml, pretty-printed; the payload cells of
  the very hidden sheet are written as their length, the payload itself
  indented in payload.json;
- schema, html, spec: the text as it is;
- pdf: each page's text as pypdf extracts it, and the form fields' names,
  types and export values.

Output is deterministic (fixed timestamps, no random ids), with two inputs
fixed here: the year (a preset without a year or date takes today's, so
every format but the spec would change on 1 January) and musforms' version,
which the payload and the schema name (a release is not a change of output
to review).

After a wanted change of output: ``python -m pytest --update-golden
tests/test_golden.py``, then review the diff of tests/golden/ like code.
"""

from __future__ import annotations

import difflib
import io
import json
import re
import shutil
import zipfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from musforms import build_form, preset
from musforms._version import __version__
from musforms.form import Form
from musforms.render import render_bytes

GOLDEN = Path(__file__).parent / "golden"
#: The year the golden forms are of (a preset's title says "{{ year }}").
YEAR = 2026
#: How the version appears in the payload and the schema, and what it is written as.
VERSION, VERSION_SHOWN = f"musforms {__version__}", "musforms {version}"
#: The most lines of diff a failure shows per file.
DIFF_LINES = 150

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
_PAYLOAD_ROOT, _PAYLOAD = "{urn:musforms:form:1}form", "{urn:musforms:form:1}payload"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@cache
def golden_form(name: str) -> Form:
    return build_form(preset(name, "da").model_copy(update={"year": YEAR}))


# -- making output readable ----------------------------------------------------------


def pretty_xml(data: bytes, declaration: bytes | None = None) -> str:
    """Indent an XML part, one element a line; text, attributes and declaration stay."""
    root = etree.fromstring(data, parser=_PARSER)
    etree.indent(root, space=" ")
    first = (declaration or data).split(b"?>", 1)[0] + b"?>"
    head = first.decode("utf-8") + "\n" if first.startswith(b"<?xml") else ""
    return head + etree.tostring(root, encoding="unicode") + "\n"


def pretty_json(text: str) -> str:
    """Indent JSON, keeping its order (an order change is a change of output)."""
    return json.dumps(json.loads(text), ensure_ascii=False, indent=1) + "\n"


def without_version(text: str) -> str:
    return text.replace(VERSION, VERSION_SHOWN)


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _parts(members: dict[str, bytes], pattern: str) -> Iterator[tuple[str, etree._Element]]:
    """Yield the name and parsed XML of each member whose name matches ``pattern``."""
    for name, content in members.items():
        if re.fullmatch(pattern, name):
            yield name, etree.fromstring(content, parser=_PARSER)


def docx_files(data: bytes) -> dict[str, str]:
    members = _members(data)
    files = {"word/document.xml": pretty_xml(members["word/document.xml"])}
    for name, root in _parts(members, r"customXml/item\d+\.xml"):
        if root.tag == _PAYLOAD_ROOT:
            for payload in root.iter(_PAYLOAD):
                payload.text = "\n" + without_version(pretty_json(payload.text or "null"))
            files[name] = pretty_xml(etree.tostring(root), members[name])
    return files


def dotx_files(data: bytes) -> dict[str, str]:
    return {"[Content_Types].xml": pretty_xml(_members(data)["[Content_Types].xml"])}


def xlsx_files(data: bytes) -> dict[str, str]:
    members = _members(data)
    files = {"xl/styles.xml": pretty_xml(members["xl/styles.xml"])}
    for name, root in _parts(members, r"xl/worksheets/sheet\d+\.xml"):
        chunks = _payload_chunks(root)
        if chunks:
            files["payload.json"] = without_version(pretty_json("".join(chunks)))
        files[name] = pretty_xml(etree.tostring(root), members[name])
    return files


def _payload_chunks(sheet: etree._Element) -> list[str]:
    """Take the payload out of the very hidden sheet's column A, leaving each chunk's length.

    The sheet is the one whose A1 says ``payload``; its chunks are cut at 32,000
    characters wherever that falls in the JSON, unreadable as they are.
    """
    cells = {c.get("r"): c for c in sheet.iter(f"{_MAIN}c")}
    first = cells.get("A1")
    if first is None or "".join(map(str, first.itertext())) != "payload":
        return []
    chunks, row = [], 2
    while (cell := cells.get(f"A{row}")) is not None:
        texts = list(cell.iter(f"{_MAIN}t"))
        chunk = "".join(t.text or "" for t in texts)
        chunks.append(chunk)
        for text in texts:
            text.text = ""
        texts[0].text = f"[{len(chunk)} characters of payload.json]"
        row += 1
    return chunks


def text_file(name: str, *, version: bool = False) -> Callable[[bytes], dict[str, str]]:
    def files(data: bytes) -> dict[str, str]:
        text = data.decode("utf-8")
        return {name: without_version(text) if version else text}

    return files


def pdf_files(data: bytes) -> dict[str, str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    lines = []
    for number, page in enumerate(reader.pages, start=1):
        lines += [f"=== page {number}", page.extract_text(), ""]
    lines.append("=== fields: name, type, export values")
    for name, field in (reader.get_fields() or {}).items():
        lines.append(f"{name}  {_field_type(field)}  {' '.join(_exports(field))}".rstrip())
    return {"text.txt": "\n".join(lines) + "\n"}


def _field_type(field: dict[str, object]) -> str:
    kind, flags = field.get("/FT"), int(str(field.get("/Ff", 0)))
    if kind == "/Btn":
        return "radio" if flags & 1 << 15 else "push" if flags & 1 << 16 else "checkbox"
    if kind == "/Ch":
        return "combo" if flags & 1 << 17 else "list"
    if kind == "/Tx":
        return "multiline-text" if flags & 1 << 12 else "text"
    return str(kind)


def _exports(field: dict[str, object]) -> list[str]:
    states = field.get("/_States_") or field.get("/Opt") or []
    return [str(s) for s in states if str(s) != "/Off"]  # type: ignore[attr-defined]


#: Each format's readable files, from its bytes.
FILES: dict[str, Callable[[bytes], dict[str, str]]] = {
    "docx": docx_files,
    "dotx": dotx_files,
    "xlsx": xlsx_files,
    "schema": text_file("form.schema.json", version=True),
    "html": text_file("preview.html"),
    "spec": text_file("spec.yaml"),
    "pdf": pdf_files,
}

CASES = [("standard", fmt) for fmt in FILES] + [("grus", "docx")]


# -- comparing -------------------------------------------------------------------------


def compare(folder: Path, files: dict[str, str], update: bool) -> None:
    """Fail with a diff per file unless ``files`` equal the golden files in ``folder``."""
    if update:
        shutil.rmtree(folder, ignore_errors=True)
        for name, text in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(text.encode("utf-8"))
    stored = {
        path.relative_to(folder).as_posix(): path.read_bytes().decode("utf-8")
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    problems = []
    for name in sorted(set(files) | set(stored)):
        if name not in stored:
            problems.append(f"{name}: made now, but there is no golden file")
        elif name not in files:
            problems.append(f"{name}: a golden file of what is no longer made")
        elif files[name] != stored[name]:
            diff = list(
                difflib.unified_diff(
                    stored[name].splitlines(),
                    files[name].splitlines(),
                    f"golden/{name}",
                    f"today/{name}",
                    lineterm="",
                )
            )
            shown = diff[:DIFF_LINES]
            if len(diff) > DIFF_LINES:
                shown.append(f"... and {len(diff) - DIFF_LINES} more lines of diff")
            problems.append("\n".join(shown))
    if problems:
        where = folder.relative_to(GOLDEN.parent.parent)
        pytest.fail(
            f"today's output differs from {where}:\n\n"
            + "\n\n".join(problems)
            + "\n\nIf the change is wanted: python -m pytest --update-golden tests/test_golden.py,"
            " then review the diff of tests/golden/.",
            pytrace=False,
        )


@pytest.mark.parametrize(("name", "fmt"), CASES, ids=[f"{n}-da-{f}" for n, f in CASES])
def test_output_equals_its_golden_file(name: str, fmt: str, update_golden: bool) -> None:  # G001
    files = FILES[fmt](render_bytes(golden_form(name), fmt))
    compare(GOLDEN / f"{name}-da" / fmt, files, update_golden)


def test_every_golden_folder_is_of_a_case() -> None:  # G001
    folders = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.glob("*/*") if p.is_dir()}
    assert folders == {f"{name}-da/{fmt}" for name, fmt in CASES}
