"""An event that has been tested: placements, attendance, the demo instrument, simulated
answers of everyone present but the last person (absent), and SKP ratings."""

import datetime as dt

import pytest
from django.utils import timezone

from cact_admin.celery import app
from demo.results import (
    simulate_answers,
    simulate_skp,
    write_answers,
    write_instrument,
    write_skp,
)
from scoring.answers import answers_apply, answers_plan
from scoring.instrument import read_instrument
from scoring.services import instrument_attach
from scoring.skp import skp_apply, skp_plan
from sessions_app.models import Attendance, AttendanceStatus, Placement
from sessions_app.services.schedule import schedule_apply


def mark_attendance(event, nips_present: set[str]) -> None:
    for placement in Placement.objects.filter(registration__event=event).select_related(
        "registration__participant", "session"
    ):
        present = placement.registration.participant.nip in nips_present
        Attendance.objects.update_or_create(
            registration=placement.registration,
            session=placement.session,
            defaults={
                "status": AttendanceStatus.PRESENT if present else AttendanceStatus.ABSENT,
                "marked_at": timezone.make_aware(
                    dt.datetime.combine(placement.session.date, placement.session.start_time)
                ),
            },
        )


def import_answers(event, instrument, nips, tmp_path, name="jawaban.xlsx"):
    path = tmp_path / name
    write_answers(path, simulate_answers(nips))
    plan = answers_plan(event, instrument.scoring_items(), path)
    assert not plan.issues
    return answers_apply(instrument=instrument, plan=plan, actor=None, skip_invalid=False)


@pytest.fixture
def tested_event(event, registered, tmp_path):
    schedule_apply(event=event, replan=False, fingerprint="", actor=None)
    nips = [person.nip for person in registered]
    present = nips[:-1]
    mark_attendance(event, set(present))
    items_path = tmp_path / "Form A.xlsx"
    write_instrument(items_path)
    instrument = instrument_attach(
        event=event,
        name="Form A",
        source=items_path.name,
        plan=read_instrument(items_path),
        actor=None,
    )
    import_answers(event, instrument, present, tmp_path)
    skp_path = tmp_path / "skp.xlsx"
    write_skp(skp_path, simulate_skp(nips))
    skp_apply(plan=skp_plan(skp_path), actor=None)
    return event


@pytest.fixture
def broker_down(settings):
    """The outside world failing: the broker's port refuses connections."""
    before = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    app.conf.broker_connection_retry = False
    pool, app._pool = app._pool, None
    app.amqp._producer_pool = None  # one made earlier would still talk to the old broker
    yield
    app.conf.task_always_eager, app.conf.broker_url = before
    app.conf.broker_connection_retry = True
    # The pools were made for the dead URL: drop them, the next task makes new ones.
    app._pool, app.amqp._producer_pool = pool, None
