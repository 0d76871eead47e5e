from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_q.models import Task

pytestmark = pytest.mark.django_db


def record_task(finished):
    Task.objects.create(
        id=f"t{finished.timestamp()}", name="heartbeat", func="disposition.tasks.heartbeat",
        started=finished, stopped=finished, success=True,
    )


def test_it_reports_the_database_and_a_fresh_worker_heartbeat(client):
    record_task(timezone.now() - timedelta(seconds=30))
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["database"]) == ("ok", "ok")
    assert body["worker"]["stale"] is False
    assert 29 <= body["worker"]["seconds_since_heartbeat"] <= 60
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_worker_silent_for_too_long_is_stale(client, settings):
    settings.LAPOR_HEARTBEAT_STALE_SECONDS = 300
    record_task(timezone.now() - timedelta(minutes=10))
    assert client.get("/healthz").json()["worker"]["stale"] is True


def test_no_heartbeat_yet_is_stale_not_an_error(client):
    body = client.get("/healthz").json()
    assert body["worker"] == {"last_heartbeat": None, "seconds_since_heartbeat": None,
                              "stale": True}


@pytest.mark.django_db(transaction=True)
def test_it_answers_503_when_the_database_is_unreachable(client):
    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT="1")  # nothing listens on port 1
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}


def test_it_reports_the_last_sla_sweep(client, db):
    from disposition.sla import sweep as sla

    assert client.get("/healthz").json()["sla_sweep"] == {"last_started": None}
    sla.sweep()
    report = client.get("/healthz").json()["sla_sweep"]
    assert report["finished"] and not report["error"]
    assert set(report["counts"]) == {"reminders", "escalations", "closed", "archived", "digests",
                                     "requeued", "questions_returned", "leader_summaries"}
