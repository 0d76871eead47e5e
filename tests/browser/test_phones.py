"""A 360-pixel phone: no public page and no dashboard is wider than the screen, a wide table
scrolls inside its own box, and no table breaks its words letter by letter."""

import pytest
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD
from complaints.models import Complaint
from tests.browser.conftest import PHONE, horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLES_KEEP_WORDS = """() => [...document.querySelectorAll("table th, table td")]
    .filter(cell => getComputedStyle(cell).overflowWrap !== "normal").length"""


def public_pages():
    report = Complaint.objects.get(source_reference="DEMO-jalan-diponegoro")
    private = Complaint.objects.get(source_reference="DEMO-dijawab")
    return ["/", "/lapor/", "/lacak/", f"/lacak/{report.tracking_code}/",
            f"/lacak/k/{private.secret_key}/", "/laporan/", "/laporan/?q=jalan",
            f"/laporan/{report.tracking_code}/", f"/laporan/{report.tracking_code}/dukung/",
            "/laporan/peta/", "/statistik/", "/akun/masuk/", "/akun/daftar/"]


def test_every_public_page_and_the_dashboard_fit_a_360_pixel_phone(browser, live_server,
                                                                  settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LAPOR_MAP_TILES = "/static/img/blank-tile.png"
    call_command("load_demo", "--history", verbosity=0)
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    page = context.new_page()
    too_wide = {}
    for address in public_pages():
        page.goto(address)
        if horizontal_overflow(page) > 0:
            too_wide[address] = horizontal_overflow(page)
        assert page.evaluate(TABLES_KEEP_WORDS) == 0, address
    page.goto("/admin/login/?next=/dasbor/")
    page.fill("#id_username", "koordinator@lapor.test")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/dasbor/")
    for address in ("/dasbor/", "/dasbor/?periode=tahun-ini"):
        page.goto(address)
        if horizontal_overflow(page) > 0:
            too_wide[address] = horizontal_overflow(page)
        assert page.evaluate(TABLES_KEEP_WORDS) == 0, address
    # The unit table is wider than the phone: it scrolls in its box, not the page.
    box = page.locator(".table-responsive:has(.unit-table)")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    context.close()
    assert too_wide == {}
