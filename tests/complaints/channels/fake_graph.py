"""A stand-in for Meta's Graph API on loopback: it speaks the Cloud API's request and response
shapes for sending messages and fetching media, records what it received, and fails on
demand (an HTTP status, or no answer at all)."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeGraph:
    def __init__(self):
        self.sent = []  # (path, authorization, JSON body) of every message posted
        self.media = {}  # media id -> (bytes, content type)
        self.fail_with = None  # an HTTP status to answer every request with
        self.hang_seconds = 0  # sleep this long before answering (a timeout)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}/v21.0"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def texts(self):
        """What each sent message said (a text's body, a template's parameter)."""
        said = []
        for _path, _auth, body in self.sent:
            if body["type"] == "text":
                said.append(body["text"]["body"])
            else:
                said.append(body["template"]["components"][0]["parameters"][0]["text"])
        return said

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, status, payload=None, raw=None, content_type="application/json"):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.end_headers()
                self.wfile.write(raw if raw is not None else json.dumps(payload or {}).encode())

            def _trouble(self):
                if fake.hang_seconds:
                    time.sleep(fake.hang_seconds)
                if fake.fail_with:
                    self._answer(fake.fail_with, {"error": {"message": "fake failure",
                                                            "code": 131000}})
                    return True
                return False

            def do_POST(self):
                if self._trouble():
                    return
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.sent.append((self.path, self.headers.get("Authorization"), body))
                self._answer(200, {"messaging_product": "whatsapp",
                                   "contacts": [{"input": body["to"], "wa_id": body["to"]}],
                                   "messages": [{"id": f"wamid.fake{len(fake.sent)}"}]})

            def do_GET(self):
                if self._trouble():
                    return
                if self.headers.get("Authorization") != "Bearer token-uji":
                    self._answer(401, {"error": {"message": "bad token"}})
                    return
                media_id = self.path.rsplit("/", 1)[-1]
                if self.path.startswith("/v21.0/") and media_id in fake.media:
                    self._answer(200, {"url": f"http://127.0.0.1:{fake.server.server_port}"
                                              f"/unduh/{media_id}",
                                       "mime_type": fake.media[media_id][1], "id": media_id})
                elif self.path.startswith("/unduh/") and media_id in fake.media:
                    content, kind = fake.media[media_id]
                    self._answer(200, raw=content, content_type=kind)
                else:
                    self._answer(404, {"error": {"message": "no such media"}})

            def log_message(self, *args):
                pass

        return Handler
