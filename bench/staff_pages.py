"""Each role's pages at 100,000 and 1,000,000 complaints, with their query counts.

On the dashboard bench's database (`<name>_dashbench`, grown by `generate_complaints`), renders
in-process under production settings (DEBUG off), after 2 warm-ups, RUNS times each: every
role's default workbench list, the verification queue, a search, a filtered list, a
complaint's page, a unit user's dashboard and a filtered regional dashboard. Prints the
median, the 90th percentile, the number of SQL queries and the target of issue 16
(< 100 ms at 100k, < 200 ms at 1M; a filtered regional dashboard < 300 ms at 1M), after a
floor: a bare view through the same client and middleware, to compare hosts. Then
streams the 100,000-row workbench export in a child process and prints its peak memory.

    eval "$(.venv/bin/python scripts/dev.py env)"; .venv/bin/python bench/staff_pages.py
"""

import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.dashboard import RUNS, render, setup  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "100000,1000000").split(",")]
LIST = "/admin/complaints/complaint/"
COORDINATOR, DPU, HEAD, LEADER = ("koordinator@lapor.test", "operator.dpu@lapor.test",
                                  "kepala.dpu@lapor.test", "pimpinan@lapor.test")
PAGES = [  # who, what, where, query, kind of target
    (COORDINATOR, "coordinator's list", LIST, {}, "staff"),
    (COORDINATOR, "verification queue", LIST, {"antrean": "verifikasi"}, "staff"),
    (COORDINATOR, "search (a common word)", LIST, {"q": "jalan"}, "staff"),
    (COORDINATOR, "filtered list (category, overdue)", LIST,
     {"category__id__exact": "CATEGORY", "terlambat": "ya"}, "staff"),
    (COORDINATOR, "a complaint's page", "COMPLAINT", {}, "staff"),
    (DPU, "DPU operator's list", LIST, {}, "staff"),
    (DPU, "DPU operator's search", LIST, {"q": "jalan"}, "staff"),
    (HEAD, "DPU head's list", LIST, {}, "staff"),
    (LEADER, "leader's list", LIST, {}, "staff"),
    (DPU, "DPU operator's dashboard", "/dasbor/", {}, "unit dashboard"),
    (COORDINATOR, "regional dashboard, one category", "/dasbor/", {"kategori": "CATEGORY"},
     "regional dashboard"),
]
DEVELOPMENT_DATABASE = os.environ.get("DATABASE_URL", "")  # setup() moves it to the bench's
TARGETS = {"staff": (100, 200), "unit dashboard": (100, None), "regional dashboard": (None, 300)}


def count_queries(client, path, query):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        render(client, path, query)
    return len(captured)


def export_peak_memory():
    """Streams the coordinator's workbench export (every row) in a child process; its peak
    RSS against the same child's before the export."""
    code = (
        "import os, resource, sys; sys.path.insert(0, os.getcwd());"
        "from bench.dashboard import setup; setup();"
        "from django.test import Client; from accounts.models import User;"
        "c = Client(HTTP_HOST='localhost');"
        "c.force_login(User.objects.get(email='koordinator@lapor.test'));"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss;"
        "r = c.get('/admin/complaints/complaint/ekspor/');"
        "rows = sum(chunk.count(b'\\n') for chunk in r.streaming_content);"
        "print(rows, before // 1024, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True,
                         env={**os.environ, "DATABASE_URL": DEVELOPMENT_DATABASE}).stdout.split()
    return int(out[-3]), int(out[-2]), int(out[-1])


def main():
    setup()
    from django.test import Client

    from accounts.models import User
    from complaints.models import Category, Complaint
    from disposition.demo.generate import generate
    from disposition.reporting import rollup

    clients = {}
    for email, *_rest in PAGES:
        if email not in clients:
            clients[email] = Client(HTTP_HOST="localhost")
            clients[email].force_login(User.objects.get(email=email))
    category = str(Category.objects.get(code="jalan").pk)
    # The same client through the whole middleware stack to a bare view: how fast this host
    # is today, so runs on different days can be compared.
    floor = sorted(render(clients[COORDINATOR], "/robots.txt", {}) for _ in range(200))
    print(f"floor (in-process /robots.txt, logged in): median "
          f"{statistics.median(floor) * 1000:.2f} ms\n")
    print("| complaints | page | median ms | p90 ms | queries | target |")
    print("|---|---|---|---|---|---|")
    for index, size in enumerate(SIZES):
        have = Complaint.objects.count()
        if have < size:
            generate(size - have)
            rollup.refresh_all()
        complaint = Complaint.objects.exclude(tracking_code__startswith="G-").first()
        for email, label, path, query, kind in PAGES:
            path = f"{LIST}{complaint.pk}/change/" if path == "COMPLAINT" else path
            query = {key: category if value == "CATEGORY" else value
                     for key, value in query.items()}
            client = clients[email]
            for _ in range(2):
                render(client, path, query)
            times = sorted(render(client, path, query) for _ in range(RUNS))
            median, p90 = statistics.median(times) * 1000, times[int(RUNS * 0.9) - 1] * 1000
            target = TARGETS[kind][0 if size <= 100_000 else 1]
            verdict = "—" if target is None else (
                f"< {target} ms {'met' if median < target else 'NOT met'}")
            print(f"| {Complaint.objects.count():,} | {label} | {median:.0f} | {p90:.0f} | "
                  f"{count_queries(client, path, query)} | {verdict} |", flush=True)
        if index == 0:
            rows, before, peak = export_peak_memory()
            print(f"\nexport of {rows - 1:,} rows (CSV, streamed): peak RSS {peak} MB, "
                  f"{peak - before} MB above the same process before the export\n")


if __name__ == "__main__":
    main()
