"""The cases measured inside this process: (a) building, (b) per person, (c) reading back."""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from collections.abc import Callable
from itertools import count
from pathlib import Path

import docx
import openpyxl
from _fill import filled_docx, filled_xlsx
from _floor import ZipFloor
from _report import Report
from _timing import interleaved
from docx_reference import reference

import musforms
from musforms._people import Person
from musforms.answers.read import read_answers
from musforms.batch import _Renderer
from musforms.form import Form
from musforms.render import find
from musforms.render.docx import docx_bytes
from musforms.render.xlsx import xlsx_bytes

__all__ = ["build_case", "pdf_case", "per_person_case", "read_case"]

EMPLOYEE = b"QQBENCHEMPLOYEEQQ"
LEADER = b"QQBENCHLEADERQQ"


def _standard() -> Form:
    return musforms.build_form(musforms.preset("standard"))


def build_case(report: Report, rounds: int) -> None:
    """(a) The standard form to .docx and .xlsx, against plain python-docx building the same."""
    form = _standard()
    medians = interleaved(
        {
            "musforms .docx": (lambda: docx_bytes(_standard()), 1),
            "musforms .xlsx": (lambda: xlsx_bytes(_standard()), 1),
            "python-docx reference": (lambda: reference(form), 1),
            "build_form alone": (_standard, 10),
        },
        rounds=rounds,
    )
    ours, theirs = medians["musforms .docx"], medians["python-docx reference"]
    report.row("a", "build_form(preset('standard'))", medians["build_form alone"] * 1e3, "ms")
    report.row(
        "a",
        "musforms .docx (build_form + render)",
        ours * 1e3,
        "ms",
        f"= {ours / theirs:.2f}x the python-docx reference ({len(docx_bytes(form)):,} bytes)",
    )
    report.row(
        "a",
        "musforms .xlsx (build_form + render)",
        medians["musforms .xlsx"] * 1e3,
        "ms",
        f"({len(xlsx_bytes(form)):,} bytes)",
    )
    report.row(
        "a",
        "python-docx reference (same content)",
        theirs * 1e3,
        "ms",
        f"({len(reference(form)):,} bytes; form given, not built)",
    )
    report.target(
        "a",
        ".docx no slower than the python-docx reference",
        ours <= theirs,
        f"{ours * 1e3:.1f} ms vs {theirs * 1e3:.1f} ms = {ours / theirs:.2f}x",
    )


def _placeholder_template(fmt: str) -> bytes:
    """Return the standard form with marker names, as a template for the alternatives."""
    spec = musforms.preset("standard").model_copy(
        update={"employee": EMPLOYEE.decode(), "leader": LEADER.decode()}
    )
    form = musforms.build_form(spec)
    return docx_bytes(form) if fmt == "docx" else xlsx_bytes(form)


