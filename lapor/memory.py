"""A web worker keeps the memory it frees for its next request instead of handing it back.

By default glibc serves each allocation of 128 KB or more with a mapping of its own, and gives
the top of the heap back to the kernel as soon as 128 KB of it is free. A filed photo passes
through a few buffers of its size (the upload, the copy without its metadata, the chunks
written to storage), and each of them was mapped, zeroed by the kernel page by page, and
unmapped again: for a 1 MB photo that cost more system time than storing it. With both
thresholds at 16 MB such buffers come from the heap, which keeps up to 16 MB free between
requests (bench/pages.py, docs/performance.md). Larger buffers still get their own mapping.
"""

import ctypes

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc's malloc.h
KEPT_BYTES = 16 * 1024 * 1024


def keep_freed_memory(kept: int = KEPT_BYTES) -> bool:
    """True when the C library took the setting (glibc); False where it has no mallopt or
    refuses it (another C library): allocation then stays as it was."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    return mallopt(M_TRIM_THRESHOLD, kept) == 1 and mallopt(M_MMAP_THRESHOLD, kept) == 1
