"""The workbench search at scale (issue 16's target: < 100 ms at a million complaints).

On the dashboard bench's database grown to BENCH_SIZE complaints (default 1,000,000; the
dashboard bench makes it), renders the coordinator's complaint list searching a common word, a
rare phrase and a tracking code: median of 15 after 2 warm-ups, and the plan the rare phrase
gets. Touches nothing but the bench database.

    eval "$(.venv/bin/python scripts/dev.py env)"; .venv/bin/python bench/workbench_search.py
"""

import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.dashboard import RUNS, render, setup  # noqa: E402

SIZE = int(os.environ.get("BENCH_SIZE", "1000000"))


def main():
    setup()
    from django.db import connection
    from django.test import Client

    from accounts.models import User
    from complaints.models import Complaint
    from disposition.demo.generate import generate

    have = Complaint.objects.count()
    if have < SIZE:
        generate(SIZE - have)
    code = Complaint.objects.order_by("pk").values_list("tracking_code", flat=True).first()
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(email="koordinator@lapor.test"))
    print(f"{Complaint.objects.count():,} complaints")
    for label, term in (("nothing (the list)", ""), ("a common word", "jalan"),
                        ("a rare phrase", "jembatan retak"), ("a tracking code", code.lower())):
        path, query = "/admin/complaints/complaint/", {"q": term} if term else {}
        for _ in range(2):
            render(client, path, query)
        times = sorted(render(client, path, query) for _ in range(RUNS))
        print(f"  search {label:<18} median {statistics.median(times) * 1000:6.0f} ms, "
              f"p90 {times[int(RUNS * 0.9) - 1] * 1000:6.0f} ms")
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN ANALYZE SELECT id FROM complaints_complaint WHERE "
                       "UPPER(title::text) LIKE UPPER(%s) ORDER BY submitted_at DESC LIMIT 51",
                       ["%jembatan retak%"])
        print("\n".join("    " + row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
