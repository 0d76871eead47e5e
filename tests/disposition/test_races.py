"""Two people acting on one complaint at the same moment: exactly one wins, the other is told
why, and nothing is lost."""

import threading

import pytest
from django.db import connection

from accounts.models import Appointment
from complaints.models import Complaint
from complaints.workflow import TransitionNotAllowed
from disposition import services
from disposition.models import Disposition, Response
from tests.disposition.helpers import dispose_to, in_progress
from tests.factories import appoint, file_report, make_category, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def race(*calls):
    """Run each call in its own thread, released together; returns "done" or the refusal."""
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait()
            call()
            outcomes.append("done")
        except TransitionNotAllowed as refusal:
            outcomes.append(str(refusal))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.fixture
def complaint(units, people):
    return file_report(make_category("jalan", unit=units.dpu))


def test_two_coordinators_disposition_at_once_and_one_wins(complaint, people, units):
    second = make_user("gina@lapor.test")
    appoint(second, units.diskominfo, Appointment.Role.COORDINATOR)
    outcomes = race(lambda: dispose_to(complaint, units.dpu, people.alice),
                    lambda: dispose_to(complaint, units.dishub, second))
    assert outcomes.count("done") == 1
    (refusal,) = [o for o in outcomes if o != "done"]
    assert "Didisposisikan" in refusal
    final = Complaint.objects.get(pk=complaint.pk)
    (lead,) = Disposition.objects.filter(complaint=final)
    assert lead.unit == final.lead_unit
    assert final.events.filter(action="dispose").count() == 1


def test_publishing_while_a_colleague_returns_it_one_wins(complaint, people, units):
    in_progress(complaint, units.dpu, people.alice, people.bob)
    services.save_draft(complaint=complaint, user=people.bob, text="Sudah ditambal.")
    outcomes = race(
        lambda: services.publish(complaint=complaint, user=people.charlie),
        lambda: services.return_to_coordinator(complaint=complaint, user=people.bob,
                                               reason="Ternyata jalan provinsi."),
    )
    assert outcomes.count("done") == 1
    final = Complaint.objects.get(pk=complaint.pk)
    assert final.state in {"answered", "returned"}
    assert final.events.filter(action__in=["publish_answer", "return"]).count() == 1
    draft = Response.objects.get()
    assert draft.state == ("published" if final.state == "answered" else "draft")


def test_the_old_unit_answering_after_the_coordinator_re_routed_is_refused_and_keeps_its_draft(
        complaint, people, units):
    in_progress(complaint, units.dpu, people.alice, people.bob)
    stale = Complaint.objects.get(pk=complaint.pk)  # the operator's page, still open
    services.save_draft(complaint=stale, user=people.bob, text="Konsep DPU.")
    services.return_to_coordinator(complaint=complaint, user=people.charlie, reason="Bukan DPU.")
    dispose_to(complaint, units.dishub, people.alice)
    with pytest.raises(TransitionNotAllowed, match="tidak berwenang"):
        services.publish(complaint=stale, user=people.charlie)
    assert Response.objects.get().text == "Konsep DPU."
    assert Complaint.objects.get(pk=complaint.pk).lead_unit == units.dishub


def test_approving_while_the_operator_edits_the_draft_one_wins(complaint, people, units):
    in_progress(complaint, units.dpu, people.alice, people.bob)
    services.save_draft(complaint=complaint, user=people.bob, text="Versi satu.")
    services.submit_for_approval(complaint=complaint, user=people.bob)
    services.send_back(complaint=complaint, user=people.charlie, comment="Tambah tanggal.")
    services.submit_for_approval(complaint=complaint, user=people.bob)
    outcomes = race(
        lambda: services.approve(complaint=complaint, user=people.charlie),
        lambda: services.send_back(complaint=complaint, user=people.charlie, comment="Lagi."),
    )
    assert outcomes.count("done") == 1
    published = Complaint.objects.get(pk=complaint.pk).state == "answered"
    assert Response.objects.get().state == ("published" if published else "draft")


def test_two_transfers_at_once_move_the_report_once(complaint, people, units):
    in_progress(complaint, units.dpu, people.alice, people.bob)
    outcomes = race(
        lambda: services.transfer(complaint=complaint, user=people.bob, unit=units.dishub,
                                  reason="Rambu: Dishub."),
        lambda: services.transfer(complaint=complaint, user=people.charlie, unit=units.setda,
                                  reason="Koordinasi Setda."),
    )
    assert outcomes.count("done") == 1
    final = Complaint.objects.get(pk=complaint.pk)
    assert final.events.filter(action="transfer").count() == 1
    leads = Disposition.objects.filter(complaint=final, role="lead")
    assert [d.unit_id for d in leads if d.is_active] == [final.lead_unit_id]
    assert final.lead_unit in {units.dishub, units.setda}


def test_an_answer_while_a_colleague_transfers_one_wins(complaint, people, units):
    in_progress(complaint, units.dpu, people.alice, people.bob)
    services.save_draft(complaint=complaint, user=people.bob, text="Sudah ditambal.")
    outcomes = race(
        lambda: services.publish(complaint=complaint, user=people.charlie),
        lambda: services.transfer(complaint=complaint, user=people.bob, unit=units.dishub,
                                  reason="Ternyata rambu."),
    )
    assert outcomes.count("done") == 1
    final = Complaint.objects.get(pk=complaint.pk)
    if final.state == "answered":
        assert (final.lead_unit, Response.objects.get().state) == (units.dpu, "published")
    else:
        assert (final.state, final.lead_unit) == ("dispositioned", units.dishub)
        assert Response.objects.get().state == "draft"


def test_the_reporter_answering_while_the_unit_withdraws_its_question_one_wins(
        complaint, people, units):
    from complaints import services as citizen

    in_progress(complaint, units.dpu, people.alice, people.bob)
    services.ask_reporter(complaint=complaint, user=people.bob, question="Nomor rumahnya?")
    outcomes = race(
        lambda: citizen.answer_question(complaint=complaint, text="Nomor 12."),
        lambda: services.withdraw_question(complaint=complaint, user=people.bob),
    )
    assert outcomes.count("done") == 1
    final = Complaint.objects.get(pk=complaint.pk)
    assert (final.state, final.paused_state) == ("in_progress", "")
    assert final.events.filter(action__in=["answer_question", "withdraw_question"]).count() == 1
