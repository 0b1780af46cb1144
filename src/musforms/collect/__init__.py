"""collect: many filled forms into one overview workbook for HR.

Reading goes file by file and never stops at a bad one: a file that cannot be
read is listed with the reason on its own sheet. Free-text answers are left
out unless asked for (they are the most personal data in a MUS), and names can
be replaced by stable pseudonyms.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from musforms.answers.model import Answers
from musforms.errors import MusformsError

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["Overview", "collect", "read_many"]

TEXT_KINDS = frozenset({"text", "long_text"})
RATING_KINDS = frozenset({"scale", "smiley"})
CHOICE_KINDS = frozenset({"yes_no", "choice", "multi_choice", "date"})

_WORDS = {
    "da": {
        "about": "Om overblikket",
        "people": "Personer",
        "ratings": "Skalaer og smileys",
        "spread": "Fordeling",
        "choices": "Ja-nej og valg",
        "wheels": "Kompetencer",
        "plans": "Udviklingsplaner",
        "texts": "Fritekst",
        "failed": "Kunne ikke læses",
        "title": "Overblik over MUS-svar",
        "made": "Lavet",
        "read": "Skemaer læst",
        "failed_n": "Skemaer der ikke kunne læses",
        "privacy_out": (
            "Fritekstsvar er udeladt af hensyn til privatlivet "
            "(brug --include-text for at tage dem med)."
        ),
        "privacy_in": (
            "Fritekstsvar er taget med. Overblikket indeholder personoplysninger: del det varsomt."
        ),
        "anonymous": "Navne er erstattet af faste pseudonymer.",
        "person": "Person",
        "file": "Fil",
        "employee": "Medarbejder",
        "leader": "Leder",
        "department": "Afdeling",
        "date": "Dato",
        "form": "Skema",
        "answered": "Besvaret",
        "missing": "Ubesvaret",
        "question": "Spørgsmål",
        "n": "Antal svar",
        "average": "Gennemsnit",
        "competence": "Kompetence",
        "now": "Nu (gns.)",
        "wanted": "Ønsket (gns.)",
        "gap": "Forskel",
        "goal": "Mål",
        "action": "Handling",
        "responsible": "Ansvarlig",
        "deadline": "Frist",
        "follow_up": "Opfølgning",
        "overdue": "Overskredet",
        "status": "Status",
        "reason": "Årsag",
        "yes": "Ja",
        "no": "Nej",
    },
    "en": {
        "about": "About",
        "people": "People",
        "ratings": "Scales and smileys",
        "spread": "Distribution",
        "choices": "Yes-no and choices",
        "wheels": "Competences",
        "plans": "Development plans",
        "texts": "Free text",
        "failed": "Could not be read",
        "title": "Overview of MUS answers",
        "made": "Made",
        "read": "Forms read",
        "failed_n": "Forms that could not be read",
        "privacy_out": (
            "Free-text answers are left out for privacy (use --include-text to include them)."
        ),
        "privacy_in": (
            "Free-text answers are included. The overview holds personal data: share it with care."
        ),
        "anonymous": "Names are replaced by stable pseudonyms.",
        "person": "Person",
        "file": "File",
        "employee": "Employee",
        "leader": "Leader",
        "department": "Department",
        "date": "Date",
        "form": "Form",
        "answered": "Answered",
        "missing": "Unanswered",
        "question": "Question",
        "n": "Answers",
        "average": "Average",
        "competence": "Competence",
        "now": "Now (avg.)",
        "wanted": "Wanted (avg.)",
        "gap": "Gap",
        "goal": "Goal",
        "action": "Action",
        "responsible": "Responsible",
        "deadline": "Deadline",
        "follow_up": "Follow-up",
        "overdue": "Overdue",
        "status": "Status",
        "reason": "Reason",
        "yes": "Yes",
        "no": "No",
    },
}


@dataclass
class Overview:
    """The answers read and the files that failed, ready to write as a workbook."""

    answers: list[Answers] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Tell whether every file was read."""
        return not self.failed


#: Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM = 40


def _read_one(source: str | Path) -> tuple[Answers | None, str | None]:
    """Read one file; return its answers, or the reason it failed (picklable either way)."""
    from musforms.answers.read import read_answers

    try:
        return read_answers(source), None
    except MusformsError as exc:
        return None, exc.reason


