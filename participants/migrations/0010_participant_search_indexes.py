"""Searches by part of a name or of a NIP read an index at 100,000 people.

On PostgreSQL: the pg_trgm extension and a trigram GIN index on the upper-cased name (what
`name__icontains` compares) and on the NIP (`nip__contains`). SQLite has neither; there the
search scans, which its sizes allow. The (name, id) index backs the lists paged by name.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

INDEXES = {
    "participant_name_trgm": "UPPER(name::text) gin_trgm_ops",
    "participant_nip_trgm": "nip gin_trgm_ops",
}


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, expression in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON participants_participant USING gin ({expression})"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("participants", "0008_opd_contact")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
        migrations.AddIndex(
            model_name="participant",
            index=models.Index(fields=["name", "id"], name="participant_name_id"),
        ),
    ]
