"""The coordinators' dashboard at 10,000, 100,000 and 1,000,000 complaints.

Creates (once) a database `<name>_dashbench` next to the development one, migrates it, seeds
the calendar and the demo region, then grows it with `generate_complaints` (a year of
complaints, weighted like the demo region) to each size and rolls up every month (as
the worker does nightly) and renders, as the demo coordinator, the regional dashboard (this
month, the default), the same for the whole year and for three months, one category (a
filter, so counted live), and the unit table's export. Prints the median of 15 renders
after 2 warm-ups. Touches nothing but the bench database.

    eval "$(.venv/bin/python scripts/dev.py env)"; .venv/bin/python bench/dashboard.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "10000,100000,1000000").split(",")]
RUNS = 15
PAGES = [
    ("dashboard, this month", "/dasbor/", {}),
    ("dashboard, this year", "/dasbor/", {"periode": "tahun-ini"}),
    ("dashboard, three months", "/dasbor/", {"periode": "3-bulan"}),
    ("dashboard, one category this month (live)", "/dasbor/", {"kategori": "1"}),
    ("unit table export (CSV), this month", "/dasbor/ekspor/unit.csv", {}),
]


def setup():
    sys.path.insert(0, str(ROOT))
    from bench.benchdb import use_bench_database

    use_bench_database("dashbench")
    os.environ["DEBUG"] = "false"
    # The pages are measured, not the login: staff here have no second factor to give.
    os.environ["LAPOR_TWO_FACTOR_ROLES"] = "none"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["ALLOWED_HOSTS"] = "localhost"
    os.environ["SECURE_COOKIES"] = "false"
    os.environ["STATIC_ROOT"] = str(ROOT / "var" / "bench-static")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lapor.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("seed_calendar", verbosity=0)
    call_command("load_demo", verbosity=0)


def render(client, path, query):
    started = time.perf_counter()
    response = client.get(path, query)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    assert response.status_code == 200, (path, response.status_code)
    return time.perf_counter() - started


def main():
    setup()
    from django.test import Client

    from accounts.models import User
    from complaints.models import Complaint
    from disposition.demo.generate import generate
    from disposition.reporting import rollup

    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(email="koordinator@lapor.test"))
    print(f"{'complaints':>12}  {'page':<40} {'median':>9} {'p90':>9}")
    for size in SIZES:
        have = Complaint.objects.count()
        if have < size:
            started = time.perf_counter()
            generate(size - have)
            print(f"  (generated {size - have:,} in {time.perf_counter() - started:.0f} s)")
        started = time.perf_counter()
        rollup.refresh_all()
        print(f"  (rolled up every month in {time.perf_counter() - started:.1f} s; "
              f"the recent months in ", end="")
        started = time.perf_counter()
        rollup.refresh_recent()
        print(f"{time.perf_counter() - started:.1f} s)")
        total = Complaint.objects.count()
        for label, path, query in PAGES:
            for _ in range(2):
                render(client, path, query)
            times = sorted(render(client, path, query) for _ in range(RUNS))
            print(f"{total:>12,}  {label:<40} {statistics.median(times) * 1000:7.0f} ms "
                  f"{times[int(RUNS * 0.9) - 1] * 1000:7.0f} ms", flush=True)


if __name__ == "__main__":
    main()
