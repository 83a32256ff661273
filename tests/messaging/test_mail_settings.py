"""E-mail is configured from the environment: EMAIL_URL for a real server, else files under
var/mail/ (the settings read in a fresh interpreter, as `make run` would)."""

import email
import email.policy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from messaging.models import Message
from tests.messaging.conftest import addressed

ROOT = Path(__file__).resolve().parents[2]
READ = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.EMAIL_BACKEND, str(getattr(s, 'EMAIL_FILE_PATH', '')), "
    "getattr(s, 'EMAIL_HOST', ''), s.EMAIL_PORT, s.EMAIL_USE_TLS, s.DEFAULT_FROM_EMAIL]))"
)


def mail_settings(tmp_path, **env) -> list:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"EMAIL_URL", "DEFAULT_FROM_EMAIL"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="cact_admin.settings", VAR_DIR=str(tmp_path), **env)
    out = subprocess.run(
        [sys.executable, "-c", READ], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.splitlines()[-1])


def test_with_nothing_configured_mail_is_written_to_files_under_var(tmp_path):
    backend, folder, *_rest = mail_settings(tmp_path)
    assert backend == "django.core.mail.backends.filebased.EmailBackend"
    assert folder == str(tmp_path / "mail")


def test_email_url_configures_the_smtp_server(tmp_path):
    found = mail_settings(
        tmp_path,
        EMAIL_URL="smtp+tls://cact:rahasia@mail.kaltara.example:587",
        DEFAULT_FROM_EMAIL="BKD Kaltara <cact@kaltara.example>",
    )
    assert found[0] == "django.core.mail.backends.smtp.EmailBackend"
    assert found[2:] == ["mail.kaltara.example", 587, True, "BKD Kaltara <cact@kaltara.example>"]


@pytest.mark.django_db
def test_the_file_backend_shows_what_was_sent(
    settings, tmp_path, upcoming_event, registered, as_user, bob, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    addressed(registered[:1])
    url = reverse("messaging:preview", args=[upcoming_event.code, "schedule"])
    with django_capture_on_commit_callbacks(execute=True):
        as_user(bob).post(url)
    [written] = list((tmp_path / "mail").iterdir())
    mail = email.message_from_bytes(written.read_bytes(), policy=email.policy.default)
    assert mail["Subject"].startswith("Jadwal CACT Uji Tahap: ")
    assert Message.objects.get().state == "sent"
