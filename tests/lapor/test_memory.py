"""lapor/memory.py: a web worker reuses the memory a photo's buffers took, instead of having
the kernel map and zero it again for every request."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Four 1 MB buffers at a time, as a filed photo passes through; counts the page faults of a
# second round (the first may grow the heap).
CHURN = """
import resource, sys
{prepare}
def churn():
    for _ in range(20):
        held = [bytearray(1024 * 1024) for _ in range(4)]  # zeroed: every page touched
        del held
churn()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
churn()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def page_faults(prepare):
    result = subprocess.run([sys.executable, "-c", CHURN.format(prepare=prepare)], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                            text=True, check=True)
    return int(result.stdout.split()[-1])


def test_by_default_every_round_of_megabyte_buffers_is_mapped_anew():
    assert page_faults("") > 20 * 256  # at least a megabyte's pages per round


def test_a_worker_that_keeps_freed_memory_touches_no_new_page():
    assert page_faults("from lapor.memory import keep_freed_memory\n"
                       "assert keep_freed_memory()") < 100


def test_the_web_application_keeps_freed_memory():
    assert page_faults("import lapor.wsgi") < 100


def test_a_c_library_without_mallopt_leaves_allocation_as_it_was(monkeypatch):
    from lapor import memory

    class NoMallopt:
        def __init__(self, name):
            pass

    monkeypatch.setattr(memory.ctypes, "CDLL", NoMallopt)
    assert memory.keep_freed_memory() is False
