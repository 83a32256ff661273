"""Settings, the demo seed and the health check."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from participants.models import Opd, Participant, Upt

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
def test_seed_demo_loads_tahap_iii_once(capsys):
    call_command("seed_demo")
    first = (Participant.objects.count(), Opd.objects.count(), Upt.objects.count())
    call_command("seed_demo")
    assert (Participant.objects.count(), Opd.objects.count(), Upt.objects.count()) == first
    assert first[0] == 387
    out = capsys.readouterr().out
    assert "387 sudah ada" in out and "operator" in out
    scoped = User.objects.get(username="pimpinan.dinkes").profile.opds.get()
    assert scoped.code == "DINKES"
    assert User.objects.get(username="operator").groups.get().name == "Operator BKD"


@pytest.mark.django_db
def test_the_health_check_answers_without_login(client):
    response = client.get(reverse("health"))
    assert response.json() == {"status": "ok"}
