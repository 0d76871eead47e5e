"""The lead unit's steps (disposition/services/answer.py): accept, return, draft, submit for
approval, send back, publish and approve; each with its refusals."""

import pytest

from complaints.models import Complaint, Notification
from complaints.workflow import TransitionNotAllowed
from disposition import services
from disposition.models import Disposition, Response
from tests.complaints.conftest import image_bytes
from tests.disposition.helpers import awaiting_approval, dispose_to, in_progress, with_draft

pytestmark = pytest.mark.django_db


def last_event(complaint):
    return complaint.events.order_by("-at", "-pk").first()


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
                      height=480)
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
