"""`make run` as a newcomer uses it: it serves the pages — the filing page within its weight
budget on a phone (≤ 60 KB transferred on a first visit, ≤ 20 KB on a second: compressed,
hashed static files cached for a year) — and Ctrl-C (SIGINT to the terminal's process group)
or SIGTERM (a service manager) stops the web server and every worker process it started:
none is left behind holding the database."""

import os
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def marked(mark):
    """Processes whose environment carries `mark` (everything `make run` started)."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if mark.encode() in environ.read_bytes():
                stat = (environ.parent / "stat").read_text().rsplit(")", 1)[1].split()
                if stat[0] != "Z":
                    found.append(int(environ.parent.name))
        except OSError:
            continue
    return found


FIRST_VISIT_BUDGET = 60_000
SECOND_VISIT_BUDGET = 20_000
TRANSFERRED = """() => {
    const entries = [...performance.getEntriesByType("navigation"),
                     ...performance.getEntriesByType("resource")];
    return entries.map(e => [e.name, e.transferSize]);
}"""


def transferred(page, url):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return dict(page.evaluate(TRANSFERRED))


def weigh_the_filing_page(browser, base_url):
    """Bytes on the wire for /lapor/ on a phone: a first visit, then a second in the same
    browser (the static files from its cache)."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, base_url=base_url)
    page = context.new_page()
    first = transferred(page, "/lapor/")
    second = transferred(context.new_page(), "/lapor/")
    context.close()
    return first, second


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_make_run_serves_and_stops_every_process(sig, db, browser, tmp_path):
    database = connection.settings_dict
    port, mark = free_port(), f"lapor-run-{uuid.uuid4()}"
    env = {**os.environ, "PORT": str(port), "WEB_CONCURRENCY": "1", "LAPOR_RUN_MARK": mark,
           # A database of its own: `make run` loads the demo into it.
           "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:"
                           f"{database['PORT']}/{database['NAME']}_makerun"}
    # Its output goes to a file: a pipe nobody reads would fill and stall the servers.
    output = tmp_path / "make-run.log"
    run = subprocess.Popen(["make", "run"], cwd=ROOT, env=env, stdout=output.open("w"),
                           stderr=subprocess.STDOUT, start_new_session=True)
    try:
        started = time.monotonic()
        while "lapor is running at" not in output.read_text() and run.poll() is None:
            assert time.monotonic() - started < 300, output.read_text()[-3000:]
            time.sleep(1)
        assert requests.get(f"http://127.0.0.1:{port}/lapor/", timeout=10).status_code == 200
        if sig == signal.SIGINT:  # once is enough: the filing page's weight
            first, second = weigh_the_filing_page(browser, f"http://127.0.0.1:{port}")
            print("first visit", sum(first.values()), first)
            print("second visit", sum(second.values()), second)
            assert sum(first.values()) <= FIRST_VISIT_BUDGET, first
            assert sum(second.values()) <= SECOND_VISIT_BUDGET, second
            static = {url: size for url, size in second.items() if "/static/" in url}
            assert static and set(static.values()) == {0}  # all from the browser's cache
        deadline = time.monotonic() + 30
        while len(marked(mark)) < 4 and time.monotonic() < deadline:
            time.sleep(0.5)  # gunicorn and its worker, qcluster and its processes
        assert len(marked(mark)) >= 4
        os.killpg(run.pid, sig)  # what the terminal (or systemd) does
        run.wait(timeout=60)
        deadline = time.monotonic() + 20
        while marked(mark) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert marked(mark) == []
    finally:
        for pid in marked(mark):
            os.kill(pid, signal.SIGKILL)
        run.kill()
