"""Issue 17 in a real browser, on the demo region with a blank local tile layer (never the
network): a citizen filing next to an open report sees it suggested as they type, supports it
and receives the unit's answer; a coordinator merges two reports and undoes it; the maps draw
the demo's pins."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from complaints.models import Complaint, Notification
from disposition import services
from tests.browser.test_government_journey import desk  # noqa: F401 (a fixture)
from tests.complaints.conftest import run_queued_tasks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BLANK_TILES = "/static/img/blank-tile.png"
ANSWER = "Lubang di depan SD Negeri 2 sudah ditambal pada 24 November."


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LAPOR_MAP_TILES = BLANK_TILES
    call_command("load_demo", verbosity=0)


def demo_report(key):
    return Complaint.objects.get(source_reference=f"DEMO-{key}")


def console_errors(page):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors


def test_a_citizen_sees_the_same_problem_supports_it_and_hears_the_answer(demo, phone):
    road = demo_report("jalan-diponegoro")  # dispositioned to DPU, public, pinned
    errors = console_errors(phone)
    phone.goto("/lapor/")
    phone.get_by_label("Judul laporan").fill("Jalan Diponegoro berlubang di depan SD 2")
    phone.get_by_label("Kategori").select_option(label="Jalan dan Jembatan")
    # The picker opens a map (Leaflet loads only now) and a tap fills the fields.
    phone.get_by_role("button", name="Pilih lokasi di peta").click()
    expect(phone.locator(".report-map-picker.report-map-shown")).to_be_visible()
    phone.locator(".report-map-picker").click(position={"x": 120, "y": 90})
    expect(phone.locator("#id_lat")).not_to_have_value("")
    # Then the citizen types the point of the pothole itself, a few metres from the report.
    phone.locator("#id_lat").fill(str(road.latitude + Decimal("0.000300")))
    phone.locator("#id_long").fill(str(road.longitude))
    phone.locator("#id_long").dispatch_event("change")
    suggestion = phone.locator(f'[data-similar="{road.tracking_code}"]')
    expect(suggestion).to_be_visible()
    expect(suggestion).to_contain_text("m dari titik Anda")
    suggestion.get_by_role("link", name="Dukung laporan ini").click()
    expect(phone.locator("h1")).to_have_text("Dukung laporan ini")
    phone.get_by_label("E-mail").fill("pendukung@warga.test")
    phone.get_by_label("Saya setuju kontak dan foto saya").check()
    phone.get_by_role("button", name="Dukung laporan ini").click()
    expect(phone.get_by_text("dukungan Anda tercatat")).to_be_visible()
    # The demo merged one WhatsApp report into it already: two supporters now.
    expect(phone.locator("[data-supporters]")).to_contain_text("2 warga lain")
    assert not [e for e in errors if "Content Security Policy" in e], errors

    # The DPU answers the report once; the supporter reads it too.
    operator = User.objects.get(email="operator.dpu@lapor.test")
    head = User.objects.get(email="kepala.dpu@lapor.test")
    mail.outbox.clear()
    services.accept(complaint=road, user=operator)
    services.save_draft(complaint=road, user=operator, text=ANSWER)
    services.publish(complaint=Complaint.objects.get(pk=road.pk), user=head)
    run_queued_tasks()
    to_supporter = [m for m in mail.outbox if m.to == ["pendukung@warga.test"]]
    assert any(ANSWER in m.body for m in to_supporter)
    assert Notification.objects.filter(recipient="pendukung@warga.test",
                                       event__action="publish_answer", status="sent").exists()


def test_a_coordinator_merges_two_reports_and_undoes_it(demo, desk):  # noqa: F811
    new = demo_report("baru-1")  # "Jalan berlubang di Jl. Diponegoro", waiting for triage
    road = demo_report("jalan-diponegoro")
    coordinator = desk("koordinator@lapor.test")
    errors = console_errors(coordinator)
    coordinator.goto(f"/admin/complaints/complaint/{new.pk}/change/")
    row = coordinator.locator(f'[data-duplicate="{road.tracking_code}"]')
    expect(row).to_be_visible()
    row.get_by_role("button", name="Gabungkan ke laporan ini").click()
    expect(coordinator.locator(".messagelist")).to_contain_text("Laporan digabungkan")
    expect(coordinator.locator("body")).to_contain_text("Digabungkan ke")
    new.refresh_from_db()
    assert new.state == "merged" and new.duplicate_of == road
    coordinator.get_by_role("button", name="Pisahkan kembali").click()
    expect(coordinator.locator(".messagelist")).to_contain_text("Penggabungan dibatalkan")
    new.refresh_from_db()
    assert new.state == "submitted" and new.duplicate_of is None
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_the_maps_draw_the_demo_pins_on_a_blank_tile_layer(demo, desk, phone):  # noqa: F811
    requests = []
    phone.on("request", lambda r: requests.append(r.url))
    errors = console_errors(phone)
    phone.goto("/laporan/peta/")
    expect(phone.locator(".report-map path.pin").first).to_be_visible()
    assert int(phone.locator(".report-map").get_attribute("data-shown")) >= 3
    assert any(BLANK_TILES in url for url in requests)
    assert all(url.startswith(phone.url.split("/laporan")[0]) for url in requests), requests
    phone.locator(".report-map path.pin").first.click(force=True)
    expect(phone.locator(".leaflet-popup-content a")).to_be_visible()
    assert not [e for e in errors if "Content Security Policy" in e], errors

    coordinator = desk("koordinator@lapor.test")
    coordinator.goto("/admin/complaints/complaint/")
    coordinator.get_by_role("link", name="Peta").click()
    expect(coordinator.locator(".report-map path.pin").first).to_be_visible()
    shown = int(coordinator.locator(".report-map").get_attribute("data-shown"))
    assert shown > int(phone.locator(".report-map").get_attribute("data-shown")) - 1
    coordinator.locator(".report-map path.pin").first.click(force=True)
    coordinator.locator(".leaflet-popup-content a").click()
    expect(coordinator.locator("h1")).to_contain_text("LPR-")
