"""The citizen's pages against the floor of the same server — and against django-helpdesk.

Builds (once) a database `<name>_pages` next to the development one: the demo region grown
to BENCH_SIZE complaints (100,000 by default) with `generate_complaints`. Starts lapor under
production settings (DEBUG off, 2 sync gunicorn workers, as the peer is measured) on
loopback, and drives each page with wrk (2 threads × 16 connections, after 2 s of warm-up):
the floor (a bare view in the same server, `/robots.txt`), the filing form, a filed report
without and with a 1 MB photo, the tracking page, the public list with and without a search,
a public report and `/statistik/`. Each page is measured in BENCH_ROUNDS rounds of
BENCH_DURATION, each round followed by the floor; a round's share is of the floors just
before and after it, and the page's share is the median of its rounds'. Every POST is
checked: each 302 must lead to a receipt and the number of new rows must equal the number of
302s (give or take the requests still in flight when wrk stops).

When `../shared/peers/helpdesk` has been set up (its setup.sh and seed.py, see its README),
django-helpdesk is started the same way in the same run and its floor, form, POST and public
ticket page are measured beside lapor's. Prints every figure, the ratios the issue sets as
targets, and each gunicorn worker's memory (RSS) after the run. Needs `wrk` (Debian: apt-get
install wrk). Touches nothing but loopback, the bench database and the peer's own.
With BENCH_NODES=2 it then starts a second lapor node beside the first and measures a few
pages from one node and from both at once (docs/scaling.md).

    eval "$(.venv/bin/python scripts/dev.py env)"; .venv/bin/python bench/pages.py
    BENCH_NODES=2 .venv/bin/python bench/pages.py      # and one node against two
    BENCH_ONLY=submit,tracking .venv/bin/python bench/pages.py  # the floor and these (no peer)
    BENCH_WORKERS=5 .venv/bin/python bench/pages.py    # both systems with 5 workers each
"""

import io
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.citizen_load import multipart  # noqa: E402

SIZE = int(os.environ.get("BENCH_SIZE", "100000"))
DURATION = os.environ.get("BENCH_DURATION", "5s")
# The floor and a page alternate this many times: a page's share is the median of the
# rounds', so that a few seconds in which the host was slow decide no result alone (on the
# seventh session's VM other guests took 1-39% of its CPU time, "steal", from one 10 s to the
# next).
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
# While working on a few pages: the floor and the pages whose names contain one of these words.
ONLY = [word for word in os.environ.get("BENCH_ONLY", "").split(",") if word]
CONNECTIONS, THREADS = 16, 2
# Two, as issue 16 measures both systems. BENCH_WORKERS=5 is docs/operations.md's production
# count (2 × cores + 1), where a worker waiting on PostgreSQL leaves its core to another.
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
PORT, PEER_PORT = 8767, 8790
PEER = Path(os.environ.get("PEER_ROOT", "/tmp/peer-helpdesk"))
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

POST_LUA = """
local body = io.open("%(body)s", "rb"):read("*a")
local headers = {["Content-Type"] = "%(content_type)s", ["Cookie"] = "csrftoken=%(cookie)s",
                 ["Referer"] = "%(base)s%(path)s"}
threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) ok = 0; other = 0 end
function request() return wrk.format("POST", "%(path)s", headers, body) end
function response(status, headers, body)
  if status == 302 and string.find(headers["Location"] or "", "%(expect)s", 1, true) then
    ok = ok + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local a, b = 0, 0
  for _, t in ipairs(threads) do a = a + t:get("ok"); b = b + t:get("other") end
  io.write(string.format("POST_OK=%%d POST_OTHER=%%d\\n", a, b))
end
"""


def lapor_environment():
    sys.path.insert(0, str(ROOT))
    from bench.benchdb import use_bench_database

    use_bench_database("pages")
    os.environ.update({
        "DEBUG": "false", "SECRET_KEY": "bench-only-" + "x" * 40, "LOG_LEVEL": "WARNING",
        "ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_COOKIES": "false",
        # The peer limits nothing; counting submissions per network would refuse the bench's.
        "LAPOR_SUBMIT_LIMIT_PER_HOUR": "0",
        "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
        "MEDIA_ROOT": str(ROOT / "var" / "bench-media"),
    })
    return dict(os.environ)


