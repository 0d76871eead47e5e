"""The citizen's pages under concurrent load, beside a bare Django view.

Creates (once) a separate database `<name>_bench` next to the development one, migrates it,
loads the demo region and 500 public reports, starts gunicorn on loopback exactly as
`make run` does (3 sync workers, DEBUG off), then for each scenario runs CONCURRENCY clients
until REQUESTS requests are done and prints median, 95th percentile and throughput.
Stops by itself; touches nothing but loopback and the bench database.

    eval "$(.venv/bin/python scripts/dev.py env)"; .venv/bin/python bench/citizen_load.py
"""

import http.cookiejar
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8766
BASE = f"http://127.0.0.1:{PORT}"
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "400"))
SUBMISSIONS = int(os.environ.get("BENCH_SUBMISSIONS", "100"))
PUBLIC_REPORTS = 500


def bench_database_url():
    url = os.environ["DATABASE_URL"]
    return url.rsplit("/", 1)[0] + "/" + url.rsplit("/", 1)[1].split("?")[0] + "_bench"


def prepare(env):
    import psycopg

    admin_url = env["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    name = env["DATABASE_URL"].rsplit("/", 1)[1]
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "load_demo", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "-c", SEED], cwd=ROOT, env=env, check=True)


SEED = f"""
import django; django.setup()
from accounts.models import Unit
from complaints.models import Category, Complaint
from complaints.services import Report, submit_complaint, change_state
from django.utils import timezone
missing = {PUBLIC_REPORTS} - Complaint.objects.filter(verified_at__isnull=False).count()
categories = list(Category.objects.exclude(default_unit=None))
for n in range(max(0, missing)):
    category = categories[n % len(categories)]
    complaint = submit_complaint(report=Report(
        kind="complaint", category=category, title=f"Laporan contoh nomor {{n}} tentang jalan",
        description="Jalan rusak dan berlubang di dekat pasar, mohon segera diperbaiki. " * 3,
        reporter_name="Warga", reporter_phone="+6281234567890"))
    change_state(complaint=complaint, action="dispose", actor="coordinator",
                 changes={{"verified_at": timezone.now(), "lead_unit": category.default_unit}})
"""


def start_server(env):
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "lapor.wsgi", "--bind",
         f"127.0.0.1:{PORT}", "--workers", "3", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{BASE}/robots.txt", timeout=2).read()
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    body = io.BytesIO()
    for name, value in fields.items():
        body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                   f"{value}\r\n".encode())
    for name, (filename, data, content_type) in files.items():
        body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                   f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode())
        body.write(data + b"\r\n")
    body.write(f"--{boundary}--\r\n".encode())
    return body.getvalue(), f"multipart/form-data; boundary={boundary}"


def photo():
    from PIL import Image

    buffer = io.BytesIO()
    Image.effect_noise((1600, 1200), 60).convert("RGB").save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


PHOTO = None
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def submit(with_photo):
    def request():
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        form = opener.open(f"{BASE}/lapor/").read()
        fields = {
            "csrfmiddlewaretoken": TOKEN.search(form).group(1).decode(), "kind": "complaint",
            "title": "Lampu jalan mati di depan balai desa",
            "description": "Sudah tiga malam lampu jalan mati, jalan gelap dan rawan.",
            "incident_date": time.strftime("%Y-%m-%d"), "category": CATEGORY,
            "name": "Warga Uji", "phone": "0812 3456 7890", "consent": "on",
        }
        files = {"attachments": ("foto.jpg", PHOTO, "image/jpeg")} if with_photo else {}
        body, content_type = multipart(fields, files)
        started = time.perf_counter()
        response = opener.open(urllib.request.Request(
            f"{BASE}/lapor/", data=body, headers={"Content-Type": content_type}))
        assert "/lapor/tanda-terima/" in response.url, response.url
        return time.perf_counter() - started
    return request


def get(path):
    def request():
        started = time.perf_counter()
        urllib.request.urlopen(f"{BASE}{path}", timeout=30).read()
        return time.perf_counter() - started
    return request


def run(name, request, count):
    timings, lock, remaining = [], threading.Lock(), [count]

    def client():
        while True:
            with lock:
                if remaining[0] == 0:
                    return
                remaining[0] -= 1
            elapsed = request()
            with lock:
                timings.append(elapsed)

    request()  # warm up this path in at least one worker
    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    timings.sort()
    print(f"| {name:<34} | {len(timings):>5} | {statistics.median(timings) * 1000:>7.1f} | "
          f"{timings[int(len(timings) * 0.95)] * 1000:>7.1f} | {len(timings) / wall:>7.1f} |",
          flush=True)


CATEGORY = None


def main():
    global PHOTO, CATEGORY
    env = {**os.environ, "DATABASE_URL": bench_database_url(), "DEBUG": "false",
           "SECRET_KEY": "bench-only", "ALLOWED_HOSTS": "127.0.0.1", "LOG_LEVEL": "WARNING",
           "SECURE_COOKIES": "false", "LAPOR_SUBMIT_LIMIT_PER_HOUR": "0",
           # The run's photos go with it (kept, they would fill the disk run after run).
           "MEDIA_ROOT": tempfile.mkdtemp(prefix="lapor-bench-media-"),
           "DJANGO_SETTINGS_MODULE": "lapor.settings"}
    prepare(env)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                   cwd=ROOT, env=env, check=True)
    import psycopg

    with psycopg.connect(env["DATABASE_URL"]) as conn:
        CATEGORY = conn.execute("SELECT id FROM complaints_category WHERE code = 'jalan'"
                                ).fetchone()[0]
        code = conn.execute("SELECT tracking_code FROM complaints_complaint WHERE verified_at "
                            "IS NOT NULL ORDER BY id LIMIT 1").fetchone()[0]
    PHOTO = photo()
    server = start_server(env)
    try:
        print(f"{CONCURRENCY} concurrent clients, gunicorn 3 sync workers, "
              f"{os.cpu_count()} cores; photo {len(PHOTO) // 1024} KiB\n")
        print("| scenario                           | reqs  | median ms | p95 ms | req/s |")
        print("|---|---|---|---|---|")
        run("bare Django view (/robots.txt)", get("/robots.txt"), REQUESTS)
        run("filing form (GET /lapor/)", get("/lapor/"), REQUESTS)
        run("public list (/laporan/)", get("/laporan/"), REQUESTS)
        run("public list, search (?q=jalan)", get("/laporan/?q=jalan+rusak"), REQUESTS)
        run("public detail", get(f"/laporan/{code}/"), REQUESTS)
        run("tracking page", get(f"/lacak/{code}/"), REQUESTS)
        run("submit without photo (POST only)", submit(False), SUBMISSIONS)
        run("submit with a photo (POST only)", submit(True), SUBMISSIONS)
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(env["MEDIA_ROOT"], ignore_errors=True)


if __name__ == "__main__":
    main()
