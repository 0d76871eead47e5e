"""Rows written without a save() per row, where the count of round trips is the cost:

- `insert_by_copy`: thousands of simple rows of one model in one COPY — the worker's sweeps
  write a message and an event per report in a backlog, and Django's bulk_create spent most of
  a 40,000-item sweep preparing each value and quoting it into one long statement
  (bench/sla_sweep.py backlog). COPY returns no keys, so the keys are drawn from the table's
  sequence first and written with the rows; values go to psycopg as the instances hold them,
  so only fields whose Python value is the column's value are allowed.
- `insert_together`: a few rows of several models that point at one another (a report, its
  first event, its files and its receipt) in one INSERT statement, which
  PostgreSQL applies whole or not at all — one round trip instead of BEGIN, one per row and
  COMMIT, which cost a filed report more than half of its time on the web node and in the
  database (docs/performance.md).

As with bulk_create, no save() and no signals.
"""

import datetime
import enum
from typing import NamedTuple

from django.db import DatabaseError, connections, models, router
from django.db.models.expressions import DatabaseDefault

# Fields whose attribute value PostgreSQL takes as it is (a foreign key by its id).
PLAIN_FIELDS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField,
                models.DateTimeField, models.DateField, models.ForeignKey)
# Values that these fields' get_db_prep_save would hand to psycopg unchanged, after three
# calls each (a filed report has forty of them): insert_together takes them as they are.
# Not integers: Django sends those as psycopg's Int2/Int4/Int8, typed by the column.
UNCHANGED_VALUES = {
    **dict.fromkeys([models.CharField, models.TextField, models.EmailField, models.SlugField],
                    str),
    models.BooleanField: bool,
    models.DateField: datetime.date,
}


