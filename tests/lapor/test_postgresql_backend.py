"""lapor/postgresql: the health check of a reused connection needs no round trip while the
server has said nothing, and still finds a connection the server has ended."""

import select
import time

import psycopg
import pytest
from django.db import close_old_connections, connection
from django.test import Client

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fresh_connection_afterwards():
    yield
    connection.close()  # the next test (and the flush after this one) opens a new one


@pytest.fixture
def round_trips(monkeypatch):
    """The statements sent on raw psycopg cursors (where Django's check sends SELECT 1)."""
    sent = []
    original = psycopg.Cursor.execute

    def execute(self, query, *args, **kwargs):
        sent.append(query)
        return original(self, query, *args, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "execute", execute)
    return sent


def open_connection():
    connection.ensure_connection()
    return connection.connection


def ended_by_the_server():
    """Another session ends ours, as a restart or a failover would; waits until our socket
    has the server's word."""
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    address = {key: params[key] for key in ("dbname", "user", "host", "port") if key in params}
    with psycopg.connect(**address, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 5
    while not select.select([connection.connection.fileno()], [], [], 0.05)[0]:
        assert time.monotonic() < deadline, "the server did not close the connection"


def test_an_idle_connection_the_server_said_nothing_on_is_usable_without_a_round_trip(
        round_trips):
    open_connection()
    round_trips.clear()
    assert connection.is_usable()
    assert round_trips == []


def test_a_connection_the_server_ended_is_found_and_replaced(round_trips):
    open_connection()
    ended_by_the_server()
    round_trips.clear()
    assert not connection.is_usable()
    assert round_trips == ["SELECT 1"]  # Django's own check, which finds it broken
    connection.health_check_done = False
    connection.close_if_health_check_failed()
    assert connection.connection is None
    with connection.cursor() as cursor:  # a new connection
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_a_numbered_cursor_first_in_a_request_checks_the_connection_too():
    """A filing's one statement may be its request's first (the calendar and the choice rows
    kept by the process): it must not fail on a connection the server ended meanwhile."""
    open_connection()
    ended_by_the_server()
    close_old_connections()  # the start of a request
    with connection.numbered_cursor() as cursor:
        cursor.execute("SELECT $1::int", [7])
        assert cursor.fetchone() == (7,)


def test_a_connection_left_in_a_transaction_gets_the_full_check(round_trips):
    raw = open_connection()
    raw.execute("BEGIN")
    round_trips.clear()
    assert connection.is_usable()  # SELECT 1 works inside an open transaction
    assert round_trips == ["SELECT 1"]
    raw.execute("ROLLBACK")


def test_a_request_after_the_database_ended_the_connection_is_served(client: Client):
    assert client.get("/healthz").status_code == 200
    connection.ensure_connection()
    ended_by_the_server()
    close_old_connections()  # what the start of a request does (the test client skips it)
    assert client.get("/healthz").status_code == 200
