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
import itertools
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
    condition = None
    if provided is not None:
        condition, values = provided
        if condition.count("%s") != len(values):
            raise ValueError(f"{condition.count('%s')} placeholders for {len(values)} values")
        params += [_plain(value) for value in values]
    sql = _statement(tuple(row.shape for row in rows), condition, connection)
    try:
        with connection.numbered_cursor() as cursor:
            cursor.execute(sql, params)
            values = iter(cursor.fetchone())
    except DatabaseError as error:
        if getattr(error.__cause__, "sqlstate", None) == NOT_PROVIDED_SQLSTATE:
            raise NotProvided(str(error)) from error
        raise
    for row in rows:
        row.saved(values, connection)
    return objects


# A filing's statement has the same text each time, so PostgreSQL keeps its plan
# (lapor/postgresql/base.py): it is written once for each shape of its rows (which columns
# each row writes, and how) and kept, at most STATEMENTS_KEPT of them.
_statements = {}
STATEMENTS_KEPT = 256


def _statement(shapes, condition, connection):
    """The statement for rows of these shapes and the `provided` condition."""
    key = (connection.alias, shapes, condition)
    statement = _statements.get(key)
    if statement is None:
        if len(_statements) >= STATEMENTS_KEPT:
            _statements.clear()
        statement = _statements[key] = _written_statement(shapes, condition, connection)
    return statement


def _written_statement(shapes, condition, connection):
    quote = connection.ops.quote_name
    # Numbered placeholders, in the order of the values: psycopg would search this long
    # statement for %s on every filing.
    numbers = itertools.count(1)
    ctes, selected = [], []
    for index, (model, entries) in enumerate(shapes):
        columns = _writable_columns(model, connection)
        names, values = [], []
        for position, how in entries:
            if how is _RETURNED:
                continue
            names.append(columns[position].quoted)
            if how is _PARAMETER:
                values.append(f"${next(numbers)}")
            elif how is _DEFAULT:
                values.append("DEFAULT")
            else:  # the key of the earlier row number `how`
                values.append(f"(SELECT {quote(shapes[how][0]._meta.pk.column)} FROM r{how})")
        returned = _returned_fields(model, entries, connection)
        # The key always: a later row may point at this one, and the final SELECT joins it.
        returning = dict.fromkeys([quote(model._meta.pk.column)] +
                                  [quote(field.column) for field in returned])
        ctes.append(f"r{index} AS (INSERT INTO {quote(model._meta.db_table)} "
                    f"({', '.join(names)}) VALUES ({', '.join(values)}) "
                    f"RETURNING {', '.join(returning)})")
        selected += [f"r{index}.{quote(field.column)}" for field in returned]
    if condition is not None:
        first, *pieces = condition.split("%s")
        selected.append(f"lapor_provided({first}"
                        + "".join(f"${next(numbers)}{piece}" for piece in pieces) + ")")
    tables = ", ".join(f"r{index}" for index in range(len(shapes)))
    return f"WITH {', '.join(ctes)} SELECT {', '.join(selected) or 'NULL'} FROM {tables}"


# How a row writes one of its columns, in its shape; an int is the earlier row whose key it
# takes.
_PARAMETER, _DEFAULT, _RETURNED = "parameter", "default", "returned"


def _returned_fields(model, entries, connection):
    """The fields whose values the database fills in (an automatic key, a db_default), in the
    order the statement reads them back."""
    columns = _writable_columns(model, connection)
    return [columns[position].field for position, how in entries
            if how is _RETURNED or how is _DEFAULT]


class _InsertedRow:
    """One instance's INSERT … RETURNING, as a part of insert_together's statement: its values
    are added to `params`, and `shape` says which columns it writes and how."""

    def __init__(self, instance, index, objects, connection, params):
        self.instance = instance
        self.links, entries = [], []
        earlier = objects[:index]
        for position, column in enumerate(_writable_columns(type(instance), connection)):
            field = column.field
            if column.automatic_key and instance.pk is None:
                entries.append((position, _RETURNED))
                continue
            linked = _earlier_row(instance, field, earlier) if column.is_relation else None
            if linked is not None:
                self.links.append((field, linked))
                entries.append((position, next(n for n, row in enumerate(earlier)
                                               if row is linked)))
                continue
            value = (getattr(instance, column.attname) if column.read_plainly
                     else field.pre_save(instance, add=True))
            if value is None and not column.has_db_default:
                continue  # NULL all the same, and a shorter statement to send and parse
            entries.append((position, _value(column, value, connection, params)))
        self.shape = (type(instance), tuple(entries))

    def saved(self, values, connection):
        for field in _returned_fields(*self.shape, connection):
            setattr(self.instance, field.attname, next(values))
        for field, linked in self.links:
            setattr(self.instance, field.attname, linked.pk)
        self.instance._state.adding = False
        self.instance._state.db = connection.alias


def _value(column, value, connection, params):
    """How a row writes `value` into `column` (_PARAMETER or _DEFAULT); a parameter's value is
    added to `params`."""
    if type(value) is column.plain_type:
        params.append(value)  # what get_db_prep_save would return (UNCHANGED_VALUES)
        return _PARAMETER
    field = column.field
    if isinstance(value, DatabaseDefault):
        if not isinstance(field, PLAIN_FIELDS):
            raise TypeError(f"{field}: a database default of this kind is not read back")
        return _DEFAULT
    if hasattr(value, "resolve_expression"):
        raise TypeError(f"{field}: an expression cannot be inserted together")
    params.append(_prepared(field, value, connection))
    return _PARAMETER


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
