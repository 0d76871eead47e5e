"""A staff member enrols in two-factor authentication and logs in with it, in a real browser:
password, the QR page (no script or style refused by the CSP), a code from the authenticator,
the recovery codes; later, password then code."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from tests.browser.test_citizen_files_and_tracks import serious_accessibility_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def log_in(page):
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", "operator.dpu@lapor.test")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("input[type=submit]").click()


def test_an_operator_enrols_then_logs_in_with_a_code(browser, live_server, settings):
    settings.LAPOR_TWO_FACTOR_ROLES = frozenset({"coordinator", "operator", "approver",
                                                 "viewer"})
    call_command("load_demo", verbosity=0)
    context = browser.new_context(viewport={"width": 360, "height": 740},
                                  base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    log_in(page)
    expect(page.locator("h1")).to_have_text("Aktifkan verifikasi dua langkah")
    expect(page.locator(".two-factor-qr svg")).to_be_visible()
    assert serious_accessibility_problems(page) == []
    page.get_by_label("Kode").fill("000000")
    page.get_by_role("button", name="Aktifkan").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("Kode salah")
    device = TOTPDevice.objects.get(user__email="operator.dpu@lapor.test")
    page.wait_for_timeout(2100)  # django-otp's pause after a wrong code
    page.get_by_label("Kode").fill(code(device))
    page.get_by_role("button", name="Aktifkan").click()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="Lanjut ke meja kerja").click()
    expect(page.locator("#site-name")).to_contain_text("lapor")
    context.clear_cookies()

    log_in(page)
    expect(page.locator("h1")).to_have_text("Verifikasi dua langkah")
    with time_machine.travel(timezone.now() + timedelta(seconds=31), tick=True):
        device.refresh_from_db()
        page.get_by_label("Kode").fill(code(device))
        page.get_by_role("button", name="Lanjutkan").click()
        expect(page.locator("#site-name")).to_contain_text("lapor")
    # (a wrong code answers 400 and the admin's login page has no icon: Chromium logs both as
    # failed loads; what must not appear is a refused script or style)
    assert [e for e in errors if "Failed to load resource" not in e] == []
    context.close()