def read_many(
    sources: Iterable[str | Path],
    *,
    progress: Callable[[str], None] | None = None,
    jobs: int = 0,
) -> Overview:
    """Read every file, keeping the answers and the reasons of the failures, in order.

    A file that fails never stops the others. ``jobs`` worker processes read
    in parallel (0: one per CPU, for runs of at least ``PARALLEL_FROM`` files).
    """
    import os

    files = list(sources)
    workers = jobs or min(os.cpu_count() or 1, 4)
    if len(files) < PARALLEL_FROM:
        workers = 1
    overview = Overview()
    results: Iterable[tuple[Answers | None, str | None]]
    if workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(workers)
        results = pool.map(_read_one, files, chunksize=8)
    else:
        pool = None
        results = map(_read_one, files)
    try:
        for source, (answers, reason) in zip(files, results, strict=True):
            if answers is not None:
                overview.answers.append(answers)
            else:
                overview.failed.append((str(source), reason or ""))
            if progress is not None:
                progress(str(source))
    finally:
        if pool is not None:
            pool.shutdown()
    return overview


def pseudonym(name: str) -> str:
    """Return a stable pseudonym for ``name``: the same name always gives the same one."""
    digest = hashlib.sha256(name.strip().casefold().encode("utf-8")).hexdigest()
    return f"P-{digest[:6]}"


def collect(
    sources: Sequence[str | Path],
    target: str | Path | BinaryIO,
    *,
    anonymous: bool = False,
    include_text: bool = False,
    language: str = "da",
    today: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
    jobs: int = 0,
) -> Overview:
    """Read ``sources`` and write the overview workbook to ``target``.

    Returns the :class:`Overview`, whose ``failed`` lists the files that could not
    be read (they are also on the workbook's last sheet).
    """
    overview = read_many(sources, progress=progress, jobs=jobs)
    write_overview(
        overview,
        target,
        anonymous=anonymous,
        include_text=include_text,
        language=language,
        today=today or dt.date.today(),
    )
    return overview


def write_overview(
    overview: Overview,
    target: str | Path | BinaryIO,
    *,
    anonymous: bool,
    include_text: bool,
    language: str,
    today: dt.date,
) -> None:
    """Write ``overview`` as an .xlsx workbook (atomically when ``target`` is a path)."""
    import io

    from openpyxl import Workbook

    from musforms._atomic import write_atomically

    words = _WORDS["en" if language == "en" else "da"]
    book = Workbook()
    writer = _OverviewWriter(book, words, overview, anonymous, include_text, today)
    writer.write()
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomically(target, buffer.getvalue())


