"""Each government-side step: its success, and its refusal for the wrong state, the wrong
person or unit, and a missing reason; then the whole journey through the services."""

import pytest
from django.utils import timezone

from complaints import services as citizen
from complaints.models import ArchiveReason, Channel, Complaint, Event, Notification
from complaints.services import Report
from complaints.workflow import TransitionNotAllowed
from disposition import services
from disposition.models import Disposition, InternalNote, Response
from tests.complaints.conftest import image_bytes
from tests.disposition.helpers import awaiting_approval, dispose_to, in_progress, with_draft
from tests.factories import file_report

pytestmark = pytest.mark.django_db


def last_event(complaint):
    return complaint.events.order_by("-at", "-pk").first()


# --- Verify and disposition ---------------------------------------------------------------------


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


# --- Request info, archive, forward -------------------------------------------------------------


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


# --- The lead unit ------------------------------------------------------------------------------


def test_the_lead_unit_accepts(complaint, people, units):
    dispose_to(complaint, units.dpu, people.alice)
    done = services.accept(complaint=complaint, user=people.bob)
    assert done.state == "in_progress"
    lead = Disposition.objects.get(complaint=done)
    assert (lead.state, lead.accepted_by) == ("accepted", people.bob)


@pytest.mark.parametrize("person", ["dave", "alice", "erin", "frank"])
def test_only_the_lead_unit_accepts(complaint, people, units, person):
    dispose_to(complaint, units.dpu, people.alice)
    with pytest.raises(TransitionNotAllowed, match="tidak berwenang"):
        services.accept(complaint=complaint, user=getattr(people, person))


def test_a_supporting_unit_cannot_accept_or_publish(complaint, people, units):
    dispose_to(complaint, units.dpu, people.alice, supporting_units=[units.dishub])
    with pytest.raises(TransitionNotAllowed):
        services.accept(complaint=complaint, user=people.dave)


def test_accept_twice_is_refused_with_the_state(complaint, people, units):
    in_progress(complaint, units.dpu, people.alice, people.bob)
    with pytest.raises(TransitionNotAllowed, match="Diproses"):
        services.accept(complaint=complaint, user=people.charlie)


def test_return_needs_a_reason_and_goes_back_to_the_coordinator(complaint, people, units):
    dispose_to(complaint, units.dpu, people.alice)
    with pytest.raises(TransitionNotAllowed, match="Alasan wajib"):
        services.return_to_coordinator(complaint=complaint, user=people.bob, reason=" ")
    done = services.return_to_coordinator(complaint=complaint, user=people.bob,
                                          reason="Jalan provinsi, bukan kabupaten.")
    assert (done.state, done.lead_unit) == ("returned", None)
    lead = Disposition.objects.get(complaint=done)
    assert (lead.state, lead.return_reason) == ("returned", "Jalan provinsi, bukan kabupaten.")
    event = last_event(done)
    assert event.action == "return" and not event.is_public
    assert Notification.objects.filter(kind="complaint_returned",
                                       recipient="alice@lapor.test").exists()
    assert not Notification.objects.filter(kind="status_update", event=event).exists()


def test_a_returned_complaint_is_re_dispositioned(complaint, people, units):
    dispose_to(complaint, units.dpu, people.alice, supporting_units=[units.setda])
    services.return_to_coordinator(complaint=complaint, user=people.bob, reason="Bukan kami.")
    done = dispose_to(complaint, units.dishub, people.alice)
    assert (done.state, done.lead_unit) == ("dispositioned", units.dishub)
    states = dict(Disposition.objects.filter(complaint=done).values_list("unit__code", "state"))
    assert states == {"DPU": "returned", "SETDA": "withdrawn", "DISHUB": "sent"}
    with pytest.raises(TransitionNotAllowed):
        services.accept(complaint=done, user=people.bob)  # DPU is no longer the lead
    assert services.accept(complaint=done, user=people.dave).state == "in_progress"


# --- Drafting, approval and publishing ----------------------------------------------------------


def test_a_draft_is_written_then_rewritten_not_piled_up(complaint, people, units):
    in_progress(complaint, units.dpu, people.alice, people.bob)
    first = services.save_draft(complaint=complaint, user=people.bob, text="Konsep satu.")
    second = services.save_draft(complaint=complaint, user=people.charlie, text="Konsep dua.")
    assert first.pk == second.pk and Response.objects.get().text == "Konsep dua."
    with pytest.raises(TransitionNotAllowed, match="wajib diisi"):
        services.save_draft(complaint=complaint, user=people.bob, text=" ")


