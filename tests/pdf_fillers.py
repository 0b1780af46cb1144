"""Filling PDF forms as PDF readers do, from typed answers (PRODUCT.md's JSON shapes).

``pdf_values`` turns answers into what a person types and clicks: a text per
text field (dates as ``dd-mm-yyyy``, the form's hint), a state per radio group
(``/4``, ``/yes``, ``/passende``) and per ticked check box (``/kursus``). Three
independent fillers then write them: pypdf, pikepdf (qpdf) and pdf.js (the
browser's viewer, driven in Node by ``tests/js/fill_pdfjs.mjs``).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from musforms.form import Form
from musforms.kinds import pdf_field_name

JS = Path(__file__).parent / "js"


def _typed_date(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d-%m-%Y")


def pdf_values(form: Form, answers: dict[str, Any]) -> dict[str, str]:
    """Return the field values that hold ``answers``: texts, and ``/state`` for buttons."""
    values: dict[str, str] = {}
    for question_id, value in answers.items():
        question = form.get(question_id)
        assert question is not None, question_id
        name = pdf_field_name(question_id)
        kind = question.kind
        if kind in {"text", "long_text"}:
            values[name] = value
        elif kind == "date":
            values[name] = _typed_date(value)
        elif kind in {"scale", "smiley", "choice"}:
            values[name] = f"/{value}"
        elif kind == "yes_no":
            values[name] = "/yes" if value else "/no"
        elif kind == "multi_choice":
            values.update({pdf_field_name(question_id, o): f"/{o}" for o in value})
        elif kind == "competence_wheel":
            for competence, rating in value.items():
                for part, number in rating.items():
                    values[pdf_field_name(question_id, competence, part)] = f"/{number}"
        elif kind == "action_plan":
            for row, cells in enumerate(value, start=1):
                for field, cell in cells.items():
                    typed = _typed_date(cell) if field in {"deadline", "follow_up"} else cell
                    values[pdf_field_name(question_id, row, field)] = typed
    return values


def fill_pypdf(data: bytes, values: dict[str, str]) -> bytes:
    """Return ``data`` filled by pypdf (it writes new appearances for the text fields)."""
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def fill_pikepdf(data: bytes, values: dict[str, str]) -> bytes:
    """Return ``data`` filled by pikepdf's form API (qpdf underneath)."""
    import pikepdf
    from pikepdf.form import ExtendedAppearanceStreamGenerator
    from pikepdf.form import Form as PikeForm

    pdf = pikepdf.open(io.BytesIO(data))
    form = PikeForm(pdf, ExtendedAppearanceStreamGenerator)
    for name, value in values.items():
        field = form[name]
        kind = type(field).__name__
        if kind == "TextField":
            field.value = value
        elif kind == "CheckboxField":
            field.checked = True
        elif kind == "RadioButtonGroup":
            field.value = pikepdf.Name(value)
        else:  # pragma: no cover - the form has no other kind of field
            raise AssertionError(f"{name}: {kind}")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def pdfjs_ready() -> str | None:
    """Return why pdf.js cannot run here (no Node, or pdfjs-dist not installed), or ``None``."""
    if shutil.which("node") is None:
        return "needs Node (node)"
    if not (JS / "node_modules" / "pdfjs-dist").is_dir():
        return "needs pdfjs-dist: npm ci --prefix tests/js (.ci/run does it)"
    return None


def fill_pdfjs(jobs: list[tuple[bytes, dict[str, str]]], folder: Path) -> list[bytes]:
    """Return each PDF filled by pdf.js, the browser's viewer, in one Node process."""
    listed = []
    for number, (data, values) in enumerate(jobs):
        source, target = folder / f"in{number}.pdf", folder / f"out{number}.pdf"
        source.write_bytes(data)
        listed.append({"in": str(source), "out": str(target), "values": values})
    (folder / "jobs.json").write_text(json.dumps(listed), encoding="utf-8")
    subprocess.run(
        ["node", str(JS / "fill_pdfjs.mjs"), str(folder / "jobs.json")],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return [Path(job["out"]).read_bytes() for job in listed]
