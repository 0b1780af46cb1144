"""redraw: a filled Word form written again with its competence wheels drawn from its answers.

A blank form's radar chart has no values: Word draws a chart from the values
cached in its chart part, and nothing links those to the drop-downs a person
fills. This module reads a filled form as :mod:`musforms.answers` does (the
safe zip, the form rebuilt from its payload, the controls matched by tag or,
after LibreOffice, by order) and writes the same file with each wheel's chart
part, and the workbook embedded in it, made again from the filled ratings
(:mod:`musforms.render.docx._chart`). Every other member of the zip is copied
byte for byte, so every answer and content control stays as it was.

The module is ``_redraw`` rather than ``redraw``: a submodule of that name
would replace the function ``musforms.redraw`` on the package as soon as it
was imported (as ``_presets`` does for ``musforms.presets``).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from musforms._atomic import write_atomically
from musforms._files import describe_size, read_limited
from musforms.answers.model import RawAnswers
from musforms.answers.read_docx import read_docx_archive
from musforms.errors import AnswersError
from musforms.form import Form, FormQuestion
from musforms.kinds import check_answer, split_tag
from musforms.ooxml.payload import NAMESPACE
from musforms.ooxml.safezip import MAX_FILE_BYTES, open_zip, parse_xml, read_member
from musforms.render.docx._chart import (
    PACKAGE_RELATIONSHIP,
    WORKBOOK_CONTENT_TYPE,
    chart_workbook,
    chart_xml,
)
from musforms.render.docx._styles import language_tag
from musforms.words import wheel_parts

__all__ = ["Redrawn", "redraw", "redraw_bytes"]

#: The first bytes of an encrypted Office file (an OLE compound file).
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DOCUMENT = "word/document.xml"
_CONTENT_TYPES = "[Content_Types].xml"
_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_CHART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
_ITEM = re.compile(r"customXml/item\d+\.xml")
#: Word writes a handful of custom XML parts; the reader looks at no more either.
_MAX_ITEMS = 50


@dataclass(frozen=True)
class Redrawn:
    """What :func:`redraw_bytes` made: the new file and the ids of the wheels it drew."""

    data: bytes
    wheels: tuple[str, ...]


def redraw(
    source: str | Path | BinaryIO,
    target: str | Path | BinaryIO,
    *,
    name: str | None = None,
) -> tuple[str, ...]:
    """Write the filled Word form ``source`` to ``target`` with every competence wheel drawn.

    Each wheel's chart shows the ratings filled in its table (now and wanted);
    a rating left blank is left out of the line. Everything else in the file,
    every answer and content control, is kept as it is. ``target`` is written
    atomically; it may be ``source`` itself.

    Args:
        source: a path or binary file object of a filled .docx made by musforms.
        target: where the redrawn .docx goes (a path or a binary file object).
        name: how to name the file in messages (default: its path).

    Returns:
        The ids of the wheel questions drawn, in the order of the document.

    Raises:
        AnswersError: the file is no musforms Word form, is encrypted, damaged
            or hostile, has no competence wheel, its charts no longer match its
            wheels, or a rating does not fit its scale. Messages never quote an answer.
        RenderError: ``target`` cannot be written.
    """
    label = name or (str(source) if isinstance(source, str | Path) else "<file>")
    if isinstance(source, str | Path):
        data = read_limited(source, MAX_FILE_BYTES, AnswersError, label=label)
    else:
        data = source.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise AnswersError(
                code="file.too_large", params={"limit": describe_size(MAX_FILE_BYTES)}, file=label
            )
    result = redraw_bytes(data, label=label)
    write_atomically(target, result.data)
    return result.wheels


def redraw_bytes(data: bytes, *, label: str) -> Redrawn:
    """Return a filled Word form's bytes with every wheel drawn; see :func:`redraw`."""
    if data.startswith(_OLE):
        raise AnswersError(code="redraw.encrypted", file=label)
    if b"%PDF-" in data[:1024]:
        raise AnswersError(code="redraw.not_word", file=label)
    archive = open_zip(io.BytesIO(data), name=label)
    names = set(archive.namelist())
    if _DOCUMENT not in names:
        code = "redraw.not_word" if "xl/workbook.xml" in names else "answers.unknown_format"
        raise AnswersError(code=code, file=label)
    raw = read_docx_archive(archive, label=label)
    wheels = _wheels_in_order(archive, raw.form, label)
    if not wheels:
        raise AnswersError(code="redraw.no_wheel", file=label)
    charts = _charts(archive, label)
    if len(charts) != len(wheels):
        raise AnswersError(
            code="redraw.charts_changed",
            params={"charts": len(charts), "wheels": len(wheels)},
            file=label,
        )
    members = _members(archive, label)
    for question, chart in zip(wheels, charts, strict=True):
        _draw(members, raw, question, chart, label)
    return Redrawn(_zipped(archive, members), tuple(q.id for q in wheels))


