"""Issue 17's speed targets, gathered as the benchmarks run and printed as one table at the
end of `python -m bench`: each figure beside its target and the baseline measured in the
same run, with the machine and its load. Only the benchmarks that ran have rows."""

from __future__ import annotations

import os
import platform
import time
from dataclasses import dataclass

LIMIT_PREFIX = "at most"


@dataclass(frozen=True)
class Figure:
    name: str
    measured: float
    target: float
    unit: str
    detail: str = ""
    baseline: str = ""

    @property
    def met(self) -> bool:
        return self.measured <= self.target


_FIGURES: list[Figure] = []


def record(
    name: str, measured: float, target: float, unit: str, *, detail: str = "", baseline: str = ""
) -> None:
    _FIGURES.append(Figure(name, measured, target, unit, detail, baseline))


def machine_pace() -> float:
    """Seconds this machine takes now for ten million additions in a Python loop: a shared
    virtual machine's speed varies from day to day (seen here on one day: 0.5 to 1.7 s), and every
    figure of the table moves with it."""
    started = time.perf_counter()
    total = 0
    for number in range(10_000_000):
        total += number
    return time.perf_counter() - started


def print_table() -> None:
    if not _FIGURES:
        return
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print()
    print(
        f"issue 17's targets ({platform.machine()}, {os.cpu_count()} cores, load average now "
        f"{load}; ten million additions in a Python loop now {machine_pace():.2f} s; each "
        "baseline from this run):"
    )
    print("| figure | measured | target | | baseline in this run |")
    print("|---|---|---|---|---|")
    for figure in _FIGURES:
        measured = f"{_number(figure.measured)} {figure.unit}"
        if figure.detail:
            measured += f" ({figure.detail})"
        print(
            f"| {figure.name} | {measured} | {LIMIT_PREFIX} {_number(figure.target)} {figure.unit} "
            f"| {'met' if figure.met else 'NOT MET'} | {figure.baseline or '-'} |"
        )


def _number(value: float) -> str:
    """Two decimals at most, none shown when they are zero: 0.36, 11.9, 0."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")
