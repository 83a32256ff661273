"""core.db.fetch_objects: instances read in SQL written out are the instances a queryset
gives (every field converted as Django converts it, on SQLite as on PostgreSQL), with the
extra values of the query set on them."""

import uuid

import pytest
from django.contrib.auth.models import User
from django.db.models import Model
from django.utils import timezone

from audit.models import AuditEntry
from core.db import fetch_objects
from sessions_app.models import Attendance, AttendanceMark, Placement

pytestmark = pytest.mark.django_db


def values(obj: Model) -> dict:
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def test_every_field_comes_back_as_the_orm_gives_it(charlie):
    entry = AuditEntry.objects.create(
        actor=charlie, action=AuditEntry.Action.UPDATE, target_type="uji",
        changes={"status": "Hadir", "angka": [1, 2.5], "kosong": None},
    )  # fmt: skip
    table = AuditEntry._meta.db_table
    (found,) = fetch_objects(
        AuditEntry, "e", f"FROM {table} e WHERE e.id = %s", [entry.pk],  # noqa: S608
        extra=[("two", "1 + 1")],
    )  # fmt: skip
    assert values(found) == values(AuditEntry.objects.get(pk=entry.pk))
    assert found.changes == {"status": "Hadir", "angka": [1, 2.5], "kosong": None}
    assert found.two == 2 and not found._state.adding and found.actor == charlie
    (user,) = fetch_objects(
        User, "u", f"FROM {User._meta.db_table} u WHERE u.id = %s", [charlie.pk]
    )  # noqa: S608
    assert values(user) == values(User.objects.get(pk=charlie.pk))
    assert user.is_active is True and user.date_joined.tzinfo is not None


def test_uuids_and_many_rows_in_the_order_asked(charlie, today_event):
    placement = Placement.objects.select_related("session").first()
    attendance = Attendance.objects.create(
        registration_id=placement.registration_id, session=placement.session,
        status="hadir", marked_at=timezone.now(), marked_by=charlie,
    )  # fmt: skip
    ids = [uuid.uuid4(), uuid.uuid4()]
    for client_id in ids:
        AttendanceMark.objects.create(
            attendance=attendance, client_id=client_id, status="hadir",
            marked_at=attendance.marked_at, marked_by=charlie,
        )  # fmt: skip
    table = AttendanceMark._meta.db_table
    found = fetch_objects(
        AttendanceMark, "m", f"FROM {table} m WHERE m.attendance_id = %s ORDER BY m.id DESC",  # noqa: S608
        [attendance.pk],
    )  # fmt: skip
    assert [mark.client_id for mark in found] == ids[::-1]
    assert [values(mark) for mark in found] == [
        values(mark) for mark in AttendanceMark.objects.order_by("-id")
    ]
    assert fetch_objects(AttendanceMark, "m", f"FROM {table} m WHERE m.id < 0", []) == []  # noqa: S608