def insert_by_copy(objects: list[models.Model]) -> list[models.Model]:
    """Insert unsaved instances of one model with an automatic key; sets their keys and
    returns them."""
    if not objects:
        return objects
    model = type(objects[0])
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    unfit = [field.name for field in fields if not isinstance(field, PLAIN_FIELDS)]
    if unfit:
        raise TypeError(f"{meta.label}: {', '.join(unfit)} cannot be copied as they are")
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for column in [meta.pk.column] +
                        [field.column for field in fields])
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                       "FROM generate_series(1, %s)", [meta.db_table, meta.pk.column,
                                                     len(objects)])
        keys = [row[0] for row in cursor.fetchall()]
        with connection.wrap_database_errors, cursor.copy(
                f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for key, instance in zip(keys, objects, strict=True):
                copy.write_row([key, *(getattr(instance, field.attname) for field in fields)])
    for key, instance in zip(keys, objects, strict=True):
        instance.pk = key
        instance._state.adding = False
        instance._state.db = connection.alias
    return objects


class NotProvided(DatabaseError):
    """The condition an insert_together was given did not hold: nothing was written."""


NOT_PROVIDED_SQLSTATE = "LP001"  # raised by lapor_provided() (complaints/migrations/0027)


def insert_together(objects: list[models.Model], *, provided=None) -> list[models.Model]:
    """Insert unsaved instances, of one model or several, in one statement. An instance may
    point at an earlier one of the list (e.g. `Event(complaint=complaint)` after `complaint`):
    it gets that row's new key. Sets the automatic keys and the columns the database fills in
    (db_default) on the instances and returns them. Raises django.db.IntegrityError (and the
    other database errors) like save(); nothing is written then.

    `provided`: (SQL with %s placeholders, values) of a condition on the tables as the
    statement sees them (its snapshot, without its own rows), checked after its rows are
    written; when it does not hold, nothing is written and NotProvided is raised."""
    if not objects:
        return objects
    connection = connections[router.db_for_write(type(objects[0]))]
    params = []
    rows = [_InsertedRow(instance, index, objects, connection, params)
            for index, instance in enumerate(objects)]
    ctes = ", ".join(f"r{row.index} AS ({row.sql})" for row in rows)
    selected = [f"r{row.index}.{connection.ops.quote_name(field.column)}"
                for row in rows for field in row.returned]
    if provided is not None:
        selected.append(f"lapor_provided({_numbered(*provided, params)})")
    tables = ", ".join(f"r{row.index}" for row in rows)
    # Numbered placeholders: psycopg would search this long statement for %s on every
    # filing, and a filing's statement has the same text each time, so PostgreSQL keeps its
    # plan (lapor/postgresql/base.py).
    try:
        with connection.numbered_cursor() as cursor:
            cursor.execute(f"WITH {ctes} SELECT {', '.join(selected) or 'NULL'} FROM {tables}",
                           params)
            values = iter(cursor.fetchone())
    except DatabaseError as error:
        if getattr(error.__cause__, "sqlstate", None) == NOT_PROVIDED_SQLSTATE:
            raise NotProvided(str(error)) from error
        raise
    for row in rows:
        row.saved(values, connection.alias)
    return objects


def _numbered(sql, values, params):
    """`sql` with its %s placeholders numbered after `params`, to which `values` are added."""
    pieces = sql.split("%s")
    if len(pieces) != len(values) + 1:
        raise ValueError(f"{len(pieces) - 1} placeholders for {len(values)} values")
    numbered = [pieces[0]]
    for value, piece in zip(values, pieces[1:], strict=True):
        params.append(_plain(value))
        numbered.append(f"${len(params)}{piece}")
    return "".join(numbered)


class _InsertedRow:
    """One instance's INSERT … RETURNING, as a part of insert_together's statement."""

    def __init__(self, instance, index, objects, connection, params):
        self.instance, self.index, self.params = instance, index, params
        meta = instance._meta
        quote = connection.ops.quote_name
        columns, values, self.returned, self.links = [], [], [], []
        earlier = objects[:index]
        for column in _writable_columns(type(instance), connection):
            field = column.field
            if column.automatic_key and instance.pk is None:
                self.returned.append(field)
                continue
            linked = _earlier_row(instance, field, earlier) if column.is_relation else None
            if linked is not None:
                position = next(n for n, row in enumerate(earlier) if row is linked)
                sql = f"(SELECT {quote(linked._meta.pk.column)} FROM r{position})"
                self.links.append((field, linked))
            else:
                value = (getattr(instance, column.attname) if column.read_plainly
                         else field.pre_save(instance, add=True))
                if value is None and not column.has_db_default:
                    continue  # NULL all the same, and a shorter statement to send and parse
                sql = self._value_sql(column, value, connection)
            columns.append(column.quoted)
            values.append(sql)
        # The key always: a later row may point at this one, and the final SELECT joins it.
        returning = dict.fromkeys([quote(meta.pk.column)] +
                                  [quote(field.column) for field in self.returned])
        self.sql = (f"INSERT INTO {quote(meta.db_table)} ({', '.join(columns)}) "
                    f"VALUES ({', '.join(values)}) RETURNING {', '.join(returning)}")

    def _value_sql(self, column, value, connection):
        if type(value) is column.plain_type:
            self.params.append(value)  # what get_db_prep_save would return (UNCHANGED_VALUES)
            return f"${len(self.params)}"
        field = column.field
        if isinstance(value, DatabaseDefault):
            if not isinstance(field, PLAIN_FIELDS):
                raise TypeError(f"{field}: a database default of this kind is not read back")
            self.returned.append(field)
            return "DEFAULT"
        if hasattr(value, "resolve_expression"):
            raise TypeError(f"{field}: an expression cannot be inserted together")
        self.params.append(_prepared(field, value, connection))
        return f"${len(self.params)}"

    def saved(self, values, alias):
        for field in self.returned:
            setattr(self.instance, field.attname, next(values))
        for field, linked in self.links:
            setattr(self.instance, field.attname, linked.pk)
        self.instance._state.adding = False
        self.instance._state.db = alias


class _Column(NamedTuple):
    """What an insert needs to know of one of a model's fields, worked out once."""

    field: models.Field
    attname: str
    quoted: str
    read_plainly: bool  # the attribute as it is: no auto_now, no file to commit
    automatic_key: bool
    is_relation: bool
    has_db_default: bool
    plain_type: type | None  # a value of exactly this type is sent as it is


_columns_by_model = {}


def _writable_columns(model, connection):
    """A _Column for each column of `model` an insert writes, worked out once per model and
    database."""
    key = (model, connection.alias)
    if key not in _columns_by_model:
        _columns_by_model[key] = [
            _Column(field, field.attname, connection.ops.quote_name(field.column),
                    type(field).pre_save is models.Field.pre_save,
                    field.primary_key and field.db_returning, field.is_relation,
                    field.has_db_default(), UNCHANGED_VALUES.get(type(field)))
            for field in model._meta.concrete_fields if not field.generated]
    return _columns_by_model[key]


def _prepared(field, value, connection):
    """field.get_db_prep_save(value), without its calls where it would change nothing."""
    value = _plain(value)
    kind, value_type = type(field), type(value)
    if UNCHANGED_VALUES.get(kind) is value_type:
        return value
    if kind is models.DateTimeField and value_type is datetime.datetime \
            and value.tzinfo is not None:
        return value
    return field.get_db_prep_save(value, connection)


def _plain(value):
    """A choice (State.SUBMITTED) as the str or int it stands for, the same to PostgreSQL:
    psycopg looks up each new type's dumper on each cursor, and finds an enum's only after a
    miss for each class above it (seven choices cost a filing 18 µs, one in a condition's
    values 47 µs)."""
    if isinstance(value, enum.Enum) and isinstance(value, str | int):
        return value.value
    return value


def _earlier_row(instance, field, earlier):
    """The instance of `earlier` that `field` (a foreign key) of `instance` points at."""
    if not field.is_cached(instance):
        return None
    target = field.get_cached_value(instance)
    linked = next((row for row in earlier if row is target), None)
    if linked is None and target is not None and target.pk is None:
        # save() refuses this too: the link would be written as NULL.
        raise ValueError(f"{field}: points at an unsaved row that is not before it")
    return linked
