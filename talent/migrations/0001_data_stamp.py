"""The talent data stamp (core/stamp.py): on PostgreSQL, a one-row table whose version
moves, in the writing transaction, with every statement that writes what coverage and
succession pools read (participants and their OPD, UPT, region and position class, events,
registrations, score runs, results). Pages cache their figures under it. Other databases
get nothing here and compute every time."""

from django.db import migrations

TABLES = (
    "participants_participant",
    "participants_opd",
    "participants_upt",
    "participants_region",
    "participants_positionclass",
    "participants_requiredlevel",
    "participants_positionstandard",
    "sessions_app_event",
    "sessions_app_registration",
    "scoring_scorerun",
    "scoring_participantresult",
)

CREATE = """
CREATE SEQUENCE talent_data_version;
CREATE TABLE talent_datastamp (
    id smallint PRIMARY KEY CHECK (id = 1),
    version bigint NOT NULL,
    token text NOT NULL
);
INSERT INTO talent_datastamp
VALUES (1, nextval('talent_data_version'), md5(random()::text || clock_timestamp()::text));
CREATE FUNCTION talent_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE talent_datastamp SET version = nextval('talent_data_version') WHERE id = 1;
    RETURN NULL;
END
$$;
"""
TRIGGER = (
    "CREATE TRIGGER talent_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION talent_data_changed();"
)
DROP = """
DROP FUNCTION IF EXISTS talent_data_changed() CASCADE;
DROP TABLE IF EXISTS talent_datastamp;
DROP SEQUENCE IF EXISTS talent_data_version;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE)
    for table in TABLES:
        schema_editor.execute(TRIGGER.format(table=table))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0007_position_standard"),
        ("sessions_app", "0005_changed_at"),
        ("scoring", "0002_scoring_tables"),
    ]

    operations = [migrations.RunPython(create, drop)]
