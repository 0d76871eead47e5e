"""Thousands of simple rows of one model in one COPY — the worker's sweeps write a message and
an event per report in a backlog, and Django's bulk_create spent most of a 40,000-item sweep
preparing each value and quoting it into one long statement (bench/sla_sweep.py backlog).

COPY returns no keys, so the keys are drawn from the table's sequence first and written with
the rows. As with bulk_create, no save() and no signals; unlike it, values go to psycopg as
the instances hold them, so only fields whose Python value is the column's value are allowed.
"""

from django.db import connections, models, router

# Fields whose attribute value PostgreSQL takes as it is (a foreign key by its id).
PLAIN_FIELDS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField,
                models.DateTimeField, models.DateField, models.ForeignKey)


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