def test_drafting_needs_the_complaint_accepted(complaint, people, units):
    dispose_to(complaint, units.dpu, people.alice)
    with pytest.raises(TransitionNotAllowed, match="Didisposisikan"):
        services.save_draft(complaint=complaint, user=people.bob, text="Terlalu cepat.")
    assert not Response.objects.exists()


def test_a_draft_s_files_stay_hidden_until_it_is_published(complaint, people, units, media_root):
    from complaints.selectors import attachments
    from complaints.uploads import CleanFile

    in_progress(complaint, units.dpu, people.alice, people.bob)
    photo = CleanFile(kind="image", content=image_bytes(), extension="jpg",
                      content_type="image/jpeg", original_name="sesudah.jpg", width=640,
                      height=480, thumbnail=b"")
    draft = services.save_draft(complaint=complaint, user=people.bob, text="Sudah.",
                                files=[photo])
    assert [a.original_name for a in draft.attachments.all()] == ["sesudah.jpg"]
    assert attachments(complaint) == []
    services.submit_for_approval(complaint=complaint, user=people.bob)
    services.approve(complaint=complaint, user=people.charlie)
    assert [a.original_name for a in attachments(complaint)] == ["sesudah.jpg"]


def test_an_operator_cannot_publish_where_the_head_must_approve(complaint, people, units):
    with_draft(complaint, units.dpu, people)
    with pytest.raises(TransitionNotAllowed, match="disetujui kepala"):
        services.publish(complaint=complaint, user=people.bob)
    assert Complaint.objects.get(pk=complaint.pk).state == "in_progress"


def test_submit_for_approval_then_approve_publishes(complaint, people, units):
    awaiting_approval(complaint, units.dpu, people)
    assert Notification.objects.filter(kind="answer_awaiting_approval",
                                       recipient="charlie@lapor.test").exists()
    with pytest.raises(TransitionNotAllowed, match="menunggu persetujuan"):
        services.save_draft(complaint=complaint, user=people.bob, text="Ubah diam-diam.")
    with pytest.raises(TransitionNotAllowed, match="tidak berwenang"):
        services.approve(complaint=complaint, user=people.bob)
    done = services.approve(complaint=complaint, user=people.charlie)
    assert done.state == "answered"
    answer = Response.objects.get()
    assert (answer.state, answer.approver, answer.event.action) == (
        "published", people.charlie, "publish_answer")
    assert last_event(done).note == "Lubang sudah ditambal tanggal 20."
    assert Disposition.objects.get(complaint=done).state == "answered"
    assert Notification.objects.filter(kind="status_update", event=answer.event).exists()


def test_the_head_sends_a_draft_back_with_a_comment(complaint, people, units):
    awaiting_approval(complaint, units.dpu, people)
    with pytest.raises(TransitionNotAllowed, match="perlu diperbaiki"):
        services.send_back(complaint=complaint, user=people.charlie, comment="")
    services.send_back(complaint=complaint, user=people.charlie, comment="Sebutkan tanggalnya.")
    draft = Response.objects.get()
    assert (draft.state, draft.review_comment) == ("draft", "Sebutkan tanggalnya.")
    with pytest.raises(TransitionNotAllowed, match="Tidak ada jawaban"):
        services.approve(complaint=complaint, user=people.charlie)


def test_submit_for_approval_is_refused_where_no_approval_is_needed(complaint, people, units):
    in_progress(complaint, units.dishub, people.alice, people.dave)
    services.save_draft(complaint=complaint, user=people.dave, text="Sudah diperbaiki.")
    with pytest.raises(TransitionNotAllowed, match="tidak memerlukan persetujuan"):
        services.submit_for_approval(complaint=complaint, user=people.dave)
    assert services.publish(complaint=complaint, user=people.dave).state == "answered"


def test_publish_without_a_draft_is_refused(complaint, people, units):
    in_progress(complaint, units.dishub, people.alice, people.dave)
    with pytest.raises(TransitionNotAllowed, match="Belum ada konsep"):
        services.publish(complaint=complaint, user=people.dave)


def test_a_supporting_unit_contributes_but_does_not_answer(complaint, people, units):
    dispose_to(complaint, units.dpu, people.alice, supporting_units=[units.dishub])
    with pytest.raises(TransitionNotAllowed, match="wajib diisi"):
        services.contribute(complaint=complaint, user=people.dave, text="")
    contribution = services.contribute(complaint=complaint, user=people.dave,
                                       text="Rambu akan kami pasang.")
    assert contribution.state == "contributed" and contribution.disposition.unit == units.dishub
    with pytest.raises(TransitionNotAllowed, match="tidak berwenang"):
        services.contribute(complaint=complaint, user=people.bob, text="Kami lead.")
    with pytest.raises(TransitionNotAllowed):
        services.save_draft(complaint=complaint, user=people.dave, text="Menjawab?")


