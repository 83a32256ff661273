"""demo/stage_dates.py: the demo's stages counted back from the day it is seeded."""

import datetime as dt

from demo.stage_dates import demo_calendar


def test_tahap_ii_is_a_working_week_about_two_years_back_and_tahap_iii_recent():
    days = demo_calendar(dt.date(2026, 12, 5))  # a Saturday
    assert days.earlier_days == tuple(dt.date(2024, 12, 2) + dt.timedelta(n) for n in range(5))
    assert days.event_days == (dt.date(2026, 11, 3), dt.date(2026, 11, 4), dt.date(2026, 11, 5))
    assert [day.strftime("%a") for day in days.earlier_days] == ["Mon", "Tue", "Wed", "Thu", "Fri"]
    assert days.pnbp_start == dt.date(2026, 11, 5)  # day 3 is billed, as 29 February 2024 was
    assert days.unavailable == "2026-11-03; 2026-11-04"


def test_the_same_week_gives_the_same_days():
    monday = demo_calendar(dt.date(2026, 11, 30))
    assert all(demo_calendar(dt.date(2026, 11, 30) + dt.timedelta(n)) == monday for n in range(7))
    assert demo_calendar(dt.date(2026, 12, 7)) != monday


def test_a_stage_seeded_before_keeps_its_days():
    fresh = demo_calendar(dt.date(2027, 6, 1))
    kept = fresh.kept(earlier_start=dt.date(2024, 12, 2), event_start=None)
    assert kept.earlier_days[0] == dt.date(2024, 12, 2) and len(kept.earlier_days) == 5
    assert kept.event_days == fresh.event_days
    both = fresh.kept(earlier_start=dt.date(2024, 12, 2), event_start=dt.date(2026, 11, 3))
    assert both == demo_calendar(dt.date(2026, 12, 5))
