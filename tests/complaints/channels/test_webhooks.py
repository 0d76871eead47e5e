"""The webhooks' gate: the handshake, signatures, replays, unknown senders, malformed bodies,
and a provider's retries. Whatever is refused changes nothing."""

import json
import time

import pytest
from django.urls import reverse

from complaints.models import Complaint, Conversation, InboundMessage, Notification
from tests.complaints.channels.conftest import (
    APP_SECRET,
    committed,
    post_sms,
    post_whatsapp,
    say,
    wa_message,
    wa_payload,
    work,
)

pytestmark = pytest.mark.django_db
URL = "/kanal/whatsapp/webhook"


def test_the_subscription_handshake_echoes_the_challenge_only_for_our_token(client, graph):
    assert reverse("complaints:whatsapp_webhook") == URL
    ok = client.get(URL, {"hub.mode": "subscribe", "hub.verify_token": "verifikasi-uji",
                          "hub.challenge": "1158201444"})
    assert ok.status_code == 200 and ok.content == b"1158201444"
    wrong = client.get(URL, {"hub.mode": "subscribe", "hub.verify_token": "tebakan",
                             "hub.challenge": "1"})
    assert wrong.status_code == 403


def test_without_a_provider_the_webhook_takes_nothing(client, category):
    response = post_whatsapp(client, wa_payload(wa_message(body="Halo")))
    assert response.status_code == 403 and not InboundMessage.objects.exists()


@pytest.mark.parametrize("tamper", ["unsigned", "wrong_secret", "body_changed"])
def test_a_request_not_signed_by_meta_changes_nothing(client, graph, tamper):
    payload = wa_payload(wa_message(body="Jalan rusak parah di depan pasar Bawen sejak lama"))
    if tamper == "unsigned":
        response = client.post(URL, data=json.dumps(payload), content_type="application/json")
    elif tamper == "wrong_secret":
        response = post_whatsapp(client, payload, secret="bukan-rahasia")
    else:
        import hashlib
        import hmac

        signed = json.dumps(payload).encode()
        signature = "sha256=" + hmac.new(APP_SECRET.encode(), signed, hashlib.sha256).hexdigest()
        response = client.post(URL, data=signed + b" ", content_type="application/json",
                               HTTP_X_HUB_SIGNATURE_256=signature)
    assert response.status_code == 403
    assert not InboundMessage.objects.exists() and not Conversation.objects.exists()


def test_an_unknown_phone_number_id_is_refused(client, graph):
    response = post_whatsapp(client, wa_payload(wa_message(body="Halo"),
                                                phone_number_id="999"))
    assert response.status_code == 403 and not InboundMessage.objects.exists()


@pytest.mark.parametrize("body", [b"{", b"[]", b'{"entry": [{"changes": [{"value": '
                                  b'{"metadata": {"phone_number_id": "109876543210"}, '
                                  b'"messages": [{"id": "x"}]}}]}]}'])
def test_malformed_json_is_a_400_and_stores_nothing(client, graph, body):
    response = post_whatsapp(client, None, body=body)
    assert response.status_code == 400 and not InboundMessage.objects.exists()


def test_delivery_statuses_are_taken_and_ignored(client, graph):
    payload = wa_payload()
    payload["entry"][0]["changes"][0]["value"]["statuses"] = [
        {"id": "wamid.out1", "status": "delivered", "timestamp": str(int(time.time())),
         "recipient_id": "6281325550101"}]
    del payload["entry"][0]["changes"][0]["value"]["messages"]
    assert post_whatsapp(client, payload).status_code == 200
    assert not InboundMessage.objects.exists()


def test_the_same_webhook_three_times_is_one_message_and_one_answer(client, graph, category):
    message = wa_message(body="Lampu jalan di Jl. Diponegoro Ungaran mati semua sejak kemarin",
                         message_id="wamid.sama")
    for _ in range(3):
        say(client, message)
    assert InboundMessage.objects.count() == 1 and Conversation.objects.count() == 1
    assert len(graph.sent) == 1


def test_a_location_off_the_planet_is_a_400(client, graph):
    response = post_whatsapp(client, wa_payload(wa_message("location", latitude=91,
                                                           longitude=10)))
    assert response.status_code == 400 and not InboundMessage.objects.exists()


# --- Delivery faults -------------------------------------------------------------------------


