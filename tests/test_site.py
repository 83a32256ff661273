"""Settings and the health check."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def test_production_settings_pass_the_deploy_check():
    env = {
        **os.environ,
        "DJANGO_SECURE": "true",
        "SECRET_KEY": "k3!x-Qm9#vT2@pL7%wR4^zN8&bH6*jD1(fG5)sY0-cA3+eU7=iO2",
        "ALLOWED_HOSTS": "cact.example.test",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_the_development_secret():
    env = {**os.environ, "DJANGO_SECURE": "true"}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_the_health_check_answers_without_login(client):
    response = client.get(reverse("health"))
    assert response.json() == {"status": "ok"}
