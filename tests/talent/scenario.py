"""Two stages of the 12 people of tests/sessions_app/fixtures.py: an earlier stage of
pre-scored results, published, then the event itself."""

import datetime as dt

from django.utils import timezone

from scoring.models import PrescoredResult
from scoring.runs import lifecycle
from sessions_app.models import Event, Registration

EARLIER_START = dt.date(2023, 12, 4)


def make_event(code: str, start: dt.date, days: int = 1) -> Event:
    return Event.objects.create(
        code=code, name=f"Uji {code}", start_date=start, end_date=start + dt.timedelta(days - 1)
    )


def prescore(event: Event, figures: dict, *, publish: bool = True):
    """A run of the event from pre-scored figures: person -> (level of all nine, LD, ES)."""
    for person, (level, ld, es) in figures.items():
        registration, _ = Registration.objects.get_or_create(event=event, participant=person)
        PrescoredResult.objects.create(
            registration=registration,
            levels=[level] * 9,
            ld_score=ld,
            es_score=es,
            imported_at=timezone.now(),
        )
    run = lifecycle.start_run(event=event, actor=None)
    return lifecycle.publish_run(run=run, actor=None) if publish else run


def publish_current(event: Event):
    """Score the event from its imported answers and publish the run."""
    return lifecycle.publish_run(run=lifecycle.start_run(event=event, actor=None), actor=None)
