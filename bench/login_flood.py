"""A flood of 10,000 wrong logins from one address (issue 15): the address is locked out after
five, the attempts table stays a few rows, and the real user logs in from their own address.

On its own database (`<name>_loginbench`), in-process through Django's test client (the full
middleware stack: axes, sessions, CSRF off as for any client that fetches the form first).

    eval "$(.venv/bin/python scripts/dev.py env)"; .venv/bin/python bench/login_flood.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FLOOD = int(os.environ.get("BENCH_FLOOD", "10000"))
ATTACKER, HOME = "203.0.113.66", "198.51.100.7"


def main():
    from bench.benchdb import use_bench_database

    use_bench_database("loginbench", DEBUG="false", SECRET_KEY="bench-only",
                       ALLOWED_HOSTS="localhost", SECURE_COOKIES="false",
                       STATIC_ROOT=str(ROOT / "var" / "bench-static"))
    import django

    django.setup()
    from axes.models import AccessAttempt
    from django.core.management import call_command
    from django.test import Client

    from accounts.demo import DEMO_PASSWORD

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo", verbosity=0)
    AccessAttempt.objects.all().delete()
    client = Client(HTTP_HOST="localhost")
    statuses, times = {}, []
    started = time.perf_counter()
    for n in range(FLOOD):
        username = "koordinator@lapor.test" if n % 2 else f"tebak{n % 50}@lapor.test"
        t = time.perf_counter()
        response = client.post("/admin/login/", {"username": username, "password": f"x{n}"},
                               REMOTE_ADDR=ATTACKER)
        times.append(time.perf_counter() - t)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    elapsed = time.perf_counter() - started
    real = Client(HTTP_HOST="localhost")
    answer = real.post("/admin/login/", {"username": "koordinator@lapor.test",
                                         "password": DEMO_PASSWORD}, REMOTE_ADDR=HOME)
    logged_in = answer.status_code == 302 and "_auth_user_id" in real.session
    print(f"{FLOOD:,} wrong logins from {ATTACKER} in {elapsed:.0f} s "
          f"(median {statistics.median(times) * 1000:.1f} ms): statuses {statuses}")
    print(f"attempt rows: {AccessAttempt.objects.count()}; the coordinator from {HOME}: "
          f"{'logged in' if logged_in else 'REFUSED'} ({answer.status_code})")
    sys.exit(0 if logged_in and statuses.get(429, 0) >= FLOOD - 4 else 1)


if __name__ == "__main__":
    main()
