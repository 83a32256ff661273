"""The latest valid published result of each person: the later stage wins, an unpublished
run does not count, and a result older than ASSESSMENT_VALID_YEARS drops out."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scoring.runs import lifecycle
from talent.latest import latest_result_of, latest_results, valid_from
from tests.talent.scenario import EARLIER_START, make_event, prescore

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_stages(event, registered):
    earlier = make_event("TAHAP-II-2023", EARLIER_START, days=5)
    prescore(earlier, {person: (1, 60, 60) for person in registered[:8]})
    prescore(event, {person: (2, 70, 70) for person in registered[4:10]})
    return earlier, event


def events_by_person(results) -> dict[str, str]:
    return {
        result.registration.participant.nip: result.registration.event.code
        for result in results.select_related("registration__participant", "registration__event")
    }


def test_the_later_stage_wins_and_everyone_assessed_has_one_row(two_stages, registered):
    earlier, current = two_stages
    found = events_by_person(latest_results(as_of=dt.date(2024, 6, 1)))
    assert found == {person.nip: earlier.code for person in registered[:4]} | {
        person.nip: current.code for person in registered[4:10]
    }


def test_it_is_one_query(two_stages):
    with CaptureQueriesContext(connection) as queries:
        list(latest_results(as_of=dt.date(2024, 6, 1)))
    assert len(queries) == 1


def test_a_stage_after_the_as_of_date_does_not_count_yet(two_stages, registered):
    earlier, _ = two_stages
    found = events_by_person(latest_results(as_of=dt.date(2024, 1, 1)))
    assert found == {person.nip: earlier.code for person in registered[:8]}


def test_a_result_older_than_the_validity_drops_out(two_stages, registered, settings):
    _, current = two_stages
    # Tahap II ended 8 Dec 2023: valid through 8 Dec 2026, gone the day after.
    assert len(events_by_person(latest_results(as_of=dt.date(2026, 12, 8)))) == 10
    found = events_by_person(latest_results(as_of=dt.date(2026, 12, 9)))
    assert found == {person.nip: current.code for person in registered[4:10]}
    settings.ASSESSMENT_VALID_YEARS = 1
    assert latest_results(as_of=dt.date(2025, 3, 1)).count() == 0
    assert latest_result_of(registered[0], as_of=dt.date(2026, 12, 9)) is None


def test_an_unpublished_run_does_not_count(event, registered):
    prescore(event, {person: (2, 70, 70) for person in registered[:3]}, publish=False)
    assert latest_results(as_of=dt.date(2024, 6, 1)).count() == 0


def test_a_later_published_run_of_the_same_event_wins(event, registered):
    first = prescore(event, {registered[0]: (1, 60, 60)})
    second = lifecycle.publish_run(run=lifecycle.start_run(event=event, actor=None), actor=None)
    assert second.pk != first.pk
    assert latest_result_of(registered[0], as_of=dt.date(2024, 6, 1)).run == second
    assert list(latest_results(as_of=dt.date(2024, 6, 1)).values_list("run", flat=True)) == [
        second.pk
    ]


def test_valid_from_on_a_leap_day():
    assert valid_from(dt.date(2028, 2, 29)) == dt.date(2025, 2, 28)
