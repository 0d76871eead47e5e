"""Connection reuse: /healthz (two small queries) with CONN_MAX_AGE=0 and with 600.

Starts gunicorn (one sync worker) on loopback for each setting, sends a bounded number of
sequential requests, and prints the median and 95th percentile latency. Stops by itself.

    eval "$(.venv/bin/python scripts/dev.py env)"; .venv/bin/python bench/conn_reuse.py
"""

import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8765
REQUESTS = 1000
WARM_UP = 50


def measure(conn_max_age):
    env = {**os.environ, "CONN_MAX_AGE": str(conn_max_age), "DEBUG": "false",
           "SECRET_KEY": "bench-only", "ALLOWED_HOSTS": "127.0.0.1", "LOG_LEVEL": "WARNING"}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "lapor.wsgi", "--bind",
         f"127.0.0.1:{PORT}", "--workers", "1", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    url = f"http://127.0.0.1:{PORT}/healthz"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        timings = []
        for n in range(WARM_UP + REQUESTS):
            start = time.perf_counter()
            urllib.request.urlopen(url, timeout=5).read()
            if n >= WARM_UP:
                timings.append((time.perf_counter() - start) * 1000)
    finally:
        server.terminate()
        server.wait(timeout=10)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95)]


if __name__ == "__main__":
    results = {age: measure(age) for age in (0, 600)}
    for age, (median, p95) in results.items():
        print(f"CONN_MAX_AGE={age:<4} median {median:6.2f} ms   p95 {p95:6.2f} ms")
    print(f"reuse is {results[0][0] / results[600][0]:.1f}x faster (median)")
