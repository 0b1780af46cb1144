"""Run every musforms benchmark, next to its alternatives, and judge the targets.

Usage: python benchmarks/run.py [--quick] [--output FILE] [--only a,b,...] [--strict]

Cases (see benchmarks/README.md):
  a  the standard form to .docx and .xlsx, against plain python-docx building the same
  b  personalising per person: musforms, the zip floor, docxtpl; and a whole
     'musforms batch' of 8,000 people, start-up included
  c  reading a filled .docx/.xlsx back, against opening it with python-docx/openpyxl
  d  'musforms collect' over 1,000 filled forms: wall time and peak memory
  e  peak memory of 'musforms batch' for 8,000 people against 100
  f  CLI start-up: --version, --help, bank, against 'python -c pass'
  g  'import musforms' (and two heavier modules) by python -X importtime
  h  fixed costs: 'musforms build' wall time; a batch of 2,000 against writing its files
  p  a personalised PDF: batch's fast path, its floor, and rendering from scratch
  k  'musforms collect' over 1,000 forms of which 100 are hostile: exit 2, time, memory
  l  'musforms serve' under load: 200 users at once (page, previews, .docx, .xlsx),
     1 and 2 workers, throughput and p50/p99 latency

Prints a table of medians and ratios with every target met or missed, and
writes the same as JSON. Exits 1 if a case broke, and with --strict also if a
target was missed; a missed target alone exits 0 (CI runs --quick to keep the
benchmarks from rotting, not to gate on timings of a shared machine).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # run as a file from anywhere, or imported by a test
    sys.path.insert(0, str(HERE))

from _cli import batch_case, collect_case, import_case, startup_case  # noqa: E402
from _collect_hostile import hostile_collect_case  # noqa: E402
from _fixed import fixed_costs_case  # noqa: E402
from _inproc import build_case, pdf_case, per_person_case, read_case  # noqa: E402
from _load import load_case  # noqa: E402
from _report import Report  # noqa: E402
from _timing import machine  # noqa: E402

DEFAULT_OUTPUT = HERE / "results" / "results.json"


@dataclass(frozen=True)
class Sizes:
    """How much each case does; --quick scales everything down."""

    rounds: int  # interleaved rounds of in-process timings
    per_round: int  # documents per round in the per-person case
    people: int  # the large batch
    few_people: int  # the small batch the large one's memory is compared with
    batch_runs: int  # 'musforms batch' runs per size and format
    forms: int  # filled forms for collect
    collect_runs: int
    startup_runs: int  # child processes per start-up variant
    import_runs: int
    build_runs: int  # 'musforms build' child processes for the fixed costs
    fixed_people: int  # the batch compared with writing its files alone
    hostile_good: int = 900  # good filled forms in the hostile collect
    hostile_bad: int = 100  # hostile files beside them
    load_users: int = 200  # users at once against 'musforms serve'
    load_workers: int = 2  # measured with 1 .. this many workers
    load_paced: int = 1  # 1: also the paced arrival (users ramp up and think between clicks)


FULL = Sizes(
    rounds=15,
    per_round=50,
    people=8000,
    few_people=100,
    batch_runs=3,
    forms=1000,
    collect_runs=3,
    startup_runs=20,
    import_runs=7,
    build_runs=9,
    fixed_people=2000,
    load_users=200,
    load_workers=2,
    load_paced=1,
)
QUICK = Sizes(
    rounds=5,
    per_round=25,
    people=200,
    few_people=20,
    batch_runs=1,
    forms=50,
    collect_runs=1,
    startup_runs=5,
    import_runs=3,
    build_runs=3,
    fixed_people=200,
    hostile_good=45,
    hostile_bad=14,
    load_users=20,
    load_workers=1,
    load_paced=0,
)


def cases(sizes: Sizes) -> dict[str, Callable[[Report], None]]:
    """Return each case's run, by its letter."""
    return {
        "a": lambda r: build_case(r, sizes.rounds),
        "b": lambda r: per_person_case(r, sizes.rounds, sizes.per_round),
        "c": lambda r: read_case(r, sizes.rounds),
        "p": lambda r: pdf_case(r, sizes.rounds, sizes.per_round),
        "f": lambda r: startup_case(r, sizes.startup_runs),
        "g": lambda r: import_case(r, sizes.import_runs),
        "h": lambda r: fixed_costs_case(r, sizes.build_runs, sizes.fixed_people),
        # Batch (b wall time, e memory) and collect last: they take the longest.
        "be": lambda r: batch_case(r, sizes.people, sizes.few_people, sizes.batch_runs),
        "d": lambda r: collect_case(r, sizes.forms, sizes.collect_runs),
        "k": lambda r: hostile_collect_case(
            r, sizes.hostile_good, sizes.hostile_bad, sizes.collect_runs
        ),
        "l": lambda r: load_case(
            r, sizes.load_users, sizes.load_workers, paced=bool(sizes.load_paced)
        ),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the chosen cases, print the table, write the JSON; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI (~1-2 min)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="the JSON file")
    parser.add_argument("--only", help="comma-separated case letters, e.g. a,c,f")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args(argv)
    # Every child is timed as an installed musforms runs: with its bytecode. pip compiles
    # it at install; an editable install under PYTHONDONTWRITEBYTECODE (this workplace
    # sets it) would compile each module of src/ again in every child (~50 ms a command).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sizes = QUICK if args.quick else FULL
    report = Report(quick=args.quick, machine=machine(), sizes=asdict(sizes))
    chosen = set(args.only.replace(" ", "").split(",")) if args.only else None
    started = time.perf_counter()
    for name, run in cases(sizes).items():
        if chosen is not None and not chosen & set(name):
            continue
        print(f"running case {name} ...", file=sys.stderr, flush=True)
        case_start = time.perf_counter()
        try:
            run(report)
        except Exception as exc:  # one broken case must not hide the others' results
            traceback.print_exc()
            report.fail(name, f"{type(exc).__name__}: {exc}")
        print(f"  {time.perf_counter() - case_start:.0f} s", file=sys.stderr, flush=True)
    report.machine["seconds_total"] = round(time.perf_counter() - started, 1)
    print(report.table())
    report.write_json(args.output)
    print(f"\nwrote {args.output} ({report.machine['seconds_total']:.0f} s in all)")
    if report.errors or (args.strict and report.missed):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
