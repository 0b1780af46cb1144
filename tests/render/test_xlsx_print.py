"""The printed workbook: pages that end where they should, in Excel and LibreOffice alike.

Requirements checked here (cited in the tests):

P001 the page breaks fill each page at most to its printable height, and never part
     rows that keep together (unless the group is longer than a page)
P002 in every preset, a section heading keeps with its first question, and the signature
     lines with the plan's last row
P003 LibreOffice prints every preset's workbook on the planned pages: no page of its own,
     no page that starts with a section's first question while its heading was left on
     the page before, no page that holds only the signature lines
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import musforms
from musforms import FormBuilder
from musforms.form import Form, FormQuestion
from musforms.render._sheet import sheet_sections
from musforms.render.xlsx import xlsx_bytes
from musforms.render.xlsx._pages import Margins, Pages, scale_to_width, snap
from musforms.words import labels, signers
from tests.fillers import fill_xlsx
from tests.render.conftest import soffice_pdf, typed_form

PRESETS = list(musforms.presets())
LANGUAGES = ("da", "en")
_FILL = 0.97


# -- P001 the break rule ----------------------------------------------------------


def pages_of(pages: Pages, ends: list[int]) -> list[list[int]]:
    rows = sorted(pages.heights)
    result: list[list[int]] = [[]]
    for row in rows:
        result[-1].append(row)
        if row in ends:
            result.append([])
    return [page for page in result if page]


def test_a_heading_glued_to_its_question_moves_to_the_next_page() -> None:
    """P001."""
    pages = Pages()
    for row in range(1, 9):
        pages.row(row, 90)
    pages.row(9, 30, keep_with_next=True)  # a heading
    pages.row(10, 90)  # its question: row 9 would fit on page 1, row 10 would not
    ends = pages.breaks(page_height=801 / _FILL, scale=100)
    assert ends == [8]


def test_repeated_rows_take_room_on_every_later_page() -> None:
    """P001."""
    pages = Pages()
    pages.row(1, 99)
    for row in range(2, 26):
        pages.row(row, 99)
    ends = pages.breaks(page_height=991 / _FILL, scale=100, repeat=(1,))
    assert ends[0] == 10  # page 1: rows 1-10
    assert ends[1] == 19  # page 2: the repeated row 1, then rows 11-19


def test_a_group_longer_than_a_page_breaks_where_it_must() -> None:
    """P001."""
    pages = Pages()
    for row in range(1, 12):
        pages.row(row, 99, keep_with_next=True)
    pages.row(12, 99)
    assert pages.breaks(page_height=496 / _FILL, scale=100) == [5, 10]


def test_a_slightly_smaller_scale_is_taken_when_it_saves_a_page() -> None:
    """P001: eleven rows, five to a page at 100 %, print at 94 % six to a page: two pages."""
    pages = Pages()
    for row in range(1, 12):
        pages.row(row, 99)
    assert pages.breaks(page_height=560 / _FILL, scale=100) == [5, 10]
    assert pages.layout(page_height=560 / _FILL, widest=100) == (94, [6])
    few = Pages()
    for row in range(1, 4):
        few.row(row, 99)
    assert few.layout(page_height=560 / _FILL, widest=100) == (100, [])


def test_heights_snap_to_whole_pixels() -> None:
    """P001: Excel draws rows in whole pixels (0.75 pt)."""
    assert snap(20.0) == 20.25 and snap(20.25) == 20.25 and snap(96) == 96
    assert Pages().row(1, 13.1) == 13.5


def test_the_scale_fits_the_widest_reading_of_the_columns() -> None:
    """P001: LibreOffice's columns are 0.556 em of Arial 10 per unit, Excel's 5.25 pt."""
    margins = Margins()
    scale = scale_to_width((5.0, 44.0, 50.0), margins)
    assert 99 * 5.56 * scale / 100 <= margins.width < 99 * 5.56 * (scale + 2) / 100


@given(
    st.lists(
        st.tuples(st.floats(min_value=1, max_value=400), st.booleans()), min_size=1, max_size=80
    ),
    st.integers(min_value=40, max_value=100),
)
def test_every_page_fits_and_glued_rows_part_only_when_too_long(
    rows: list[tuple[float, bool]], scale: int
) -> None:
    """P001."""
    pages = Pages()
    for number, (height, keep) in enumerate(rows, start=1):
        pages.row(number, height, keep_with_next=keep)
    height = 700.0
    room = height * _FILL * 100 / scale
    ends = pages.breaks(page_height=height, scale=scale)
    assert ends == sorted(set(ends)) and len(rows) not in ends
    for page in pages_of(pages, ends):
        used = sum(pages.heights[row] for row in page)
        assert used <= room or len(page) == 1 or all(r in pages.glued for r in page[:-1])
    for end in ends:
        if end in pages.glued:  # a glued pair parted: only inside a group too long for a page
            group = [end]
            while group[0] - 1 in pages.glued:
                group.insert(0, group[0] - 1)
            group.append(group[-1] + 1)
            while group[-1] in pages.glued:
                group.append(group[-1] + 1)
            assert sum(pages.heights[r] for r in group if r in pages.heights) > room


# -- P002 headings and signatures in the presets ------------------------------------


def main_breaks(book: openpyxl.Workbook) -> set[int]:
    return {brk.id for brk in book.worksheets[0].row_breaks.brk}


def heading_rows(form: Form, sheet: object) -> list[tuple[int, int]]:
    """Return each section heading's row and its first question's row on the main sheet."""
    titles = {section.title for section in sheet_sections(form)}
    found = []
    rows = list(sheet.iter_rows(min_col=1, max_col=1))  # type: ignore[attr-defined]
    for index, (cell,) in enumerate(rows):
        if cell.value in titles:
            question = next(
                r[0].row for r in rows[index:] if re.fullmatch(r"\d+\.", str(r[0].value))
            )
            found.append((cell.row, question))
    assert len(found) == len(titles)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PRESETS, ids=str)
def test_a_section_heading_keeps_with_its_first_question(name: str, language: str) -> None:
    """P002."""
    form = typed_form(name, language)
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(form)))
    breaks = main_breaks(book)
    for heading, question in heading_rows(form, book.worksheets[0]):
        assert not breaks & set(range(heading, question)), (heading, question)


# -- P003 LibreOffice prints them so --------------------------------------------------


def long_plan_form(language: str) -> Form:
    """A form whose 18-row plan runs over a page: its signatures must not end up alone."""
    builder = FormBuilder(
        title="MUS 2027",
        organisation="Eksempel Kommune",
        language=language,  # type: ignore[arg-type]
    )
    builder.section("Plan").tick("udvikling.blive_bedre_til")
    builder.add_question(text="Plan", kind="action_plan", rows=18, id="plan")
    return builder.build()


def sheet_plan(form: Form) -> FormQuestion | None:
    """Return the plan question the workbook shows (``None``: none)."""
    plans = [q for s in sheet_sections(form) for q in s.questions if q.kind == "action_plan"]
    assert len(plans) <= 1
    return plans[0] if plans else None


def printable(form: Form) -> bytes:
    """The workbook, with every plan row's goal written so that the rows show in the text."""
    plan = sheet_plan(form)
    if plan is None:
        return xlsx_bytes(form)
    rows = [{"goal": f"Goal {n}"} for n in range(1, (plan.rows or 5) + 1)]
    return fill_xlsx(form, xlsx_bytes(form), {plan.id: rows})


