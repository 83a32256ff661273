"""Indexes the report pages read at 100,000 results (PostgreSQL only; SQLite's sizes do
without): the results of one run in one talent box (the results list's box filter and its
count), and per competency the results below the standard there (the training needs page:
its count and its rows, from the stored gaps, a JSON array)."""

from django.db import migrations

from participants.competencies import COMPETENCY_CODES

TABLE = "scoring_participantresult"
INDEXES = {
    "result_run_box": f"ON {TABLE} (run_id, box)",
    **{
        f"result_below_{i}": f"ON {TABLE} (run_id) WHERE ((gaps ->> {i}))::integer < 0"
        for i in range(len(COMPETENCY_CODES))
    },
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {definition}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0008_pnbp_bills"),
        ("scoring", "0002_scoring_tables"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
