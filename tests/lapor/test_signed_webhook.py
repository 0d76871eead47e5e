"""lapor's signed JSON webhook adapter, outbound, against a real HTTP server on loopback;
its inbound side is tested through the webhook view (tests/complaints/channels/)."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from lapor.channels import ProviderError
from lapor.channels.log import LogProvider
from lapor.channels.signed_webhook import SignedWebhookProvider

SECRET = "rahasia-gateway-uji"


@pytest.fixture
def receiver(settings):
    received = []
    answer = {"status": 202}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((dict(self.headers), body))
            self.send_response(answer["status"])
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"id": "gw-1"}')

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.LAPOR_SHORT_MESSAGE_WEBHOOK_URL = f"http://127.0.0.1:{server.server_port}/kirim"
    settings.LAPOR_SHORT_MESSAGE_WEBHOOK_SECRET = SECRET
    yield received, answer
    server.shutdown()


def test_it_posts_signed_json(receiver):
    received, _answer = receiver
    outcome = SignedWebhookProvider("whatsapp").send_text("+6281325550101",
                                                          "Nomor tiket: LPR-ABCD2345")
    assert outcome.accepted and outcome.provider_id == "gw-1"
    ((headers, body),) = received
    assert json.loads(body) == {"channel": "whatsapp", "to": "+6281325550101", "type": "text",
                                "text": "Nomor tiket: LPR-ABCD2345"}
    expected = hmac.new(SECRET.encode(), headers["X-Lapor-Timestamp"].encode() + b"." + body,
                        hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Lapor-Signature"], expected)


def test_a_refusal_is_an_error_to_retry(receiver):
    _received, answer = receiver
    answer["status"] = 500
    with pytest.raises(ProviderError, match="500"):
        SignedWebhookProvider("sms").send_text("+6281325550101", "x")


def test_an_unreachable_gateway_is_an_error_to_retry(settings):
    settings.LAPOR_SHORT_MESSAGE_WEBHOOK_URL = "http://127.0.0.1:9/tidak-ada"
    settings.LAPOR_SHORT_MESSAGE_WEBHOOK_SECRET = SECRET
    with pytest.raises(ProviderError):
        SignedWebhookProvider("sms").send_text("+6281325550101", "x")


def test_the_log_adapter_masks_the_number_and_says_it_sent_nothing(caplog):
    caplog.set_level("INFO")
    outcome = LogProvider("sms").send_text("+6281325550101", "Halo")
    assert not outcome.accepted
    assert "+6281325550101" not in caplog.text and "+628…01" in caplog.text
