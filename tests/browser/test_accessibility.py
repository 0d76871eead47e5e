"""axe-core over every page a person meets — the public pages, the citizen's own, the
dashboard and the workbench — with its best-practice rules too (a heading one on each page,
landmarks): no violation of any impact. And the workbench list at 1280 px keeps its due date
and age in view beside the filters, the unit filter a list to choose from."""

import pytest
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD
from complaints.models import Complaint
from tests.browser.test_citizen_files_and_tracks import AXE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def problems(page):
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())  # through DevTools: the page's CSP does not apply
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        RULES)
    return [f"{page.url} {v['id']} ({v['impact']}): {v['help']} — "
            f"{[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]


def demo(key):
    return Complaint.objects.get(source_reference=f"DEMO-{key}")


def test_no_page_has_an_accessibility_violation_of_any_impact(browser, live_server, settings,
                                                              tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LAPOR_MAP_TILES = "/static/img/blank-tile.png"
    call_command("load_demo", verbosity=0)
    public, private = demo("jalan-diponegoro"), demo("dijawab")
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  base_url=live_server.url)
    page = context.new_page()
    found = []
    for address in ["/", "/lapor/", "/lacak/", f"/lacak/{public.tracking_code}/",
                    f"/lacak/k/{private.secret_key}/", "/laporan/", "/laporan/?q=jalan",
                    f"/laporan/{public.tracking_code}/",
                    f"/laporan/{public.tracking_code}/dukung/", "/laporan/peta/",
                    "/statistik/", "/akun/masuk/", "/akun/daftar/"]:
        page.goto(address)
        found += problems(page)
    page.goto("/admin/login/?next=/dasbor/")
    page.fill("#id_username", "koordinator@lapor.test")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/dasbor/")
    found += problems(page)
    for address in ["/admin/complaints/complaint/",
                    f"/admin/complaints/complaint/{demo('baru-1').pk}/change/",
                    "/admin/complaints/complaint/peta/"]:
        page.goto(address)
        found += problems(page)
        if address == "/admin/complaints/complaint/":
            # At 1280 px the due date and the age stand clear of the filters beside the list.
            filters = page.locator("#changelist-filter").bounding_box()
            for column in ("due_marker", "age_in_working_days"):
                header = page.locator(f"th.column-{column}").bounding_box()
                assert header["x"] + header["width"] <= filters["x"], column
            assert page.locator("#changelist-filter select[name=unit]").count() == 1
    context.close()
    assert found == [], "\n".join(found)
