"""(h) The fixed costs every command pays: one 'musforms build', and a batch next to its floor.

- ``musforms build --preset standard -o x.docx`` as a child process, start-up included,
  median of several runs, with the bank cache warm (as every command after the first
  finds it) and, for contrast, with it off (``MUSFORMS_NO_CACHE=1``, the YAML parsed);
  beside it, importing the libraries it uses alone (click, pydantic, lxml): the part of
  the build that no change to musforms can remove.
- ``musforms batch`` of N people next to its floor: writing the very same N files
  atomically (``write_atomically``, as batch does) with their bytes already in memory.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _cli import _people_csv
from _report import Report
from _timing import musforms_command, run_child

__all__ = ["fixed_costs_case"]

BUILD_MS = 200.0
BATCH_OVER_FLOOR = 1.5

_FLOOR = """
import pathlib, sys, time
from musforms._atomic import write_atomically
source, target = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
files = [(p.name, p.read_bytes()) for p in sorted(source.iterdir())]
target.mkdir()
start = time.perf_counter()
for name, data in files:
    write_atomically(target / name, data)
print(time.perf_counter() - start)
"""


def _child_env(folder: Path) -> dict[str, str]:
    """The environment of the timed commands: a cache folder of their own (warmed first)."""
    return dict(os.environ, XDG_CACHE_HOME=str(folder / "cache"))


#: What a build imports that is not musforms: the floor of any command written with them.
_LIBRARIES = (
    "import click, lxml.etree, pydantic, pydantic.fields, pydantic.functional_validators, "
    "pydantic.types, importlib.metadata"
)


def _median_ms(argv: list[str], runs: int) -> float:
    subprocess.run(argv, check=True)
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True)
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds) * 1000


def _builds(folder: Path, runs: int, *, cache: bool) -> float:
    env = _child_env(folder)
    if not cache:
        env["MUSFORMS_NO_CACHE"] = "1"
    argv = [*musforms_command(), "build", "--preset", "standard", "-o", str(folder / "x.docx")]
    subprocess.run(argv, env=env, check=True, capture_output=True)  # warm: the cache, the disk
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, env=env, check=True, capture_output=True)
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds) * 1000


def fixed_costs_case(report: Report, runs: int, people: int) -> None:
    """(h) build's wall time; a batch against writing its files alone."""
    with tempfile.TemporaryDirectory(prefix="musforms-bench-") as name:
        folder = Path(name)
        warm = _builds(folder, runs, cache=True)
        cold = _builds(folder, runs, cache=False)
        bare = _median_ms([sys.executable, "-c", "pass"], runs)
        libraries = _median_ms([sys.executable, "-c", _LIBRARIES], runs)
        report.row(
            "h",
            "musforms build --preset standard -o x.docx",
            warm,
            "ms",
            f"median of {runs}; python -c pass {bare:.0f} ms",
        )
        report.row(
            "h", "the same, bank cache off (YAML parsed)", cold, "ms", f"= {cold / warm:.2f}x"
        )
        report.row(
            "h",
            "importing its libraries alone (click, pydantic, lxml)",
            libraries,
            "ms",
            f"= {libraries / warm:.0%} of the build",
        )
        report.target(
            "h", f"build in at most {BUILD_MS:g} ms wall", warm <= BUILD_MS, f"{warm:.0f} ms"
        )

        csv = folder / "people.csv"
        _people_csv(csv, people)
        out = folder / "out"
        batch = run_child(
            [
                *musforms_command(),
                "batch",
                "--preset",
                "standard",
                "--people",
                csv,
                "--out-dir",
                out,
            ],
            env=_child_env(folder),
        ).check("musforms batch")
        floor_child = run_child([sys.executable, "-c", _FLOOR, out, folder / "copy"]).check(
            "the write floor"
        )
        floor = float(floor_child.stdout.strip().splitlines()[-1])
        ratio = batch.seconds / floor
        report.row(
            "h",
            f"musforms batch, {people:,} .docx, start-up included",
            batch.seconds,
            "s",
            f"= {ratio:.2f}x the floor",
        )
        report.row("h", f"floor: writing the same {people:,} files atomically", floor, "s")
        report.target(
            "h",
            f"batch of {people:,} within {BATCH_OVER_FLOOR:g}x of writing its files",
            ratio <= BATCH_OVER_FLOOR,
            f"{ratio:.2f}x",
            scaled=True,
        )
