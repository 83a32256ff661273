"""Two stages for the succession pool tests: Tahap II (December 2023, pre-scored results,
published) and the small Tahap III event of tests/sessions_app/fixtures.py (February 2024,
pre-scored for two people here, scored by a run the tests publish or not).

Everyone is a Pelaksana (required level 1), so their own JPM is 100 and their potential
follows LD and ES; against the target Administrator (level 3 everywhere) their levels differ.

| person | OPD    | Tahap II levels | LD/ES   | SKP 2023    | box | JPM Administrator |
|--------|--------|-----------------|---------|-------------|-----|-------------------|
| p0     | BKD    | 3 x 9           | 80/80   | Sangat Baik | 9   | 100 (potential 90)  |
| p1     | BKD    | 2 x 9           | 80/80   | Sangat Baik | 9   | 66.67, gap 9        |
| p2     | BKD    | 3 x 9           | 80/80   | Baik        | 8   | 100                 |
| p3     | BKD    | 3 x 9           | 50/50   | Baik        | 5   | 100                 |
| p5     | BKD    | 3 x 9           | 100/100 | Sangat Baik | 9   | 100 (potential 100) |
| p6     | DINKES | 4 x 9           | 50/50   | Sangat Baik | 7   | 100                 |
| p7     | DINKES | 1,2,3,4,5,3,3,3,3 | 80/80 | Baik        | 8   | 88.89, gap 3        |

Tahap III (pre-scored): p1 with 3 x 9 and 80/80 (box 9, JPM 100 once published) and p0 with
3 x 9 and 50/50 and SKP 2024 Baik (box 5: out of the pool once published).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone

from demo.stage_dates import demo_calendar
from participants.models import Participant, Region, Upt
from scoring.models import PrescoredResult, ScoreRun, SkpRating
from scoring.runs import lifecycle
from sessions_app.models import Event, Registration, Session

TAHAP2 = dt.date(2023, 12, 4)


def move_event(event: Event, start: dt.date) -> None:
    """Shift the event and its sessions so that it starts on `start`."""
    delta = start - event.start_date
    Session.objects.filter(event=event).update(date=F("date") + delta)
    event.start_date, event.end_date = start, event.end_date + delta
    event.save(update_fields=["start_date", "end_date"])


def recent_days(today: dt.date) -> tuple[dt.date, dt.date]:
    """Tahap II about two years before today and the later stage a few weeks before, as the
    demo dates its stages: a scenario on these days never expires with the calendar."""
    days = demo_calendar(today)
    return days.earlier_days[0], days.event_days[0]


@dataclass
class TwoStages:
    earlier: Event
    later: Event
    people: list[Participant]
    earlier_run: ScoreRun


def prescore(event: Event, person: Participant, levels, ld, es) -> Registration:
    registration, _ = Registration.objects.get_or_create(event=event, participant=person)
    PrescoredResult.objects.create(
        registration=registration,
        levels=list(levels),
        ld_score=ld,
        es_score=es,
        imported_at=timezone.now(),
    )
    return registration


def skp(person: Participant, year: int, predikat: str) -> None:
    SkpRating.objects.create(
        participant=person, year=year, predikat=predikat, imported_at=timezone.now()
    )


def two_stages(
    later: Event, people: list[Participant], publisher, earlier_start: dt.date = TAHAP2
) -> TwoStages:
    """The stages of the table above; SKP ratings of each stage's year (2023 and 2024 on the
    article's days). Give `earlier_start` and move `later` (recent_days) to date them from
    today instead."""
    earlier = Event.objects.create(
        code="TAHAP2-2023", name="Tahap II", start_date=earlier_start, end_date=earlier_start
    )
    rows = {
        0: ([3] * 9, 80, 80, "Sangat Baik"),
        1: ([2] * 9, 80, 80, "Sangat Baik"),
        2: ([3] * 9, 80, 80, "Baik"),
        3: ([3] * 9, 50, 50, "Baik"),
        5: ([3] * 9, 100, 100, "Sangat Baik"),
        6: ([4] * 9, 50, 50, "Sangat Baik"),
        7: ([1, 2, 3, 4, 5, 3, 3, 3, 3], 80, 80, "Baik"),
    }
    for index, (levels, ld, es, predikat) in rows.items():
        prescore(earlier, people[index], levels, ld, es)
        skp(people[index], earlier.start_date.year, predikat)
    earlier_run = lifecycle.publish_run(
        run=lifecycle.start_run(event=earlier, actor=None), actor=publisher
    )
    # The later stage: only these two have results in it.
    Registration.objects.filter(event=later).exclude(
        participant__in=[people[0], people[1]]
    ).delete()
    prescore(later, people[1], [3] * 9, 80, 80)
    prescore(later, people[0], [3] * 9, 50, 50)
    skp(people[0], later.start_date.year, "Baik")
    # p6 works at a UPT in Nunukan, p7 is a IV/a.
    region = Region.objects.named("Kabupaten Nunukan").get()
    people[6].upt = Upt.objects.create(opd=people[6].opd, region=region, name="UPT Puskesmas")
    people[6].save()
    people[7].golongan = "IV/a"
    people[7].save()
    return TwoStages(earlier, later, people, earlier_run)


def score_later(stages: TwoStages, publisher=None) -> ScoreRun:
    run = lifecycle.start_run(event=stages.later, actor=None)
    assert run.status == ScoreRun.Status.DONE
    if publisher is not None:
        run = lifecycle.publish_run(run=run, actor=publisher)
    return run