def _docxtpl_template(data: bytes) -> bytes:
    """Return ``data`` with the marker names turned into ``{{ employee }}``/``{{ leader }}``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            blob = source.read(info)
            if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", info.filename):
                blob = blob.replace(EMPLOYEE, b"{{ employee }}").replace(LEADER, b"{{ leader }}")
            target.writestr(info, blob)
    return out.getvalue()


def _rewritten_part(data: bytes, fmt: str) -> str:
    """Return the one part the floor re-deflates: the document, or the first sheet with a name."""
    if fmt == "docx":
        return "word/document.xml"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
        return next(n for n in sheets if EMPLOYEE in archive.read(n))


def _holds(data: bytes, part: str, text: str) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return text.encode() in archive.read(part)


def per_person_case(report: Report, rounds: int, per_round: int) -> None:
    """(b) One personalised file: musforms' batch renderer, the zip floor and docxtpl."""
    numbers = count()

    def person() -> Person:
        n = next(numbers)
        return Person(n + 2, f"Medarbejder Ærø {n:05d}", f"Leder Øster {n % 40:02d}", "IT")

    def names() -> dict[bytes, bytes]:
        p = person()
        return {EMPLOYEE: p.employee.encode(), LEADER: (p.leader or "").encode()}

    renderer = _Renderer(musforms.preset("standard"), None, [], "conversation")

    def ours(fmt: str) -> Callable[[], bytes]:
        renderer_format = find(fmt)  # batch takes the registry's renderer, not its name
        return lambda: renderer.render(person(), renderer_format)

    def floor(zip_floor: ZipFloor) -> Callable[[], bytes]:
        return lambda: zip_floor.fill(names())

    makers: dict[str, Callable[[], bytes]] = {}
    parts: dict[str, str] = {}
    for fmt in ("docx", "xlsx"):
        template = _placeholder_template(fmt)
        parts[fmt] = _rewritten_part(template, fmt)
        makers[f"musforms {fmt}"] = ours(fmt)
        makers[f"floor {fmt}"] = floor(ZipFloor(template, parts[fmt].__eq__))
    docxtpl_skip = ""
    try:
        from docxtpl import DocxTemplate

        tpl_bytes = _docxtpl_template(_placeholder_template("docx"))

        def docxtpl_render() -> bytes:
            p = person()
            tpl = DocxTemplate(io.BytesIO(tpl_bytes))
            tpl.render({"employee": p.employee, "leader": p.leader}, autoescape=True)
            out = io.BytesIO()
            tpl.save(out)
            return out.getvalue()

        makers["docxtpl docx"] = docxtpl_render
    except ImportError as exc:
        docxtpl_skip = f"docxtpl is not installed ({exc}); pip install docxtpl"
    # Every variant must really personalise before its speed means anything.
    for name, make in makers.items():
        expected = f" {next(numbers) + 1:05d}"
        fmt = name.rsplit(" ", 1)[1]
        if not _holds(make(), parts[fmt], expected):
            raise RuntimeError(f"{name} did not write the person's name into {parts[fmt]}")
    # docxtpl is some 100x slower: fewer calls per round keep its rounds as long as the others'.
    calls = {name: max(1, per_round // 25) if "docxtpl" in name else per_round for name in makers}
    medians = interleaved({n: (make, calls[n]) for n, make in makers.items()}, rounds=rounds)
    for fmt, limit in (("docx", 2.0), ("xlsx", 3.0)):
        ours, floor_s = medians[f"musforms {fmt}"], medians[f"floor {fmt}"]
        note = f"= {ours / floor_s:.2f}x floor"
        if fmt == "docx" and "docxtpl docx" in medians:
            note += f" = {medians['docxtpl docx'] / ours:.0f}x faster than docxtpl"
        report.row("b", f"musforms batch renderer .{fmt}", ours * 1e3, "ms/doc", note)
        report.row(
            "b",
            f"zip floor .{fmt} (raw copy, {parts[fmt]} re-deflated)",
            floor_s * 1e3,
            "ms/doc",
        )
        if fmt == "docx" and "docxtpl docx" in medians:
            tpl = medians["docxtpl docx"]
            report.row(
                "b", "docxtpl render .docx", tpl * 1e3, "ms/doc", f"= {tpl / floor_s:.0f}x floor"
            )
        report.target(
            "b",
            f".{fmt} per person within {limit:g}x of the zip floor",
            ours <= limit * floor_s,
            f"{ours * 1e3:.3f} vs {floor_s * 1e3:.3f} ms = {ours / floor_s:.2f}x",
        )
        if fmt == "docx":
            if docxtpl_skip:
                report.skip("b", ".docx per person >= 25x faster than docxtpl", docxtpl_skip)
            else:
                tpl = medians["docxtpl docx"]
                report.target(
                    "b",
                    ".docx per person >= 25x faster than docxtpl",
                    tpl >= 25 * ours,
                    f"{tpl * 1e3:.1f} vs {ours * 1e3:.3f} ms = {tpl / ours:.0f}x",
                )


def _walk_docx(path: Path) -> int:
    document = docx.Document(str(path))
    chars = sum(len(p.text) for p in document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                chars += len(cell.text)
    return chars


def read_case(report: Report, rounds: int) -> None:
    """(c) read_answers on a filled .docx and .xlsx, against just opening them."""
    form = _standard()
    with tempfile.TemporaryDirectory(prefix="musforms-bench-") as folder:
        docx_path = Path(folder) / "filled.docx"
        xlsx_path = Path(folder) / "filled.xlsx"
        docx_path.write_bytes(filled_docx(form))
        xlsx_path.write_bytes(filled_xlsx(form))
        for path in (docx_path, xlsx_path):
            answered = len(read_answers(path))
            if answered != len(form.questions):
                raise RuntimeError(f"{path.name}: {answered} of {len(form.questions)} answers read")
        medians = interleaved(
            {
                "read .docx": (lambda: read_answers(docx_path), 5),
                "python-docx": (lambda: _walk_docx(docx_path), 5),
                "read .xlsx": (lambda: read_answers(xlsx_path), 5),
                "openpyxl": (lambda: openpyxl.load_workbook(xlsx_path), 5),
                "openpyxl ro": (lambda: openpyxl.load_workbook(xlsx_path, read_only=True), 5),
            },
            rounds=rounds,
        )
    for fmt, opener, label in (
        ("docx", "python-docx", "python-docx Document() + walk paragraphs, tables"),
        ("xlsx", "openpyxl", "openpyxl load_workbook()"),
    ):
        ours, theirs = medians[f"read .{fmt}"], medians[opener]
        report.row(
            "c",
            f"read_answers(filled .{fmt})",
            ours * 1e3,
            "ms",
            f"= {ours / theirs:.2f}x opening it with {opener}",
        )
        report.row("c", label, theirs * 1e3, "ms")
        report.target(
            "c",
            f"reading .{fmt} at least as fast as opening it ({opener})",
            ours <= theirs,
            f"{ours * 1e3:.1f} vs {theirs * 1e3:.1f} ms = {ours / theirs:.2f}x",
        )
    report.row(
        "c",
        "openpyxl load_workbook(read_only=True), for contrast",
        medians["openpyxl ro"] * 1e3,
        "ms",
        "(not walked; read_xlsx opens this way)",
    )


def pdf_case(report: Report, rounds: int, per_round: int) -> None:
    """(p) A personalised PDF: batch's fast path, its floor, and rendering from scratch.

    The floor writes the same PDF with its per-person objects already made: the
    static part, those objects and a new cross-reference table
    (``Skeleton.assemble``), as a PDF writer that rewrites only the changed
    objects would. From scratch is what batch does for a person it cannot
    fill: ``build_form`` with the person's names and the whole reportlab render.
    """
    numbers = count()
    pdf = find("pdf")

    def person() -> Person:
        n = next(numbers)
        return Person(n + 2, f"Medarbejder Ærø {n:05d}", f"Leder Øster {n % 40:02d}", "IT")

    renderer = _Renderer(musforms.preset("standard"), None, [], "conversation")
    renderer.render(person(), pdf)  # the template, once
    (template,) = [t for t in renderer.own.values() if t is not None]
    fixed = person()
    made = {o.number: o.make(_encoded(template, renderer._raw(fixed))) for o in template.objects}
    makers: dict[str, tuple[Callable[[], object], int]] = {
        "fast": (lambda: renderer.render(person(), pdf), per_round),
        "floor": (lambda: template.skeleton.assemble(made), per_round),
        "scratch": (lambda: renderer._full(person(), pdf), max(1, per_round // 25)),
    }
    for name, (make, _) in makers.items():
        expected = f" {next(numbers) + 1:05d}" if name != "floor" else fixed.employee
        data = make()
        assert isinstance(data, bytes)
        if name != "floor" and expected.encode() not in data:
            raise RuntimeError(f"the {name} PDF does not hold the person's name")
    if renderer.slow:
        raise RuntimeError("the fast path rendered people whole")
    medians = interleaved(makers, rounds=rounds)
    fast, floor_s, scratch = medians["fast"], medians["floor"], medians["scratch"]
    report.row(
        "p",
        "musforms batch renderer .pdf",
        fast * 1e3,
        "ms/doc",
        f"= {fast / floor_s:.1f}x floor = {scratch / fast:.0f}x faster than from scratch",
    )
    report.row("p", "floor .pdf (changed objects + xref rewritten)", floor_s * 1e3, "ms/doc")
    report.row("p", "from scratch .pdf (build_form + reportlab render)", scratch * 1e3, "ms/doc")
    report.target(
        "p",
        ".pdf per person >= 10x faster than rendering from scratch",
        scratch >= 10 * fast,
        f"{scratch * 1e3:.1f} vs {fast * 1e3:.2f} ms = {scratch / fast:.0f}x",
    )


def _encoded(template: object, values: dict[str, str]) -> dict[str, dict[str, bytes]]:
    """Return ``values`` encoded for each place of a PDF template (as its ``fill`` does)."""
    from musforms.render.pdf import _template

    encoders = {"literal": _template.literal, "hex": _template._hex, "json": _template._json}
    return {
        context: {key: encode(value) for key, value in values.items()}
        for context, encode in encoders.items()
    }
