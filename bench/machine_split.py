"""Where a request's time goes on this machine: the floor and one page or filing under
bench/pages.py's load, each request's share of the two cores split between lapor's workers,
PostgreSQL, wrk, the kernel's own threads and interrupts, and the time no core worked.

bench/pages.py gives a page's rate as a share of the floor's. On a virtual machine that share
also depends on the host: a filing waits for PostgreSQL to write its report to disk, and a
core left with nothing to do meanwhile (idle, or waiting on the disk) counts against the
filing, while the floor never waits (docs/performance.md, "where a filing's time goes"). This
prints those parts for the host at hand, from /proc (the processes' and the machine's CPU
time) and wrk's own CPU time, with the machine time per request that the page's target
allows.

    eval "$(.venv/bin/python scripts/dev.py env)"; .venv/bin/python bench/machine_split.py
    .venv/bin/python bench/machine_split.py submit photo tracking   # the default
    .venv/bin/python bench/machine_split.py /laporan/                # any address

Uses the database bench/pages.py builds (made here when missing) and touches nothing but
loopback and that database.
"""

import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import pages  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
TICKS = os.sysconf("SC_CLK_TCK")
# /proc/stat's columns: user nice system idle iowait irq softirq steal
IDLE, IOWAIT, STEAL = 3, 4, 7
FILINGS = {"submit": "submit, no photo", "photo": "submit, 1 MB photo"}  # bench/pages.py's names


def machine_ticks():
    columns = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    return columns[:8]


def process_ticks(server_group):
    """CPU ticks of every process now, grouped: lapor's gunicorn (its process group),
    PostgreSQL, the kernel's threads, everything else."""
    groups = Counter()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:  # ended meanwhile
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        parent, group, ticks = int(fields[1]), int(fields[2]), int(fields[11]) + int(fields[12])
        if group == server_group:
            groups["lapor's workers"] += ticks
        elif name.startswith("postgres"):
            groups["PostgreSQL"] += ticks
        elif parent == 2 or entry == "2":
            groups["kernel threads"] += ticks
        else:
            groups["other processes"] += ticks
    return groups


def measured(server, url, script):
    """Requests per second and machine milliseconds per request, by part, over SECONDS."""
    command = ["wrk", f"-t{pages.THREADS}", f"-c{pages.CONNECTIONS}",
               *(["-s", script] if script else []), f"-d{SECONDS}s", "--latency", url]
    pages.warm(url, script)
    before_machine, before_processes = machine_ticks(), process_ticks(server.pid)
    before_wrk = resource.getrusage(resource.RUSAGE_CHILDREN)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    after_wrk = resource.getrusage(resource.RUSAGE_CHILDREN)
    after_machine, after_processes = machine_ticks(), process_ticks(server.pid)
    result = pages.parse(output)
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    per_request = 1000 / TICKS / requests  # ms per tick, per request
    machine = [after - before
               for after, before in zip(after_machine, before_machine, strict=True)]
    parts = {name: (after_processes[name] - before_processes[name]) * per_request
             for name in ("lapor's workers", "PostgreSQL", "kernel threads", "other processes")}
    parts["wrk"] = 1000 * ((after_wrk.ru_utime + after_wrk.ru_stime)
                           - (before_wrk.ru_utime + before_wrk.ru_stime)) / requests
    parts["idle"] = machine[IDLE] * per_request
    parts["waiting on the disk"] = machine[IOWAIT] * per_request
    parts["taken by the host (steal)"] = machine[STEAL] * per_request
    total = sum(machine) * per_request
    parts["the rest (interrupts, rounding)"] = total - sum(parts.values())
    return result, total, parts


def scenarios(names, base, env, workdir):
    """(label, url, wrk script or None, target share) for each name asked for."""
    import psycopg

    for name in names:
        if name in FILINGS:
            with psycopg.connect(env["DATABASE_URL"]) as conn:
                category = conn.execute(
                    "SELECT id FROM complaints_category WHERE code = 'jalan'").fetchone()[0]
            fields = {**pages.SUBMISSION, "category": category,
                      "incident_date": time.strftime("%Y-%m-%d")}
            files = ({"attachments": ("foto.jpg", pages.photo_bytes(), "image/jpeg")}
                     if name == "photo" else {})
            script = pages.post_script(workdir, name, base, "/lapor/", fields,
                                       "/lapor/tanda-terima/", files)
            yield FILINGS[name], base + "/lapor/", script, pages.TARGETS[FILINGS[name]][0]
        elif name == "tracking":
            yield ("tracking page", f"{base}/lacak/{env['BENCH_CODE']}/", None,
                   pages.TARGETS["tracking page"][0])
        else:
            yield name, base + name, None, None


def main():
    names = sys.argv[1:] or ["submit", "photo", "tracking"]
    env = pages.lapor_environment()
    env["BENCH_CODE"] = pages.prepare_lapor()
    from django.db import connections

    connections.close_all()
    workdir = Path(tempfile.mkdtemp(prefix="lapor-split-"))
    env["MEDIA_ROOT"] = str(workdir / "media")
    base = f"http://127.0.0.1:{pages.PORT}"
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    server = pages.start([gunicorn, "lapor.wsgi", "--bind", f"127.0.0.1:{pages.PORT}",
                          "--workers", str(pages.WORKERS), "--log-level", "warning"],
                         ROOT, env, base + "/robots.txt")
    rows = []
    try:
        floor = measured(server, base + "/robots.txt", None)
        rows.append(("floor", floor, None))
        for label, url, script, target in scenarios(names, base, env, workdir):
            rows.append((label, measured(server, url, script), target))
    finally:
        pages.stop(server)
        subprocess.run(["rm", "-rf", str(workdir)], check=False)
    report(rows, floor)


def report(rows, floor):
    floor_rps, floor_total = floor[0]["rps"], floor[1]
    print(f"\n{pages.WORKERS} sync gunicorn workers, wrk -t{pages.THREADS} -c{pages.CONNECTIONS} "
          f"-d{SECONDS}s, {os.cpu_count()} cores: machine milliseconds per request (the cores' "
          f"time ÷ requests)\n")
    names = list(rows[0][1][2])
    print("| | req/s | ÷ floor | machine ms | allowed by the target | "
          + " | ".join(names) + " |")
    print("|---" * (5 + len(names)) + "|")
    for label, (result, total, parts), target in rows:
        allowed = f"{floor_total / target:.2f} (≥ {target:.2f})" if target else "—"
        print(f"| {label} | {result['rps']:.0f} | {result['rps'] / floor_rps:.3f} | "
              f"{total:.2f} | {allowed} | " + " | ".join(f"{parts[name]:.3f}" for name in names)
              + " |")


if __name__ == "__main__":
    main()
