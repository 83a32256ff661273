"""Database helpers: the importers' bulk writes, rows found among many values, and the few
rows of a request (a proctor's mark) read and written without a queryset's compiling."""

import json
import weakref
from collections.abc import Collection, Iterable, Iterator, Sequence

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

SQLITE_IN_LIST = 5000  # values per IN list on SQLite, which limits a query's parameters


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


def save_fields(objects: Sequence[models.Model], fields: Sequence[str]) -> None:
    """Write `fields` of saved objects of one model, one UPDATE by primary key each, sent
    together; auto_now fields are stamped as save() would (bulk_update leaves them).

    For the few rows of a request: bulk_update builds one CASE WHEN per field over every
    row, which costs milliseconds of query compiling for a single row (measured: 5 ms of
    a proctor's mark); this binds the values of a statement built from _meta."""
    if not objects:
        return
    meta = objects[0]._meta
    quote = connection.ops.quote_name
    targets = [meta.get_field(name) for name in fields]
    targets += [
        field
        for field in meta.concrete_fields
        if getattr(field, "auto_now", False) and field not in targets
    ]
    sets = ", ".join(f"{quote(field.column)} = %s" for field in targets)
    statement = (
        f"UPDATE {quote(meta.db_table)} SET {sets} "  # noqa: S608 (names from _meta)
        f"WHERE {quote(meta.pk.column)} = %s"
    )
    params = [
        [field.get_db_prep_save(field.pre_save(obj, False), connection) for field in targets]
        + [obj.pk]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        if len(params) == 1:
            cursor.execute(statement, params[0])  # executemany's set-up costs more for one
        else:
            cursor.executemany(statement, params)


def insert_objects(objects: Sequence[models.Model]) -> None:
    """Insert new objects of one model and give each its primary key, as bulk_create does
    (defaults, auto_now and auto_now_add as save() sets them), from a statement built from
    _meta: for the few rows of a request, bulk_create's query compiling costs more than
    the insert itself (measured: half a millisecond a call on a proctor's mark)."""
    if not objects:
        return
    if not connection.features.can_return_rows_from_bulk_insert:  # SQLite before 3.35
        for obj in objects:
            obj.save(force_insert=True)
        return
    meta = objects[0]._meta
    quote = connection.ops.quote_name
    fields = [field for field in meta.concrete_fields if field is not meta.auto_field]
    columns = ", ".join(quote(field.column) for field in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    batch = connection.ops.bulk_batch_size(fields, objects) or len(objects)
    with connection.cursor() as cursor:
        for start in range(0, len(objects), batch):
            chunk = objects[start : start + batch]
            params = [
                field.get_db_prep_save(field.pre_save(obj, True), connection)
                for obj in chunk
                for field in fields
            ]
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608 (from _meta)
                f"VALUES {', '.join([row] * len(chunk))} RETURNING {quote(meta.pk.column)}",
                params,
            )
            for obj, (pk,) in zip(chunk, cursor.fetchall(), strict=True):
                obj.pk = pk
                obj._state.adding = False


def filter_among(queryset: QuerySet, field: str, values: Collection) -> list[QuerySet]:
    """The queryset cut to the rows whose `field` (a concrete field of its model) is one of
    `values`, as querysets whose rows together are the answer. On PostgreSQL one, with the
    values bound as one array parameter: 100,000 values in an IN list take three times as
    long to bind. On SQLite, which limits a query's parameters, one per SQLITE_IN_LIST."""
    values = list(values)
    if connection.vendor == "postgresql":
        meta, quote = queryset.model._meta, connection.ops.quote_name
        column = f"{quote(meta.db_table)}.{quote(meta.get_field(field).column)}"
        among = RawSQL(  # noqa: S611 (names from _meta, the values a parameter)
            f"{column} = ANY(%s)", (values,), output_field=BooleanField()
        )
        return [queryset.filter(among)]
    return [
        queryset.filter(**{f"{field}__in": values[start : start + SQLITE_IN_LIST]})
        for start in range(0, len(values), SQLITE_IN_LIST)
    ]


# Per database connection (one per thread): each model's SELECT list and converters.
_SHAPES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _shape(db, model: type[models.Model], alias: str) -> tuple[str, list[str], list]:
    shapes = _SHAPES.setdefault(db, {})
    if (model, alias) not in shapes:
        fields = model._meta.concrete_fields
        converters = []
        for index, field in enumerate(fields):
            column = field.get_col(alias)
            found = db.ops.get_db_converters(column) + column.get_db_converters(db)
            if found:
                converters.append((index, found, column))
        select = ", ".join(f"{alias}.{db.ops.quote_name(field.column)}" for field in fields)
        shapes[model, alias] = (select, [field.attname for field in fields], converters)
    return shapes[model, alias]


def fetch_objects(
    model: type[models.Model],
    alias: str,
    rest: str,
    params: Sequence,
    extra: Sequence[tuple[str, str]] = (),
) -> list:
    """Instances of `model` from `SELECT <every column of alias> <rest>`, as a queryset
    gives them (the values converted as Django converts them), each with the `extra` values
    set as attributes ((name, SQL expression) pairs; values as the database gives them).

    For the few rows of a request on the path of every live scan: a queryset, or a raw
    one, costs about a millisecond of CPU in building and compiling for a read that takes a
    tenth of one (measured on a proctor's mark)."""
    db = connections[DEFAULT_DB_ALIAS]
    select, names, converters = _shape(db, model, alias)
    columns = ", ".join([select, *(sql for _, sql in extra)])
    with db.cursor() as cursor:
        cursor.execute(f"SELECT {columns} {rest}", params)  # noqa: S608 (the caller's SQL)
        rows = cursor.fetchall()
    count, found = len(names), []
    for row in rows:
        values = list(row[:count])
        for index, functions, column in converters:
            for function in functions:
                values[index] = function(values[index], column, db)
        obj = model.from_db(db.alias, names, values)
        for (name, _), value in zip(extra, row[count:], strict=True):
            setattr(obj, name, value)
        found.append(obj)
    return found
