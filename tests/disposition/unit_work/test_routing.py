"""Down and across: a lead unit's head sends the work to a sub-unit, which works it inside the
lead unit's deadline and whose answer the lead unit's head approves; a lead unit transfers a
report straight to another unit, and a coordinator may undo it."""

import pytest

from complaints.models import Complaint
from complaints.workflow import TransitionNotAllowed
from disposition import services
from disposition.access import complaints_for_dashboard, complaints_for_staff
from disposition.models import Disposition
from tests.complaints.conftest import run_queued_tasks
from tests.disposition.helpers import dispose_to, in_progress

pytestmark = pytest.mark.django_db


@pytest.fixture
def delegated(complaint, units, people, tree):
    dispose_to(complaint, units.dpu, people.alice)
    return services.delegate(complaint=complaint, user=people.charlie, sub_unit=tree.binamarga,
                             instruction="Cek ke lokasi.")


def test_the_head_sends_the_work_down_and_the_sub_unit_works_it_inside_the_deadline(
        delegated, complaint, units, people, tree):
    due = Complaint.objects.get(pk=complaint.pk).due_at
    assert (delegated.state, delegated.lead_unit, delegated.working_unit) == (
        "in_progress", units.dpu, tree.binamarga)
    assert delegated.due_at == due  # the lead unit's deadline, unchanged
    assert Disposition.objects.get(complaint=complaint, role="lead").state == "accepted"
    sub = Disposition.objects.get(complaint=complaint, role="sub_unit")
    assert (sub.unit, sub.state, sub.instruction) == (tree.binamarga, "sent", "Cek ke lokasi.")
    # The sub-unit asks, reports progress and drafts; the lead unit's head approves.
    services.ask_reporter(complaint=complaint, user=tree.hana, question="Patokannya?")
    services.withdraw_question(complaint=complaint, user=tree.hana)
    services.publish_progress(complaint=complaint, user=tree.hana, text="Sudah diukur.")
    services.save_draft(complaint=complaint, user=tree.hana, text="Sudah ditambal.")
    with pytest.raises(TransitionNotAllowed, match="disetujui kepala"):
        services.publish(complaint=complaint, user=tree.hana)
    with pytest.raises(TransitionNotAllowed, match="tidak berwenang"):
        services.approve(complaint=complaint, user=tree.ivan)  # the sub-unit's own head
    services.submit_for_approval(complaint=complaint, user=tree.hana)
    done = services.approve(complaint=complaint, user=people.charlie)
    assert done.state == "answered"
    assert Disposition.objects.get(pk=sub.pk).state == "answered"


def test_a_sub_unit_may_not_route_the_lead_unit_s_report(delegated, complaint, units, tree):
    with pytest.raises(TransitionNotAllowed, match="tidak berwenang"):
        services.transfer(complaint=complaint, user=tree.hana, unit=units.dishub, reason="x")
    with pytest.raises(TransitionNotAllowed, match="tidak berwenang"):
        services.return_to_coordinator(complaint=complaint, user=tree.hana, reason="x")
    with pytest.raises(TransitionNotAllowed, match="tidak berwenang"):
        services.delegate(complaint=complaint, user=tree.ivan, sub_unit=tree.upt)


def test_a_sub_unit_sees_only_what_was_sent_to_it_and_its_parent_sees_the_sub_unit_s_work(
        delegated, complaint, category, units, people, tree):
    from tests.factories import file_report

    other = dispose_to(file_report(category), units.dpu, people.alice)
    assert list(complaints_for_staff(tree.hana)) == [complaint]
    assert other in complaints_for_staff(people.bob)
    # A report the coordinator sent straight to the sub-unit's own sub-unit: the lead unit,
    # above both, still opens and counts it.
    below = dispose_to(file_report(category), tree.upt, people.alice)
    assert below in complaints_for_staff(people.bob) and below in complaints_for_staff(tree.hana)
    assert below in complaints_for_dashboard(people.charlie)
    assert below not in complaints_for_staff(people.dave)


def test_the_sub_unit_must_be_active_and_below_the_lead_unit(complaint, units, people, tree):
    dispose_to(complaint, units.dpu, people.alice)
    with pytest.raises(TransitionNotAllowed, match="tidak aktif"):
        services.delegate(complaint=complaint, user=people.charlie, sub_unit=tree.closed)
    with pytest.raises(TransitionNotAllowed, match="Pilih sub-unit di bawah"):
        services.delegate(complaint=complaint, user=people.charlie, sub_unit=units.dishub)
    with pytest.raises(TransitionNotAllowed, match="Pilih sub-unit di bawah"):
        services.delegate(complaint=complaint, user=people.charlie, sub_unit=units.dpu)
    with pytest.raises(TransitionNotAllowed, match="tidak berwenang"):
        services.delegate(complaint=complaint, user=people.bob, sub_unit=tree.binamarga)
    assert not Disposition.objects.filter(role="sub_unit").exists()
    # Deeper down is fine; sending it on to another sub-unit withdraws the first.
    services.delegate(complaint=complaint, user=people.charlie, sub_unit=tree.upt)
    moved = services.delegate(complaint=complaint, user=people.charlie, sub_unit=tree.sda)
    assert moved.working_unit == tree.sda
    assert dict(Disposition.objects.filter(role="sub_unit").values_list("unit__code", "state")) \
        == {"DPU-BM-UPT": "withdrawn", "DPU-SDA": "sent"}


