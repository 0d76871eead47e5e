"""Sub-units in the organisation: children of a unit with their own appointments by SK; no
cycles; the completion target on the dashboards, counted under the unit and drilled down."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Appointment, Unit
from accounts.services import appoint
from disposition import services
from tests.disposition.helpers import dispose_to, in_progress
from tests.factories import file_report, make_unit

pytestmark = pytest.mark.django_db


def test_a_unit_cannot_sit_below_itself(units, tree):
    units.dpu.parent = tree.upt  # DPU → Bina Marga → UPT → DPU
    with pytest.raises(ValidationError) as refused:
        units.dpu.full_clean()
    assert "lingkaran" in str(refused.value.message_dict["parent"])
    external = make_unit("EXT-X", Unit.Kind.EXTERNAL)
    tree.sda.parent = external
    with pytest.raises(ValidationError, match="di luar daerah"):
        tree.sda.full_clean()


def test_the_unit_admin_explains_a_cycle_beside_the_parent_field(client, people, units, tree):
    client.force_login(people.alice)
    response = client.post(reverse("admin:accounts_unit_change", args=[units.dpu.pk]), {
        "code": "DPU", "name": units.dpu.name, "kind": "office", "parent": tree.upt.pk,
        "is_active": "on", "notification_email": "", "open311_endpoint": "",
        "open311_api_key": "", "open311_service_code": ""})
    assert response.status_code == 200
    assert "lingkaran" in response.content.decode()
    assert Unit.objects.get(pk=units.dpu.pk).parent is None


def test_a_sub_unit_s_sk_may_not_overlap_the_same_person_s_sk_there(tree):
    with pytest.raises(ValidationError, match="sudah memiliki penugasan"):
        appoint(user=tree.hana, unit=tree.binamarga, role=Appointment.Role.OPERATOR,
                scope="", sk_number="SK/2/2026", sk_date=tree.hana.date_joined.date(),
                valid_from=tree.hana.date_joined.date())


def test_completion_in_target_per_unit_and_the_sub_unit_drill_down(client, category, units,
                                                                   people, tree):
    in_time = in_progress(file_report(category), units.dpu, people.alice, people.bob)
    services.delegate(complaint=in_time, user=people.charlie, sub_unit=tree.binamarga)
    services.save_draft(complaint=in_time, user=tree.hana, text="Selesai.")
    services.submit_for_approval(complaint=in_time, user=tree.hana)
    services.approve(complaint=in_time, user=people.charlie)
    in_progress(file_report(category), units.dpu, people.alice, people.bob)
    client.force_login(people.alice)
    page = client.get(reverse("disposition:dashboard"))
    (dpu,) = [row for row in page.context["units"] if row["lead_unit_id"] == units.dpu.pk]
    assert (dpu["completed"], dpu["completed_in_time"], dpu["share_completed_in_time"]) == (
        1, 1, 100.0)
    assert page.context["figures"]["share_completed_in_time"] == 100.0
    charts = {title: rows for title, rows, _chart in page.context["charts"]}
    assert [(r["label"], r["n"]) for r in charts["Menurut sub-unit pelaksana"]] == [
        ("Bidang Bina Marga", 1)]
    # The sub-unit's own people see its work on their dashboard.
    client.force_login(tree.hana)
    assert client.get(reverse("disposition:dashboard")).context["figures"]["received"] == 1
    # Filtering by a unit counts what its sub-units lead too.
    dispose_to(file_report(category), tree.upt, people.alice)
    client.force_login(people.alice)
    by_unit = client.get(reverse("disposition:dashboard"), {"unit": units.dpu.pk})
    assert by_unit.context["figures"]["received"] == 3
    by_sub_unit = client.get(reverse("disposition:dashboard"), {"unit": tree.binamarga.pk})
    assert by_sub_unit.context["figures"]["received"] == 2  # its own work and the UPT's


def test_the_sub_unit_chart_reads_the_rollup_or_counts_live_until_it_holds_sub_units(
        client, category, units, people, tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from disposition.models import MonthlyRollup
    from disposition.reporting import rollup

    delegated = in_progress(file_report(category), units.dpu, people.alice, people.bob)
    services.delegate(complaint=delegated, user=people.charlie, sub_unit=tree.binamarga)
    in_progress(file_report(category), units.dpu, people.alice, people.bob)
    client.force_login(people.alice)

    def sub_unit_chart():
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("disposition:dashboard"))
        charts = {title: rows for title, rows, _chart in page.context["charts"]}
        counted_live = any('GROUP BY' in q["sql"] and '"working_unit_id"' in q["sql"]
                           for q in queries)
        return (page.context["as_of"] is not None, counted_live,
                [(r["label"], r["n"]) for r in charts.get("Menurut sub-unit pelaksana", [])])

    assert sub_unit_chart() == (False, True, [("Bidang Bina Marga", 1)])
    rollup.refresh_all()
    assert sub_unit_chart() == (True, False, [("Bidang Bina Marga", 1)])
    # Months rolled up before the rollup held sub-units: counted live, never shown empty.
    MonthlyRollup.objects.filter(dimension="sub_unit").delete()
    assert sub_unit_chart() == (True, True, [("Bidang Bina Marga", 1)])