def case_forms() -> dict[str, Form]:
    forms = {f"{name}-{lang}": typed_form(name, lang) for name in PRESETS for lang in LANGUAGES}
    forms["long-plan-da"] = long_plan_form("da")
    forms["grus-as-grus-en"] = typed_form("grus", "en", "grus")
    forms["leder-as-lus-da"] = typed_form("leder", "da", "lus")
    return forms


CASES = list(case_forms())


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Form, list[str]]]:
    """Every case's workbook printed by LibreOffice, in one run: the form and its pages' text."""
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("needs LibreOffice and pdftotext")
    folder = tmp_path_factory.mktemp("print")
    forms = case_forms()
    for case, form in forms.items():
        (folder / f"{case}.xlsx").write_bytes(printable(form))
    soffice_pdf(sorted(folder.glob("*.xlsx")), folder)
    result = {}
    for case, form in forms.items():
        text = subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", str(folder / f"{case}.pdf"), "-"],
            check=True,
            capture_output=True,
        ).stdout.decode("utf-8")
        result[case] = (form, text.split("\f")[:-1])
    return result


def content(page: str) -> list[str]:
    """Return a page's lines of text, without blank lines and the page number."""
    lines = [" ".join(line.split()) for line in page.splitlines()]
    number = re.compile(r"(Side|Page) \d+ (af|of) \d+")
    return [line for line in lines if line and not number.fullmatch(line)]


def first_numbers(form: Form) -> dict[int, str]:
    """Return the number of each section's first question, and the section's heading."""
    numbers, count = {}, 0
    for section in sheet_sections(form):
        numbers[count + 1] = section.title
        count += len(section.questions)
    return numbers


@pytest.mark.soffice
@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=str)
def test_libreoffice_prints_no_stranded_heading_and_no_lonely_signatures(
    case: str, printed: dict[str, tuple[Form, list[str]]]
) -> None:
    """P003."""
    form, pages = printed[case]
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(form)))
    planned = sum(len(sheet.row_breaks.brk) + 1 for sheet in book.worksheets[:-1])
    assert len(pages) == planned, "LibreOffice broke a page of its own"
    title = " ".join(form.title.split())
    starts = first_numbers(form)
    for number, page in enumerate(pages[1:], start=2):
        lines = content(page)
        if len(lines) > 1 and lines[0] == title:  # a later page of the main sheet
            first = re.match(r"(\d+)\. ", lines[1])
            if first and int(first.group(1)) in starts:
                heading = starts[int(first.group(1))]
                assert heading in lines, f"page {number} starts without its heading {heading!r}"
    signature = labels(form.language)["signature"]
    signed = [n for n, page in enumerate(pages) if signature in page]
    plan = sheet_plan(form)
    if plan is None or not signers(form.type, form.language):
        assert not signed
        return
    assert len(signed) == 1
    lines = content(pages[signed[0]])
    assert len([line for line in lines if line.startswith(signature)]) == len(
        signers(form.type, form.language)
    )
    last = plan.rows or 5
    assert any(re.search(rf"\bGoal {last}\b", line) for line in lines), "signatures alone"
