"""The coordinator's steps (disposition/services/triage.py): verify and disposition, ask the
reporter, archive, forward, and record reports from other channels; each with its refusals."""

import pytest
from django.utils import timezone

from complaints.models import ArchiveReason, Channel, Complaint, Notification
from complaints.services import Report
from complaints.workflow import TransitionNotAllowed
from disposition import services
from disposition.models import Disposition, InternalNote
from tests.disposition.helpers import dispose_to
from tests.factories import file_report

pytestmark = pytest.mark.django_db


def last_event(complaint):
    return complaint.events.order_by("-at", "-pk").first()


def test_dispose_sends_to_the_lead_and_supporting_units_and_starts_the_answer_clock(
        complaint, people, units):
    done = services.dispose(complaint=complaint, user=people.alice, lead_unit=units.dpu,
                            supporting_units=[units.dishub, units.dpu],
                            instruction="Cek ke lokasi.")
    assert done.state == "dispositioned" and done.lead_unit == units.dpu
    assert done.verified_at is not None and done.due_at > timezone.now()
    rows = list(Disposition.objects.filter(complaint=done).values_list("unit__code", "role",
                                                                        "state"))
    assert sorted(rows) == [("DISHUB", "supporting", "sent"), ("DPU", "lead", "sent")]
    assert last_event(done).action == "dispose" and last_event(done).actor_user == people.alice


def test_dispose_records_the_coordinator_s_corrections(complaint, people, units,
                                                       secret_category):
    done = services.dispose(
        complaint=complaint, user=people.alice, lead_unit=units.setda,
        corrections={"title": "Judul yang jelas", "is_anonymous": True,
                     "is_confidential": True, "category": secret_category, "kind": "complaint",
                     "reporter_email": "ignored@x.test"},
    )
    assert (done.title, done.is_anonymous, done.is_confidential, done.category) == (
        "Judul yang jelas", True, True, secret_category)
    assert done.reporter_email == "budi@warga.test"  # not a correctable field
    (note,) = InternalNote.objects.filter(complaint=done)
    assert "judul" in note.text and "anonim" in note.text and "kategori" in note.text


@pytest.mark.parametrize("person", ["bob", "charlie", "erin", "frank"])
def test_only_a_coordinator_disposes(complaint, people, units, person):
    with pytest.raises(TransitionNotAllowed, match="tidak berwenang"):
        dispose_to(complaint, units.dpu, getattr(people, person))
    assert Complaint.objects.get(pk=complaint.pk).state == "submitted"
    assert not Disposition.objects.exists()


def test_dispose_refuses_a_complaint_already_dispositioned(complaint, people, units):
    dispose_to(complaint, units.dpu, people.alice)
    with pytest.raises(TransitionNotAllowed, match="Didisposisikan"):
        dispose_to(complaint, units.dishub, people.alice)
    assert Disposition.objects.count() == 1


def test_dispose_refuses_an_external_or_inactive_unit(complaint, people, units, pln):
    with pytest.raises(TransitionNotAllowed, match="luar daerah"):
        dispose_to(complaint, pln, people.alice)
    units.dishub.is_active = False
    units.dishub.save()
    with pytest.raises(TransitionNotAllowed, match="tidak aktif"):
        dispose_to(complaint, units.dpu, people.alice, supporting_units=[units.dishub])
    assert Complaint.objects.get(pk=complaint.pk).state == "submitted"


def test_a_new_disposition_tells_the_unit_address_and_its_operators(complaint, people, units):
    units.dpu.notification_email = "dpu@pemda.test"
    units.dpu.save()
    dispose_to(complaint, units.dpu, people.alice, supporting_units=[units.dishub])
    staff = set(Notification.objects.filter(kind="new_disposition")
                .values_list("recipient", "unit__code"))
    assert staff == {("dpu@pemda.test", "DPU"), ("bob@lapor.test", "DPU"),
                     ("dave@lapor.test", "DISHUB")}
    reporter = Notification.objects.get(kind="status_update")
    assert reporter.recipient == "budi@warga.test"


def test_request_info_waits_for_the_reporter(complaint, people):
    done = services.request_info(complaint=complaint, user=people.alice,
                                 question="Mohon kirim foto lokasi.")
    assert done.state == "needs_info"
    assert last_event(done).note == "Mohon kirim foto lokasi." and last_event(done).is_public
    with pytest.raises(TransitionNotAllowed, match="Alasan wajib"):
        services.request_info(complaint=file_report(complaint.category), user=people.alice,
                              question="  ")


def test_archive_needs_a_known_reason(complaint, people):
    with pytest.raises(TransitionNotAllowed, match="alasan"):
        services.archive(complaint=complaint, user=people.alice, reason="bosan")
    with pytest.raises(TransitionNotAllowed, match="alasan"):
        services.archive(complaint=complaint, user=people.alice, reason=ArchiveReason.INCOMPLETE)
    done = services.archive(complaint=complaint, user=people.alice, reason=ArchiveReason.SPAM,
                            note="Iklan.")
    assert (done.state, done.archive_reason, done.due_at) == ("archived", "spam", None)
    assert last_event(done).note == "Spam. Iklan."


