"""Retake the first page of every ready form's main sheet, for docs/da/skemaer.md.

Usage::

    python docs/images/presets.py

Each preset's main sheet (the conversation form; the colleague sheet for
colleague input) is built as Word, converted to PDF by LibreOffice in one
call, and its first page drawn by poppler at 50 dpi into
``docs/images/presets/NAME.png``. The page ``docs/da/skemaer.md`` is written
beside them, with each form's type, length and description, so that an HR
consultant can compare the forms before choosing one. Needs ``soffice`` and
``pdftoppm`` (Debian: libreoffice-writer-nogui poppler-utils).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from musforms import build_form, preset, presets
from musforms.kinds import SHEETS_OF_TYPE

ROOT = Path(__file__).resolve().parents[2]
IMAGES = ROOT / "docs" / "images" / "presets"
PAGE = ROOT / "docs" / "da" / "skemaer.md"
TYPE_NAMES = {
    "mus": "MUS",
    "lus": "LUS (lederudviklingssamtale)",
    "grus": "GRUS (gruppeudviklingssamtale)",
    "colleague": "Kollegainput",
}


def main() -> int:
    for tool in ("soffice", "pdftoppm"):
        if shutil.which(tool) is None:
            print(f"{tool} is missing: apt-get install libreoffice-writer-nogui poppler-utils")
            return 2
    IMAGES.mkdir(parents=True, exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for name, description in presets().items():
            form = build_form(preset(name))
            kind = form.spec.type
            form.write(work / f"{name}.docx", audience=SHEETS_OF_TYPE[kind][0])
            rows.append((name, kind, form.estimated_minutes, description))
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work)]
            + [str(work / f"{name}.docx") for name, *_ in rows],
            check=True,
            capture_output=True,
            timeout=600,
        )
        for name, *_ in rows:
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "50",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    str(work / f"{name}.pdf"),
                    str(IMAGES / name),
                ],
                check=True,
                timeout=60,
            )
    PAGE.write_text(_page(rows), encoding="utf-8")
    print(f"{len(rows)} pages in {IMAGES.relative_to(ROOT)}, and {PAGE.relative_to(ROOT)}")
    return 0


def _page(rows: list[tuple[str, str, int, str]]) -> str:
    lines = [
        "# De færdige skemaer",
        "",
        "Første side af hvert færdigt skema (`musforms build --preset NAVN -o MUS.docx`).",
        "Siden laves af `python docs/images/presets.py`, så den altid viser skemaerne, som",
        "de er. Se [Vælg spørgsmål](vaelg-spoergsmaal.md) for, hvordan du tilpasser et skema.",
        "",
    ]
    for name, kind, minutes, description in rows:
        lines += [
            f"## `{name}`: {TYPE_NAMES.get(kind, kind)}, ca. {minutes} minutter",
            "",
            description,
            "",
            f"![Første side af skemaet {name}](../images/presets/{name}.png)",
            "",
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
