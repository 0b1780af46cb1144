"""The printed Word form wastes no paper (issue 14 item 3), LibreOffice standing in for Word.

Requirements checked here:

L001 no printed page starts with a "Noter fra samtalen" box: the box keeps with the last
     answer of its section
L002 the signature block keeps with the end of the plan or closing section: no page starts
     with it, and no page holds only it

Every preset's conversation form and preparation sheets, in both languages, are converted
to PDF in one LibreOffice run; pdftotext gives each page's text (pages part at form feeds).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import musforms
from musforms import build_form, preset
from musforms import words as shared
from musforms.form import Form
from musforms.render.docx._words import words
from tests.render.conftest import soffice_pdf

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("soffice") is None or shutil.which("pdftotext") is None,
        reason="needs LibreOffice and pdftotext",
    ),
]

LANGUAGES = ("da", "en")


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def body_of(page: str, form: Form, sheet: str) -> list[str]:
    """Return a page's lines without its running header (organisation, title) and footer."""
    lines = _lines(page)
    running = [text for text in (form.organisation, form.title, form.employee or "") if text]

    def is_header(line: str) -> bool:
        for text in running:
            line = line.replace(text, "")
        return not line.replace("·", "").strip()

    while lines and is_header(lines[0]):
        lines.pop(0)
    fixed = words(form.language)
    footer = (shared.sheet_name(form.type, sheet, form.language), fixed.page)
    while lines and any(lines[-1].startswith(text) for text in footer):
        lines.pop()
    return lines


def _signature_line(line: str, form: Form) -> bool:
    fixed = words(form.language)
    starts = (
        fixed.signatures,
        fixed.signatures_intro,
        fixed.signature,
        fixed.date,
        *(shared.signature_label(s, form.language) for s in shared.signers(form.type, "da")),
    )
    return any(line.startswith(text) for text in starts)


def waste(pages: list[str], form: Form, sheet: str) -> list[str]:
    """Return what L001 and L002 find wrong with a PDF's pages, one line per page."""
    fixed = words(form.language)
    found = []
    for number, page in enumerate(pages, start=1):
        body = body_of(page, form, sheet)
        if number == 1 or not body:
            continue
        if body[0].startswith(fixed.notes):
            found.append(f"page {number} starts with the notes box: {body[:2]}")
        elif body[0].startswith(fixed.signatures):
            found.append(f"page {number} starts with the signatures: {body[:3]}")
        elif all(_signature_line(line, form) for line in body):
            found.append(f"page {number} holds only signatures: {body}")
    return found


def test_no_page_starts_with_a_notes_box_or_holds_only_signatures(tmp_path: Path) -> None:
    """L001, L002: every preset, every sheet of its type, both languages."""
    made: list[tuple[Path, Form, str]] = []
    for name in musforms.presets():
        for language in LANGUAGES:
            form = build_form(preset(name, language))  # type: ignore[arg-type]
            for sheet in form.sheets:
                path = tmp_path / f"{name}-{language}-{sheet}.docx"
                form.write(path, audience=sheet)
                made.append((path, form, sheet))
    soffice_pdf([path for path, _, _ in made], tmp_path, timeout=900)
    problems = []
    pages_seen = 0
    for path, form, sheet in made:
        pdf = path.with_suffix(".pdf")
        assert pdf.exists(), f"LibreOffice made no PDF of {path.name}"
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True
        ).stdout.decode("utf-8")
        pages = text.split("\f")
        pages_seen += len([page for page in pages if page.strip()])
        problems += [f"{path.stem}: {problem}" for problem in waste(pages, form, sheet)]
    print(f"{len(made)} documents, {pages_seen} pages looked at")
    assert not problems, "\n".join(problems)


def test_the_check_finds_a_stranded_notes_box_and_a_lone_signature_page() -> None:
    """L001, L002: the checker itself fails on the pages it is meant to catch."""
    form = build_form(preset("standard", "da"))
    header = f"{form.title}\n"
    footer = "Samtaleskema\nSide 2 af 3\n"
    notes_first = header + "Noter fra samtalen\nNoter.\nOpgaver\n" + footer
    lone = (
        header + "Underskrifter\nVi er enige om udviklingsplanen og aftalerne i skemaet.\n" + footer
    )
    only = header + "Dato: dd-mm-åååå\nUnderskrift, medarbejder\n" + footer
    fine = header + "Opgaver\n3. Hvad er dine vigtigste opgaver?\nNoter fra samtalen\n" + footer
    pages = ["first", notes_first, lone, only, fine]
    found = waste(pages, form, "conversation")
    assert [line.split(" ", 2)[1] for line in found] == ["2", "3", "4"]
