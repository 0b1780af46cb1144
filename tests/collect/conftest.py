"""Filled forms for the collect tests: people in departments, plus broken and tampered files."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from musforms import build_form, preset
from tests.fillers import fill_docx, fill_xlsx

#: Words a person wrote: none may appear in an anonymous overview.
SECRET = "Hemmelig tekst"
#: (employee, leader, department) of the forms: IT has 6, HR 5, Løn 2 and Kantine 1.
PEOPLE = [
    *((f"Ansat It {n}", "Leder Ib", "IT") for n in range(6)),
    *((f"Ansat Hr {n}", "Leder Hanne", "HR") for n in range(5)),
    *((f"Ansat Løn {n}", "Leder Lis", "Løn") for n in range(2)),
    ("Ansat Kantine 0", "Leder Kaj", "Kantine"),
]


def answers(number: int) -> dict[str, Any]:
    return {
        "opgaver.resultater": f"{SECRET} {number}",
        "ledelse.samarbejdet": 1 + number % 5,
        "kompetencer.kompetencehjul": {"samarbejde": {"now": 2, "wanted": 4}},
        "afslutning.udviklingsplan": [
            {"goal": f"Mål nummer {number}", "deadline": "2027-03-01", "follow_up": "2027-04-01"}
        ],
    }


def write_form(folder: Path, number: int, employee: str, leader: str, department: str) -> Path:
    spec = preset("standard").model_copy(
        update={"employee": employee, "leader": leader, "department": department}
    )
    form = build_form(spec)
    buffer = io.BytesIO()
    if number % 2:
        form.to_docx(buffer)
        data, suffix = fill_docx(form, buffer.getvalue(), answers(number)), "docx"
    else:
        form.to_xlsx(buffer)
        data, suffix = fill_xlsx(form, buffer.getvalue(), answers(number)), "xlsx"
    path = folder / f"{employee}.{suffix}"
    path.write_bytes(data)
    return path


@pytest.fixture(scope="session")
def good(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("good")
    return [write_form(folder, n, *person) for n, person in enumerate(PEOPLE)]


@pytest.fixture(scope="session")
def bad(tmp_path_factory: pytest.TempPathFactory, good: list[Path]) -> list[Path]:
    """A broken zip, an empty file, random bytes, a truncated form and a tampered one."""
    from tests.security import hostile

    folder = tmp_path_factory.mktemp("bad")
    docx = next(p for p in good if p.suffix == ".docx")
    made = {
        "broken.docx": b"PK\x03\x04 not really a zip",
        "empty.xlsx": b"",
        "random.docx": bytes(range(256)) * 40,
        "truncated.docx": docx.read_bytes()[:2000],
        "tampered.docx": hostile.with_payload(
            docx.read_bytes(), lambda p: p.update(form_id="0" * 16)
        ),
    }
    paths = []
    for name, data in made.items():
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    return paths
