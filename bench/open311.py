"""The Open311 server at 100,000 complaints: the list of the 50 newest public requests, and
filing one through the API beside filing one through the web form.

Creates (once) a database `<name>_o311bench` next to the development one with the demo
region and 100,000 generated complaints, then measures through Django's full stack (DEBUG
off), in the same run: the floor (GET /robots.txt), GET /open311/v2/requests.json (50 newest,
and its query count), POST /open311/v2/requests.json and POST /lapor/ (the web form, no
photo). Prints medians and ratios for docs/performance.md. Touches only the bench database.

    eval "$(.venv/bin/python scripts/dev.py env)"; .venv/bin/python bench/open311.py
"""

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.benchdb import use_bench_database  # noqa: E402

SIZE, RUNS = 100_000, 200


def prepare():
    use_bench_database("o311bench", DEBUG="false", SECRET_KEY="bench-" + "x" * 50,
                       ALLOWED_HOSTS="testserver", LAPOR_SUBMIT_LIMIT_PER_HOUR="0",
                       LOG_LEVEL="WARNING",
                       EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    import django

    django.setup()
    from django.core.management import call_command

    from complaints.models import Complaint
    from disposition.demo.generate import generate

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG off: hashed names
    have = Complaint.objects.filter(tracking_code__startswith="G-").count()
    if have < SIZE:
        generate(SIZE - have)


def median_ms(call, runs=RUNS):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = call()
        times.append(time.perf_counter() - started)
        assert response.status_code in (200, 302), (response.status_code, response.content[:300])
    return statistics.median(times) * 1000


def main():
    prepare()
    from django.db import connection
    from django.test import Client

    from accounts import services
    from complaints.models import Category, Complaint

    client = Client()
    _api_client, key = services.issue_api_key(name="bench", requests_per_hour=100_000)
    category = Category.objects.get(code="jalan")
    floor = median_ms(lambda: client.get("/robots.txt"))
    listing = median_ms(lambda: client.get("/open311/v2/requests.json",
                                           {"start_date": "2000-01-01"}))
    queries = []
    with connection.execute_wrapper(lambda run, sql, *args: queries.append(sql) or run(sql, *args)):
        shown = len(client.get("/open311/v2/requests.json", {"start_date": "2000-01-01"}).json())
    api_post = median_ms(lambda: client.post("/open311/v2/requests.json", {
        "api_key": key, "service_code": "jalan", "lat": "-7.2451", "long": "110.4321",
        "description": "Jalan berlubang di depan SD Negeri 2 Bawen, bahaya untuk motor.",
        "email": "warga@bench.test"}), runs=100)
    form = {"kind": "complaint", "title": "Jalan berlubang di depan pasar Bawen",
            "description": "Ada lubang besar di jalan depan pasar, sudah dua minggu.",
            "incident_date": "2026-11-20", "category": category.pk, "name": "Budi",
            "email": "budi@bench.test", "lat": "-7.2451", "long": "110.4321",
            "consent": "on", "website": ""}
    web_post = median_ms(lambda: client.post("/lapor/", form), runs=100)
    public = Complaint.objects.count()
    print(f"complaints in the database: {public:,}")
    print(f"floor GET /robots.txt: {floor:.2f} ms")
    print(f"GET requests.json ({shown} newest): {listing:.1f} ms median, "
          f"{len(queries)} queries")
    print(f"POST requests.json: {api_post:.1f} ms; POST /lapor/ (web form): {web_post:.1f} ms; "
          f"ratio {api_post / web_post:.2f} (target at most 2)")
    import pgtrigger  # the bench's own rows, in its own database

    from complaints.models import Event

    with pgtrigger.ignore("complaints.Event:event_no_delete",
                          "complaints.Complaint:complaint_no_delete"):
        mine = Complaint.objects.filter(reporter_email__endswith="@bench.test")
        Event.objects.filter(complaint__in=mine).delete()
        mine.delete()


if __name__ == "__main__":
    main()
