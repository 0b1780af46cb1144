"""Running a musforms command in a forked child with a time limit and a memory limit.

A hostile input that makes musforms hang or eat memory must fail its test,
not hang the test run or the machine. So such commands run in a child
process forked from the test (no new interpreter to start: a few
milliseconds), with its address space capped, and are killed at a deadline.
The outcome says how the command ended and how much memory it took above
what the test process already had.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

#: More than any real command needs: a read takes milliseconds.
DEADLINE_SECONDS = 30.0
#: Address space the child may add to what it inherits; reading a 50 MB file takes ~200 MB.
MEMORY_BUDGET = 1024 * 1024 * 1024


@dataclass(frozen=True)
class Outcome:
    """How a bounded command ended.

    ``exit_code`` is ``None`` when the child was killed: ``why`` says whether
    by the deadline or by a signal. ``grown`` is the child's peak resident
    memory above the test process's at the fork, in bytes.
    """

    exit_code: int | None
    output: str
    why: str
    grown: int

    @property
    def line(self) -> str:
        """The last line of the output: the message of an error."""
        lines = self.output.strip().splitlines()
        return lines[-1] if lines else ""


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _warm() -> None:
    """Load the bank and the heavy modules once here, so that each child inherits them."""
    import musforms.answers.read
    import musforms.render.docx
    import musforms.render.xlsx  # noqa: F401
    from musforms.bank.load import shipped_bank

    shipped_bank()


def run_cli(
    args: Sequence[str | os.PathLike[str]],
    *,
    seconds: float = DEADLINE_SECONDS,
    memory: int = MEMORY_BUDGET,
) -> Outcome:
    """Run ``musforms ARGS`` (through click's runner) in a bounded child; return its outcome."""
    from click.testing import CliRunner

    from musforms.cli import cli

    _warm()
    words = [os.fspath(arg) for arg in args]
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "outcome.json"
        rss_at_fork = _status_kb("VmRSS") * 1024
        pid = os.fork()
        if pid == 0:  # the child: limit itself, run, report, and leave without cleanup
            code = 70
            try:
                size = _status_kb("VmSize") * 1024
                resource.setrlimit(resource.RLIMIT_AS, (size + memory, size + memory))
                result = CliRunner().invoke(cli, words, catch_exceptions=True)
                report.write_text(json.dumps({"exit": result.exit_code, "output": result.output}))
                code = 0
            finally:
                os._exit(code)
        deadline = time.monotonic() + seconds
        while True:
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                _, status, usage = os.wait4(pid, 0)
                return Outcome(None, "", f"still running after {seconds:.0f} s", 0)
            time.sleep(0.005)
        grown = max(usage.ru_maxrss * 1024 - rss_at_fork, 0)
        if os.WIFSIGNALED(status):
            return Outcome(None, "", f"killed by signal {os.WTERMSIG(status)}", grown)
        if not report.exists():
            return Outcome(None, "", "ended without a report (out of memory?)", grown)
        outcome = json.loads(report.read_text())
        return Outcome(outcome["exit"], outcome["output"], "", grown)
