import pytest
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD
from tests.browser.conftest import PHONE, horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_fits_a_360_pixel_phone_and_switches_language_without_javascript(browser, live_server):
    context = browser.new_context(viewport=PHONE, base_url=live_server.url,
                                  java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    assert page.locator("h1").inner_text().startswith("Sampaikan laporan Anda")
    assert horizontal_overflow(page) <= 0
    assert page.evaluate("getComputedStyle(document.body).fontFamily")  # Bootstrap CSS loaded
    page.select_option("#bahasa", "en")
    page.get_by_role("button", name="Ganti").click()
    assert page.locator("h1").inner_text().startswith("Tell the Government")
    assert page.locator("html").get_attribute("lang") == "en"
    context.close()


def test_demo_coordinator_logs_into_the_admin_and_sees_the_59_units(phone):
    call_command("load_demo", verbosity=0)
    phone.set_viewport_size({"width": 1280, "height": 900})
    phone.goto("/admin/")
    phone.fill("#id_username", "koordinator@lapor.test")
    phone.fill("#id_password", DEMO_PASSWORD)
    phone.locator("input[type=submit]").click()
    assert "lapor · Kabupaten Semarang" in phone.locator("#site-name").inner_text()
    phone.goto("/admin/accounts/unit/")
    assert "59 unit kerja" in phone.locator(".paginator").inner_text()
    errors = []
    phone.on("console", lambda message: errors.append(message.text)
             if message.type == "error" else None)
    phone.goto("/admin/accounts/appointment/add/")
    assert phone.locator("#id_sk_number").is_visible()
    assert errors == []  # no script or style refused by the Content-Security-Policy


def test_a_wrong_password_gets_an_indonesian_message(phone):
    call_command("load_demo", verbosity=0)
    phone.goto("/admin/login/")
    phone.fill("#id_username", "koordinator@lapor.test")
    phone.fill("#id_password", "salah")
    phone.locator("input[type=submit]").click()
    assert "Masukkan" in phone.locator(".errornote").inner_text()
