"""Database helpers shared by the importers."""

from collections.abc import Iterable, Sequence

from django.db import connection, models


def bulk_upsert(
    model: type[models.Model],
    rows: Iterable[Sequence],
    *,
    fields: Sequence[str],
    unique: Sequence[str],
    update: Sequence[str],
) -> None:
    """Insert rows (tuples in the order of `fields`, attribute names such as "opd_id"), and
    on a conflict over `unique` overwrite the `update` fields. Call inside a transaction.

    On PostgreSQL the rows are COPYed into a temporary table and merged with one
    INSERT ... ON CONFLICT: four times faster than bulk_create for 100,000 rows, whose cost
    is building and binding the parameters of every batch in Python.
    """
    if connection.vendor != "postgresql":
        objects = [model(**dict(zip(fields, row, strict=True))) for row in rows]
        model.objects.bulk_create(
            objects,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=[name.removesuffix("_id") for name in unique],
            update_fields=[name.removesuffix("_id") for name in update],
        )
        return
    meta = model._meta
    quote = connection.ops.quote_name
    column = {name: quote(meta.get_field(name.removesuffix("_id")).column) for name in fields}
    table = quote(meta.db_table)
    columns = ", ".join(column[name] for name in fields)
    keys = ", ".join(column[name] for name in unique)
    sets = ", ".join(f"{column[name]} = EXCLUDED.{column[name]}" for name in update)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE upsert_rows ON COMMIT DROP AS "  # noqa: S608 (names from _meta)
            f"SELECT {columns} FROM {table} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY upsert_rows ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM upsert_rows "  # noqa: S608
            f"ON CONFLICT ({keys}) DO UPDATE SET {sets}"
        )
        cursor.execute("DROP TABLE upsert_rows")


def bulk_insert(
    model: type[models.Model], rows: Iterable[Sequence], *, fields: Sequence[str]
) -> None:
    """Insert rows (tuples in the order of `fields`); a unique conflict raises IntegrityError.
    On PostgreSQL through COPY, for the same reason as bulk_upsert."""
    if connection.vendor != "postgresql":
        objects = [model(**dict(zip(fields, row, strict=True))) for row in rows]
        model.objects.bulk_create(objects, batch_size=2000)
        return
    meta = model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name.removesuffix("_id")).column) for name in fields)
    statement = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
