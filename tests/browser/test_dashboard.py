"""The coordinator's dashboard in Chromium: it renders its charts without a CDN or a CSP
refusal, passes axe-core's WCAG 2 A/AA checks, and a unit filter narrows it."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from tests.browser.test_citizen_files_and_tracks import serious_accessibility_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_reads_the_dashboard(browser, live_server):
    call_command("load_demo", verbosity=0)
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors, outside = [], []
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith(live_server.url) else None)
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    page.goto("/admin/login/?next=/dasbor/")
    page.fill("#id_username", "koordinator@lapor.test")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Dasbor pengaduan")
    # (the admin's login page has no icon, so Chromium's own /favicon.ico 404 came before)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    # Three months: the demo's reports (the last month's) all fall in them on any day —
    # on the 2nd of a month "this month" holds only a few of them.
    page.goto("/dasbor/?periode=3-bulan")
    expect(page.locator('[data-figure="received"]')).to_have_text("18")
    expect(page.locator("svg.chart").first).to_be_visible()
    assert serious_accessibility_problems(page) == []
    page.get_by_label("Unit kerja", exact=True).select_option(label="Dinas Perhubungan")
    page.get_by_role("button", name="Terapkan").click()
    expect(page.locator(".unit-table tbody tr")).to_have_count(1)
    assert (missing, errors, outside) == ([], [], [])
    context.close()
