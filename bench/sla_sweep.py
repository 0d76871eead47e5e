"""The SLA sweep at scale: its cost must follow the number of due items, not the tables.

Creates (once) a database `<name>_slabench` next to the development one, migrates it, seeds
the calendar and the demo region, then bulk-inserts 1,000,000 complaints of which 50,000 are
open (1,000 with one working day left, 1,000 past their deadline, the rest due later) and
runs the sweep: once with work to do, once more with nothing new. Then it adds 1,000,000
more closed complaints, makes the same items due again and repeats. Prints times and query
counts for docs/performance.md. Touches nothing but the bench database.

    eval "$(.venv/bin/python scripts/dev.py env)"; .venv/bin/python bench/sla_sweep.py
    .venv/bin/python bench/sla_sweep.py backlog    # 40,000 items due at once
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OPEN, DUE_SOON, OVERDUE = 50_000, 1_000, 1_000


def bench_database_url():
    base, name = os.environ["DATABASE_URL"].rsplit("/", 1)
    return f"{base}/{name.split('?')[0]}_slabench"


def prepare():
    import psycopg

    url = bench_database_url()
    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lapor.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_calendar", verbosity=0)
    call_command("load_demo", verbosity=0)


INSERT = """
INSERT INTO complaints_complaint (
    tracking_code, secret_key, channel, kind, title, description, village, address,
    is_anonymous, is_confidential, reporter_name, reporter_email, reporter_phone,
    reporter_handle, source_reference, state, submitted_at, state_changed_at, archive_reason,
    rating_comment, category_id, lead_unit_id, due_at, stage_started_at, stage_days,
    paused_working_days)
SELECT 'B' || %(prefix)s || lpad(i::text, 9, '0'),
       md5(%(prefix)s || i::text) || substr(md5(i::text), 1, 11),
       'web', 'complaint', 'Laporan uji ' || i, 'Isi laporan uji nomor ' || i, '', '',
       false, false, 'Warga', 'warga' || i || '@bench.test', '', '', '',
       %(state)s, now() - interval '40 days', now() - interval '40 days', '', '',
       %(category)s, %(unit)s, %(due)s, now() - interval '1 day', 5, 0
FROM generate_series(1, %(count)s) AS i
"""


def insert(cursor, *, prefix, count, state, due_sql, category, unit):
    cursor.execute(INSERT.replace("%(due)s", due_sql),
                   {"prefix": prefix, "count": count, "state": state, "category": category,
                    "unit": unit})


def make_due_again(cursor, holidays):
    """Move the same 2,000 open complaints back to "one day left" and "overdue", and forget
    the claims and messages of the previous round."""
    from django.utils import timezone

    from lapor.workdays import add_working_days

    soon = add_working_days(timezone.now(), 2, holidays)
    cursor.execute("DELETE FROM disposition_slaclaim")
    cursor.execute("DELETE FROM complaints_notification")
    cursor.execute("DELETE FROM django_q_ormq")
    cursor.execute("UPDATE complaints_complaint SET due_at = %s WHERE tracking_code LIKE 'BS%%'",
                   [soon])
    cursor.execute("UPDATE complaints_complaint SET due_at = now() - interval '3 days' "
                   "WHERE tracking_code LIKE 'BL%%'")


def counted_sweep():
    """One sweep: its run, its seconds and its number of queries."""
    from django.db import connection

    from disposition.sla import sweep as sla

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        run = sla.sweep()
        return run, time.perf_counter() - started, len(queries)


def measure(label):
    run, elapsed, queries = counted_sweep()
    done = run.counts["reminders"] + run.counts["escalations"]
    print(f"{label:<44} {elapsed * 1000:9.0f} ms {queries:7d} queries  "
          f"{done:6d} complaints claimed")
    return elapsed, queries


def main():
    prepare()
    from django.db import connection

    from accounts.models import Unit
    from complaints.deadlines import holiday_dates
    from complaints.models import Category, Complaint

    category = Category.objects.get(code="jalan").pk
    unit = Unit.objects.get(code="DPU").pk
    holidays = holiday_dates()
    with connection.cursor() as cursor:
        if not Complaint.objects.filter(tracking_code__startswith="BC").exists():
            print("Inserting 1,000,000 complaints (50,000 open)…", flush=True)
            started = time.perf_counter()
            insert(cursor, prefix="C", count=1_000_000 - OPEN, state="closed", due_sql="NULL",
                   category=category, unit=unit)
            insert(cursor, prefix="S", count=DUE_SOON, state="in_progress", due_sql="now()",
                   category=category, unit=unit)
            insert(cursor, prefix="L", count=OVERDUE, state="dispositioned", due_sql="now()",
                   category=category, unit=unit)
            insert(cursor, prefix="F", count=OPEN - DUE_SOON - OVERDUE, state="in_progress",
                   due_sql="now() + interval '30 days'", category=category, unit=unit)
            cursor.execute("ANALYZE complaints_complaint")
            print(f"  done in {time.perf_counter() - started:.0f} s", flush=True)
        make_due_again(cursor, holidays)
    total = Complaint.objects.count()
    results = [measure(f"{total:,} complaints, 2,000 due"),
               measure(f"{total:,} complaints, nothing new due")]
    with connection.cursor() as cursor:
        if not Complaint.objects.filter(tracking_code__startswith="BD").exists():
            print("Inserting 1,000,000 more closed complaints…", flush=True)
            insert(cursor, prefix="D", count=1_000_000, state="closed", due_sql="NULL",
                   category=category, unit=unit)
            cursor.execute("ANALYZE complaints_complaint")
        make_due_again(cursor, holidays)
    total = Complaint.objects.count()
    results += [measure(f"{total:,} complaints, 2,000 due"),
                measure(f"{total:,} complaints, nothing new due")]
    return results


BACKLOG = {"A": ("answered", 20_000), "N": ("needs_info", 10_000), "O": ("in_progress", 10_000)}


def backlog():
    """40,000 items due at once — answered reports past their reply window, information
    requests past theirs, and overdue work to escalate — as after importing a region's
    history: the sweep must stay within seconds, its queries following its batches."""
    prepare()
    from django.db import connection

    from accounts.models import Unit
    from complaints.models import Category, Complaint

    category = Category.objects.get(code="jalan").pk
    unit = Unit.objects.get(code="DPU").pk
    with connection.cursor() as cursor:
        for prefix, (state, count) in BACKLOG.items():
            if not Complaint.objects.filter(tracking_code__startswith=f"B{prefix}").exists():
                insert(cursor, prefix=prefix, count=count, state=state,
                       due_sql="now() - interval '2 days'", category=category, unit=unit)
            cursor.execute("UPDATE complaints_complaint SET state = %s, "
                           "due_at = now() - interval '2 days' WHERE tracking_code LIKE %s",
                           [state, f"B{prefix}%"])
        cursor.execute("DELETE FROM disposition_slaclaim")
        cursor.execute("DELETE FROM complaints_notification")
        cursor.execute("DELETE FROM django_q_ormq")
        cursor.execute("ANALYZE complaints_complaint")
    run, elapsed, queries = counted_sweep()
    items = sum(run.counts[key] for key in ("reminders", "escalations", "closed", "archived"))
    print(f"{Complaint.objects.count():,} complaints, backlog of "
          f"{sum(count for _state, count in BACKLOG.values()):,}: {elapsed:.1f} s, "
          f"{queries:,} queries for {items:,} items "
          f"({queries / max(items, 1) * 100:.2f} per 100) — {run.counts}")


if __name__ == "__main__":
    backlog() if sys.argv[1:] == ["backlog"] else main()
