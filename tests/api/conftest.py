"""The API as an outside system calls it: real HTTP to the live server, a key in the
Authorization header, JSON back."""

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.urls import reverse

from api.models import ApiClient, Resource


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    text: str

    @property
    def json(self):
        return json.loads(self.text)


def get(url: str, key: str | None = None) -> Answer:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    if key is not None:
        request.add_header("Authorization", f"Bearer {key}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback)
            return Answer(response.status, dict(response.headers), response.read().decode())
    except urllib.error.HTTPError as error:
        return Answer(error.code, dict(error.headers), error.read().decode())


@pytest.fixture
def api(live_server):
    """api(name, key, **params): GET one list of the API, as an outside system would."""

    def call(name: str, key: str | None = None, **params) -> Answer:
        query = urllib.parse.urlencode(params)
        return get(f"{live_server.url}{reverse(f'api:{name}')}?{query}", key)

    return call


@pytest.fixture(autouse=True)
def _fresh_throttle():
    # The call counts of one test's keys are not carried into the next.
    cache.clear()
    yield
    cache.clear()


def make_token(
    name: str = "SIMPEG",
    *,
    resources=tuple(Resource.values),
    opds=(),
    all_opds: bool = False,
    **fields,
) -> tuple[ApiClient, str]:
    client = ApiClient(name=name, resources=list(resources), all_opds=all_opds, **fields)
    key = client.new_key()
    client.save()
    client.opds.set(opds)
    return client, key


def every_row(api, name: str, key: str, **params) -> list[dict]:
    """All pages of a list, following `next` as a consumer would."""
    rows, answer = [], api(name, key, **params)
    while True:
        assert answer.status == 200, answer.text
        rows.extend(answer.json["results"])
        if not answer.json["next"]:
            return rows
        answer = get(answer.json["next"], key)


@pytest.fixture
def published(tested_event):
    """The small tested event, scored and published (11 people sat, one absent)."""
    from scoring.runs import lifecycle

    return lifecycle.publish_run(
        run=lifecycle.start_run(event=tested_event, actor=None), actor=None
    )
