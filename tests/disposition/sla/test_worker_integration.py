"""A real `manage.py qcluster` process against the test database: the registered schedule
runs the SLA sweep by itself, and the reminder it claims is delivered by the worker."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.utils import timezone

from complaints.deadlines import holiday_dates
from complaints.models import Complaint, Notification
from disposition.models import SweepRun
from disposition.sla.schedules import register_schedules
from lapor.workdays import add_working_days
from tests.factories import file_report

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[3]


def database_url_of_the_test_database():
    db = connection.settings_dict
    login = quote(db["USER"] or "postgres")
    if db.get("PASSWORD"):
        login += ":" + quote(db["PASSWORD"])
    return f"postgres://{login}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(1)
    return False


def test_the_worker_sweeps_on_schedule_and_sends_the_reminder(category, people):
    complaint = file_report(category)
    # One working day left: the sweep must remind the coordinators.
    Complaint.objects.filter(pk=complaint.pk).update(
        due_at=add_working_days(timezone.now(), 2, holiday_dates()))
    Notification.objects.update(status="sent")  # the receipt is not what we wait for
    register_schedules()
    environment = {**os.environ, "DATABASE_URL": database_url_of_the_test_database(),
                   "DEBUG": "true", "Q_WORKERS": "1",
                   "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    worker = subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=ROOT,
                              env=environment, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        delivered = wait_for(lambda: Notification.objects.filter(
            kind="sla_reminder", status="logged").exists(), seconds=150)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=60)[0]
    assert delivered, output[-3000:]
    (reminder,) = Notification.objects.filter(kind="sla_reminder")
    assert reminder.recipient == "alice@lapor.test" and reminder.attempts == 1
    assert SweepRun.objects.filter(counts__reminders=1).count() == 1
    assert "Pengingat" in output  # the console backend printed it: logged, not sent
