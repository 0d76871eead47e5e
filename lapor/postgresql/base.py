"""Django's PostgreSQL backend, with a health check that needs no round trip while the
server has said nothing.

A reused connection is checked at the start of each request (CONN_HEALTH_CHECKS), so that a
database restarted or failed over in the meantime costs no error page. Django checks with
`SELECT 1`: a round trip that was a tenth of a filed report's CPU on the web node and held
the worker while it waited (docs/performance.md). A server that ends a connection — a
restart, a failover, `pg_terminate_backend`, an idle timeout — sends its reason and closes
the socket, so an idle connection whose socket has nothing to read is as usable as `SELECT 1`
would find it. Anything else (something to read, a transaction left open, a broken or closed
connection) gets Django's own check. A server that vanished without a word (a machine
switched off) is found by neither check until its network times out.

And a cursor for statements written with PostgreSQL's own `$1, $2 …` placeholders
(`numbered_cursor`), bound by the server: psycopg need not search a long statement for `%s`,
and after a few executions of the same statement PostgreSQL keeps its plan (a prepared
statement). Django's own cursors bind on the client and are never prepared, so they keep
working behind any connection pooler.
"""

import select

import psycopg
from django.db.backends.postgresql import base
from psycopg.pq import ConnStatus, TransactionStatus

# Executions of one numbered statement on a connection before PostgreSQL keeps its plan
# (psycopg's own default); OPTIONS["prepare_threshold"] = None turns preparing off.
PREPARE_THRESHOLD = 5


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        params["prepare_threshold"] = self.settings_dict["OPTIONS"].get(
            "prepare_threshold", PREPARE_THRESHOLD)
        return params

    def numbered_cursor(self):
        """A cursor like `cursor()` — logged, wrapped, its errors Django's — whose statements
        take `$1, $2 …` placeholders and a list of values. Checks a reused connection first,
        as `cursor()` does: it may be the request's first statement."""
        self.close_if_health_check_failed()
        self.ensure_connection()
        with self.wrap_database_errors:
            return self._prepare_cursor(psycopg.RawCursor(self.connection))

    def is_usable(self):
        if self._quietly_idle():
            return True
        return super().is_usable()

    def _quietly_idle(self):
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        if (connection.pgconn.status != ConnStatus.OK
                or connection.pgconn.transaction_status != TransactionStatus.IDLE):
            return False
        readable, _, _ = select.select([connection.fileno()], [], [], 0)
        return not readable