def test_internal_notes_come_from_those_working_on_it(complaint, people, units):
    dispose_to(complaint, units.dpu, people.alice)
    services.add_note(complaint=complaint, user=people.alice, text="Prioritas.")
    services.add_note(complaint=complaint, user=people.bob, text="Tim berangkat besok.")
    assert list(InternalNote.objects.values_list("unit__code", flat=True)) == [None, "DPU"]
    for outsider in (people.dave, people.erin, people.frank):
        with pytest.raises(TransitionNotAllowed):
            services.add_note(complaint=complaint, user=outsider, text="Boleh?")


# --- Intake from other channels -----------------------------------------------------------------


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
    assert (done.channel, done.source_reference, done.reporter) == (
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


def test_intake_is_for_coordinators_and_other_channels(category, people):
    with pytest.raises(TransitionNotAllowed, match="tidak berwenang"):
        services.record_intake(report=report(category=category, reporter_phone="+6281325550101"),
                               channel=Channel.SMS, user=people.bob)
    with pytest.raises(TransitionNotAllowed, match="situs web"):
        services.record_intake(report=report(category=category, reporter_phone="+6281325550101"),
                               channel=Channel.WEB, user=people.alice)
    assert not Complaint.objects.exists()


def test_a_failed_delivery_is_recorded_with_its_error(complaint, people, settings):
    from tests.complaints.conftest import run_queued_tasks

    settings.MAILERS = {"default": {"BACKEND": "tests.disposition.test_services.BrokenMail"}}
    notification = Notification.objects.get(kind="receipt")
    with pytest.raises(ConnectionRefusedError):
        from complaints.tasks import deliver

        deliver(notification.pk)
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("failed", 1)
    assert "ConnectionRefusedError" in notification.error
    assert run_queued_tasks() == []  # nothing was queued on commit inside the test transaction


class BrokenMail:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp down")


def test_a_message_already_sent_is_not_sent_again(complaint, mailoutbox):
    from complaints.tasks import deliver

    notification = Notification.objects.get(kind="receipt")
    deliver(notification.pk)
    assert deliver(notification.pk).startswith("not sent")
    assert len(mailoutbox) == 1


# --- The whole journey --------------------------------------------------------------------------


def test_the_whole_journey(category, people, units, mailoutbox,
                           django_capture_on_commit_callbacks):
    from tests.complaints.conftest import run_queued_tasks

    with django_capture_on_commit_callbacks(execute=True):
        c = file_report(category)
        c = dispose_to(c, units.dishub, people.alice)
        c = services.return_to_coordinator(complaint=c, user=people.dave, reason="Jalan, DPU.")
        c = dispose_to(c, units.dpu, people.alice)
        c = services.accept(complaint=c, user=people.bob)
        services.save_draft(complaint=c, user=people.bob, text="Akan ditambal minggu ini.")
        services.submit_for_approval(complaint=c, user=people.bob)
        c = services.approve(complaint=c, user=people.charlie)
        c = citizen.reopen(complaint=c, reason="Belum ditambal sama sekali.")
        assert c.state == "in_progress" and c.lead_unit == units.dpu
        services.save_draft(complaint=c, user=people.bob, text="Sudah ditambal, lihat foto.")
        c = services.publish(complaint=c, user=people.charlie)
        c = citizen.confirm_solved(complaint=c)
        c = citizen.rate(complaint=c, score=4)
    assert (c.state, c.rating) == ("closed", 4)
    actions = list(Event.objects.filter(complaint=c).values_list("action", flat=True))
    assert actions == ["submit", "dispose", "return", "dispose", "accept", "publish_answer",
                       "reopen", "publish_answer", "confirm_solved", "rate"]
    assert Response.objects.filter(complaint=c, state="published").count() == 2
    run_queued_tasks()
    to_reporter = [m.subject.split(": ")[-1] for m in mailoutbox if m.to == ["budi@warga.test"]]
    # The unit's return is internal: the reporter only sees the complaint routed again.
    assert to_reporter[1:] == ["Didisposisikan", "Didisposisikan", "Diproses",
                               "Ditindaklanjuti", "Ditindaklanjuti"]
    assert all(n.status == "sent" for n in Notification.objects.all())
