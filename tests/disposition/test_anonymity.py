"""An anonymous reporter's name, e-mail and phone never reach a unit user: not on a page, in
an action's result, an export, the history, an e-mail or a log line."""

import logging

import pytest
from django.urls import reverse

from complaints.models import Notification
from disposition import services
from tests.complaints.conftest import run_queued_tasks
from tests.disposition.helpers import dispose_to

pytestmark = pytest.mark.django_db

IDENTITY = ["Sutrisno", "Wibowo", "sutrisno.wibowo", "81299990000"]


def leaks(text):
    return [part for part in IDENTITY if part in text]


def page(client, view, *args, **query):
    response = client.get(reverse(f"admin:complaints_complaint_{view}", args=args), query)
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def everything_a_unit_user_reads(client, complaint):
    return [
        page(client, "changelist"),
        page(client, "changelist", q=complaint.tracking_code),
        page(client, "change", complaint.pk),
        page(client, "history", complaint.pk),
        page(client, "export"),
        client.get(reverse("admin:autocomplete"), {
            "app_label": "complaints", "model_name": "complaint", "field_name": "duplicate_of",
            "term": complaint.tracking_code}).content.decode(),
    ]


def act(client, complaint, action, data=None):
    response = client.post(reverse("admin:complaints_complaint_action",
                                   args=[complaint.pk, action]), data or {}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_a_unit_never_sees_an_anonymous_reporter(client, people, units, anonymous_complaint,
                                                 mailoutbox, caplog,
                                                 django_capture_on_commit_callbacks):
    caplog.set_level(logging.DEBUG)
    complaint = anonymous_complaint
    with django_capture_on_commit_callbacks(execute=True):
        dispose_to(complaint, units.dpu, people.alice, supporting_units=[units.dishub])
    texts = []
    client.force_login(people.bob)
    with django_capture_on_commit_callbacks(execute=True):
        texts.append(act(client, complaint, "accept"))
        texts.append(act(client, complaint, "draft", {"text": "Kami cek ke lokasi.",
                                                      "completes": "no"}))
        texts.append(act(client, complaint, "note", {"text": "Tim berangkat."}))
        texts.append(act(client, complaint, "submit_for_approval"))
    texts += everything_a_unit_user_reads(client, complaint)
    client.force_login(people.charlie)
    with django_capture_on_commit_callbacks(execute=True):
        texts.append(act(client, complaint, "send_back", {"comment": "Tambah tanggal."}))
    texts += everything_a_unit_user_reads(client, complaint)
    client.force_login(people.dave)  # the supporting unit
    texts.append(act(client, complaint, "contribute", {"text": "Kami bantu."}))
    texts += everything_a_unit_user_reads(client, complaint)
    run_queued_tasks()

    assert all(complaint.tracking_code in t for t in texts[4:6])  # the pages did render
    assert [leaks(t) for t in texts] == [[]] * len(texts)
    staff_mail = [m for m in mailoutbox if m.to != ["sutrisno.wibowo@warga.test"]]
    assert {m.to[0] for m in staff_mail} >= {"bob@lapor.test", "dave@lapor.test",
                                            "charlie@lapor.test"}
    for mail in staff_mail:
        assert leaks(mail.subject + mail.body + mail.alternatives[0][0]) == []
    assert leaks(caplog.text) == []
    # while the reporter was told, by name, at their own address
    assert any(m.to == ["sutrisno.wibowo@warga.test"] and "Sutrisno" in m.body
               for m in mailoutbox)


def test_the_coordinator_sees_the_anonymous_reporter_on_the_page_but_never_in_an_export(
        client, people, units, anonymous_complaint):
    client.force_login(people.alice)
    text = page(client, "change", anonymous_complaint.pk)
    assert leaks(text) == IDENTITY
    export = page(client, "export")  # exports travel: the identity stays in lapor
    assert anonymous_complaint.tracking_code in export and leaks(export) == []


def test_a_region_viewer_does_not_see_the_anonymous_reporter(client, people,
                                                              anonymous_complaint):
    client.force_login(people.erin)
    texts = everything_a_unit_user_reads(client, anonymous_complaint)
    assert [leaks(t) for t in texts] == [[]] * len(texts)


def test_a_unit_sees_a_named_reporter_so_it_can_reach_them(client, people, units, complaint):
    dispose_to(complaint, units.dpu, people.alice)
    client.force_login(people.bob)
    text = page(client, "change", complaint.pk)
    assert "Budi Santoso" in text and "budi@warga.test" in text


def test_anonymity_set_at_verification_hides_the_reporter_from_then_on(client, people, units,
                                                                       complaint):
    services.dispose(complaint=complaint, user=people.alice, lead_unit=units.dpu,
                     corrections={"is_anonymous": True})
    client.force_login(people.bob)
    text = page(client, "change", complaint.pk) + page(client, "export")
    assert "Budi" not in text and "budi@warga.test" not in text
    assert "Identitas pelapor dirahasiakan" in text


def test_unit_notifications_carry_no_reporter_field(people, units, anonymous_complaint,
                                                    mailoutbox):
    from complaints.tasks import deliver

    dispose_to(anonymous_complaint, units.dpu, people.alice)
    for notification in Notification.objects.filter(kind="new_disposition"):
        deliver(notification.pk)
    assert mailoutbox and all(leaks(m.body + m.alternatives[0][0]) == [] for m in mailoutbox)
