"""A new citizen on a phone files a report with a photo, reads the receipt and tracks it;
axe-core checks each page on the way for serious or critical WCAG 2 A/AA violations."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from complaints.models import Complaint
from tests.browser.conftest import horizontal_overflow
from tests.complaints.conftest import image_bytes
from tests.factories import dispose

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR, "node_modules", "axe-core", "axe.min.js")
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def serious_accessibility_problems(page):
    """axe-core's serious and critical WCAG 2 A/AA violations on the page, as readable text."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())  # through DevTools, so the page's CSP does not apply
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_A_AA,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def region(db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", verbosity=0)


def test_a_citizen_files_with_a_photo_gets_a_code_and_follows_it(phone, region, tmp_path):
    csp_errors = []
    phone.on("console", lambda m: csp_errors.append(m.text) if m.type == "error" else None)
    photo = tmp_path / "jalan-rusak.jpg"
    photo.write_bytes(image_bytes("JPEG", (1200, 900)))

    phone.goto("/")
    phone.get_by_role("link", name="Buat laporan").first.click()
    assert phone.locator("h1").inner_text() == "Buat laporan"
    assert horizontal_overflow(phone) <= 0
    assert serious_accessibility_problems(phone) == []

    phone.get_by_label("Pengaduan").check()
    phone.get_by_label("Judul laporan").fill("Jalan berlubang di depan SD Negeri 2 Bawen")
    phone.locator("#id_description").fill(
        "Lubang sedalam 20 cm di tengah jalan, sudah dua minggu. Anak-anak sekolah hampir jatuh.")
    phone.get_by_label("Kategori").select_option(label="Jalan dan Jembatan")
    phone.get_by_label("Kecamatan").select_option(label="Kecamatan Bawen")
    phone.get_by_label("Desa/kelurahan").fill("Harjosari")
    phone.locator("#id_attachments").set_input_files(str(photo))
    phone.get_by_label("Nama lengkap").fill("Sri Lestari")
    phone.get_by_label("Nomor telepon/WhatsApp").fill("0812 3456 7890")
    phone.get_by_label("Saya setuju").check()
    phone.get_by_role("button", name="Kirim laporan").click()
    code = phone.locator("#nomor-tiket").inner_text().strip()
    complaint = Complaint.objects.get(reporter_name="Sri Lestari")
    assert code == complaint.tracking_code
    assert complaint.attachments.get().kind == "image"
    assert horizontal_overflow(phone) <= 0
    assert serious_accessibility_problems(phone) == []

    phone.get_by_role("link", name="Buka halaman laporan saya").click()
    expect(phone.get_by_role("img", name="Foto lampiran jalan-rusak.jpg")).to_be_visible()
    # Served to its owner: wait until the (lazy-loaded) thumbnail has decoded, then check it.
    phone.wait_for_function("document.querySelector('.attachments img').complete")
    assert phone.evaluate("document.querySelector('.attachments img').naturalWidth") > 0

    phone.goto("/lacak/")
    phone.get_by_label("Nomor tiket").fill(code.lower().replace("-", " "))
    phone.get_by_role("button", name="Lacak").click()
    assert code in phone.locator("h1").inner_text()
    assert "Menunggu verifikasi" in phone.locator("#status").inner_text()
    assert "Laporan diterima" in phone.locator(".timeline").inner_text()
    assert serious_accessibility_problems(phone) == []

    dispose(complaint, complaint.category.default_unit)
    phone.goto("/laporan/")
    assert "Jalan berlubang di depan SD Negeri 2 Bawen" in phone.locator("main").inner_text()
    assert horizontal_overflow(phone) <= 0
    assert serious_accessibility_problems(phone) == []
    assert csp_errors == []


def test_the_form_works_without_javascript_and_keeps_what_was_typed(browser, live_server, region):
    context = browser.new_context(viewport={"width": 360, "height": 740},
                                  base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/lapor/")
    page.get_by_label("Judul laporan").fill("Lampu jalan mati")
    page.get_by_role("button", name="Kirim laporan").click()
    assert "Laporan belum terkirim" in page.locator("main").inner_text()
    assert page.get_by_label("Judul laporan").input_value() == "Lampu jalan mati"
    assert page.get_by_label("Tanggal kejadian").input_value()  # the date survives too
    assert "tidak boleh kosong" in page.locator("main").inner_text()
    context.close()
