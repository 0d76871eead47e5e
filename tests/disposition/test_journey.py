"""The whole journey through the services, from submission to the rating."""

import pytest

from complaints import services as citizen
from complaints.models import Event, Notification
from disposition import services
from disposition.models import Response
from tests.disposition.helpers import dispose_to
from tests.factories import file_report

pytestmark = pytest.mark.django_db


def last_event(complaint):
    return complaint.events.order_by("-at", "-pk").first()


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
    # The receipt is handed over by the worker's broker, after the tasks queued with the steps.
    assert to_reporter.pop() == c.tracking_code
    # The unit's return is internal: the reporter only sees the complaint routed again.
    assert to_reporter == ["Didisposisikan", "Didisposisikan", "Diproses",
                           "Selesai ditindaklanjuti", "Selesai ditindaklanjuti"]
    assert all(n.status == "sent" for n in Notification.objects.all())
