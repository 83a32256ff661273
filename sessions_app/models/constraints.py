"""A PostgreSQL exclusion constraint that the SQLite build leaves to the services.

SQLite has no exclusion constraints. This one is declared on the model, so the migration
state is the same on both databases, but it writes SQL only on PostgreSQL; on SQLite the
services make the same check (sessions_app.services.occupancy) before they write.
"""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Func


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class PostgresExclusionConstraint(ExclusionConstraint):
    def constraint_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().constraint_sql(model, schema_editor)

    def create_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().create_sql(model, schema_editor)

    def remove_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().remove_sql(model, schema_editor)

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        if connections[using].vendor != "postgresql":
            return
        super().validate(model, instance, exclude=exclude, using=using)
