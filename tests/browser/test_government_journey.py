"""The government side in a real browser: the coordinator dispositions a citizen's report in
/admin/, the DPU operator accepts and drafts, the DPU head approves, and the citizen reads the
answer on the private tracking page and rates it."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from complaints.models import Category, Complaint
from tests.browser.test_citizen_files_and_tracks import serious_accessibility_problems
from tests.factories import file_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWER = "Tim DPU sudah menambal lubang pada 23 November. Terima kasih atas laporannya."


@pytest.fixture
def desk(browser, live_server):
    """A page on a desktop-sized browser per person, each with its own session."""
    contexts = []

    def open_as(email):
        context = browser.new_context(viewport={"width": 1280, "height": 900},
                                      base_url=live_server.url)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.goto("/admin/login/")
        page.fill("#id_username", email)
        page.fill("#id_password", DEMO_PASSWORD)
        page.locator("input[type=submit]").click()
        expect(page.locator("#site-name")).to_contain_text("lapor")
        return page

    yield open_as
    for context in contexts:
        context.close()


def open_complaint(page, complaint):
    page.goto("/admin/complaints/complaint/")
    page.get_by_role("link", name=complaint.tracking_code).click()
    expect(page.locator("h1")).to_contain_text(complaint.tracking_code)


def test_a_report_goes_from_the_coordinator_to_the_unit_and_back_to_the_citizen(
        desk, phone, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", verbosity=0)
    complaint = file_report(Category.objects.get(code="jalan"),
                            title="Lubang besar di Jl. Pemuda", is_anonymous=True,
                            reporter_name="Warga Penguji")
    csp_errors = []

    coordinator = desk("koordinator@lapor.test")
    coordinator.on("console", lambda m: csp_errors.append(m.text) if m.type == "error" else None)
    coordinator.goto("/admin/complaints/complaint/?antrean=verifikasi")
    expect(coordinator.get_by_role("link", name=complaint.tracking_code)).to_be_visible()
    open_complaint(coordinator, complaint)
    expect(coordinator.locator("#judul-pelapor + dl")).to_contain_text("Warga Penguji")
    dispose = coordinator.locator("#aksi-dispose")
    expect(dispose.locator("#id_dispose_lead_unit option:checked")).to_have_text(
        "Dinas Pekerjaan Umum")
    dispose.get_by_label("Instruksi untuk unit").fill("Mohon ditinjau hari ini.")
    dispose.get_by_role("button", name="Disposisikan").click()
    expect(coordinator.locator(".messagelist")).to_contain_text("didisposisikan")
    assert serious_accessibility_problems(coordinator) == []

    operator = desk("operator.dpu@lapor.test")
    open_complaint(operator, complaint)
    expect(operator.locator(".identity-hidden")).to_be_visible()
    expect(operator.locator("body")).not_to_contain_text("Warga Penguji")
    operator.get_by_role("button", name="Terima dan proses").click()
    expect(operator.locator(".messagelist")).to_contain_text("diproses")
    draft = operator.locator("#aksi-draft")
    draft.get_by_label("Isi tindak lanjut").fill(ANSWER)
    draft.get_by_label("Penyelesaian — pekerjaan sudah tuntas", exact=False).check()
    operator.get_by_role("button", name="Simpan konsep").click()
    expect(operator.locator(".response-draft")).to_contain_text("menambal")
    operator.get_by_role("button", name="Ajukan ke kepala unit").click()
    expect(operator.locator(".response-awaiting_approval")).to_be_visible()

    head = desk("kepala.dpu@lapor.test")
    open_complaint(head, complaint)
    head.get_by_role("button", name="Setujui dan terbitkan").click()
    expect(head.locator(".messagelist")).to_contain_text("diterbitkan")
    assert Complaint.objects.get(pk=complaint.pk).state == "answered"

    phone.goto(f"/lacak/k/{complaint.secret_key}/")
    expect(phone.locator("#status")).to_contain_text("Selesai ditindaklanjuti")
    expect(phone.locator(".timeline")).to_contain_text(ANSWER)
    phone.get_by_label("5 — Sangat puas").check()
    phone.get_by_role("button", name="Kirim penilaian").click()
    expect(phone.locator("body")).to_contain_text("Penilaian Anda: 5 dari 5")
    assert Complaint.objects.get(pk=complaint.pk).rating == 5
    assert csp_errors == []
