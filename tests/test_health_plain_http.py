"""/sehat/ answers the load balancer over plain HTTP with the production settings on, while
every other page still redirects to HTTPS."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import django
django.setup()
from django.test import Client
client = Client()
health, login = client.get("/sehat/"), client.get("/masuk/")
print(health.status_code, health.json()["status"], login.status_code, login["Location"])
"""


def test_health_answers_over_http_and_other_pages_redirect(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cact_admin.settings",
        "DJANGO_SECURE": "true",
        "SECRET_KEY": "uji-" + "x" * 60,
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'sehat.sqlite3'}",
        "REDIS_URL": "",
        "VAR_DIR": str(tmp_path),
    }
    probe = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip

    assert probe.returncode == 0, probe.stderr[-2000:]
    health, body, login, location = probe.stdout.split()[-4:]
    assert (health, body) == ("200", "ok")
    assert login == "301" and location == "https://testserver/masuk/"
