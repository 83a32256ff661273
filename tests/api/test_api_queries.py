"""A page costs the same few queries whatever its number of rows (no query per row): the
lists select their related rows in the one query. In-process, to count the queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.api.conftest import make_token

pytestmark = pytest.mark.django_db

LISTS = ("participants", "events", "schedules", "attendance", "results")


def queries_of(client, name: str, key: str, page_size: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        answer = client.get(
            reverse(f"api:{name}"), {"page_size": page_size}, HTTP_AUTHORIZATION=f"Bearer {key}"
        )
    assert answer.status_code == 200, answer.content
    assert len(answer.json()["results"]) == page_size or name == "events"
    return len(captured)


@pytest.mark.parametrize("name", LISTS)
def test_a_page_of_ten_costs_what_a_page_of_two_costs(client, published, name):
    _, key = make_token(all_opds=True)
    assert queries_of(client, name, key, 10) == queries_of(client, name, key, 2) <= 8
