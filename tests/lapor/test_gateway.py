"""The SMS/WhatsApp gateway's webhook backend against a real HTTP server on loopback."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from lapor import gateway

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
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.LAPOR_SHORT_MESSAGE_BACKEND = "lapor.gateway.WebhookBackend"
    settings.LAPOR_SHORT_MESSAGE_WEBHOOK_URL = f"http://127.0.0.1:{server.server_port}/kirim"
    settings.LAPOR_SHORT_MESSAGE_WEBHOOK_SECRET = SECRET
    yield received, answer
    server.shutdown()


def test_it_posts_signed_json(receiver):
    received, _answer = receiver
    gateway.send_short_message("whatsapp", "+6281325550101", "Nomor tiket: LPR-ABCD2345")
    ((headers, body),) = received
    assert json.loads(body) == {"channel": "whatsapp", "to": "+6281325550101",
                                "text": "Nomor tiket: LPR-ABCD2345"}
    expected = hmac.new(SECRET.encode(), headers["X-Lapor-Timestamp"].encode() + b"." + body,
                        hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Lapor-Signature"], expected)


def test_a_refusal_is_an_error_to_retry(receiver):
    _received, answer = receiver
    answer["status"] = 500
    with pytest.raises(gateway.GatewayError, match="500"):
        gateway.send_short_message("sms", "+6281325550101", "x")


def test_an_unreachable_gateway_is_an_error_to_retry(settings):
    settings.LAPOR_SHORT_MESSAGE_BACKEND = "lapor.gateway.WebhookBackend"
    settings.LAPOR_SHORT_MESSAGE_WEBHOOK_URL = "http://127.0.0.1:9/tidak-ada"
    settings.LAPOR_SHORT_MESSAGE_WEBHOOK_SECRET = SECRET
    with pytest.raises(gateway.GatewayError):
        gateway.send_short_message("sms", "+6281325550101", "x")


def test_the_log_backend_masks_the_number(caplog, settings):
    settings.LAPOR_SHORT_MESSAGE_BACKEND = "lapor.gateway.LogBackend"
    caplog.set_level("INFO")
    gateway.send_short_message("sms", "+6281325550101", "Halo")
    assert "+6281325550101" not in caplog.text and "+628…01" in caplog.text
