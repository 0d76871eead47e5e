"""The README's pictures, made from the running demo: the filing form on a phone, a report
in the workbench, the dashboard with a year of data. `make screenshots` writes them to
docs/img/ (LAPOR_SCREENSHOTS); in the suite they go to a temporary folder and are checked
for size."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD
from complaints.models import Complaint
from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESK = {"width": 1280, "height": 860}
LARGEST = 160_000  # bytes: small enough for a README


def test_the_readme_s_pictures(browser, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LAPOR_MAP_TILES = "/static/img/blank-tile.png"
    call_command("load_demo", "--history", verbosity=0)
    folder = Path(os.environ.get("LAPOR_SCREENSHOTS") or tmp_path / "img")
    folder.mkdir(parents=True, exist_ok=True)
    shots = {}

    phone = browser.new_context(viewport=PHONE, base_url=live_server.url, device_scale_factor=1)
    page = phone.new_page()
    page.goto("/lapor/")
    page.get_by_label("Judul laporan").fill("Jalan berlubang di depan SD Negeri 2")
    shots["formulir-ponsel.jpg"] = page.screenshot(type="jpeg", quality=70)
    phone.close()

    desk = browser.new_context(viewport=DESK, base_url=live_server.url, device_scale_factor=1)
    page = desk.new_page()
    page.goto("/admin/login/?next=/dasbor/")
    page.fill("#id_username", "koordinator@lapor.test")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/dasbor/")
    shots["dasbor.jpg"] = page.screenshot(type="jpeg", quality=70)
    report = Complaint.objects.get(source_reference="DEMO-baru-1")
    page.goto(f"/admin/complaints/complaint/{report.pk}/change/")
    shots["meja-kerja.jpg"] = page.screenshot(type="jpeg", quality=70)
    desk.close()

    for name, image in shots.items():
        assert image[:2] == b"\xff\xd8" and len(image) < LARGEST, (name, len(image))
        (folder / name).write_bytes(image)