class _OverviewWriter:
    def __init__(
        self,
        book: Any,
        words: dict[str, str],
        overview: Overview,
        anonymous: bool,
        include_text: bool,
        today: dt.date,
    ) -> None:
        self.book = book
        self.w = words
        self.overview = overview
        self.anonymous = anonymous
        self.include_text = include_text
        self.today = today
        self.people = [self._who(a, i) for i, a in enumerate(overview.answers, start=1)]

    def _who(self, answers: Answers, index: int) -> str:
        name = answers.form.employee or (answers.source.name if answers.source else f"#{index}")
        return pseudonym(name) if self.anonymous else name

    def _name(self, value: str | None) -> str:
        if not value:
            return ""
        return pseudonym(value) if self.anonymous else value

    def write(self) -> None:
        self._about(self.book.active)
        self._people(self.book.create_sheet(self.w["people"]))
        self._kind_sheet(self.w["ratings"], RATING_KINDS)
        self._spread(self.book.create_sheet(self.w["spread"]))
        self._kind_sheet(self.w["choices"], CHOICE_KINDS)
        self._wheels(self.book.create_sheet(self.w["wheels"]))
        self._plans(self.book.create_sheet(self.w["plans"]))
        if self.include_text:
            self._kind_sheet(self.w["texts"], TEXT_KINDS)
        self._failed(self.book.create_sheet(self.w["failed"]))
        for sheet in self.book.worksheets:
            # Printed, each sheet is as wide as an A4 landscape page, rows running on.
            sheet.page_setup.orientation = "landscape"
            sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
            sheet.page_setup.fitToWidth = 1
            sheet.page_setup.fitToHeight = 0
            sheet.sheet_properties.pageSetUpPr.fitToPage = True

    # -- sheets --------------------------------------------------------------

    def _about(self, sheet: Worksheet) -> None:
        from openpyxl.styles import Font

        sheet.title = self.w["about"]
        rows: list[tuple[str, Any]] = [
            (self.w["title"], ""),
            (self.w["made"], self.today.isoformat()),
            (self.w["read"], len(self.overview.answers)),
            (self.w["failed_n"], len(self.overview.failed)),
            (self.w["privacy_in"] if self.include_text else self.w["privacy_out"], ""),
        ]
        if self.anonymous:
            rows.append((self.w["anonymous"], ""))
        for row in rows:
            _append(sheet, row)
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.column_dimensions["A"].width = 60
        sheet.column_dimensions["B"].width = 14

    def _people(self, sheet: Worksheet) -> None:
        w = self.w
        header = [
            w["person"],
            w["leader"],
            w["department"],
            w["date"],
            w["form"],
            w["answered"],
            w["missing"],
        ]
        if not self.anonymous:
            header.insert(1, w["file"])
        _header(sheet, header)
        for who, answers in zip(self.people, self.overview.answers, strict=True):
            row: list[Any] = [
                who,
                self._name(answers.form.leader),
                answers.form.department or "",
                answers.form.date or "",
                answers.form.title,
                len(answers),
                len(answers.missing),
            ]
            if not self.anonymous:
                row.insert(1, answers.source.name if answers.source else "")
            _append(sheet, row)
        _widths(sheet, [24, 24, 20, 16, 12, 30, 10, 10])

    def _questions(self, kinds: frozenset[str]) -> list[tuple[str, str, str]]:
        """Return (id, kind, title) of the questions of these kinds in any form, in order seen."""
        seen: dict[str, tuple[str, str, str]] = {}
        for answers in self.overview.answers:
            for question_id, prop in answers.schema.get("properties", {}).items():
                kind = prop.get("x-musforms", {}).get("kind")
                if kind in kinds and question_id not in seen:
                    seen[question_id] = (question_id, kind, str(prop.get("title", question_id)))
        return list(seen.values())

    def _kind_sheet(self, title: str, kinds: frozenset[str]) -> None:
        sheet = self.book.create_sheet(title)
        questions = self._questions(kinds)
        _header(sheet, [self.w["person"], *(f"{t} [{q}]" for q, _, t in questions)])
        for who, answers in zip(self.people, self.overview.answers, strict=True):
            row: list[Any] = [who]
            for question_id, kind, _ in questions:
                row.append(self._cell(answers.get(question_id), kind, answers, question_id))
            _append(sheet, row)
        _widths(sheet, [24, *([28] * len(questions))])

    def _cell(self, value: Any, kind: str, answers: Answers, question_id: str) -> Any:
        if value is None:
            return ""
        if kind == "yes_no":
            return self.w["yes"] if value else self.w["no"]
        if kind in {"choice", "multi_choice"}:
            labels = _option_titles(answers, question_id)
            items = value if isinstance(value, list) else [value]
            return ", ".join(labels.get(item) or str(item) for item in items)
        return value

    def _spread(self, sheet: Worksheet) -> None:
        questions = self._questions(RATING_KINDS)
        values: dict[str, list[int]] = defaultdict(list)
        top = 5
        for answers in self.overview.answers:
            for question_id, _, _ in questions:
                value = answers.get(question_id)
                if isinstance(value, int) and not isinstance(value, bool):
                    values[question_id].append(value)
                    top = max(top, value)
        _header(
            sheet,
            [self.w["question"], self.w["n"], self.w["average"], *map(str, range(0, top + 1))],
        )
        for question_id, _, title in questions:
            found = values[question_id]
            average = round(sum(found) / len(found), 2) if found else ""
            counts = [found.count(point) for point in range(0, top + 1)]
            _append(sheet, [f"{title} [{question_id}]", len(found), average, *counts])
        sheet.column_dimensions["A"].width = 70

    def _wheels(self, sheet: Worksheet) -> None:
        from openpyxl.chart import RadarChart, Reference

        row = 1
        for question_id, _, title in self._questions(frozenset({"competence_wheel"})):
            names: dict[str, str] = {}
            sums: dict[str, list[list[int]]] = defaultdict(lambda: [[], []])
            for answers in self.overview.answers:
                info = answers.questions.get(question_id)
                for comp_id, text in (info.competences if info else {}).items():
                    names.setdefault(comp_id, text)
                for comp_id, rating in (answers.get(question_id) or {}).items():
                    for part, slot in (("now", 0), ("wanted", 1)):
                        if isinstance(rating.get(part), int):
                            sums[comp_id][slot].append(rating[part])
            _put(sheet, row, [f"{title} [{question_id}]"], bold=True)
            _put(
                sheet,
                row + 1,
                [self.w["competence"], self.w["now"], self.w["wanted"], self.w["gap"]],
                bold=True,
            )
            stats = []
            for comp_id, name in names.items():
                now, wanted = (sum(v) / len(v) if v else None for v in sums[comp_id])
                gap = round(wanted - now, 2) if now is not None and wanted is not None else None
                stats.append((name, _round(now), _round(wanted), gap))
            stats.sort(key=lambda s: -(s[3] or 0))  # the largest gaps first
            for offset, stat in enumerate(stats, start=2):
                _put(sheet, row + offset, list(stat))
            if stats:
                chart = RadarChart()
                chart.type = "marker"
                chart.title = title[:80]
                data = Reference(
                    sheet, min_col=2, max_col=3, min_row=row + 1, max_row=row + 1 + len(stats)
                )
                labels = Reference(sheet, min_col=1, min_row=row + 2, max_row=row + 1 + len(stats))
                chart.add_data(data, titles_from_data=True)
                chart.set_categories(labels)
                chart.height, chart.width = 11, 18
                sheet.add_chart(chart, f"F{row}")
            row += max(len(stats) + 4, 20)
        _widths(sheet, [40, 14, 14, 10])

    def _plans(self, sheet: Worksheet) -> None:
        from openpyxl.styles import Font, PatternFill

        w = self.w
        fields = ("goal", "action", "responsible", "deadline", "follow_up")
        _header(sheet, [w["person"], *(w[f] for f in fields), w["status"]])
        rows: list[list[Any]] = []
        plans = self._questions(frozenset({"action_plan"}))
        for who, answers in zip(self.people, self.overview.answers, strict=True):
            for question_id, _, _ in plans:
                for plan_row in answers.get(question_id) or []:
                    follow = plan_row.get("follow_up") or ""
                    overdue = bool(follow) and follow < self.today.isoformat()
                    rows.append(
                        [
                            who,
                            *(self._plan_value(plan_row, f) for f in fields),
                            w["overdue"] if overdue else "",
                        ]
                    )
        rows.sort(key=lambda r: (r[4] == "", r[4]))  # by deadline, rows without one last
        red = PatternFill("solid", fgColor="F8D7DA")
        for row in rows:
            cells = _append(sheet, row)
            if row[-1]:
                for cell in cells:
                    cell.fill = red
                cells[-1].font = Font(bold=True, color="9A1B1B")
        for column, width in zip("ABCDEFG", (16, 40, 40, 18, 12, 12, 14), strict=True):
            sheet.column_dimensions[column].width = width

    @staticmethod
    def _plan_value(row: dict[str, Any], name: str) -> Any:
        # Plan rows are the agreement HR follows up, so they are kept even without
        # --include-text; the about sheet says what is left out.
        return row.get(name) or ""

    def _failed(self, sheet: Worksheet) -> None:
        _header(sheet, [self.w["file"], self.w["reason"]])
        for source, reason in self.overview.failed:
            # File names are usually people's names.
            name = pseudonym(Path(source).stem) if self.anonymous else Path(source).name
            _append(sheet, [name, reason])
        sheet.column_dimensions["A"].width = 30
        sheet.column_dimensions["B"].width = 100


