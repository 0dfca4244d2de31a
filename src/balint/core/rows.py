"""Model instances from hand-written SQL, for the few requests that run thousands of times a session.

Building a query through the ORM costs about a millisecond of CPU (filters resolved, joins set up, SQL
compiled) where running it costs tens of microseconds; the highlight endpoint makes one per check. For those,
a query is written once as SQL over `columns(...)`, and each row becomes a model instance through
`instance(...)`: every concrete field read, converted exactly as the ORM converts it (decryption, UUIDs and
dates on SQLite, JSON), so the instance is the one the ORM would have built, with nothing deferred.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model

M = TypeVar("M", bound=Model)


def columns(model: type[Model], alias: str, *, using: str = DEFAULT_DB_ALIAS) -> str:
    """`alias."col", alias."col", …` for every concrete field of the model, in the order `instance` reads."""
    quote = connections[using].ops.quote_name
    return ", ".join(f"{alias}.{quote(f.column)}" for f in model._meta.concrete_fields)


def width(model: type[Model]) -> int:
    """How many values of a row `columns(model, …)` selects."""
    return len(model._meta.concrete_fields)


def db_value(model: type[Model], field: str, value: Any, *, using: str = DEFAULT_DB_ALIAS) -> Any:
    """A value as the database stores it for this field (a UUID as 32 hex digits on SQLite, for one)."""
    return model._meta.get_field(field).get_db_prep_value(value, connections[using], prepared=False)


@cache
def _converters(model: type[Model], using: str, vendor: str) -> tuple[tuple[int, tuple, Any], ...]:
    connection = connections[using]
    compiler = connection.ops.compiler("SQLCompiler")(model._base_manager.none().query, connection, using)
    cols = [f.get_col(model._meta.db_table) for f in model._meta.concrete_fields]
    return tuple(
        (index, tuple(convs), expr) for index, (convs, expr) in compiler.get_converters(cols).items()
    )


def instance(model: type[M], values: Sequence[Any], *, using: str = DEFAULT_DB_ALIAS) -> M:
    """The model instance for `width(model)` values selected by `columns(model, …)`, converted as the ORM
    converts them."""
    connection = connections[using]
    row = list(values)
    for index, convs, expr in _converters(model, using, connection.vendor):
        value = row[index]
        for convert in convs:
            value = convert(value, expr, connection)
        row[index] = value
    return model.from_db(using, None, row)


def insert(objects: Sequence[Model], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """INSERT new instances of one model in one statement written as SQL, as `bulk_create` would (each
    field's `pre_save` and `get_db_prep_save`: defaults, timestamps, encryption), reading their generated
    primary keys back (RETURNING, on SQLite and PostgreSQL). No signals are sent, as with `bulk_create`."""
    if not objects:
        return
    model = type(objects[0])
    connection = connections[using]
    quote = connection.ops.quote_name
    pk = model._meta.pk
    fields = [f for f in model._meta.concrete_fields if f is not pk]
    rows = [[f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in objects]
    marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = "INSERT INTO {table} ({names}) VALUES {rows} RETURNING {pk}"
    sql = sql.format(
        table=quote(model._meta.db_table),
        names=", ".join(quote(f.column) for f in fields),
        rows=", ".join([marks] * len(rows)),
        pk=quote(pk.column),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])
        keys = cursor.fetchall()
    for obj, (key,) in zip(objects, keys, strict=True):
        obj.pk = key
        obj._state.adding, obj._state.db = False, using
