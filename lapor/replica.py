"""Dashboards and exports may read from a streaming replica (off by default).

Set `LAPOR_REPLICA_DATABASE_URL` to a hot standby of the primary and the views marked with
`reads_replica` — the dashboards, `/statistik/` and the exports, which read much and write
nothing — send their reads there; every other read, and every write, goes to the primary.
A replica lags the primary by a moment, which is fine for a figure and never used for a
decision: the user and their session are loaded by the middleware, on the primary, before
the view starts.
"""

from contextvars import ContextVar
from functools import wraps

from django.conf import settings

REPLICA = "replica"
_reading = ContextVar("lapor_reading_replica", default=False)


class ReplicaRouter:
    """The database router (DATABASE_ROUTERS) behind `reads_replica`."""

    def db_for_read(self, model, **hints):
        if _reading.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return None  # the primary

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data, whichever copy it was read from

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # a standby follows the primary; it is never migrated


def reads_replica(view):
    """Run `view`'s reads on the replica when one is configured."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        token = _reading.set(True)
        try:
            response = view(request, *args, **kwargs)
            if getattr(response, "streaming", False):  # rows are read while streaming
                response.streaming_content = _on_replica(response.streaming_content)
            return response
        finally:
            _reading.reset(token)

    return wrapper


def _on_replica(chunks):
    token = _reading.set(True)
    try:
        yield from chunks
    finally:
        _reading.reset(token)
