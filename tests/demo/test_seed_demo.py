"""`manage.py seed_demo`: Tahap III loaded, scheduled, billed and (with --with-results) scored,
the same however often it runs."""

import datetime as dt
import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from demo.management.commands.seed_demo import DEMO_PNBP_TARIFF, EARLIER_CODE, EVENT_CODE
from demo.stage_dates import demo_calendar
from participants.models import Opd, Participant, Upt
from reports.pnbp import pnbp_bill
from scoring.models import ScoreRun
from scoring.reconcile import reconcile
from sessions_app.models import Event, Placement, Registration, Session
from talent.coverage import coverage

pytestmark = pytest.mark.django_db


def test_seed_demo_loads_tahap_iii_once(capsys):
    call_command("seed_demo")
    first = (Participant.objects.count(), Opd.objects.count(), Upt.objects.count())
    call_command("seed_demo")
    assert (Participant.objects.count(), Opd.objects.count(), Upt.objects.count()) == first
    assert first[0] == 387
    out = capsys.readouterr().out
    assert "387 sudah ada" in out and "operator" in out
    scoped = User.objects.get(username="pimpinan.dinkes").profile.opds.get()
    assert scoped.code == "DINKES"
    assert User.objects.get(username="operator").groups.get().name == "Operator BKD"


def test_seed_demo_schedules_tahap_iii_by_every_rule(db, tmp_path):
    call_command("seed_demo")
    event = Event.objects.get(code="TAHAP-III-2024")
    assert event.registrations.count() == 387
    placements = Placement.objects.filter(session__event=event).select_related(
        "session", "workstation"
    )
    assert placements.count() == 387
    assert not placements.exclude(workstation__status="usable").exists()
    day3 = demo_calendar(timezone.localdate()).event_days[-1]
    assert (event.start_date, event.end_date) == (day3 - dt.timedelta(days=2), day3)
    busy = Registration.objects.filter(event=event, unavailable_dates__isnull=False).distinct()
    assert busy.count() == 60
    assert not placements.filter(registration__in=busy).exclude(session__date=day3).exists()
    for session in Session.objects.filter(event=event):
        assert session.placements.count() <= 66


def test_the_demo_bills_tahap_iii_from_its_third_day(db):
    call_command("seed_demo", stdout=io.StringIO())
    event = Event.objects.get(code=EVENT_CODE)
    assert (event.pnbp_start_date, event.pnbp_tariff) == (event.end_date, DEMO_PNBP_TARIFF)
    assert pnbp_bill(event).count == 0  # nobody marked yet (seed_demo without --with-results)


def test_seed_demo_with_results_ends_with_a_published_run(db, capsys):
    call_command("seed_demo", "--with-results")
    event = Event.objects.get(code="TAHAP-III-2024")
    published = event.score_runs.get()
    assert published.published_at is not None and published.status == ScoreRun.Status.DONE
    assert published.participants_total == 375  # 387 registered, 12 did not come
    summary = published.summary
    assert set(summary["potential_category"]) == {"Tinggi", "Menengah", "Rendah"}
    assert sum(summary["box"].values()) > 300
    assert not [f for f in reconcile(event) if f.kind != "no_skp"]
    call_command("seed_demo", "--with-results")  # twice: nothing new
    assert event.score_runs.count() == 1
    assert "sudah terbit" in capsys.readouterr().out


def test_the_demo_stages_are_dated_from_today_so_they_stay_valid(db):
    call_command("seed_demo", "--with-results", stdout=io.StringIO())
    today = timezone.localdate()
    earlier, later = Event.objects.get(code=EARLIER_CODE), Event.objects.get(code=EVENT_CODE)
    # Tahap II about two years ago, Tahap III a few weeks ago; both named by their year.
    assert 700 <= (today - earlier.start_date).days <= 735
    assert 21 <= (today - later.end_date).days <= 35
    assert str(earlier.start_date.year) in earlier.name and str(later.start_date.year) in later.name
    # Both stages count today, and still in ten months: the demo keeps its history and coverage.
    for as_of in (today, today + dt.timedelta(days=300)):
        stages = coverage(None, as_of).stages
        assert [stage.event.code for stage in stages] == [EARLIER_CODE, EVENT_CODE]
        assert stages[-1].cumulative > stages[0].cumulative > 200
    # Tahap II has its own year's SKP, so its results are placed in the grid too.
    earlier_run = earlier.score_runs.get()
    assert sum(earlier_run.summary["box"].values()) == earlier_run.participants_total