def _wheels_in_order(archive: zipfile.ZipFile, form: Form, label: str) -> list[FormQuestion]:
    """Return the form's wheel questions in the order the file's control list has them.

    The list (in the musforms custom XML part) survives a LibreOffice save that
    drops every tag, and its order is the document's: the n-th chart belongs to
    the n-th wheel in it.
    """
    seen: list[FormQuestion] = []
    items = sorted(n for n in archive.namelist() if _ITEM.fullmatch(n))
    for member in items[:_MAX_ITEMS]:
        root = parse_xml(read_member(archive, member, label=label), label=label, member=member)
        if root.tag != f"{{{NAMESPACE}}}form":
            continue
        for entry in root.iter(f"{{{NAMESPACE}}}control"):
            question = form.get(split_tag(entry.get("tag") or "")[0])
            if question is None or question.kind != "competence_wheel" or question in seen:
                continue
            seen.append(question)
        break
    return seen


def _charts(archive: zipfile.ZipFile, label: str) -> list[str]:
    """Return the zip members of the charts the document body shows, in its order."""
    rels_name = "word/_rels/document.xml.rels"
    if rels_name not in archive.namelist():
        return []
    body = parse_xml(read_member(archive, _DOCUMENT, label=label), label=label, member=_DOCUMENT)
    rels = parse_xml(read_member(archive, rels_name, label=label), label=label, member=rels_name)
    targets = {
        rel.get("Id"): rel.get("Target") or ""
        for rel in rels.iter(f"{{{_REL}}}Relationship")
        if rel.get("Type") == _CHART and rel.get("TargetMode") != "External"
    }
    found: list[str] = []
    for chart in body.iter(f"{{{_C}}}chart"):
        target = targets.get(chart.get(f"{{{_R}}}id"))
        if target is None:
            raise AnswersError(code="redraw.chart_link", file=label)
        found.append(_resolve("word", target))
    return found


def _resolve(folder: str, target: str) -> str:
    """Return the zip member a relationship's target names, relative to ``folder``."""
    path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
    return posixpath.normpath(path)


def _members(archive: zipfile.ZipFile, label: str) -> dict[str, bytes]:
    """Return every member's bytes (a name listed twice: the last, as zipfile reads it)."""
    return {
        info.filename: read_member(archive, info.filename, label=label)
        for info in archive.infolist()
    }


def _ratings(
    raw: RawAnswers, question: FormQuestion, label: str
) -> tuple[list[int | None], list[int | None]]:
    """Return a wheel's ratings (now, wanted) per competence; ``None`` where none is filled."""
    value = raw.values.get(question.id)
    if value is None:
        value = {}
    for problem in check_answer(value, question) if value else ():
        raise AnswersError(
            code=problem.code,
            params={**problem.params, "at": problem.at},
            file=label,
            question_id=question.id,
            where=problem.at or None,
        )
    now: list[int | None] = []
    wanted: list[int | None] = []
    for competence in question.competences:
        rating = value.get(competence.id) or {}
        now.append(_number(rating.get("now")))
        wanted.append(_number(rating.get("wanted")))
    return now, wanted


