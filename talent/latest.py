"""A person's result for talent management: the latest valid published one.

A result counts when its run is published and its event took place within
`settings.ASSESSMENT_VALID_YEARS` years before the as-of date (default 3, from the
environment); pre-scored results of earlier stages count like scored ones. Of several, the
latest event wins, then the run published last. Coverage, succession pools and development
plans all read a person's result from here:

    latest_results()                        # QuerySet[ParticipantResult], one per person
    latest_results(as_of=date(2026, 1, 1)).visible_to(user).filter(box__in=[7, 8, 9])
    latest_result_of(participant)           # ParticipantResult | None

`latest_results` is one query whatever the number of people (DISTINCT ON on PostgreSQL, a
correlated subquery elsewhere) and returns an ordinary queryset to filter further.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import connection
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from scoring.models import ParticipantResult, RegistrationScopedQuerySet

# Latest first: the later event, then the run published last, then the later row.
LATEST_FIRST = (
    "-registration__event__end_date",
    "-registration__event__start_date",
    "-run__published_at",
    "-pk",
)


def today() -> datetime.date:
    return timezone.localdate()


def valid_from(as_of: datetime.date) -> datetime.date:
    """The earliest event end date still valid on `as_of` (29 Feb falls back to 28 Feb)."""
    year = as_of.year - settings.ASSESSMENT_VALID_YEARS
    try:
        return as_of.replace(year=year)
    except ValueError:
        return as_of.replace(year=year, day=28)


def valid_results(as_of: datetime.date | None = None) -> QuerySet[ParticipantResult]:
    """Every published result valid on `as_of` (today when None): its event started by
    then and ended no more than ASSESSMENT_VALID_YEARS years before."""
    as_of = as_of or today()
    return ParticipantResult.objects.filter(
        run__published_at__isnull=False,
        registration__event__start_date__lte=as_of,
        registration__event__end_date__gte=valid_from(as_of),
    )


def latest_results(as_of: datetime.date | None = None) -> RegistrationScopedQuerySet:
    """Each person's latest valid published result on `as_of` (today when None), one row
    per participant; people with none are absent."""
    valid = valid_results(as_of)
    if connection.features.can_distinct_on_fields:
        ids = (
            valid.order_by("registration__participant_id", *LATEST_FIRST)
            .distinct("registration__participant_id")
            .values("pk")
        )
    else:
        ids = valid.filter(pk=Subquery(_latest_id_of_same_person(valid))).values("pk")
    return ParticipantResult.objects.filter(pk__in=ids)


def _latest_id_of_same_person(valid: QuerySet[ParticipantResult]):
    same_person = valid.filter(
        registration__participant_id=OuterRef("registration__participant_id")
    )
    return same_person.order_by(*LATEST_FIRST).values("pk")[:1]


def latest_result_of(participant, as_of: datetime.date | None = None) -> ParticipantResult | None:
    """One person's latest valid published result, or None."""
    results = valid_results(as_of).filter(registration__participant=participant)
    return results.order_by(*LATEST_FIRST).first()