def test_a_duplicate_is_linked_to_its_original(complaint, people, category):
    original = file_report(category)
    with pytest.raises(TransitionNotAllowed, match="nomor tiket"):
        services.archive(complaint=complaint, user=people.alice, reason="duplicate")
    with pytest.raises(TransitionNotAllowed, match="dirinya sendiri"):
        services.archive(complaint=complaint, user=people.alice, reason="duplicate",
                         duplicate_of=complaint)
    done = services.archive(complaint=complaint, user=people.alice, reason="duplicate",
                            duplicate_of=original)
    assert done.duplicate_of == original
    assert original.tracking_code in last_event(done).note


def test_a_unit_cannot_archive(complaint, people, units):
    dispose_to(complaint, units.dpu, people.alice)
    with pytest.raises(TransitionNotAllowed):
        services.archive(complaint=complaint, user=people.bob, reason="spam")


def test_bulk_archive_as_spam_counts_what_it_could_not_archive(complaint, people, units,
                                                               category):
    other = file_report(category)
    dispose_to(other, units.dpu, people.alice)
    archived, refused = services.archive_as_spam(complaints=[complaint, other],
                                                 user=people.alice)
    assert (archived, refused) == (1, 1)
    assert Complaint.objects.get(pk=other.pk).state == "dispositioned"


def test_bulk_archive_over_its_limit_archives_nothing(complaint, people, category,
                                                     monkeypatch):
    from disposition.services import triage

    monkeypatch.setattr(triage, "BULK_ARCHIVE_LIMIT", 1)
    with pytest.raises(TransitionNotAllowed, match="lebih dari 1"):
        services.archive_as_spam(complaints=[complaint, file_report(category)],
                                 user=people.alice)
    assert not Complaint.objects.filter(state="archived").exists()
    assert services.archive_as_spam(complaints=[complaint], user=people.alice) == (1, 0)


def test_forward_goes_outside_the_region_with_a_note(complaint, people, units, pln):
    with pytest.raises(TransitionNotAllowed, match="luar daerah"):
        services.forward(complaint=complaint, user=people.alice, unit=units.dpu, note="x")
    with pytest.raises(TransitionNotAllowed, match="Alasan wajib"):
        services.forward(complaint=complaint, user=people.alice, unit=pln, note="")
    done = services.forward(complaint=complaint, user=people.alice, unit=pln,
                            note="Hubungi juga PLN 123.")
    assert (done.state, done.forwarded_to) == ("forwarded", pln)
    assert "PT PLN" in last_event(done).note and last_event(done).is_public
    assert Notification.objects.filter(kind="forwarded", recipient="pln@instansi.test").exists()


def report(**fields):
    fields.setdefault("kind", "complaint")
    fields.setdefault("title", "Lampu mati")
    fields.setdefault("description", "Lampu jalan mati seminggu.")
    return Report(**fields)


def test_a_whatsapp_report_gets_its_code_by_whatsapp(category, people, short_messages,
                                                    django_capture_on_commit_callbacks):
    from tests.complaints.conftest import run_queued_tasks

    with django_capture_on_commit_callbacks(execute=True):
        done = services.record_intake(
            report=report(category=category, reporter_phone="+6281325550101",
                          source_reference="WA 23/11 09.12"),
            channel=Channel.WHATSAPP, user=people.alice)
    assert (done.channel_id, done.source_reference, done.reporter) == (
        "whatsapp", "WA 23/11 09.12", None)
    assert done.events.get().actor_user == people.alice
    run_queued_tasks()
    ((channel, to, text),) = short_messages
    assert (channel, to) == ("whatsapp", "+6281325550101") and done.tracking_code in text
    assert Notification.objects.get().status == "sent"


def test_a_report_from_instagram_has_no_automatic_receipt(category, people):
    done = services.record_intake(
        report=report(category=category, reporter_handle="@warga_bawen"),
        channel=Channel.INSTAGRAM, user=people.alice)
    assert done.reporter_handle == "@warga_bawen"
    assert not Notification.objects.exists()


def test_intake_is_for_staff_who_work_on_reports_and_other_channels(category, people):
    for outsider in (people.erin, people.frank):  # a region-wide viewer, a citizen
        with pytest.raises(TransitionNotAllowed, match="tidak berwenang"):
            services.record_intake(report=report(category=category,
                                                 reporter_phone="+6281325550101"),
                                   channel=Channel.SMS, user=outsider)
    with pytest.raises(TransitionNotAllowed, match="situs web"):
        services.record_intake(report=report(category=category, reporter_phone="+6281325550101"),
                               channel=Channel.WEB, user=people.alice)
    assert not Complaint.objects.exists()
