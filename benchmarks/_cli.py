"""The cases measured as child processes, start-up included: (b) and (e) batch wall time and
memory, (d) collect, (f) CLI start-up, (g) import time."""

from __future__ import annotations

import csv
import re
import shutil
import site
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from _fill import corpus
from _report import Report
from _timing import musforms_command, run_child

import musforms

__all__ = ["batch_case", "collect_case", "import_case", "startup_case"]

#: The 'musforms batch' targets: (b) wall time for the large batch, (e) its flat memory.
BATCH_SECONDS = 15.0
MEMORY_GROWTH = 1.5
COLLECT_SECONDS = 20.0
COLLECT_MIB = 300.0
STARTUP_MS = 120.0


def _people_csv(path: Path, count: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["employee", "leader", "department"])
        for n in range(count):
            writer.writerow([f"Medarbejder Ærø {n:05d}", f"Leder Øster {n % 40:02d}", "IT"])


def _batch(folder: Path, people: Path, fmt: str, count: int) -> tuple[float, float]:
    """Run one fresh 'musforms batch' and return its wall seconds and peak MiB."""
    out = folder / f"out-{fmt}"
    shutil.rmtree(out, ignore_errors=True)  # a second run into the same folder writes nothing
    child = run_child(
        [
            *musforms_command(),
            "batch",
            "--preset",
            "standard",
            "--people",
            people,
            "--out-dir",
            out,
            "-f",
            fmt,
        ]
    ).check(f"musforms batch -f {fmt}")
    written = sum(1 for _ in out.glob(f"*.{fmt}"))
    if written != count:
        raise RuntimeError(f"musforms batch -f {fmt} wrote {written} files for {count} people")
    shutil.rmtree(out)
    return child.seconds, child.peak_mib


def batch_case(report: Report, large: int, small: int, runs: int) -> None:
    """(b) wall time of 'musforms batch' for many people; (e) its peak memory, large vs small."""
    with tempfile.TemporaryDirectory(prefix="musforms-bench-") as name:
        folder = Path(name)
        files = {}
        for count in (large, small):
            files[count] = folder / f"people-{count}.csv"
            _people_csv(files[count], count)
        for fmt in ("docx", "xlsx"):
            measured: dict[int, list[tuple[float, float]]] = defaultdict(list)
            for _ in range(runs):  # interleaved, so that both sizes see the same machine
                for count in (large, small):
                    measured[count].append(_batch(folder, files[count], fmt, count))
            wall = {c: statistics.median(s for s, _ in m) for c, m in measured.items()}
            peak = {c: max(p for _, p in m) for c, m in measured.items()}
            growth = peak[large] / peak[small]
            report.row(
                "b",
                f"musforms batch: {large:,} .{fmt}, start-up included",
                wall[large],
                "s",
                f"= {wall[large] / large * 1e3:.2f} ms/doc overall; {small:,} take "
                f"{wall[small]:.2f} s",
            )
            report.row(
                "e",
                f"musforms batch peak memory, {large:,} .{fmt}",
                peak[large],
                "MiB",
                f"= {growth:.2f}x the peak for {small:,} ({peak[small]:.0f} MiB)",
            )
            report.target(
                "b",
                f"{large:,} .{fmt} in under {BATCH_SECONDS:g} s wall",
                wall[large] < BATCH_SECONDS,
                f"{wall[large]:.1f} s",
                scaled=True,
            )
            report.target(
                "e",
                f"batch memory for {large:,} .{fmt} within {MEMORY_GROWTH:g}x of {small:,}",
                growth <= MEMORY_GROWTH,
                f"{peak[large]:.0f} vs {peak[small]:.0f} MiB = {growth:.2f}x",
                scaled=True,
            )


