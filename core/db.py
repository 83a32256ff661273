"""Database helpers shared by the importers."""

import json
from collections.abc import Iterable, Iterator, Sequence

from django.db import connection, models


def _copy_rows(
    model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence]
) -> Iterator[Sequence]:
    """Rows as COPY takes them: a JSONField value is sent as its JSON text."""
    json_at = [
        i
        for i, name in enumerate(names)
        if isinstance(model._meta.get_field(name.removesuffix("_id")), models.JSONField)
    ]
    if not json_at:
        yield from rows
        return
    for row in rows:
        row = list(row)
        for i in json_at:
            row[i] = json.dumps(row[i])
        yield row


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
            for row in _copy_rows(model, fields, rows):
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
        for row in _copy_rows(model, fields, rows):
            copy.write_row(row)


def bulk_update_rows(
    model: type[models.Model],
    rows: Iterable[Sequence],
    *,
    key: Sequence[str],
    fields: Sequence[str],
) -> None:
    """Set `fields` of existing rows found by `key` (tuples: key values, then field values).
    Rows that do not exist are ignored. Call inside a transaction.

    On PostgreSQL one COPY into a temporary table and one UPDATE ... FROM, as bulk_upsert."""
    rows = list(rows)
    if connection.vendor != "postgresql":
        names = [name.removesuffix("_id") for name in fields]
        lookup = {tuple(row[: len(key)]): row[len(key) :] for row in rows}
        objects = []
        for obj in model.objects.filter(**{f"{key[0]}__in": {row[0] for row in rows}}).only(
            "pk", *key
        ):
            values = lookup.get(tuple(getattr(obj, name) for name in key))
            if values is None:
                continue
            for name, value in zip(fields, values, strict=True):
                setattr(obj, name, value)
            objects.append(obj)
        model.objects.bulk_update(objects, names, batch_size=2000)
        return
    meta = model._meta
    quote = connection.ops.quote_name
    column = {
        name: quote(meta.get_field(name.removesuffix("_id")).column) for name in (*key, *fields)
    }
    table = quote(meta.db_table)
    columns = ", ".join(column[name] for name in (*key, *fields))
    matches = " AND ".join(f"{table}.{column[name]} = u.{column[name]}" for name in key)
    sets = ", ".join(f"{column[name]} = u.{column[name]}" for name in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE update_rows ON COMMIT DROP AS "  # noqa: S608 (names from _meta)
            f"SELECT {columns} FROM {table} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY update_rows ({columns}) FROM STDIN") as copy:
            for row in _copy_rows(model, (*key, *fields), rows):
                copy.write_row(row)
        cursor.execute(
            f"UPDATE {table} SET {sets} FROM update_rows u WHERE {matches}"  # noqa: S608
        )
        cursor.execute("DROP TABLE update_rows")
