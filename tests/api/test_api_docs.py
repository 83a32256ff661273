"""The OpenAPI schema and its docs page: public, over HTTP, every asset from /static/."""

import re

import pytest
import yaml
from django.urls import reverse

from tests.api.conftest import get

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_schema_describes_every_list_and_the_key(live_server):
    answer = get(f"{live_server.url}{reverse('api:schema')}?format=json")
    assert answer.status == 200
    schema = answer.json
    assert schema["info"]["title"] == "API CACT Admin untuk sistem kepegawaian"
    paths = set(schema["paths"])
    assert paths == {
        f"/api/v1/{name}/"
        for name in ("participants", "events", "schedules", "attendance", "results")
    }
    parameters = {p["name"] for p in schema["paths"]["/api/v1/results/"]["get"]["parameters"]}
    assert parameters == {"event", "opd", "changed_since", "cursor", "page_size"}
    assert schema["components"]["securitySchemes"]["kunciApi"]["scheme"] == "bearer"
    result = schema["components"]["schemas"]["Result"]["properties"]
    assert {"levels", "jpm", "ld", "es", "potential", "box"} <= set(result)


def test_the_schema_is_also_served_as_yaml(live_server):
    answer = get(f"{live_server.url}{reverse('api:schema')}")
    assert answer.status == 200
    assert yaml.safe_load(answer.text)["openapi"].startswith("3.")


def test_the_docs_page_loads_its_scripts_and_styles_from_static(live_server):
    answer = get(f"{live_server.url}{reverse('api:docs')}")
    assert answer.status == 200
    assert "script-src 'self'" in answer.headers["Content-Security-Policy"]
    html = answer.text
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in assets
    assert "/static/js/api-docs.js" in assets
    assert all(asset.startswith("/static/") for asset in assets), assets
    assert "<script>" not in html  # no inline script: the page keeps the site's CSP
    for asset in assets:
        assert get(f"{live_server.url}{asset}").status == 200, asset
