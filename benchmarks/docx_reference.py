"""How fast musforms builds a Word form, against plain python-docx building similar content.

Run: PYTHONPATH=src python benchmarks/docx_reference.py [ROUNDS]

The reference builds, from python-docx's default template, what the standard
form holds without content controls: a title, a heading per section, each
question as a paragraph with a help line and an answer paragraph, and two
tables (8 x 3 competences, 6 x 5 plan), using python-docx's ordinary API
(style names, ``add_table``, ``cell()``). Both are timed in one process after
a warm-up; the median of ``ROUNDS`` (20) builds to bytes in memory is printed.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Callable

import docx

from musforms import build_form, preset
from musforms.render.docx import docx_bytes


def reference(form: object) -> bytes:
    """Build comparable content with plain python-docx and return the .docx bytes."""
    document = docx.Document()
    document.add_heading(form.title, level=0)  # type: ignore[attr-defined]
    for section in form.sections:  # type: ignore[attr-defined]
        document.add_heading(section.title, level=1)
        for number, question in enumerate(section.questions, start=1):
            document.add_paragraph(f"{number}. {question.text}", style="Heading 2")
            if question.help:
                document.add_paragraph(question.help, style="Quote")
            document.add_paragraph("Skriv dit svar her.")
    competences = document.add_table(rows=9, cols=3, style="Table Grid")
    for row, text in enumerate(["Kompetence", *(f"Kompetence {n}" for n in range(1, 9))]):
        competences.cell(row, 0).text = text
        competences.cell(row, 1).text = "1 2 3 4 5"
        competences.cell(row, 2).text = "1 2 3 4 5"
    plan = document.add_table(rows=6, cols=5, style="Table Grid")
    for column, title in enumerate(["Mål", "Handling", "Ansvarlig", "Frist", "Opfølgning"]):
        plan.cell(0, column).text = title
        for row in range(1, 6):
            plan.cell(row, column).text = "…"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def median_ms(build: Callable[[], bytes], rounds: int) -> tuple[float, int]:
    size = len(build())  # warm-up: imports, caches, the smiley pictures
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        build()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, size


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    form = build_form(preset("standard"))
    ours, our_size = median_ms(lambda: docx_bytes(form), rounds)
    theirs, their_size = median_ms(lambda: reference(form), rounds)
    print(f"musforms standard form, conversation: {ours:7.1f} ms median  ({our_size:,} bytes)")
    print(f"plain python-docx, comparable content: {theirs:6.1f} ms median  ({their_size:,} bytes)")


if __name__ == "__main__":
    main()
