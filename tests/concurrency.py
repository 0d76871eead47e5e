"""Running calls at the same moment in threads, each with its own database connection."""

import threading

from django.db import connection


def at_once(call, times=2):
    """Run `call` in `times` threads released together; returns their results (any order)."""
    barrier = threading.Barrier(times)
    results = []

    def run():
        try:
            barrier.wait()
            results.append(call())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
