"""Shared test people and file builders.

alice is Admin BKD, bob Operator BKD, charlie Pengawas, dave Pimpinan of the whole
province, erin Pimpinan scoped to one OPD. Files are real .xlsx/.csv written to tmp_path.
"""

import csv
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from openpyxl import Workbook

from accounts.models import Profile
from accounts.roles import Role

# Fixtures of an event (tests/sessions_app/fixtures.py), shared with the browser tests.
pytest_plugins = ["tests.sessions_app.fixtures", "tests.scoring.fixtures"]

HEADERS = ["NIP", "Nama", "Golongan", "Jabatan", "Jenis Jabatan", "OPD", "UPT", "Kabupaten/Kota"]


@pytest.fixture(autouse=True)
def _celery_in_process():
    """Tasks run in the test's own process and transaction, as in the embedded default; the
    worker tests (tests/scoring/test_worker.py) run real workers in subprocesses instead."""
    from cact_admin.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded files of a test stay in its own folder.
    settings.MEDIA_ROOT = tmp_path / "media"


def make_user(username: str, role: Role | None, *, staff: bool = False) -> User:
    user = User.objects.create_user(username, password="sandi-uji-123", is_staff=staff)
    if role is not None:
        user.groups.add(Group.objects.get(name=role.value))
    return user


@pytest.fixture
def alice(db):
    return make_user("alice", Role.ADMIN, staff=True)


@pytest.fixture
def bob(db):
    return make_user("bob", Role.OPERATOR, staff=True)


@pytest.fixture
def charlie(db):
    return make_user("charlie", Role.PENGAWAS)


@pytest.fixture
def dave(db):
    user = make_user("dave", Role.PIMPINAN)
    Profile.objects.create(user=user, all_opds=True)  # "Semua OPD", chosen explicitly
    return user


@pytest.fixture
def erin(db, opd_dinkes):
    user = make_user("erin", Role.PIMPINAN)
    Profile.objects.create(user=user).opds.set([opd_dinkes])
    return user


@pytest.fixture
def opd_dinkes(db):
    from participants.models import Opd

    opd = Opd(name="Dinas Kesehatan", code="DINKES", kind=Opd.Kind.DINAS)
    opd.save()
    return opd


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def row(
    nip="198609262015051001",
    name="Andi Pratama",
    golongan="III/c",
    title="Analis Kepegawaian Ahli Muda",
    position_class="JF Ahli Muda",
    opd="Badan Kepegawaian Daerah",
    upt="",
    region="",
) -> list:
    return [nip, name, golongan, title, position_class, opd, upt, region]


def write_xlsx(path: Path, rows: list[list], headers=HEADERS, title_rows: int = 0) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for index in range(title_rows):
        sheet.append([f"DAFTAR PESERTA CACT {index + 1}"])
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
    workbook.save(path)
    return path


def write_csv(path: Path, rows: list[list], headers=HEADERS, delimiter=",") -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(headers)
        writer.writerows(rows)
    return path
