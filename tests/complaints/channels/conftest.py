import hashlib
import hmac
import json
import time

import pytest
from django.test import TestCase
from django.urls import reverse

from tests.complaints.channels.fake_graph import FakeGraph
from tests.complaints.conftest import run_queued_tasks

APP_SECRET = "rahasia-aplikasi-uji"
PHONE_NUMBER_ID = "109876543210"
GATEWAY_SECRET = "rahasia-gateway-uji"
CITIZEN = "6281325550101"  # as WhatsApp writes a number: country code, no "+"


@pytest.fixture
def graph(settings):
    fake = FakeGraph().start()
    settings.LAPOR_WHATSAPP_PROVIDER = "cloud"
    settings.LAPOR_WHATSAPP_GRAPH_URL = fake.url
    settings.LAPOR_WHATSAPP_TOKEN = "token-uji"
    settings.LAPOR_WHATSAPP_PHONE_NUMBER_ID = PHONE_NUMBER_ID
    settings.LAPOR_WHATSAPP_APP_SECRET = APP_SECRET
    settings.LAPOR_WHATSAPP_VERIFY_TOKEN = "verifikasi-uji"
    settings.LAPOR_WHATSAPP_TEMPLATE = "lapor_pembaruan"
    yield fake
    fake.stop()


@pytest.fixture
def gateway(settings):
    """An SMS gateway on loopback that records lapor's signed JSON (the same recorder)."""
    fake = FakeGraph().start()
    settings.LAPOR_SMS_PROVIDER = "webhook"
    settings.LAPOR_SHORT_MESSAGE_WEBHOOK_URL = f"{fake.url}/sms"
    settings.LAPOR_SHORT_MESSAGE_WEBHOOK_SECRET = GATEWAY_SECRET
    yield fake
    fake.stop()


_counter = {"n": 0}


def wa_message(kind="text", *, sender=CITIZEN, message_id=None, **content):
    """One message in the Cloud API's webhook shape."""
    _counter["n"] += 1
    message = {"from": sender, "id": message_id or f"wamid.in{_counter['n']}",
               "timestamp": str(int(time.time())), "type": kind}
    if kind == "text":
        message["text"] = {"body": content["body"]}
    elif kind in {"image", "document"}:
        message[kind] = {"id": content["media_id"], "mime_type": content.get("mime_type",
                                                                             "image/jpeg"),
                         "sha256": "x", "caption": content.get("caption", "")}
    elif kind == "location":
        message["location"] = {k: v for k, v in content.items()}
    return message


def wa_payload(*messages, phone_number_id=PHONE_NUMBER_ID):
    return {"object": "whatsapp_business_account", "entry": [{
        "id": "WABA-1", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "6224000000", "phone_number_id": phone_number_id},
            "contacts": [{"profile": {"name": "Warga"}, "wa_id": CITIZEN}],
            "messages": list(messages)}}]}]}


def post_whatsapp(client, payload, *, secret=APP_SECRET, body=None):
    raw = body if body is not None else json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    return client.post(reverse("complaints:whatsapp_webhook"), data=raw,
                       content_type="application/json", HTTP_X_HUB_SIGNATURE_256=signature)


def committed():
    """Run what waits for the commit (each test runs in a transaction that never commits)."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def say(client, *messages):
    """The citizen sends; the webhook stores; the worker answers and delivers."""
    with committed():
        response = post_whatsapp(client, wa_payload(*messages))
    assert response.status_code == 200, response.content
    work()
    return response


def work():
    """Run the worker until nothing is queued (handling messages queues deliveries)."""
    while True:
        with committed():
            if not run_queued_tasks():
                return


def post_sms(client, payload, *, secret=GATEWAY_SECRET, timestamp=None, body=None):
    raw = body if body is not None else json.dumps(payload).encode()
    stamp = str(timestamp if timestamp is not None else int(time.time()))
    signature = hmac.new(secret.encode(), stamp.encode() + b"." + raw, hashlib.sha256).hexdigest()
    return client.post(reverse("complaints:sms_webhook"), data=raw,
                       content_type="application/json", HTTP_X_LAPOR_TIMESTAMP=stamp,
                       HTTP_X_LAPOR_SIGNATURE=signature)
