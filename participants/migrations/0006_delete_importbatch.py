"""The import batch moves to the shared `core` app (core/migrations/0001_initial.py takes it
over with its table); here it leaves the participants app's state only, so no table is
dropped and no row moves."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0005_opd_alias"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ImportBatch")],
        ),
    ]