def collect_case(report: Report, count: int, runs: int) -> None:
    """(d) 'musforms collect' over filled forms, half .docx and half .xlsx: time and memory."""
    form = musforms.build_form(musforms.preset("standard"))
    with tempfile.TemporaryDirectory(prefix="musforms-bench-") as name:
        folder = Path(name) / "svar"
        paths = corpus(form, folder, count)
        argv = [*musforms_command(), "collect", *(p.name for p in paths), "-o", "../overblik.xlsx"]
        children = [run_child(argv, cwd=folder).check("musforms collect") for _ in range(runs)]
        summary = children[-1].stdout.strip().splitlines()[-1]
        if f"{count} forms read, 0 failed" not in summary:
            raise RuntimeError(f"musforms collect did not read every form: {summary}")
    wall = statistics.median(c.seconds for c in children)
    peak = max(c.peak_mib for c in children)
    report.row(
        "d",
        f"musforms collect: {count:,} filled forms (half .docx)",
        wall,
        "s",
        f"= {wall / count * 1e3:.1f} ms/form overall",
    )
    report.row("d", "musforms collect peak memory", peak, "MiB", f"= {peak / count:.3f} MiB/form")
    report.target(
        "d",
        f"collect {count:,} forms in under {COLLECT_SECONDS:g} s",
        wall < COLLECT_SECONDS,
        f"{wall:.1f} s",
        scaled=True,
    )
    report.target(
        "d",
        f"collect {count:,} forms in under {COLLECT_MIB:g} MiB peak",
        peak < COLLECT_MIB,
        f"{peak:.0f} MiB",
        scaled=True,
    )


def startup_case(report: Report, runs: int) -> None:
    """(f) 'musforms --version', '--help' and 'bank' against 'python -c pass'."""
    command = musforms_command()
    # For contrast, the same without site's .pth files (python -S), which on some machines
    # import packages at every start-up; musforms and its dependencies put on the path by hand.
    paths = [str(Path(musforms.__file__).parent.parent), *site.getsitepackages()]
    bare = f"import sys; sys.path[1:1] = {paths!r}; from musforms.cli import main; main()"
    variants = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "musforms --version": [*command, "--version"],
        "musforms --help": [*command, "--help"],
        "musforms bank": [*command, "bank"],
        "python -S -c pass": [sys.executable, "-S", "-c", "pass"],
        "musforms --version, no site (-S)": [sys.executable, "-S", "-c", bare, "--version"],
    }
    times: dict[str, list[float]] = defaultdict(list)
    for argv in variants.values():
        run_child(argv).check(" ".join(argv[-2:]))  # warm the file cache
    for _ in range(runs):
        for name, argv in variants.items():
            times[name].append(run_child(argv).check(name).seconds)
    medians = {name: statistics.median(t) * 1e3 for name, t in times.items()}
    for name, ms in medians.items():
        base_name = "python -S -c pass" if "-S" in name else "python -c pass"
        note = "" if name == base_name else f"= {base_name} + {ms - medians[base_name]:.0f} ms"
        report.row("f", name, ms, "ms", note)
    for name in ("musforms --version", "musforms --help"):
        report.target(
            "f",
            f"{name} under {STARTUP_MS:g} ms wall",
            medians[name] < STARTUP_MS,
            f"{medians[name]:.0f} ms, of which python -c pass {medians['python -c pass']:.0f}",
        )


_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)")


def _import_times(statement: str) -> list[tuple[int, int, int, str]]:
    """Return (self us, cumulative us, depth, module) of every import python -X importtime lists."""
    child = run_child([sys.executable, "-X", "importtime", "-c", statement]).check(statement)
    found = []
    for line in child.stderr.splitlines():
        match = _IMPORT_LINE.match(line)
        if match:
            found.append((int(match[1]), int(match[2]), len(match[3]) // 2, match[4]))
    return found


def import_case(report: Report, runs: int) -> None:
    """(g) What 'import musforms' (and two heavier submodules) cost, by python -X importtime."""
    at_start = _import_times("pass")
    startup = {module for _, _, depth, module in at_start if depth == 0}
    for module in ("musforms", "musforms.form", "musforms.render.docx"):
        totals: list[float] = []
        own: dict[str, list[int]] = defaultdict(list)
        for _ in range(runs):
            lines = _import_times(f"import {module}")
            # Top-level lines not already imported at start-up: the statement's own imports.
            totals.append(
                sum(cum for _, cum, depth, name in lines if depth == 0 and name not in startup)
                / 1e3
            )
            for self_us, _, _, name in lines:
                own[name].append(self_us)
        slowest = sorted(((statistics.median(t), n) for n, t in own.items()), reverse=True)[:4]
        note = ", ".join(f"{name} {us / 1e3:.0f}" for us, name in slowest if us >= 3_000)
        report.row(
            "g",
            f"import {module}",
            statistics.median(totals),
            "ms",
            f"(largest self times, ms: {note})" if note else "",
        )