def prepare_lapor():
    import django

    django.setup()
    from django.core.management import call_command

    from complaints.models import Complaint
    from disposition.demo.generate import generate

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("seed_calendar", verbosity=0)
    call_command("load_demo", verbosity=0)
    missing = SIZE - Complaint.objects.count()
    if missing > 0:
        started = time.perf_counter()
        generate(missing)
        print(f"(generated {missing:,} complaints in {time.perf_counter() - started:.0f} s)")
    from complaints.access import public_complaints

    # A demo report filed through the services (with its timeline), not a generated row.
    return public_complaints().exclude(tracking_code__startswith="G-").order_by(
        "-verified_at").first().tracking_code


def start(command, cwd, env, url):
    if answers(url):
        raise SystemExit(f"Another server answers on {url} already: stop it first")
    server = subprocess.Popen(command, cwd=cwd, env=env, start_new_session=True)
    for _ in range(150):
        if server.poll() is not None:  # e.g. the port is taken: never measure another server
            raise SystemExit(f"{command[0]} ended with {server.returncode} before answering")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return server
        except OSError:
            time.sleep(0.1)
    stop(server)
    raise SystemExit(f"{command[0]} did not answer on {url}")


def answers(url):
    """Whether any server answers on `url`, even with an error page."""
    try:
        urllib.request.urlopen(url, timeout=2)
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


