"""Filled forms for the reading and collecting benchmarks, made programmatically.

A .docx is filled the way Word fills it: the content controls' XML is edited
(the placeholder flag goes, the text or check box state changes), as the
tests in ``tests/answers/test_read_docx.py`` do. A .xlsx is filled by typing
into the answer cells that the workbook's very hidden map names (see
``musforms.render.xlsx._book``). Answers vary with a ``variant`` number, so a
corpus is not one file copied.

A corpus of many filled forms is made from a few filled ones whose employee is
a marker, personalised through :class:`_floor.ZipFloor` (filling each file
one by one would take longer than the benchmark it feeds).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
from _floor import ZipFloor
from lxml import etree

from musforms.form import Form
from musforms.ooxml.xlsx_map import CELL_COLUMN, META_SHEET, TAG_COLUMN, split_reference
from musforms.render.docx import docx_bytes
from musforms.render.xlsx import xlsx_bytes

__all__ = ["corpus", "filled_docx", "filled_xlsx"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
DOCUMENT = "word/document.xml"
#: Stands for the employee's name in a filled form until the corpus personalises it.
MARKER = "QQBENCHEMPLOYEEQQ"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def _docx_answer(tag: str, pr: Any, variant: int, ticked: set[str]) -> Any:
    """Return the answer for one control, or ``None`` to leave it blank."""
    question_id, _, rest = tag.partition(":")
    if tag == "person:employee":
        return MARKER
    if question_id == "signature":
        return None
    if pr.find(f"{{{W14}}}checkbox") is not None:
        if question_id in ticked or (variant % 5 == 4 and not rest.isdigit()):
            return None  # one tick per question; every fifth form leaves choices blank
        ticked.add(question_id)
        return True
    if pr.find(_w("date")) is not None:
        return f"2027-0{1 + variant % 9}-15"
    if pr.find(_w("dropDownList")) is not None:
        return str(1 + (variant + len(tag)) % 5)
    return f"Svar {variant} på {question_id}: lidt tekst, som en person kunne skrive.\nAnden linje."


def filled_docx(form: Form, variant: int = 0) -> bytes:
    """Return the form's Word document with every question answered (employee: :data:`MARKER`)."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes(form))) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(members[DOCUMENT])
    ticked: set[str] = set()
    for sdt in root.iter(_w("sdt")):
        pr = sdt.find(_w("sdtPr"))
        tag = pr.find(_w("tag")).get(_w("val"))
        value = _docx_answer(tag, pr, variant, ticked)
        if value is None:
            continue
        for flag in pr.findall(_w("showingPlcHdr")):
            pr.remove(flag)
        content = sdt.find(_w("sdtContent"))
        box = pr.find(f"{{{W14}}}checkbox")
        if box is not None:
            box.find(f"{{{W14}}}checked").set(f"{{{W14}}}val", "1")
            content.find(f".//{_w('t')}").text = "\u2612"
            continue
        date = pr.find(_w("date"))
        if date is not None:
            date.set(_w("fullDate"), f"{value}T00:00:00Z")
            year, month, day = value.split("-")
            value = f"{day}-{month}-{year}"
        for run in content.findall(_w("r")):
            content.remove(run)
        run = etree.SubElement(content, _w("r"))
        for number, line in enumerate(str(value).split("\n")):
            if number:
                etree.SubElement(run, _w("br"))
            etree.SubElement(run, _w("t")).text = line
    members[DOCUMENT] = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in members.items():
            archive.writestr(name, blob)
    return out.getvalue()


def _xlsx_answer(tag: str, kind: str, values: str | None, variant: int) -> Any:
    """Return what a person types into one answer cell, or ``None`` to leave it blank."""
    if tag == "person:employee":
        return MARKER
    if tag.startswith("person:"):
        return None
    if values:
        entries = list(json.loads(values))
        return entries[variant % len(entries)]
    if kind in {"scale", "competence_wheel"}:
        return 1 + (variant + len(tag)) % 5
    if kind == "date" or tag.endswith((":deadline", ":follow_up")):
        return dt.datetime(2027, 1 + variant % 9, 15)
    return f"Svar {variant} på {tag}: lidt tekst, som en person kunne skrive.\nAnden linje."


def filled_xlsx(form: Form, variant: int = 0) -> bytes:
    """Return the form's workbook with every answer cell filled (employee: :data:`MARKER`)."""
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(form)))
    meta = book[META_SHEET]
    for row in meta.iter_rows(min_row=2, min_col=TAG_COLUMN, values_only=True):
        tag = row[0]
        if not tag:
            break
        reference, kind = row[CELL_COLUMN - TAG_COLUMN], row[CELL_COLUMN - TAG_COLUMN + 1]
        values = row[CELL_COLUMN - TAG_COLUMN + 2] if len(row) > 3 else None
        value = _xlsx_answer(str(tag), str(kind), values, variant)
        if value is None:
            continue
        sheet, coordinate = split_reference(str(reference))
        cell = book[sheet][coordinate]
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # what Excel stores when a person types text
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _names(count: int) -> Iterator[str]:
    first = ["Søren", "Mette", "Ib", "Åse", "Jens", "Karen", "Ole", "Birgitte", "Ali", "Nanna"]
    last = ["Hansen", "Jensen", "Nielsen", "Ærø", "Larsen", "Kristensen", "Øster", "Pedersen"]
    for number in range(count):
        yield f"{first[number % len(first)]} {last[number // len(first) % len(last)]} {number:05d}"


def corpus(form: Form, folder: Path, count: int, variants: int = 4) -> list[Path]:
    """Write ``count`` filled forms, half .docx and half .xlsx, into ``folder``; return them."""
    folder.mkdir(parents=True, exist_ok=True)
    floors: dict[str, list[ZipFloor]] = {"docx": [], "xlsx": []}
    for variant in range(variants):
        for suffix, data in (
            ("docx", filled_docx(form, variant)),
            ("xlsx", filled_xlsx(form, variant)),
        ):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                marked = {n for n in archive.namelist() if MARKER.encode() in archive.read(n)}
            floors[suffix].append(ZipFloor(data, marked.__contains__))
    paths: list[Path] = []
    for number, name in enumerate(_names(count)):
        suffix = "docx" if number % 2 == 0 else "xlsx"
        floor = floors[suffix][number // 2 % variants]
        path = folder / f"{name}.{suffix}"
        path.write_bytes(floor.fill({MARKER.encode(): name.encode("utf-8")}))
        paths.append(path)
    return paths
