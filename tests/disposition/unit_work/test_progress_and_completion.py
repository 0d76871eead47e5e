"""Progress updates, the first answer (tindak lanjut) and completion: the reporter's reply
window and the automatic closing start at completion, not at the first answer."""

import pytest

from complaints import services as citizen
from complaints.models import Complaint
from complaints.uploads import CleanFile
from complaints.workflow import TransitionNotAllowed
from disposition import services
from disposition.models import Disposition
from tests.complaints.conftest import image_bytes
from tests.disposition.helpers import in_progress

pytestmark = pytest.mark.django_db


@pytest.fixture
def working(complaint, units, people):
    return in_progress(complaint, units.dpu, people.alice, people.bob)


def test_a_progress_update_is_public_with_its_photo_and_the_work_goes_on(working, people):
    photo = CleanFile(kind="image", content=image_bytes(), extension="jpg",
                      content_type="image/jpeg", original_name="material.jpg")
    updated = services.publish_progress(complaint=working, user=people.bob,
                                        text="Material sudah tiba.", files=[photo])
    event = updated.events.last()
    assert (updated.state, event.action, event.is_public) == ("in_progress", "progress", True)
    assert event.attachments.count() == 1
    with pytest.raises(TransitionNotAllowed, match="Tuliskan perkembangan"):
        services.publish_progress(complaint=working, user=people.bob, text=" ")


def test_no_progress_on_a_closed_report(working, people):
    services.save_draft(complaint=working, user=people.bob, text="Selesai.")
    services.submit_for_approval(complaint=working, user=people.bob)
    services.approve(complaint=working, user=people.charlie)
    closed = citizen.confirm_solved(complaint=working)
    with pytest.raises(TransitionNotAllowed, match="Selesai"):
        services.publish_progress(complaint=closed, user=people.bob, text="Tambahan.")


def test_the_first_answer_keeps_the_unit_working_to_the_completion_target(working, people):
    services.save_draft(complaint=working, user=people.bob, completes=False,
                        text="Perbaikan dijadwalkan minggu depan.")
    services.submit_for_approval(complaint=working, user=people.bob)
    followed = services.approve(complaint=working, user=people.charlie)
    assert followed.state == "followed_up"
    assert followed.first_answered_at is not None and followed.completed_at is None
    assert followed.due_at == followed.completion_due_at  # not the reporter's reply window
    lead = Disposition.objects.get(complaint=followed, role="lead")
    assert lead.state == "accepted"  # the unit's work is not done
    # The reporter may respond, not close it.
    citizen.reply(complaint=followed, text="Terima kasih, ditunggu.")
    with pytest.raises(TransitionNotAllowed):
        citizen.confirm_solved(complaint=followed)
    # The next answer completes it: the reply window starts now.
    services.save_draft(complaint=followed, user=people.bob, completes=False,
                        text="Sudah ditambal, lihat foto.")
    services.submit_for_approval(complaint=followed, user=people.bob)
    done = services.approve(complaint=followed, user=people.charlie)
    assert (done.state, done.completed_in_time) == ("answered", True)
    assert done.completed_at is not None and done.due_at > done.completed_at
    assert Disposition.objects.get(pk=lead.pk).state == "answered"
    assert [e.action for e in done.events.all() if e.action in {"follow_up", "publish_answer"}] \
        == ["follow_up", "publish_answer"]


def test_completion_after_the_target_is_recorded_as_late(working, people):
    Complaint.objects.filter(pk=working.pk).update(
        completion_due_at=working.submitted_at)  # the target passed long ago
    services.save_draft(complaint=working, user=people.bob, text="Selesai.")
    services.submit_for_approval(complaint=working, user=people.bob)
    done = services.approve(complaint=working, user=people.charlie)
    assert (done.state, done.completed_in_time) == ("answered", False)


def test_the_draft_form_makes_the_unit_say_whether_the_work_is_done(client, working, people):
    from django.urls import reverse

    client.force_login(people.bob)
    url = reverse("admin:complaints_complaint_action", args=[working.pk, "draft"])
    response = client.post(url, {"text": "Akan kami tinjau."})
    assert response.status_code == 400
    assert "Pilih apakah pekerjaan sudah selesai" in response.content.decode()
    assert "Akan kami tinjau." in response.content.decode()  # what was typed stays
    client.post(url, {"text": "Akan kami tinjau.", "completes": "no"})
    assert working.responses.get().completes is False
