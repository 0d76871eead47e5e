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
"""

import select

from django.db.backends.postgresql import base
from psycopg.pq import ConnStatus, TransactionStatus


class DatabaseWrapper(base.DatabaseWrapper):
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
