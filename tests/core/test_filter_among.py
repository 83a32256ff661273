"""core.db.filter_among: rows whose field is one of many values, past SQLite's limit of a
query's parameters (32,766) and as one array parameter on PostgreSQL."""

import pytest

from core.db import filter_among
from participants.models import Opd, Participant
from tests.sessions_app.fixtures import make_participants

pytestmark = pytest.mark.django_db


def test_forty_thousand_values_find_exactly_the_rows_among_them():
    people = make_participants(Opd.objects.create(name="Badan Uji", code="UJI"), 5)
    wanted = [people[0].nip, people[3].nip] + [f"{n:018d}" for n in range(40_000)]
    found = [
        nip
        for chunk in filter_among(Participant.objects.values_list("nip", flat=True), "nip", wanted)
        for nip in chunk
    ]
    assert sorted(found) == sorted([people[0].nip, people[3].nip])
    ids = [person.pk for person in people[1:3]] + list(range(10**6, 10**6 + 40_000))
    by_id = filter_among(Participant.objects.order_by("pk"), "id", ids)
    assert [p.pk for chunk in by_id for p in chunk] == ids[:2]
    nothing = filter_among(Participant.objects.all(), "id", [])
    assert not any(chunk.exists() for chunk in nothing)
