"""Counting requests per client in fixed windows, in PostgreSQL.

One atomic upsert per counted request, so every gunicorn worker and every server sees the same
count without a cache server (the local-memory cache is per process, the database cache's
increment is not atomic).
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from accounts.models import RateCounter


def client_address(request):
    """The client's IP: REMOTE_ADDR, or the address our own proxies put into X-Forwarded-For."""
    proxies = settings.LAPOR_TRUSTED_PROXIES
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def client_key(request, scope):
    """A key for this client: the account when logged in (a village office's shared address
    does not lock its citizens out), else the hashed address (no raw IP is stored)."""
    if request.user.is_authenticated:
        return f"{scope}:user:{request.user.pk}"
    digest = hashlib.sha256(f"{settings.SECRET_KEY}|{client_address(request)}".encode())
    return f"{scope}:ip:{digest.hexdigest()[:40]}"


def _window_start(now, seconds):
    epoch = int(now.timestamp())
    return now - timedelta(seconds=epoch % seconds, microseconds=now.microsecond)


def hit(key, *, window_seconds):
    """Count one hit for `key` in the current window; returns the count including this one."""
    start = _window_start(timezone.now(), window_seconds)
    table = RateCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, window_start, hits) VALUES (%s, %s, 1) "
            f"ON CONFLICT (key, window_start) DO UPDATE SET hits = {table}.hits + 1 "
            "RETURNING hits",
            [key, start],
        )
        return cursor.fetchone()[0]



def purge(*, older_than=timedelta(days=1)):
    """Drop finished windows; the worker runs this daily."""
    return RateCounter.objects.filter(window_start__lt=timezone.now() - older_than).delete()[0]
