"""The benchmark's results: rows of medians, targets met or missed, a table and JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

__all__ = ["Report"]

Status = Literal["met", "MISSED", "n/a in quick mode", "skipped", "error"]


@dataclass(frozen=True)
class Row:
    """One measured variant of a case: its median and how it compares."""

    case: str
    name: str
    value: float
    unit: str
    note: str = ""


@dataclass(frozen=True)
class Target:
    """A target of the issue and whether this run met it."""

    case: str
    goal: str
    status: Status
    measured: str


@dataclass
class Report:
    """Everything one run measured, in the order it was measured."""

    quick: bool
    machine: dict[str, Any]
    sizes: dict[str, int]
    rows: list[Row] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)  # case -> why skipped or failed

    def row(self, case: str, name: str, value: float, unit: str, note: str = "") -> None:
        """Add a measured variant."""
        self.rows.append(Row(case, name, value, unit, note))

    def target(
        self, case: str, goal: str, met: bool, measured: str, *, scaled: bool = False
    ) -> None:
        """Judge a target; one judged at full size only is ``n/a`` in quick mode."""
        status: Status = (
            "n/a in quick mode" if scaled and self.quick else "met" if met else "MISSED"
        )
        self.targets.append(Target(case, goal, status, measured))

    def skip(self, case: str, goal: str, reason: str) -> None:
        """Record a target that could not be measured here, and why."""
        self.targets.append(Target(case, goal, "skipped", reason))

    def fail(self, case: str, reason: str) -> None:
        """Record a case that broke (the run goes on, and exits non-zero at the end)."""
        self.problems[case] = reason
        self.targets.append(Target(case, "the case runs", "error", reason))

    @property
    def missed(self) -> list[Target]:
        """The targets missed."""
        return [t for t in self.targets if t.status == "MISSED"]

    @property
    def errors(self) -> list[Target]:
        """The cases that broke."""
        return [t for t in self.targets if t.status == "error"]

    def table(self) -> str:
        """Return the results as a plain-text table, machine first."""
        m = self.machine
        lines = [
            f"musforms benchmarks ({'quick' if self.quick else 'full'} mode)",
            f"machine: {m['platform']}, {m['processor']}, {m['cpus_usable']} usable of "
            f"{m['cpu_count']} CPUs, {m['implementation']} {m['python']}",
            "sizes: " + ", ".join(f"{k} {v:,}" for k, v in self.sizes.items()),
            "",
        ]
        width = max((len(r.name) for r in self.rows), default=10)
        case = ""
        for row in sorted(self.rows, key=lambda r: r.case):  # stable: measured order within
            if row.case != case:
                case = row.case
                lines.append(f"({case})")
            lines.append(f"  {row.name:<{width}}  {_number(row.value):>9} {row.unit:<8} {row.note}")
        lines += ["", "targets:"]
        goal_width = max((len(t.goal) for t in self.targets), default=10)
        for t in sorted(self.targets, key=lambda t: t.case):
            lines.append(f"  ({t.case}) {t.goal:<{goal_width}}  {t.status:<17} {t.measured}")
        met = sum(t.status == "met" for t in self.targets)
        lines.append(
            f"\n{met} met, {len(self.missed)} missed, {len(self.errors)} errors, "
            f"{len(self.targets) - met - len(self.missed) - len(self.errors)} not judged"
        )
        return "\n".join(lines)

    def write_json(self, path: Path) -> None:
        """Write the results as JSON to ``path`` (its folder is made if missing)."""
        data = {
            "mode": "quick" if self.quick else "full",
            "machine": self.machine,
            "sizes": self.sizes,
            "rows": [asdict(r) for r in self.rows],
            "targets": [asdict(t) for t in self.targets],
            "problems": self.problems,
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"
