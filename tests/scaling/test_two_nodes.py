"""Two of everything on one database: two web servers (gunicorn) and two workers (qcluster),
attachments on S3-compatible storage (moto's server on loopback). A report filed through one
node is answered through the other, its photo uploaded to one is served by the other, and two
SLA sweeps at once with two workers still send each message exactly once."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
import requests
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from moto.server import ThreadedMotoServer

from accounts.models import User
from complaints.models import Complaint, Notification
from tests.complaints.conftest import image_bytes
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(settings.BASE_DIR)
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def storage():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                 aws_access_key_id="uji", aws_secret_access_key="uji").create_bucket(
        Bucket="lapor-dua-node")
    yield endpoint
    server.stop()


@pytest.fixture
def cluster(storage, tmp_path, people, units, category):
    # The servers hash as production does (the tests' own hasher is a fast MD5).
    User.objects.update(password=PBKDF2PasswordHasher().encode(PASSWORD, "garam-uji-2026"))
    db = connection.settings_dict
    env = {**os.environ, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "lapor.settings",
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
           "LAPOR_S3_BUCKET": "lapor-dua-node", "LAPOR_S3_ENDPOINT_URL": storage,
           "LAPOR_S3_ACCESS_KEY": "uji", "LAPOR_S3_SECRET_KEY": "uji",
           "LAPOR_S3_REGION": "us-east-1", "LAPOR_TWO_FACTOR_ROLES": "none", "Q_WORKERS": "1",
           "LAPOR_SUBMIT_LIMIT_PER_HOUR": "0", "MEDIA_ROOT": str(tmp_path / "tidak-dipakai")}
    processes, urls = [], []
    for _ in range(2):
        port = free_port()
        processes.append(subprocess.Popen(
            [GUNICORN, "lapor.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True))
        urls.append(f"http://127.0.0.1:{port}")
    for url in urls:
        for _ in range(100):
            try:
                if requests.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.2)
        else:
            pytest.fail(f"{url} did not start")
    yield env, urls, processes
    stop(processes)


def stop(processes):
    """Each process group asked to stop, then made to."""
    for process in processes:
        os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def csrf(session, url):
    page = session.get(url).text
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def staff(base, email):
    session = requests.Session()
    response = session.post(f"{base}/admin/login/", data={
        "username": email, "password": PASSWORD,
        "csrfmiddlewaretoken": csrf(session, f"{base}/admin/login/")},
        headers={"Referer": f"{base}/admin/login/"}, allow_redirects=False)
    assert response.status_code == 302, response.text[-800:]
    return session


def act(session, base, complaint, action, data=None):
    url = f"{base}/admin/complaints/complaint/{complaint.pk}/aksi/{action}/"
    token = csrf(session, f"{base}/admin/complaints/complaint/{complaint.pk}/change/")
    response = session.post(url, data={"csrfmiddlewaretoken": token, **(data or {})},
                            headers={"Referer": url}, allow_redirects=False)
    assert response.status_code == 302, (action, response.status_code)
    assert "/login/" not in response.headers["Location"], response.headers["Location"]


def test_a_report_filed_on_one_node_is_answered_on_the_other(cluster, category, units, people):
    env, (a, b), _processes = cluster
    citizen = requests.Session()
    token = csrf(citizen, f"{a}/lapor/")
    filed = citizen.post(f"{a}/lapor/", data={
        "csrfmiddlewaretoken": token, "kind": "complaint", "title": "Lampu jalan mati",
        "description": "Lampu jalan di depan balai desa mati sejak seminggu.",
        "incident_date": "2026-11-20", "category": category.pk, "name": "Sri Lestari",
        "email": "sri@warga.test", "phone": "0812-3456-7890", "consent": "on", "website": ""},
        files={"attachments": ("lampu.jpg", image_bytes(), "image/jpeg")},
        headers={"Referer": f"{a}/lapor/"})
    assert filed.status_code == 200
    complaint = Complaint.objects.get(title="Lampu jalan mati")
    photo = complaint.attachments.get()
    served = requests.get(f"{b}/lampiran/{photo.pk}/", params={"k": complaint.secret_key})
    assert served.status_code == 200 and served.content[:2] == b"\xff\xd8"  # a JPEG, from B
    assert requests.get(f"{b}/lampiran/{photo.pk}/").status_code == 404

    act(staff(b, "alice@lapor.test"), b, complaint, "dispose", {
        "lead_unit": units.dishub.pk, "kind": "complaint", "category": category.pk,
        "title": complaint.title})
    operator = staff(a, "dave@lapor.test")
    act(operator, a, complaint, "accept")
    act(operator, a, complaint, "draft", {"text": "Lampu sudah diganti.", "completes": "yes"})
    act(operator, a, complaint, "publish")
    complaint.refresh_from_db()
    assert complaint.state == "answered", complaint.state
    page = citizen.get(f"{b}/lacak/k/{complaint.secret_key}/").text
    assert "Selesai ditindaklanjuti" in page and "Lampu sudah diganti." in page

    # Two sweeps at once and two workers: every message goes out once.
    workers = [subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True) for _ in range(2)]
    try:
        sweeps = [subprocess.Popen([sys.executable, "manage.py", "sla_sweep"], cwd=ROOT,
                                   env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL) for _ in range(2)]
        assert [sweep.wait(timeout=120) for sweep in sweeps] == [0, 0]
        deadline = time.monotonic() + 90
        while Notification.objects.filter(status="queued").exists():
            assert time.monotonic() < deadline, "the workers did not deliver"
            time.sleep(0.5)
    finally:
        stop(workers)
    rows = list(Notification.objects.values_list("kind", "recipient", "event_id", "attempts",
                                                 "status"))
    assert rows and all(attempts == 1 and status in {"sent", "logged"}
                        for _k, _r, _e, attempts, status in rows)
    messages = [(kind, recipient, event) for kind, recipient, event, _a, _s in rows]
    assert len(messages) == len(set(messages))
