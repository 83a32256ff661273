"""Events, sessions and attendance rows say when they last changed, for the API's
changed_since. Added nullable, filled, then made required:

- attendance: when the server received its latest mark (the device's marked_at when a row
  has no mark history);
- events and sessions: no earlier record of their changes exists, so the time of this
  migration: a consumer that asks for changes since before it gets them all once."""

from django.db import migrations, models
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone


def fill_changed_at(apps, schema_editor):
    now = timezone.now()
    apps.get_model("sessions_app", "Event").objects.update(changed_at=now)
    apps.get_model("sessions_app", "Session").objects.update(changed_at=now)
    Attendance = apps.get_model("sessions_app", "Attendance")
    AttendanceMark = apps.get_model("sessions_app", "AttendanceMark")
    latest = (
        AttendanceMark.objects.filter(attendance=OuterRef("pk"))
        .values("attendance")
        .annotate(latest=Max("received_at"))
        .values("latest")
    )
    Attendance.objects.update(changed_at=Subquery(latest))
    Attendance.objects.filter(changed_at__isnull=True).update(changed_at=models.F("marked_at"))
    if schema_editor.connection.vendor == "postgresql":
        # The updates queued the deferred checks of the rows' foreign keys; PostgreSQL refuses
        # to alter a table with such pending events ("pending trigger events"), so they are
        # checked now, and the same transaction goes on to make the columns required.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


class Migration(migrations.Migration):
    dependencies = [("sessions_app", "0004_placement_hours_one_seat_at_a_time")]

    operations = [
        migrations.AddField(
            model_name="event",
            name="changed_at",
            field=models.DateTimeField(null=True, verbose_name="terakhir diubah"),
        ),
        migrations.AddField(
            model_name="session",
            name="changed_at",
            field=models.DateTimeField(null=True, verbose_name="terakhir diubah"),
        ),
        migrations.AddField(
            model_name="attendance",
            name="changed_at",
            field=models.DateTimeField(null=True, verbose_name="terakhir diubah"),
        ),
        migrations.RunPython(fill_changed_at, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="event",
            name="changed_at",
            field=models.DateTimeField(
                auto_now=True, db_index=True, verbose_name="terakhir diubah"
            ),
        ),
        migrations.AlterField(
            model_name="session",
            name="changed_at",
            field=models.DateTimeField(auto_now=True, verbose_name="terakhir diubah"),
        ),
        migrations.AlterField(
            model_name="attendance",
            name="changed_at",
            field=models.DateTimeField(
                auto_now=True, db_index=True, verbose_name="terakhir diubah"
            ),
        ),
    ]
