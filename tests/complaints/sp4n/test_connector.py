"""The SP4N-LAPOR! connector against a fake national server on loopback that speaks the
adapter's documented shapes and can fail, repeat and time out: import once, push back each
follow-up once, recover from a failed sync; and a footer that tells the truth."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from complaints.models import Complaint, Notification, Sp4nSync
from complaints.sp4n import sync
from disposition import services
from tests.complaints.conftest import run_queued_tasks
from tests.factories import make_category

pytestmark = pytest.mark.django_db


class FakeNational:
    def __init__(self):
        self.reports, self.received, self.fail_with, self.hang = [], [], None, 0
        self.queries = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, status, payload):
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps(payload).encode())

            def _trouble(self):
                time.sleep(fake.hang)
                if self.headers.get("Authorization") != "Bearer token-nasional":
                    self._answer(401, {"error": "token"})
                    return True
                if fake.fail_with:
                    self._answer(fake.fail_with, {"error": "gangguan"})
                    return True
                return False

            def do_GET(self):
                if not self._trouble():
                    fake.queries.append(self.path)
                    self._answer(200, {"data": fake.reports})

            def do_POST(self):
                if not self._trouble():
                    body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                    fake.received.append((self.path, body))
                    self._answer(201, {"status": "ok"})

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/api/v1"


REPORT = {"id": "SP4N-2026-000123", "judul": "Jalan rusak di Desa Lerep",
          "isi": "Jalan desa rusak parah sejak musim hujan, mohon diperbaiki.",
          "kategori": "jalan", "klasifikasi": "pengaduan", "anonim": False, "rahasia": False,
          "pelapor": {"nama": "Sri Wahyuni", "email": "sri@warga.test", "telepon": ""},
          "lokasi": {"alamat": "Desa Lerep, Ungaran Barat", "lat": -7.12, "lng": 110.38},
          "instansi": "Dinas yang tidak kami kenal"}


@pytest.fixture
def national(settings):
    fake = FakeNational()
    settings.LAPOR_SP4N_ADAPTER = "complaints.sp4n.adapter.JsonApiAdapter"
    settings.LAPOR_SP4N_BASE_URL = fake.url
    settings.LAPOR_SP4N_TOKEN = "token-nasional"
    yield fake
    fake.server.shutdown()


def test_routed_reports_come_in_once_with_their_national_id(national, category, people,
                                                           client):
    national.reports = [REPORT, {**REPORT, "id": "SP4N-2026-000124", "anonim": True,
                                 "rahasia": True, "pelapor": None, "judul": "Pungli"}]
    first = sync.run()
    assert (first.imported, first.known, first.error) == (2, 0, "")
    named = Complaint.objects.get(national_id="SP4N-2026-000123")
    assert (named.channel_id, named.reporter_name, named.category) == (
        "sp4n_lapor", "Sri Wahyuni", category)
    hidden = Complaint.objects.get(national_id="SP4N-2026-000124")
    assert hidden.is_anonymous and hidden.is_confidential and hidden.reporter_name == ""
    client.force_login(people.alice)
    page = client.get(reverse("admin:complaints_complaint_change", args=[named.pk]))
    assert "SP4N-2026-000123" in page.content.decode()
    again = sync.run()  # the national server gives the same reports again
    assert (again.imported, again.known) == (0, 2) and Complaint.objects.count() == 2
    assert "sejak=" in national.queries[-1]  # the second run asks from the last good one


def test_follow_ups_go_back_once(national, category, people, units,
                                 django_capture_on_commit_callbacks):
    national.reports = [REPORT]
    sync.run()
    complaint = Complaint.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.dispose(complaint=complaint, user=people.alice, lead_unit=units.dpu)
        services.transfer(complaint=complaint, user=people.bob, unit=units.dishub,
                          reason="Jalan kabupaten: Dishub menangani rambunya.")
        services.accept(complaint=complaint, user=people.dave)
        services.add_note(complaint=complaint, user=people.dave, text="Internal, not pushed.")
        services.publish_progress(complaint=complaint, user=people.dave,
                                  text="Aspal sudah dipesan.")
        services.save_draft(complaint=complaint, user=people.dave, text="Sudah diaspal ulang.")
        services.publish(complaint=complaint, user=people.dave)
    with django_capture_on_commit_callbacks(execute=True):
        from complaints import services as reporter

        reporter.confirm_solved(complaint=complaint)
    run_queued_tasks()
    run_queued_tasks()  # a second pass sends nothing again
    kinds = [body["jenis"] for path, body in national.received]
    assert kinds == ["disposisi", "disposisi", "perkembangan", "jawaban", "selesai"]
    assert all(path == "/api/v1/laporan/SP4N-2026-000123/tindak-lanjut"
               for path, _body in national.received)
    assert national.received[1][1]["unit"] == "Dinas Perhubungan"
    assert national.received[3][1]["isi"] == "Sudah diaspal ulang."
    assert set(Notification.objects.filter(channel="sp4n").values_list("status", flat=True)) \
        == {"sent"}


def test_a_failed_push_is_retried_never_doubled(national, category, people, units):
    from complaints.tasks import deliver

    national.reports = [REPORT]
    sync.run()
    complaint = Complaint.objects.get()
    services.dispose(complaint=complaint, user=people.alice, lead_unit=units.dishub)
    follow_up = Notification.objects.get(channel="sp4n")
    national.fail_with = 503
    with pytest.raises(Exception, match="503"):
        deliver(follow_up.pk)
    follow_up.refresh_from_db()
    assert follow_up.status == "failed" and "503" in follow_up.error


@pytest.mark.parametrize("trouble", ["down", "timeout", "garbage"])
def test_a_failed_sync_is_recorded_and_the_next_one_recovers(national, category, trouble,
                                                            monkeypatch):
    from lapor.channels import http

    national.reports = [REPORT]
    if trouble == "down":
        national.fail_with = 500
    elif trouble == "timeout":
        monkeypatch.setattr(http, "TIMEOUT_SECONDS", 0.3)
        national.hang = 1
    else:
        national.reports = {"bukan": "daftar"}
    failed = sync.run()
    assert failed.error and failed.imported == 0 and not Complaint.objects.exists()
    national.fail_with, national.hang, national.reports = None, 0, [REPORT]
    recovered = sync.run()
    assert recovered.imported == 1 and recovered.error == ""


def test_unreadable_reports_are_counted_and_the_rest_imported(national, category):
    national.reports = [{"id": "", "isi": "x"}, "bukan objek", {"judul": "tanpa id"}, REPORT,
                        {**REPORT, "id": "SP4N-9", "lokasi": {"lat": "abc", "lng": 1}}]
    record = sync.run()
    assert (record.imported, record.unreadable) == (1, 4)


def test_an_unknown_category_or_unit_still_comes_in(national, db):
    make_category("lainnya", name="Lainnya")
    national.reports = [{**REPORT, "kategori": "tidak-ada"}]
    sync.run()
    assert Complaint.objects.get().category.code == "lainnya"


def test_the_footer_tells_the_truth(client, national, category, settings):
    assert "terhubung dengan SP4N-LAPOR" not in client.get("/").content.decode()  # never synced
    national.reports = []
    sync.run()
    assert "terhubung dengan SP4N-LAPOR" in client.get("/").content.decode()
    national.fail_with = 500
    sync.run()
    assert "terhubung dengan SP4N-LAPOR" not in client.get("/").content.decode()
    settings.LAPOR_SP4N_ADAPTER = ""
    assert "terhubung dengan SP4N-LAPOR" not in client.get("/").content.decode()


def test_coordinators_see_the_status_and_sync_now(client, national, category, people):
    national.reports = [REPORT]
    client.force_login(people.alice)
    page = client.get(reverse("admin:complaints_sp4nsync_changelist")).content.decode()
    assert "Sinkronkan sekarang" in page and "belum pernah berjalan" in page
    response = client.post(reverse("admin:complaints_sp4nsync_sync"), follow=True)
    assert "1 laporan baru" in response.content.decode()
    assert Sp4nSync.objects.get().imported == 1
    client.force_login(people.bob)
    assert client.post(reverse("admin:complaints_sp4nsync_sync")).status_code == 403
    assert client.get(reverse("admin:complaints_sp4nsync_changelist")).status_code == 403


def test_without_a_connector_nothing_runs(db, settings):
    settings.LAPOR_SP4N_ADAPTER = ""
    assert sync.run() is None and not Sp4nSync.objects.exists()
