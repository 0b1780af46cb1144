"""batch's fast path cleans and escapes names exactly as rendering each person whole does (issue 12, 5).

The first person of a template is rendered both ways and compared; everyone
after is filled in fast. So a name only the second row has must never make a
broken file.

N001: a name with U+FFFE, a control character or a bidi override in the second row gives a
      well-formed .docx and an .xlsx openpyxl opens, both read back with the person.
N002: a TAB or a line break in a name (a quoted CSV cell) gives a file that reads back.
N003: for any names, all of Unicode (controls and lone surrogates included), the fast
      path's parts equal rendering the person whole, and the file reads back with the
      same person (property test).
"""

from __future__ import annotations

import csv
import functools
import io
import zipfile
from pathlib import Path

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from musforms._people import Person, one_line, read_people
from musforms.answers.read import read_answers
from musforms.batch import _Renderer, comparable, run_batch
from musforms.render import find
from musforms.spec import FormSpec

SPEC = FormSpec.from_data(
    {
        "title": "MUS 2027",
        "intro": "Til {{ employee }} fra {{ leader }} i {{ region }}.",
        "variables": {"region": "Syd"},
        "sections": [{"title": "A", "questions": ["opgaver.resultater", "ledelse.samarbejdet"]}],
    }
)
FIRST = Person(2, "Anders And", "Bo Berg", "Drift", None, {"region": "Syd"})

#: Characters the cleaning of each place treats differently, to be met often.
AWKWARD = list(
    "\t\n\r\x0b\x0c\x00\x01\x1f\x7f\x85\x9f\u2028\u2029\u202e\u2066\u200f\ufeff\ufffe\uffff\ud800\udfff&<>\"'\\ "
)


def _parts_are_xml(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(name))  # raises if not well-formed


#: Rows after the first: (what is odd, the employee and department cells, what reads back).
ROWS = [
    (odd, f"Sø{odd}ren Ærø", "Drift", "Søren Ærø", "Drift")
    for odd in ["\ufffe", "\uffff", "\x01", "\x1f", "\x7f", "\x85", "\u202e", "\u2066"]
] + [
    (space, f"Ida{space}Holm", f"Løn{space}og{space}Personale", "Ida Holm", "Løn og Personale")
    for space in ["\t", "\n", "\r\n", "\x0b", "\u2028"]
]


def test_odd_characters_in_later_rows_make_valid_files_that_read_back(tmp_path: Path) -> None:
    # N001, N002
    people = tmp_path / "people.csv"
    with people.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, delimiter=";")  # quotes the cells with line breaks
        writer.writerow(["medarbejder", "afdeling", "leder"])
        writer.writerow(["Anders And", "Drift", "Bo"])
        for number, (_, employee, department, _, _) in enumerate(ROWS):
            writer.writerow([f"{employee} {number}", department, f"Bo{ROWS[number][0]}"])
    result = run_batch(SPEC, people, tmp_path / "out", formats=("docx", "xlsx"))
    assert result.ok and len(result.written) == 2 * (1 + len(ROWS))
    for number, (odd, _, _, employee, department) in enumerate(ROWS):
        for suffix in (".docx", ".xlsx"):
            path = tmp_path / "out" / f"{employee} {number}{suffix}"
            data = path.read_bytes()
            _parts_are_xml(data)
            if suffix == ".xlsx":
                openpyxl.load_workbook(io.BytesIO(data)).close()
            form = read_answers(path).form
            got = (form.employee, form.department, form.leader)
            assert got == (f"{employee} {number}", department, "Bo"), repr(odd)


@functools.cache
def _renderer(fmt: str) -> _Renderer:
    """One renderer per format for every example, its template made from :data:`FIRST`."""
    renderer = _Renderer(SPEC, None, ["region"], None)
    renderer.render(FIRST, find(fmt))
    return renderer


any_character = st.characters(codec=None, categories=None)
#: Any text at all, and text of letters, digits and spaces: names the fast path takes.
names = st.one_of(
    st.text(st.one_of(any_character, st.sampled_from(AWKWARD)), min_size=1, max_size=70),
    st.text(st.characters(categories=["L", "M", "N", "Zs", "Pd", "Po"]), min_size=1, max_size=70),
)


@settings(max_examples=40)
@given(
    employee=names,
    leader=names,
    region=names,
    fmt=st.sampled_from(["docx", "xlsx"]),
    from_a_file=st.booleans(),
)
def test_any_name_fills_in_fast_as_rendering_the_person_whole(
    employee: str, leader: str, region: str, fmt: str, from_a_file: bool
) -> None:  # N003
    if from_a_file:  # as the people reader leaves a cell
        employee, leader, region = (one_line(v)[:300].strip() for v in (employee, leader, region))
        employee = employee or "x"
    person = Person(3, employee, leader or None, "Drift", None, {"region": region})
    renderer = _renderer(fmt)
    form_format = find(fmt)
    slow = renderer.slow
    fast = renderer.render(person, form_format)
    if renderer.slow == slow:  # it went the fast way: the bytes must be the slow way's
        whole = renderer._full(person, form_format)
        assert comparable(fast, form_format) == comparable(whole, form_format)
    _parts_are_xml(fast)
    back = read_answers(io.BytesIO(fast)).form
    if from_a_file:
        assert (back.employee, back.leader) == (employee, leader or None)


def test_the_people_reader_drops_what_documents_drop(tmp_path: Path) -> None:  # N001
    people = tmp_path / "people.csv"
    people.write_text("medarbejder\nA\u202eB\u2066C\u2069\ufffeD\x85E\n", "utf-8")
    (person,) = read_people(people)
    assert isinstance(person, Person) and person.employee == "ABCDE"