def stop(server):
    try:
        os.killpg(server.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    server.wait(timeout=30)


def worker_rss_mb(server):
    """Resident memory of each gunicorn worker (the master's children), in MB."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
    return sizes


def wrk(url, script=None, *, warm_up=True):
    base = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}"] + (["-s", script] if script else [])
    if warm_up:
        warm(url, script)
    return parse(subprocess.run([*base, f"-d{DURATION}", "--latency", url],
                                capture_output=True, text=True, check=True).stdout)


def warm(url, script=None):
    subprocess.run(["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", "-d2s"]
                   + (["-s", script] if script else []) + [url], capture_output=True, check=True)


def parse(out):
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for percentile, value, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out,
                                              re.M):
        result[f"p{percentile}"] = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["bad"] = int(bad.group(1)) if bad else 0
    posted = re.search(r"POST_OK=(\d+) POST_OTHER=(\d+)", out)
    if posted:
        result["ok"], result["other"] = int(posted.group(1)), int(posted.group(2))
    return result


def csrf(base, path):
    """A real token and cookie from the form, reused by every POST (no view is exempted)."""
    response = urllib.request.urlopen(base + path)
    cookie = re.search(r"csrftoken=([^;]+)", response.headers["Set-Cookie"]).group(1)
    return TOKEN.search(response.read().decode()).group(1), cookie


def photo_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.effect_noise((1400, 1000), 60).convert("RGB").save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def post_script(workdir, name, base, path, fields, expect, files):
    token, cookie = csrf(base, path)
    body, content_type = multipart({"csrfmiddlewaretoken": token, **fields}, files)
    body_file = workdir / f"{name}.body"
    body_file.write_bytes(body)
    script = workdir / f"{name}.lua"
    script.write_text(POST_LUA % {"body": body_file, "content_type": content_type,
                                  "cookie": cookie, "base": base, "path": path,
                                  "expect": expect})
    return str(script)


def count_rows(database_url, table):
    import psycopg

    with psycopg.connect(database_url) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def warm_up_post(url, script):
    wrk(url, script, warm_up=False)  # rows not counted
    time.sleep(1)  # its last requests, still in flight when wrk stopped, land


def counted_post(name, url, script, database_url, table):
    """A round of a POST scenario whose every counted redirect must be a stored row. The
    previous round's last requests have landed while the floor was measured after it."""
    before = count_rows(database_url, table)
    result = wrk(url, script, warm_up=False)
    created = count_rows(database_url, table) - before
    in_flight = created - result["ok"]  # requests stored before wrk read their redirect
    assert result["other"] == 0, f"{name}: {result['other']} responses were not receipts"
    assert 0 <= in_flight <= CONNECTIONS, f"{name}: {result['ok']} receipts, {created} rows"
    return {**result, "rows": created}


def combined(rounds):
    """A page's figures from its rounds (each with the mean of the floors around it): the
    median of the rounds' shares of their floors, the mean rate, the median p50, the highest
    p99, and the sums of the counts."""
    shares = [one["rps"] / one["floor"] for one in rounds]
    result = {"share": statistics.median(shares), "shares": shares,
              "rps": statistics.mean(one["rps"] for one in rounds),
              "floor": statistics.mean(one["floor"] for one in rounds),
              "p50": statistics.median(one["p50"] for one in rounds),
              "p99": max(one["p99"] for one in rounds)}
    for count in ("bad", "ok", "other", "rows"):
        if count in rounds[0]:
            result[count] = sum(one[count] for one in rounds)
    return result


SUBMISSION = {
    "kind": "complaint", "title": "Lampu jalan mati di depan balai desa",
    "description": "Sudah tiga malam lampu jalan mati, jalan gelap dan rawan kecelakaan.",
    "name": "Warga Uji", "phone": "0812 3456 7890", "consent": "on", "unit": "",
}
TARGETS = {  # page: (share of the floor, times the peer's same page)
    "filing form": (0.30, 5.0), "submit, no photo": (0.15, 2.0),
    "submit, 1 MB photo": (0.05, None), "tracking page": (0.40, None),
    "public list": (0.40, None), "public list, search": (0.40, None),
    "public report": (0.40, None), "/statistik/": (0.40, None),
}
PEER_PAGE = {"floor": "floor", "filing form": "filing form", "submit, no photo": "submit",
             "tracking page": "public ticket"}


def chosen(name):
    return name == "floor" or not ONLY or any(word in name for word in ONLY)


def measure_server(command, cwd, env, base, pages, submissions):
    """Start a server, drive each page, then each submission (`submissions()` makes their
    scripts once the server answers: name, path, wrk script, the table a submission fills).

    The floor (the first page) is measured first and again after each round of a page, and a
    round's share is of the mean of the floors just before and just after it: on a shared
    host the machine's speed drifts by a third within minutes, and a floor measured once at
    the start made pages measured later look faster or slower than their own server.
    """
    server = start(command, cwd, env, base + pages[0][1])
    floor_url = base + pages[0][1]
    results, floors = {}, [wrk(floor_url)]

    def in_rounds(name, measure):
        rounds = []
        for _ in range(ROUNDS):
            result = measure()
            floors.append(wrk(floor_url, warm_up=False))
            rounds.append({**result, "floor": (floors[-2]["rps"] + floors[-1]["rps"]) / 2})
        results[name] = combined(rounds)
        assert results[name]["bad"] == 0, f"{name}: {results[name]['bad']} errors"

    try:
        for name, path in filter(lambda page: chosen(page[0]), pages[1:]):
            warm(base + path)
            in_rounds(name, lambda path=path: wrk(base + path, warm_up=False))
        for name, path, script, table in submissions():
            if not chosen(name):
                continue
            warm_up_post(base + path, script)
            in_rounds(name, lambda name=name, path=path, script=script, table=table:
                      counted_post(name, base + path, script, env["DATABASE_URL"], table))
        mean = statistics.mean(f["rps"] for f in floors)
        results["floor"] = {**floors[0], "rps": mean, "floor": mean, "share": 1.0,
                            "samples": [f["rps"] for f in floors]}
        results["rss"] = worker_rss_mb(server)
    finally:
        stop(server)
    return {"floor": results.pop("floor"), **results}


def measure_lapor(env, code, workdir):
    import psycopg

    base = f"http://127.0.0.1:{PORT}"
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    pages = [("floor", "/robots.txt"), ("filing form", "/lapor/"),
             ("tracking page", f"/lacak/{code}/"), ("public list", "/laporan/"),
             ("public list, search", "/laporan/?q=jalan"), ("public report", f"/laporan/{code}/"),
             ("/statistik/", "/statistik/")]

    def submissions():
        with psycopg.connect(env["DATABASE_URL"]) as conn:
            category = conn.execute("SELECT id FROM complaints_category WHERE code = 'jalan'"
                                    ).fetchone()[0]
        fields = {**SUBMISSION, "category": category, "incident_date": time.strftime("%Y-%m-%d")}
        for name, files in [("submit, no photo", {}),
                            ("submit, 1 MB photo",
                             {"attachments": ("foto.jpg", photo_bytes(), "image/jpeg")})]:
            script = post_script(workdir, f"lapor{len(files)}", base, "/lapor/", fields,
                                 "/lapor/tanda-terima/", files)
            yield name, "/lapor/", script, "complaints_complaint"

    return measure_server([gunicorn, "lapor.wsgi", "--bind", f"127.0.0.1:{PORT}", "--workers",
                           str(WORKERS), "--log-level", "warning"], ROOT, env, base, pages,
                          submissions)


def measure_two_nodes(env, code):
    """The same pages from one node and from two (each 2 workers) at once, the 16 connections
    split between them, as a balancer would: on one 2-core machine this measures what a second
    node costs, not what a second machine adds."""
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    ports = [PORT, PORT + 1]
    servers = [start([gunicorn, "lapor.wsgi", "--bind", f"127.0.0.1:{port}", "--workers",
                      str(WORKERS), "--log-level", "warning"], ROOT, env,
                     f"http://127.0.0.1:{port}/robots.txt") for port in ports]
    rows = []
    try:
        for name, path in [("floor", "/robots.txt"), ("filing form", "/lapor/"),
                           ("tracking page", f"/lacak/{code}/"), ("public list", "/laporan/")]:
            one = wrk(f"http://127.0.0.1:{PORT}{path}")["rps"]
            split = [subprocess.Popen(
                ["wrk", f"-t{THREADS // 2 or 1}", f"-c{CONNECTIONS // 2}", f"-d{DURATION}",
                 "--latency", f"http://127.0.0.1:{port}{path}"], stdout=subprocess.PIPE,
                text=True) for port in ports]
            two = sum(parse(process.communicate()[0])["rps"] for process in split)
            rows.append((name, one, two))
    finally:
        for server in servers:
            stop(server)
    return rows


def measure_peer(workdir):
    env = {**os.environ, "PEER_PROJ": str(PEER / "proj")}
    for line in (PEER / "env").read_text().splitlines():
        key, _, value = line.removeprefix("export ").partition("=")
        if key == "DATABASE_URL":
            env["DATABASE_URL"] = value.strip("'\"")
    env.pop("DJANGO_SETTINGS_MODULE")
    helper = ROOT.parent / "shared" / "peers" / "helpdesk" / "helper.py"
    target = subprocess.run([str(PEER / "venv" / "bin" / "python"), str(helper), "target"],
                            env=env, capture_output=True, text=True, check=True).stdout.strip()
    base = f"http://127.0.0.1:{PEER_PORT}"
    pages = [("floor", "/ok/"), ("filing form", "/tickets/submit/"),
             ("public ticket", f"/view/?{target}")]

    def submissions():
        fields = {"title": "Lampu jalan mati di depan balai desa", "priority": "3",
                  "body": SUBMISSION["description"], "due_date": "",
                  "submitter_email": "warga@example.com"}
        script = post_script(workdir, "peer", base, "/tickets/submit/", fields,
                             "/view/?ticket=", {})
        yield "submit", "/tickets/submit/", script, "helpdesk_ticket"

    return measure_server([str(PEER / "venv" / "bin" / "gunicorn"), "peerproj.wsgi:application",
                           "--workers", str(WORKERS), "--bind", f"127.0.0.1:{PEER_PORT}",
                           "--log-level", "warning"], PEER / "proj", env, base, pages,
                          submissions)


def report(lapor, peer):
    samples = lapor["floor"]["samples"]
    print(f"\n{WORKERS} sync gunicorn workers each, wrk -t{THREADS} -c{CONNECTIONS} "
          f"-d{DURATION} × {ROUNDS} rounds, {SIZE:,} complaints, {os.cpu_count()} cores; lapor's "
          f"floor measured {len(samples)} times, {min(samples):.0f}–{max(samples):.0f} req/s; "
          f"each round's share is of the floors just before and after it\n")
    if WORKERS != 2:
        print(f"(issue 16 sets its targets for 2 workers each; with {WORKERS}, compare only)\n")
    print("| page | lapor req/s | p50 ms | p99 ms | its floor | ÷ floor, median of the rounds "
          "(target) | the rounds | django-helpdesk req/s | lapor ÷ helpdesk (target) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, result in lapor.items():
        if name == "rss":
            continue
        share, times = TARGETS.get(name, (None, None))
        floor, ratio = result["floor"], result["share"]
        # Three decimals: at two, a median of 0.148 read "0.15 (≥ 0.15 NOT met)".
        each = " / ".join(f"{one:.3f}" for one in result.get("shares", []))
        ratio_text = f"{ratio:.3f}" + (f" (≥ {share:.2f} {'met' if ratio >= share else 'NOT met'})"
                                      if share else "")
        peer_result = (peer or {}).get(PEER_PAGE.get(name, ""))
        peer_text = f"{peer_result['rps']:.0f}" if peer_result else "—"
        versus = "—"
        if peer_result:
            times_peer = result["rps"] / peer_result["rps"]
            versus = f"{times_peer:.2f}" + (
                f" (≥ {times:g} {'met' if times_peer >= times else 'NOT met'})" if times else "")
        rows = (f", {result['rows']} rows for {result['ok']} receipts" if "rows" in result
                else "")
        print(f"| {name}{rows} | {result['rps']:.0f} | {result['p50']:.1f} | "
              f"{result['p99']:.1f} | {floor:.0f} | {ratio_text} | {each} | {peer_text} "
              f"| {versus} |")
    print(f"\nlapor's workers after the run: {', '.join(f'{mb:.0f} MB' for mb in lapor['rss'])} "
          f"RSS (target < 150 MB each)")
    if peer:
        print(f"django-helpdesk's floor {peer['floor']['rps']:.0f} req/s; its workers after "
              f"the run: {', '.join(f'{mb:.0f} MB' for mb in peer['rss'])} RSS")
    elif ONLY:
        print("(django-helpdesk is not measured when BENCH_ONLY chooses pages)")
    else:
        print(f"(django-helpdesk not set up under {PEER}: see ../shared/peers/helpdesk/README.md)")


def main():
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    env = lapor_environment()
    code = prepare_lapor()
    from django.db import connections

    connections.close_all()
    workdir = Path(tempfile.mkdtemp(prefix="lapor-bench-"))
    # The photos the run files (about 2 GB) go with its working directory: kept from run to
    # run they had filled the disk.
    env = {**env, "MEDIA_ROOT": str(workdir / "media")}
    try:
        lapor = measure_lapor(env, code, workdir)
        peer = measure_peer(workdir) if (PEER / "env").exists() and not ONLY else None
        nodes = measure_two_nodes(env, code) if os.environ.get("BENCH_NODES") == "2" else []
    finally:
        shutil.rmtree(workdir)
    report(lapor, peer)
    if nodes:
        print("\n| page | one node req/s | two nodes req/s | ratio |\n|---|---|---|---|")
        for name, one, two in nodes:
            print(f"| {name} | {one:.0f} | {two:.0f} | {two / one:.2f} |")


if __name__ == "__main__":
    main()
