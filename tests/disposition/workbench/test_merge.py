"""Duplicates at triage and merging (disposition.services.merging): the likely duplicates on
the coordinator's page, a merge and its undoing on both timelines, the merged reporter
hearing the primary's answer, and every refusal."""

from decimal import Decimal

import pytest

from complaints import services as citizen
from complaints.models import Complaint, Event, Notification, Supporter
from complaints.workflow import TransitionNotAllowed
from disposition import services
from disposition.models import Merge
from tests.disposition.helpers import dispose_to
from tests.disposition.workbench.pages import action_url, messages_of, url
from tests.factories import file_report, make_unit

pytestmark = pytest.mark.django_db
PIN = {"latitude": Decimal("-7.241000"), "longitude": Decimal("110.431000")}


@pytest.fixture
def primary(category, people, units):
    """Being handled by DPU: the report the others are about."""
    return dispose_to(file_report(category, title="Jalan berlubang di depan pasar Bawen", **PIN),
                      units.dpu, people.alice)


@pytest.fixture
def duplicate(category):
    """New, about 45 m away, by another citizen who wrote by WhatsApp."""
    return citizen.submit_complaint(
        report=citizen.Report(kind="complaint", title="Lubang jalan depan pasar Bawen",
                              description="Lubangnya dalam.", category=category,
                              latitude=Decimal("-7.241400"), longitude=Decimal("110.431100"),
                              reporter_name="Sari", reporter_phone="+6281211112222"),
        channel="whatsapp")


def merge(client, user, complaint, primary_code):
    client.force_login(user)
    return client.post(action_url(complaint, "merge"), {"primary_code": primary_code})


def test_the_coordinator_sees_likely_duplicates_with_score_and_distance(
        client, people, primary, duplicate):
    client.force_login(people.alice)
    page = client.get(url("change", duplicate.pk)).content.decode()
    assert "Kemungkinan laporan yang sama" in page
    assert f'data-duplicate="{primary.tracking_code}"' in page
    assert "46 m" in page  # 0.0004° of latitude and 0.0001° of longitude apart
    # A unit never sees the panel (it cannot merge).
    client.force_login(people.bob)
    assert "Kemungkinan laporan yang sama" not in client.get(
        url("change", primary.pk)).content.decode()


def test_a_merge_joins_the_reporter_to_the_primary_and_is_recorded_on_both_timelines(
        client, people, primary, duplicate):
    response = merge(client, people.alice, duplicate, primary.tracking_code.lower())
    assert response.status_code == 302, messages_of(response)
    duplicate.refresh_from_db()
    primary.refresh_from_db()
    assert (duplicate.state, duplicate.duplicate_of_id) == ("merged", primary.pk)
    supporter = Supporter.objects.get(complaint=primary)
    assert (supporter.source, supporter.contact_channel, supporter.contact) == (
        "merge", "whatsapp", "+6281211112222")
    assert primary.supporter_count == 1
    on_duplicate = Event.objects.get(complaint=duplicate, action="merge")
    on_primary = Event.objects.get(complaint=primary, action="merge")
    assert on_duplicate.is_public and primary.tracking_code in on_duplicate.note
    assert not on_primary.is_public and duplicate.tracking_code in on_primary.note
    told = Notification.objects.get(event=on_duplicate)
    assert (told.kind, told.recipient) == ("status_update", "+6281211112222")
    # The merged reporter's own page says where the report went.
    page = client.get(f"/lacak/k/{duplicate.secret_key}/").content.decode()
    assert "digabungkan ke" in page and primary.tracking_code in page


def test_the_unit_answers_once_and_the_merged_reporter_hears_it(client, people, primary,
                                                                duplicate):
    merge(client, people.alice, duplicate, primary.tracking_code)
    Notification.objects.all().delete()
    services.accept(complaint=primary, user=people.bob)
    services.save_draft(complaint=primary, user=people.bob, text="Lubang sudah ditambal.")
    services.publish(complaint=Complaint.objects.get(pk=primary.pk), user=people.charlie)
    to_sari = Notification.objects.filter(recipient="+6281211112222")
    assert set(to_sari.values_list("kind", flat=True)) == {"supporter_update"}
    assert to_sari.filter(event__action="publish_answer").exists()


def test_undoing_a_merge_brings_the_report_back_to_triage(client, people, primary, duplicate):
    merge(client, people.alice, duplicate, primary.tracking_code)
    response = client.post(action_url(duplicate, "unmerge"), {})
    assert response.status_code == 302, messages_of(response)
    duplicate.refresh_from_db()
    primary.refresh_from_db()
    assert (duplicate.state, duplicate.duplicate_of_id, duplicate.paused_state) == (
        "submitted", None, "")
    assert duplicate.due_at is not None  # its verification clock is back
    assert primary.supporter_count == 0
    assert Supporter.objects.get().ended_at is not None
    assert Merge.objects.get().undone_by == people.alice
    assert Event.objects.filter(complaint=duplicate, action="unmerge", is_public=True).exists()
    assert Event.objects.filter(complaint=primary, action="unmerge", is_public=False).exists()
    # And it may be merged again.
    assert merge(client, people.alice, duplicate, primary.tracking_code).status_code == 302
    assert Merge.objects.filter(undone_at__isnull=True).count() == 1


