"""New rows written the cheap way: the statement of each model built once, not per call.

``Model.save()`` and ``bulk_create`` compile their INSERT anew every time: about 0.3 ms of
Python for each of the nine or so rows an article adds, as much as SQLite takes to run the
statement, tally triggers included (BENCHMARKS.md, "Ingest speed", third round). ``insert``
prepares every value as ``save()`` does (``pre_save`` fills ``auto_now`` fields,
``get_db_prep_save`` adapts JSON and dates) and sets the new primary keys on the objects.

It sends no ``pre_save``/``post_save`` signal and runs no ``save()`` override: use it only for
models whose saves nothing listens to, as ingest does for the rows it creates.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from django.db import DEFAULT_DB_ALIAS, connections, models


def insert(objs: Sequence[models.Model]) -> None:
    """INSERT ``objs`` (new instances of one model, primary keys unset when automatic) in one
    statement, and give each its primary key."""
    if not objs:
        return
    # The connection itself, not the thread-local proxy: values are prepared field by field.
    connection = connections[DEFAULT_DB_ALIAS]
    model = type(objs[0])
    table, fields, pk_column = _statement(model)
    row = f"({', '.join(['%s'] * len(fields))})"
    sql = f"INSERT INTO {table} ({', '.join(f.column for f in fields)}) VALUES " + ", ".join(
        [row] * len(objs)
    )
    params = [
        field.get_db_prep_save(field.pre_save(obj, True), connection)
        for obj in objs
        for field in fields
    ]
    # RETURNING gives the keys in the order of the rows, as bulk_create relies on (SQLite
    # 3.35+ and PostgreSQL, the databases this project runs on).
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} RETURNING {pk_column}" if pk_column else sql, params)
        ids = [pk for (pk,) in cursor.fetchall()] if pk_column else []
    for n, obj in enumerate(objs):
        if ids:
            obj.pk = ids[n]
        obj._state.adding = False
        obj._state.db = connection.alias


@functools.cache
def _statement(model: type[models.Model]) -> tuple[str, tuple[models.Field, ...], str]:
    """The quoted table, the fields an INSERT writes, and the primary key column to read back
    ('' when the key is not automatic and so is among the fields)."""
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    pk = model._meta.pk
    automatic = isinstance(pk, models.AutoField | models.BigAutoField | models.SmallAutoField)
    fields = tuple(f for f in model._meta.concrete_fields if not (automatic and f is pk))
    return quote(model._meta.db_table), fields, quote(pk.column) if automatic else ""
