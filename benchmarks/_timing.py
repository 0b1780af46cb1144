"""Timing helpers of the benchmarks: interleaved medians, child processes with peak memory.

Alternatives are timed round-robin (A, B, C, A, B, C, ...) in one process, so
that a noisy neighbour on the machine slows each of them alike; the median of
the rounds is reported. Child processes are waited for with ``os.wait4``,
which gives that one child's resource usage, its peak resident memory included.
"""

from __future__ import annotations

import gc
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "Child",
    "interleaved",
    "machine",
    "musforms_command",
    "run_child",
]


def machine() -> dict[str, Any]:
    """Return what the numbers were measured on: platform, CPUs, Python."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count() or 0
    return {
        "platform": platform.platform(),
        "processor": platform.machine(),
        "cpu_count": os.cpu_count(),
        "cpus_usable": usable,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
    }


def interleaved(
    variants: Mapping[str, tuple[Callable[[], object], int]],
    *,
    rounds: int,
    warmup: int = 1,
) -> dict[str, float]:
    """Return the median seconds per call of each variant, timed round-robin.

    Args:
        variants: name -> (a call to time, calls per round); a round's time is
            divided by its number of calls, so fast variants can do many per round.
        rounds: how many rounds; each round times every variant once.
        warmup: untimed calls of each variant first (imports, caches).
    """
    for call, _ in variants.values():
        for _ in range(warmup):
            call()
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(rounds):
        for name, (call, calls) in variants.items():
            gc.collect()  # one variant's garbage is not collected on another's clock
            start = time.perf_counter()
            for _ in range(calls):
                call()
            times[name].append((time.perf_counter() - start) / calls)
    return {name: statistics.median(values) for name, values in times.items()}


@dataclass(frozen=True)
class Child:
    """A finished child process: wall time, peak memory, exit status and what it printed."""

    seconds: float
    peak_mib: float
    returncode: int
    stdout: str
    stderr: str

    def check(self, what: str) -> Child:
        """Return ``self``; raise if the child failed, with the end of what it printed."""
        if self.returncode != 0:
            tail = (self.stderr or self.stdout)[-800:]
            raise RuntimeError(f"{what} exited with status {self.returncode}: {tail}")
        return self


def run_child(
    argv: Sequence[str | Path], *, cwd: Path | None = None, env: dict[str, str] | None = None
) -> Child:
    """Run ``argv`` to the end and return its wall time and peak resident memory.

    Output goes to temporary files rather than pipes, so a chatty child cannot
    block while nobody reads it.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([str(a) for a in argv], stdout=out, stderr=err, cwd=cwd, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return Child(seconds, peak, proc.returncode, stdout, stderr)


def musforms_command() -> list[str]:
    """Return the ``musforms`` console script of this Python's environment."""
    beside = Path(sys.executable).parent / "musforms"
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("musforms")
    if found:
        return [found]
    raise RuntimeError("the musforms command is not installed; run pip install -e '.[dev]'")