def _number(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _draw(
    members: dict[str, bytes], raw: RawAnswers, question: FormQuestion, chart: str, label: str
) -> None:
    """Put the chart of ``question`` drawn from its ratings, and its workbook, into ``members``."""
    if chart not in members:
        raise AnswersError(code="zip.part_missing", params={"member": chart}, file=label)
    scale = question.scale
    assert scale is not None  # a wheel always has one
    language = raw.form.language
    titles = wheel_parts(language)
    now, wanted = _ratings(raw, question, label)
    names = [c.text for c in question.competences]
    series: Sequence[tuple[str, Sequence[int | None]]] = (
        (titles["now"], now),
        (titles["wanted"], wanted),
    )
    folder, base = posixpath.split(chart)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    relationship, workbook_name = _workbook_relationship(members, rels_name, folder, label)
    members[chart] = chart_xml(
        names,
        series,
        minimum=scale.min,
        maximum=scale.max,
        language=language_tag(language),
        data=relationship,
    )
    members[workbook_name] = chart_workbook(names, series)
    _declare_workbook(members, workbook_name, label)


def _workbook_relationship(
    members: dict[str, bytes], rels_name: str, folder: str, label: str
) -> tuple[str, str]:
    """Return the id and member of a chart's embedded workbook, relating a new one if need be.

    A chart with a workbook (ours, or the one LibreOffice wrote) keeps its
    relationship and gets its content; one without (or with something other
    than a workbook) gets a relationship to a new member. Other relationships
    of the chart are kept.
    """
    if rels_name in members:
        rels = parse_xml(members[rels_name], label=label, member=rels_name)
    else:
        rels = etree.Element(f"{{{_REL}}}Relationships", nsmap={None: _REL})  # type: ignore[dict-item]
    for rel in rels.findall(f"{{{_REL}}}Relationship"):
        target = rel.get("Target") or ""
        if rel.get("Type") == PACKAGE_RELATIONSHIP and rel.get("TargetMode") != "External":
            name = _resolve(folder, target)
            if name.endswith(".xlsx") and name in members:
                return rel.get("Id") or "", name
            rels.remove(rel)
    ids = {rel.get("Id") for rel in rels}
    number = 1
    while f"rId{number}" in ids:
        number += 1
    relationship = f"rId{number}"
    taken = set(members)
    index = 1
    while f"word/embeddings/musforms_wheel{index}.xlsx" in taken:
        index += 1
    name = f"word/embeddings/musforms_wheel{index}.xlsx"
    entry = etree.SubElement(rels, f"{{{_REL}}}Relationship")
    entry.set("Id", relationship)
    entry.set("Type", PACKAGE_RELATIONSHIP)
    entry.set("Target", posixpath.relpath(name, folder))
    members[rels_name] = etree.tostring(
        rels, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    members[name] = b""
    return relationship, name


def _declare_workbook(members: dict[str, bytes], name: str, label: str) -> None:
    """Make sure ``[Content_Types].xml`` gives the workbook member its type."""
    if _CONTENT_TYPES not in members:
        raise AnswersError(code="zip.part_missing", params={"member": _CONTENT_TYPES}, file=label)
    types = parse_xml(members[_CONTENT_TYPES], label=label, member=_CONTENT_TYPES)
    part = "/" + name
    for entry in types:
        if entry.get("PartName") == part or entry.get("Extension", "").lower() == "xlsx":
            return
    default = etree.Element(f"{{{_TYPES}}}Default")
    default.set("Extension", "xlsx")
    default.set("ContentType", WORKBOOK_CONTENT_TYPE)
    types.insert(0, default)  # the schema has every Default before the Overrides
    members[_CONTENT_TYPES] = etree.tostring(
        types, xml_declaration=True, encoding="UTF-8", standalone=True
    )


def _zipped(archive: zipfile.ZipFile, members: dict[str, bytes]) -> bytes:
    """Return the zip of ``members`` in the original's order, new members last."""
    out = io.BytesIO()
    written: set[str] = set()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        infos = {info.filename: info for info in archive.infolist()}  # the last of a name
        for name, info in infos.items():
            entry = zipfile.ZipInfo(name, date_time=info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            copy.writestr(entry, members[name])
            written.add(name)
        date = next(iter(infos.values())).date_time if infos else (1980, 1, 1, 0, 0, 0)
        for name, content in members.items():
            if name not in written:
                entry = zipfile.ZipInfo(name, date_time=date)
                entry.compress_type = zipfile.ZIP_DEFLATED
                copy.writestr(entry, content)
    return out.getvalue()