def test_an_anonymous_reporter_stays_hidden_from_the_sub_unit(
        client, anonymous_complaint, units, people, tree):
    from django.urls import reverse

    dispose_to(anonymous_complaint, units.dpu, people.alice)
    services.delegate(complaint=anonymous_complaint, user=people.charlie,
                      sub_unit=tree.binamarga)
    client.force_login(tree.hana)
    page = client.get(reverse("admin:complaints_complaint_change",
                              args=[anonymous_complaint.pk])).content.decode()
    export = b"".join(client.get(reverse("admin:complaints_complaint_export")
                                 ).streaming_content).decode()
    for text in (page, export):
        assert anonymous_complaint.tracking_code in text
        for secret in ("Sutrisno", "sutrisno.wibowo", "6281299990000"):
            assert secret not in text


# --- Transfers ------------------------------------------------------------------------------


def test_a_lead_unit_transfers_straight_to_another_unit_and_the_coordinator_may_undo_it(
        complaint, units, people, mailoutbox, django_capture_on_commit_callbacks):
    working = in_progress(complaint, units.dpu, people.alice, people.bob)
    due = working.due_at
    with django_capture_on_commit_callbacks(execute=True):
        moved = services.transfer(complaint=working, user=people.bob, unit=units.dishub,
                                  reason="Rambu lalu lintas kewenangan Dishub.")
    assert (moved.state, moved.lead_unit, moved.due_at) == ("dispositioned", units.dishub, due)
    event = moved.events.order_by("pk").last()
    assert (event.action, event.note) == (
        "transfer", "Dialihkan dari Dinas Pekerjaan Umum ke Dinas Perhubungan.")
    old, new = Disposition.objects.filter(complaint=working, role="lead").order_by("pk")
    assert (old.state, old.return_reason) == ("transferred",
                                              "Rambu lalu lintas kewenangan Dishub.")
    assert (new.unit, new.state, new.transferred_from) == (units.dishub, "sent", old)
    run_queued_tasks()
    assert any("dialihkan ke Dinas Perhubungan" in m.subject and "alice@lapor.test" in m.to
               for m in mailoutbox)
    assert any(m.to == ["dave@lapor.test"] or "dave@lapor.test" in m.to for m in mailoutbox)
    # Dishub works on it; DPU still reads its history but may no longer act.
    assert working in complaints_for_staff(people.bob)
    with pytest.raises(TransitionNotAllowed):
        services.accept(complaint=working, user=people.bob)
    back = services.undo_transfer(complaint=working, user=people.alice)
    assert (back.state, back.lead_unit) == ("dispositioned", units.dpu)
    assert list(back.events.order_by("pk").values_list("action", flat=True))[-2:] == [
        "transfer", "undo_transfer"]
    with pytest.raises(TransitionNotAllowed, match="tidak sedang dialihkan"):
        services.undo_transfer(complaint=working, user=people.alice)


@pytest.mark.parametrize("target, message", [
    ("dpu", "sudah berada di"), ("inactive", "tidak aktif"), ("pln", "di luar daerah"),
    ("sub", "sub-unit Anda"),
])
def test_a_transfer_goes_to_another_active_unit_of_the_region(
        complaint, units, people, pln, tree, target, message):
    from tests.factories import make_unit

    working = in_progress(complaint, units.dpu, people.alice, people.bob)
    unit = {"dpu": units.dpu, "pln": pln, "sub": tree.binamarga,
            "inactive": make_unit("DINSOS", is_active=False)}[target]
    with pytest.raises(TransitionNotAllowed, match=message):
        services.transfer(complaint=working, user=people.bob, unit=unit, reason="Alasan.")
    with pytest.raises(TransitionNotAllowed, match="Tuliskan alasan"):
        services.transfer(complaint=working, user=people.bob, unit=units.dishub, reason=" ")
    after = Complaint.objects.get(pk=working.pk)
    assert (after.lead_unit, after.state) == (units.dpu, "in_progress")
    assert Disposition.objects.filter(complaint=working).count() == 1


def test_the_transfer_form_explains_a_bad_target_beside_the_field(client, complaint, units,
                                                                   people):
    from django.urls import reverse

    in_progress(complaint, units.dpu, people.alice, people.bob)
    client.force_login(people.bob)
    url = reverse("admin:complaints_complaint_action", args=[complaint.pk, "transfer"])
    page = client.post(url, {"unit": units.dpu.pk, "reason": "Salah alamat."})
    assert page.status_code == 400
    assert "selain unit penanggung jawab sekarang" in page.content.decode()
    assert "Salah alamat." in page.content.decode()
    missing = client.post(url, {"unit": units.dishub.pk, "reason": ""})
    assert "Tuliskan alasan pengalihan." in missing.content.decode()
