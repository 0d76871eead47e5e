"""The WhatsApp webhook: how fast it answers, and whether a burst loses or doubles anything.

Creates (once) a database `<name>_chanbench` next to the development one, migrates it and
loads the demo region, starts the fake Graph API the tests use on loopback, and points the
WhatsApp Cloud API adapter at it. Then:

1. the floor: GET /robots.txt through the same Django stack, 500 times;
2. 500 signed webhook POSTs of one message each (the view verifies, stores and queues;
   the worker's part is not in this number);
3. 1,000 messages from 200 phones (each: a story, a location pin, LANJUT, TIDAK, SETUJU),
   interleaved across phones and with every tenth message delivered twice (a provider's
   retry), then handled by 4 threads at once as the worker would, each phone's task twice:
   every message must be stored once and read once, and every phone must get exactly one
   report.

Prints the medians, the ratio to the floor and the counts for docs/performance.md. Touches
nothing but the bench database.

    eval "$(.venv/bin/python scripts/dev.py env)"; .venv/bin/python bench/channels.py
"""

import hashlib
import hmac
import json
import os
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SECRET, NUMBER_ID = "rahasia-bench", "100200300"
PHONES, PER_PHONE, REQUESTS = 200, 5, 500


def bench_database_url():
    base, name = os.environ["DATABASE_URL"].rsplit("/", 1)
    return f"{base}/{name.split('?')[0]}_chanbench"


def prepare(graph_url):
    import psycopg

    url = bench_database_url()
    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ.update({
        "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "lapor.settings", "DEBUG": "false",
        "SECRET_KEY": "bench-" + "x" * 50, "ALLOWED_HOSTS": "testserver",
        "LAPOR_WHATSAPP_PROVIDER": "cloud", "LAPOR_WHATSAPP_GRAPH_URL": graph_url,
        "LAPOR_WHATSAPP_TOKEN": "token-uji", "LAPOR_WHATSAPP_PHONE_NUMBER_ID": NUMBER_ID,
        "LAPOR_WHATSAPP_APP_SECRET": SECRET, "LAPOR_WHATSAPP_VERIFY_TOKEN": "v",
        "LAPOR_WHATSAPP_TEMPLATE": "lapor_pembaruan", "LOG_LEVEL": "WARNING",
    })
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)


def payload(phone, message_id, kind="text", **content):
    message = {"from": phone, "id": message_id, "timestamp": str(int(time.time())),
               "type": kind}
    if kind == "text":
        message["text"] = {"body": content["body"]}
    else:
        message["location"] = content
    return json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "W", "changes": [
        {"field": "messages", "value": {"metadata": {"phone_number_id": NUMBER_ID},
                                        "messages": [message]}}]}]}).encode()


def post(client, body):
    signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    started = time.perf_counter()
    response = client.post("/kanal/whatsapp/webhook", data=body, content_type="application/json",
                           HTTP_X_HUB_SIGNATURE_256=signature)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.content
    return elapsed


def clean():
    from django_q.models import OrmQ

    from complaints.models import Complaint, Conversation, InboundMessage, Notification

    for model in (Notification, InboundMessage, Conversation, OrmQ):
        model.objects.all().delete()
    import pgtrigger  # the bench's own rows, in its own database

    from complaints.models import Event

    with pgtrigger.ignore("complaints.Event:event_no_delete",
                          "complaints.Complaint:complaint_no_delete"):
        mine = Complaint.objects.filter(channel="whatsapp", reporter_phone__startswith="+62899")
        Event.objects.filter(complaint__in=mine).delete()
        mine.delete()


def conversation_of(index):
    phone = f"62899{index:07d}"
    story = f"Laporan uji nomor {index}: jalan berlubang di depan rumah warga RT {index % 9}."
    return [(phone, f"wamid.b{index}.{step}", kind, content) for step, (kind, content) in
            enumerate([("text", {"body": story}),
                       ("location", {"latitude": -7.2, "longitude": 110.4, "name": "Bawen"}),
                       ("text", {"body": "LANJUT"}), ("text", {"body": "TIDAK"}),
                       ("text", {"body": "SETUJU"})])]


def main():
    from tests.complaints.channels.fake_graph import FakeGraph

    graph = FakeGraph().start()
    prepare(graph.url)
    from django.db import connection
    from django.test import Client

    from complaints.conversations.dialogue import handle_phone
    from complaints.models import Complaint, InboundMessage

    clean()
    client = Client()
    floor = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        client.get("/robots.txt")
        floor.append(time.perf_counter() - started)
    webhook = [post(client, payload("6289000000001", f"wamid.lat{i}", body="Halo, uji."))
               for i in range(REQUESTS)]
    clean()

    # The burst: phones interleaved, each phone's messages in order, every tenth twice.
    rounds = [conversation_of(i) for i in range(PHONES)]
    sent = 0
    started = time.perf_counter()
    for step in range(PER_PHONE):
        for messages in rounds:
            phone, message_id, kind, content = messages[step]
            body = payload(phone, message_id, kind, **content)
            post(client, body)
            sent += 1
            if sent % 10 == 0:
                post(client, body)
    stored_in = time.perf_counter() - started

    def work(phone):
        try:
            return handle_phone("whatsapp", "+" + phone)
        finally:
            connection.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=4) as pool:
        # Each phone's task twice, as the webhook queues one per request: the lock on the
        # phone must keep two workers from reading the same messages.
        handled = sum(pool.map(work, [messages[0][0] for messages in rounds] * 2))
    handled_in = time.perf_counter() - started

    stored = InboundMessage.objects.filter(phone__startswith="+62899").count()
    unprocessed = InboundMessage.objects.filter(processed_at__isnull=True).count()
    reports = Complaint.objects.filter(reporter_phone__startswith="+62899")
    per_phone = set(reports.values_list("reporter_phone", flat=True))
    median_floor, median_hook = statistics.median(floor), statistics.median(webhook)
    print(f"floor GET /robots.txt: median {median_floor * 1000:.2f} ms")
    print(f"webhook POST (verify, store, queue): median {median_hook * 1000:.2f} ms, "
          f"p95 {statistics.quantiles(webhook, n=20)[-1] * 1000:.2f} ms, "
          f"{median_hook / median_floor:.1f}x the floor")
    print(f"burst: {sent} messages (+{sent // 10} repeats) from {PHONES} phones stored in "
          f"{stored_in:.1f} s; handled by 4 threads in {handled_in:.1f} s")
    print(f"stored {stored} (expected {sent}), handled {handled}, unprocessed {unprocessed}, "
          f"reports {reports.count()} from {len(per_phone)} phones (expected {PHONES})")
    graph.stop()
    ok = stored == sent == handled and not unprocessed and reports.count() == len(per_phone) \
        == PHONES
    print("OK: no loss, no duplicate" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
