"""Placements carry their session's hours, and on PostgreSQL the database refuses one
workstation to two people at overlapping hours, across events (an exclusion constraint
over workstation and time range, with btree_gist). On SQLite the constraint writes nothing
and the services make the same check."""

import datetime as dt
from collections import defaultdict

import django.contrib.postgres.fields.ranges
from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations, models
from django.utils import timezone

import sessions_app.models.constraints


def copy_session_hours(apps, schema_editor):
    Placement = apps.get_model("sessions_app", "Placement")
    Session = apps.get_model("sessions_app", "Session")
    zone = timezone.get_default_timezone()
    for session in Session.objects.all():
        starts_at = timezone.make_aware(dt.datetime.combine(session.date, session.start_time), zone)
        ends_at = timezone.make_aware(dt.datetime.combine(session.date, session.end_time), zone)
        Placement.objects.filter(session=session).update(starts_at=starts_at, ends_at=ends_at)
    if schema_editor.connection.vendor == "postgresql":
        _refuse_existing_double_bookings(Placement)


def _refuse_existing_double_bookings(Placement):
    """Say which seats two events already share before the constraint would refuse them."""
    by_seat = defaultdict(list)
    rows = Placement.objects.values_list(
        "workstation__label", "workstation_id", "starts_at", "ends_at", "session__event__code"
    )
    for label, seat, starts_at, ends_at, code in rows:
        by_seat[seat].append((starts_at, ends_at, code, label))
    clashes = []
    for spans in by_seat.values():
        spans.sort()
        for before, after in zip(spans, spans[1:], strict=False):
            if after[0] < before[1]:
                clashes.append(
                    f"{before[3]} {timezone.localtime(after[0]):%d/%m/%Y %H.%M} "
                    f"({before[2]} dan {after[2]})"
                )
    if clashes:
        raise RuntimeError(
            "Satu komputer dipakai dua orang pada jam yang sama: "
            + "; ".join(clashes[:10])
            + ". Pindahkan salah satunya dengan versi sebelumnya, lalu jalankan migrasi lagi."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("sessions_app", "0003_event_pnbp"),
    ]

    operations = [
        migrations.AddField(
            model_name="placement",
            name="starts_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="mulai"),
        ),
        migrations.AddField(
            model_name="placement",
            name="ends_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="selesai"),
        ),
        migrations.RunPython(copy_session_hours, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="placement",
            name="starts_at",
            field=models.DateTimeField(editable=False, verbose_name="mulai"),
        ),
        migrations.AlterField(
            model_name="placement",
            name="ends_at",
            field=models.DateTimeField(editable=False, verbose_name="selesai"),
        ),
        migrations.AddIndex(
            model_name="placement",
            index=models.Index(fields=["workstation", "starts_at"], name="placement_seat_time"),
        ),
        migrations.AddConstraint(
            model_name="placement",
            constraint=models.CheckConstraint(
                condition=models.Q(("ends_at__gt", models.F("starts_at"))),
                name="placement_times_in_order",
            ),
        ),
        # Does nothing outside PostgreSQL.
        BtreeGistExtension(),
        migrations.AddConstraint(
            model_name="placement",
            constraint=sessions_app.models.constraints.PostgresExclusionConstraint(
                expressions=[
                    ("workstation", "="),
                    (
                        sessions_app.models.constraints.TsTzRange(
                            "starts_at",
                            "ends_at",
                            django.contrib.postgres.fields.ranges.RangeBoundary(),
                        ),
                        "&&",
                    ),
                ],
                name="one_person_per_seat_at_a_time",
            ),
        ),
    ]
