"""The demo's stage dates, counted back from the day it is first seeded.

An assessment stays valid for ASSESSMENT_VALID_YEARS (default 3): a demo dated on the
article's days (Tahap II in December 2023) would show no coverage, history or pool from
December 2026 on. So Tahap II is the Monday-to-Friday week 104 weeks before the seeding
week (about two years ago, valid about another year), and Tahap III the Tuesday-to-Thursday
four weeks before it (recent; day 3 is billed, as 29 February 2024 was). The same day gives
the same dates; a later run of seed_demo keeps the dates of the events it finds
(`DemoCalendar.kept`), so running it twice never moves or adds a session.

Pure Python, no Django.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

EARLIER_WEEKS_BACK = 104  # Tahap II: about two years before the seeding week
EARLIER_DAY_COUNT = 5  # Monday to Friday, as Tahap II 2023 ran
EVENT_WEEKS_BACK = 4  # Tahap III: a few weeks ago, so its results are out
EVENT_DAY_COUNT = 3  # Tuesday to Thursday, as 27-29 February 2024


def days_from(start: dt.date, count: int) -> tuple[dt.date, ...]:
    return tuple(start + dt.timedelta(days=offset) for offset in range(count))


@dataclass(frozen=True)
class DemoCalendar:
    earlier_days: tuple[dt.date, ...]  # Tahap II
    event_days: tuple[dt.date, ...]  # Tahap III

    @property
    def pnbp_start(self) -> dt.date:
        """Sittings from Tahap III's last day are billed, as from 29 February 2024."""
        return self.event_days[-1]

    @property
    def unavailable(self) -> str:
        """The participant sheet's `Tidak Bisa` cell of those busy on days 1-2."""
        return "; ".join(day.isoformat() for day in self.event_days[:-1])

    def kept(self, *, earlier_start: dt.date | None, event_start: dt.date | None) -> DemoCalendar:
        """These dates, except where a stage exists already: its start date stays."""
        return DemoCalendar(
            days_from(earlier_start, EARLIER_DAY_COUNT) if earlier_start else self.earlier_days,
            days_from(event_start, EVENT_DAY_COUNT) if event_start else self.event_days,
        )


def demo_calendar(today: dt.date) -> DemoCalendar:
    monday = today - dt.timedelta(days=today.weekday())
    earlier = monday - dt.timedelta(weeks=EARLIER_WEEKS_BACK)
    tuesday = monday - dt.timedelta(weeks=EVENT_WEEKS_BACK) + dt.timedelta(days=1)
    return DemoCalendar(days_from(earlier, EARLIER_DAY_COUNT), days_from(tuesday, EVENT_DAY_COUNT))
