"""Dashboards and the workbench list with sub-units, at 100,000 complaints (issue 14).

On the dashboard bench's database (`<name>_dashbench`, made by bench/dashboard.py's set-up),
grown to BENCH_SIZE complaints (default 100,000): renders each page as the coordinator, DPU's
head (whose scope now takes in its sub-units) and the operator of DPU's Bidang Bina Marga,
first with no work sent down to sub-units, then after a third of DPU's reports were sent down
to its two bidang — in the same run, so the ratio says what sub-units cost. Median of 15
renders after 2 warm-ups. Touches nothing but the bench database.

    eval "$(.venv/bin/python scripts/dev.py env)"; .venv/bin/python bench/sub_units.py
"""

import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.dashboard import RUNS, render, setup  # noqa: E402

SIZE = int(os.environ.get("BENCH_SIZE", "100000"))
PAGES = [
    ("koordinator@lapor.test", "dashboard, this month", "/dasbor/", {}),
    ("koordinator@lapor.test", "dashboard, DPU and its sub-units (live)", "/dasbor/",
     {"unit": "DPU"}),
    ("kepala.dpu@lapor.test", "DPU head's dashboard", "/dasbor/", {}),
    ("kepala.dpu@lapor.test", "DPU head's workbench list", "/admin/complaints/complaint/", {}),
    ("operator.binamarga@lapor.test", "Bina Marga operator's dashboard", "/dasbor/", {}),
    ("operator.binamarga@lapor.test", "Bina Marga operator's workbench list",
     "/admin/complaints/complaint/", {}),
]
SEND_DOWN = """
    UPDATE complaints_complaint SET working_unit_id = CASE WHEN id %% 2 = 0 THEN %s ELSE %s END
    WHERE lead_unit_id = %s AND id %% 3 = 0 AND state IN ('in_progress', 'answered', 'closed')
"""


def vacuum(connection):
    """After a bulk update, as autovacuum would soon do: fresh statistics and visibility."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE complaints_complaint")
        cursor.execute("VACUUM ANALYZE disposition_disposition")


def measure(clients, units):
    results = {}
    for email, label, path, query in PAGES:
        query = {key: units.get(value, value) for key, value in query.items()}
        for _ in range(2):
            render(clients[email], path, query)
        results[label] = statistics.median(
            render(clients[email], path, query) for _ in range(RUNS))
    return results


def main():
    setup()
    from django.db import connection
    from django.test import Client

    from accounts.models import Unit, User
    from complaints.models import Complaint
    from disposition.demo.generate import generate
    from disposition.models import Disposition
    from disposition.reporting import rollup

    have = Complaint.objects.count()
    if have < SIZE:
        generate(SIZE - have)
    units = {unit.code: str(unit.pk) for unit in Unit.objects.all()}
    dpu, binamarga, sda = (Unit.objects.get(code=code)
                           for code in ("DPU", "DPU-BINAMARGA", "DPU-SDA"))
    clients = {}
    for email, *_rest in PAGES:
        if email not in clients:
            clients[email] = Client(HTTP_HOST="localhost")
            clients[email].force_login(User.objects.get(email=email))
    with connection.cursor() as cursor:  # a second run starts from no work sent down
        cursor.execute("DELETE FROM disposition_disposition WHERE role = 'sub_unit' AND "
                       "complaint_id IN (SELECT id FROM complaints_complaint WHERE "
                       "source_reference = 'generate_complaints')")
        cursor.execute("UPDATE complaints_complaint SET working_unit_id = NULL "
                       "WHERE working_unit_id IS NOT NULL AND source_reference = "
                       "'generate_complaints'")
    vacuum(connection)
    rollup.refresh_all()
    before = measure(clients, units)
    with connection.cursor() as cursor:
        cursor.execute(SEND_DOWN, [binamarga.pk, sda.pk, dpu.pk])
        sent_down = cursor.rowcount
        # The sub-unit finds its work through its dispositions, as after a real delegation.
        cursor.execute("""
            INSERT INTO disposition_disposition (complaint_id, unit_id, role, instruction,
                                                 state, sent_at, return_reason)
            SELECT id, working_unit_id, 'sub_unit', '', 'answered', submitted_at, ''
            FROM complaints_complaint c WHERE working_unit_id IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM disposition_disposition d
                              WHERE d.complaint_id = c.id AND d.role = 'sub_unit')""")
    vacuum(connection)
    rollup.refresh_all()
    after = measure(clients, units)
    total = Complaint.objects.count()
    print(f"{total:,} complaints; {sent_down:,} of DPU's sent down to its two bidang "
          f"({Disposition.objects.filter(role='sub_unit').count():,} sub-unit dispositions)")
    print(f"{'page':<42} {'before':>9} {'after':>9} {'ratio':>6}")
    for label, seconds in before.items():
        print(f"{label:<42} {seconds * 1000:7.0f} ms {after[label] * 1000:7.0f} ms "
              f"{after[label] / seconds:6.2f}")


if __name__ == "__main__":
    main()