def test_merge_refusals(client, people, units, category, primary, duplicate):
    third = file_report(category, title="Lubang lagi")
    # Into itself: the form says so, nothing changes.
    response = merge(client, people.alice, duplicate, duplicate.tracking_code)
    assert response.status_code == 400
    assert "dirinya sendiri" in response.content.decode()
    # A code that is no report, and one that is not a code at all.
    assert "tidak ada" in merge(client, people.alice, duplicate,
                                "LPR-ZZZZ2222").content.decode()
    assert "bukan nomor tiket" in merge(client, people.alice, duplicate,
                                        "'); DROP TABLE x").content.decode()
    # A cycle: the duplicate into the primary, then the primary into the duplicate.
    merge(client, people.alice, duplicate, primary.tracking_code)
    with pytest.raises(TransitionNotAllowed, match="sudah digabungkan"):
        services.merge(complaint=third, user=people.alice, primary=duplicate)
    # The primary is no longer in triage: it cannot itself be merged.
    with pytest.raises(TransitionNotAllowed):
        services.merge(complaint=primary, user=people.alice, primary=third)
    # A report with others merged into it cannot go into another.
    fourth = file_report(category, title="Lubang juga")
    services.merge(complaint=fourth, user=people.alice, primary=third)
    with pytest.raises(TransitionNotAllowed, match="sudah digabungkan ke laporan ini"):
        services.merge(complaint=third, user=people.alice, primary=primary)
    assert Merge.objects.filter(undone_at__isnull=True).count() == 2


def test_no_merge_across_regions_or_into_a_finished_report(people, units, category, duplicate):
    other_region = make_unit("KAB-LAIN", "external", name="Pemerintah Kabupaten Lain")
    forwarded = services.forward(complaint=file_report(category), user=people.alice,
                                 unit=other_region, note="Wilayah kabupaten lain.")
    with pytest.raises(TransitionNotAllowed, match="daerah atau instansi lain"):
        services.merge(complaint=duplicate, user=people.alice, primary=forwarded)
    spam = services.archive(complaint=file_report(category), user=people.alice, reason="spam")
    with pytest.raises(TransitionNotAllowed, match="sudah selesai atau diarsipkan"):
        services.merge(complaint=duplicate, user=people.alice, primary=spam)
    duplicate.refresh_from_db()
    assert duplicate.state == "submitted" and not Merge.objects.exists()


def test_only_a_coordinator_merges_or_undoes(client, people, units, primary, duplicate):
    response = merge(client, people.bob, duplicate, primary.tracking_code)
    assert response.status_code in (403, 404)
    merge(client, people.alice, duplicate, primary.tracking_code)
    client.force_login(people.bob)
    assert client.post(action_url(duplicate, "unmerge"), {}).status_code in (403, 404)
    duplicate.refresh_from_db()
    assert duplicate.state == "merged"


def test_undoing_what_was_not_merged_is_refused(people, duplicate):
    with pytest.raises(TransitionNotAllowed):
        services.unmerge(complaint=duplicate, user=people.alice)
    spam = services.archive(complaint=duplicate, user=people.alice, reason="spam")
    with pytest.raises(TransitionNotAllowed):
        services.unmerge(complaint=spam, user=people.alice)


def test_an_anonymous_duplicate_s_reporter_stays_unnamed(people, category, primary):
    hidden = file_report(category, title="Lubang dekat pasar", is_anonymous=True,
                         reporter_name="Rahasia Sekali", reporter_email="r@warga.test", **PIN)
    services.merge(complaint=hidden, user=people.alice, primary=primary)
    supporter = Supporter.objects.get()
    assert supporter.name == "" and supporter.contact == "r@warga.test"
    # The same person reporting twice does not follow their own report.
    again = file_report(category, title="Lubang dekat pasar lagi", **PIN)
    services.merge(complaint=again, user=people.alice, primary=primary)
    assert Supporter.objects.count() == 1


def test_merged_reports_are_not_public_and_not_unit_workload(client, people, category, units,
                                                             primary, duplicate):
    returned = dispose_to(file_report(category, title="Lubang yang dikembalikan",
                                      reporter_email="tono@warga.test"), units.dishub,
                          people.alice)
    services.return_to_coordinator(complaint=returned, user=people.dave, reason="Bukan kami.")
    services.merge(complaint=returned, user=people.alice, primary=primary)
    services.merge(complaint=duplicate, user=people.alice, primary=primary)
    assert client.get(f"/laporan/{returned.tracking_code}/").status_code == 404
    client.force_login(people.alice)
    response = client.get("/dasbor/")
    figures = response.context["figures"]
    assert (figures["received"], figures["archived"]) == (3, 2)  # merged: set aside
    assert [(row["lead_unit__name"], row["open"]) for row in response.context["units"]
            if row["open"]] == [("Dinas Pekerjaan Umum", 1)]
    assert [(row["tracking_code"], row["supporter_count"])
            for row in response.context["most_supported"]] == [(primary.tracking_code, 2)]
    assert "dukungan warga terbanyak" in response.content.decode()