def test_a_provider_error_is_recorded_retried_and_sent_once(client, graph, category, settings):
    from datetime import timedelta

    from django.utils import timezone

    from complaints.tasks import deliver

    graph.fail_with = 500
    with committed():
        post_whatsapp(client, wa_payload(wa_message(body="Sampah menumpuk di pasar Bandungan")))
    from complaints.conversations.dialogue import handle_phone

    with committed():
        handle_phone("whatsapp", "+6281325550101")
    reply = Notification.objects.get(kind="conversation")
    with pytest.raises(Exception, match="500"):
        deliver(reply.pk)
    reply.refresh_from_db()
    assert (reply.status, reply.attempts) == ("failed", 1) and "500" in reply.error
    graph.fail_with = None
    assert deliver(reply.pk).startswith("not sent")  # waits for its retry time
    Notification.objects.filter(pk=reply.pk).update(next_attempt_at=timezone.now()
                                                    - timedelta(seconds=1))
    deliver(reply.pk)
    deliver(reply.pk)
    reply.refresh_from_db()
    assert (reply.status, reply.attempts, len(graph.sent)) == ("sent", 2, 1)
    assert reply.provider_id == "wamid.fake1"


def test_a_provider_that_does_not_answer_is_a_failure_to_retry(client, graph, monkeypatch):
    from complaints import notifications
    from complaints.tasks import deliver
    from lapor.channels import http

    monkeypatch.setattr(http, "TIMEOUT_SECONDS", 0.5)
    graph.hang_seconds = 2
    note = notifications.queue_to_phone("whatsapp", "+6281325550101", "Halo")
    with pytest.raises(Exception, match="timed out"):
        deliver(note.pk)
    note.refresh_from_db()
    assert note.status == "failed" and "timed out" in note.error


def test_outside_the_24_hour_window_a_template_carries_the_message(graph):
    from complaints import notifications
    from complaints.tasks import deliver

    note = notifications.queue_to_phone("whatsapp", "+6281325550101", "Perkembangan laporan")
    deliver(note.pk)  # this phone never wrote: no window is open
    ((_path, _auth, body),) = graph.sent
    assert body["type"] == "template" and body["template"]["name"] == "lapor_pembaruan"
    assert body["template"]["components"][0]["parameters"][0]["text"] == "Perkembangan laporan"


def test_without_a_provider_a_message_is_logged_never_sent(db, caplog):
    from complaints import notifications
    from complaints.tasks import deliver

    note = notifications.queue_to_phone("sms", "+6281325550101", "Halo")
    deliver(note.pk)
    note.refresh_from_db()
    assert note.status == "logged" and note.get_status_display() == "Dicatat, tidak dikirim"


# --- The signed generic webhook (SMS gateways, WhatsApp BSPs) ------------------------------------


def sms(text, message_id="sms-1", sender="081325550101"):
    return {"messages": [{"id": message_id, "from": sender, "type": "text", "text": text,
                          "timestamp": int(time.time())}]}


def test_an_sms_gateway_files_through_the_same_conversation(client, gateway, category):
    with committed():
        response = post_sms(client, sms("Jembatan di desa Kebondowo retak dan miring sejak banjir"))
    assert response.status_code == 200
    work()
    message = InboundMessage.objects.get()
    assert (message.channel, message.phone) == ("sms", "+6281325550101")
    reply = Notification.objects.get(kind="conversation")
    assert reply.channel == "sms" and "Di mana kejadiannya" in reply.body
    assert reply.status == "sent"
    ((_path, _auth, body),) = gateway.sent
    assert (body["channel"], body["to"], body["type"]) == ("sms", "+6281325550101", "text")


@pytest.mark.parametrize("trouble, status", [
    ("old", 403), ("future", 403), ("wrong_secret", 403), ("malformed", 400), ("no_from", 400),
])
def test_the_gateway_s_requests_are_signed_fresh_and_well_formed(client, gateway, trouble,
                                                                status):
    now = int(time.time())
    if trouble == "old":
        response = post_sms(client, sms("Halo"), timestamp=now - 301)
    elif trouble == "future":
        # 310: past the window whichever second the server reads
        response = post_sms(client, sms("Halo"), timestamp=now + 310)
    elif trouble == "wrong_secret":
        response = post_sms(client, sms("Halo"), secret="tebakan")
    elif trouble == "malformed":
        response = post_sms(client, None, body=b'{"messages": "semua"}')
    else:
        response = post_sms(client, {"messages": [{"id": "x", "text": "Halo"}]})
    assert response.status_code == status
    assert not InboundMessage.objects.exists()


def test_a_replayed_gateway_message_is_stored_once(client, gateway, category):
    for _ in range(3):
        with committed():
            assert post_sms(client, sms("Halo, saya mau lapor")).status_code == 200
    assert InboundMessage.objects.count() == 1


def test_no_input_is_a_server_error(client, graph):
    for body in [b"\xff\xfe", b"null", b'{"entry": null}', b'{"entry": [{"changes": [null]}]}']:
        assert post_whatsapp(client, None, body=body).status_code in {400, 403}
    assert not Complaint.objects.exists()