def _option_titles(answers: Answers, question_id: str) -> dict[str, str]:
    prop = answers.schema.get("properties", {}).get(question_id, {})
    options = prop.get("oneOf") or prop.get("items", {}).get("oneOf") or []
    return {str(o.get("const")): str(o.get("title", o.get("const"))) for o in options}


def _round(value: float | None) -> float | None:
    return round(value, 2) if value is not None else None


def _set(cell: Cell, value: Any) -> None:
    """Store a value; text goes through the renderer's put_text (never a formula, no bad XML)."""
    from musforms.ooxml.xlsx_text import put_text

    if isinstance(value, str):
        put_text(cell, value)
    else:
        cell.value = value


def _append(sheet: Worksheet, row: Sequence[Any]) -> list[Cell]:
    """Append a row and return its cells; text that looks like a formula stays text.

    The cells are made first and handed to ``append``: looking them up again
    through ``max_row`` scans the whole sheet each time (quadratic in rows).
    """
    from openpyxl.cell.cell import Cell

    cells = []
    for value in row:
        cell = Cell(sheet)
        _set(cell, value)
        cells.append(cell)
    sheet.append(cells)
    return cells


def _put(sheet: Worksheet, row: int, values: Sequence[Any], *, bold: bool = False) -> None:
    from openpyxl.styles import Font

    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row, column)
        _set(cell, value)
        if bold:
            cell.font = Font(bold=True)


def _widths(sheet: Worksheet, widths: Sequence[float]) -> None:
    from openpyxl.utils import get_column_letter

    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width


def _header(sheet: Worksheet, names: Sequence[str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    for cell in _append(sheet, names):
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E4ECF4")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"
