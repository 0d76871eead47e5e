"""Two lapor installations on loopback, each with its own database: this one forwards a
report to the other through Open311; the worker files it there once, the other region's unit
answers, and polling brings the answer back to this reporter's timeline."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from complaints.models import Complaint, Notification
from disposition import forwarding, services
from disposition.models import RemoteRequest
from lapor.channels import ProviderError
from lapor.channels.http import post_form
from tests.complaints.conftest import run_queued_tasks
from tests.factories import file_report, make_unit

ROOT = Path(__file__).resolve().parents[3]
SETUP_B = """
from datetime import date
from accounts import services as a
from accounts.models import Appointment, Unit, User
from complaints.models import Category
unit = Unit.objects.create(code="DPU-B", name="DPU Kabupaten B", kind="office")
coordinator = User.objects.create_user(email="koor@b.test", password="x", full_name="Koor B")
operator = User.objects.create_user(email="op@b.test", password="x", full_name="Op B")
hq = Unit.objects.create(code="KOMINFO-B", name="Kominfo B", kind="office")
a.appoint(user=coordinator, unit=hq, role="coordinator", sk_number="1", sk_date=date(2026, 1, 1),
          valid_from=date(2026, 1, 1))
a.appoint(user=operator, unit=unit, role="operator", sk_number="2", sk_date=date(2026, 1, 1),
          valid_from=date(2026, 1, 1))
Category.objects.create(code="JALAN", name="Jalan", default_unit=unit, completion_days=14)
print(a.issue_api_key(name="Kabupaten A")[1])
"""
ANSWER_IN_B = """
from accounts.models import Unit, User
from complaints.models import Complaint
from disposition import services as s
c = Complaint.objects.get(source_reference="{reference}")
koor, op = User.objects.get(email="koor@b.test"), User.objects.get(email="op@b.test")
s.dispose(complaint=c, user=koor, lead_unit=Unit.objects.get(code="DPU-B"))
s.accept(complaint=c, user=op)
s.save_draft(complaint=c, user=op, text="{answer}")
s.publish(complaint=c, user=op)
print(c.tracking_code)
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def lapor_b(django_db_blocker):
    with django_db_blocker.unblock():
        settings_dict = connection.settings_dict
    name = f"{settings_dict['NAME']}_b"
    server = f"postgres://{settings_dict['USER'] or 'postgres'}@" \
             f"{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": f"{server}/{name}", "DEBUG": "true",
           "LAPOR_REGION_NAME": "Kabupaten B"}

    def manage(*args):
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, check=True, timeout=180).stdout

    manage("migrate", "--verbosity", "0")
    key = manage("shell", "-c", SETUP_B).strip().splitlines()[-1]
    port = free_port()
    process = subprocess.Popen([sys.executable, "manage.py", "runserver", "--noreload",
                                f"127.0.0.1:{port}"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/open311/v2"
    for _ in range(60):
        try:
            urllib.request.urlopen(f"{url}/discovery.json", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    yield {"url": url, "key": key, "manage": manage}
    process.terminate()
    process.wait(timeout=30)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def agency_b(lapor_b, **changes):
    from accounts.models import Unit

    return make_unit("EXT-KAB-B", Unit.Kind.EXTERNAL, name="Pemerintah Kabupaten B",
                     **{"open311_endpoint": lapor_b["url"], "open311_api_key": lapor_b["key"],
                        "open311_service_code": "JALAN", **changes})


def forwarded(category, people, unit, django_capture_on_commit_callbacks):
    complaint = file_report(category, title="Jembatan perbatasan retak",
                            description="Jembatan di perbatasan kabupaten retak dan miring.",
                            reporter_name="Budi Santoso", reporter_email="budi@warga.test",
                            latitude=-7.3, longitude=110.5)
    with django_capture_on_commit_callbacks(execute=True):
        services.forward(complaint=complaint, user=people.alice, unit=unit,
                         note="Jembatan milik kabupaten B.")
    return complaint


@pytest.mark.django_db
def test_a_report_travels_to_another_lapor_and_its_answer_comes_back(
        lapor_b, category, people, units, django_capture_on_commit_callbacks):
    unit = agency_b(lapor_b)
    complaint = forwarded(category, people, unit, django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(kind="forwarded").exists()  # not an e-mail
    run_queued_tasks()  # the worker files it in lapor B
    remote = RemoteRequest.objects.get()
    assert remote.state == "filed" and remote.remote_id.startswith("LPR-")
    assert forwarding.file_remote(remote.pk).startswith("not filed")  # never twice
    # A retry that reached B although we never heard the answer is filed once there too.
    again = post_form(f"{lapor_b['url']}/requests.json", forwarding._fields(complaint, unit),
                      who="B")
    assert again[0]["service_request_id"] == remote.remote_id
    # B verifies, its unit answers; polling brings the answer to our reporter.
    assert forwarding.follow()["changed"] == 0  # not public in B yet
    answer = "Jembatan sudah kami perkuat dan diberi rambu batas beban."
    lapor_b["manage"]("shell", "-c", ANSWER_IN_B.format(reference=complaint.tracking_code,
                                                        answer=answer))
    with django_capture_on_commit_callbacks(execute=True):
        assert forwarding.follow() == {"requeued": 0, "polled": 1, "changed": 1}
    event = complaint.events.latest("at")
    assert event.action == "remote_update" and answer in event.note
    assert event.note.startswith("Pemerintah Kabupaten B: ")
    assert Notification.objects.filter(kind="status_update", event=event,
                                       recipient="budi@warga.test").exists()
    assert forwarding.follow()["changed"] == 0  # nothing new: nothing written twice
    # B received no identity of our reporter.
    report_in_b = lapor_b["manage"]("shell", "-c", (
        "from complaints.models import Complaint; "
        f"c = Complaint.objects.get(source_reference='{complaint.tracking_code}'); "
        "print(c.reporter_name, c.reporter_email, c.channel_id)"))
    assert "Budi" not in report_in_b and "budi@warga.test" not in report_in_b
    assert "api" in report_in_b


@pytest.mark.django_db
def test_an_agency_that_is_down_or_answers_garbage_is_retried_and_files_nothing_twice(
        category, people, units, django_capture_on_commit_callbacks):
    from accounts.models import Unit

    down = make_unit("EXT-DOWN", Unit.Kind.EXTERNAL, name="Portal mati",
                     open311_endpoint="http://127.0.0.1:9/open311/v2", open311_api_key="k.x",
                     open311_service_code="JALAN")
    forwarded(category, people, down, django_capture_on_commit_callbacks)
    remote = RemoteRequest.objects.get()
    with pytest.raises(ProviderError):
        forwarding.file_remote(remote.pk)
    remote.refresh_from_db()
    assert (remote.state, remote.attempts, remote.remote_id) == ("failed", 1, "")
    assert remote.next_attempt_at is not None and "Connection refused" in remote.error
    assert forwarding.file_remote(remote.pk).startswith("not filed")  # waits for its time
    assert Complaint.objects.get().state == "forwarded"


@pytest.mark.django_db
def test_an_open311_endpoint_needs_its_key_and_service_code(db):
    from django.core.exceptions import ValidationError

    from accounts.models import Unit

    unit = Unit(code="EXT-X", name="X", kind=Unit.Kind.EXTERNAL,
                open311_endpoint="https://x.test/open311/v2")
    with pytest.raises(ValidationError, match="kunci API dan service_code"):
        unit.full_clean()
