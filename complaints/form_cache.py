"""The blank filing page, drawn once and reused until a unit or a category changes; and the
rows a filed report's choices are checked against, kept the same way.

Rendering the page every citizen opens cost about 25 ms (crispy-forms drawing twenty fields
with 53 units and 22 categories). It is a shared page (complaints/shared_pages.py) kept per
language and day — the form's date field is today — and per fingerprint of the tables its
choice lists are made of. A submitted category or kecamatan is looked up among rows kept per
process under the same fingerprint (a query and about 1 ms of a filing's 9 ms of CPU).
"""

import time

from django.db import connection
from django.utils import timezone

from accounts.models import Unit
from complaints.models import Category

CACHE_SECONDS = 24 * 3600
# How long a process trusts the fingerprint it read: a unit renamed on any node shows on every
# node's form within this, and a busy process asks the database once a second, not per visit.
FINGERPRINT_SECONDS = 1.0
_fingerprint = {"read_at": float("-inf"), "value": ""}


def choices_version() -> str:
    """A fingerprint of every row the form's choice lists are made of: any change to a unit or
    a category (by the admin, a command or plain SQL, on any node) gives a new one."""
    now = time.monotonic()
    if now - _fingerprint["read_at"] >= FINGERPRINT_SECONDS:
        _fingerprint.update(value=_read_fingerprint(), read_at=now)
    return _fingerprint["value"]


def _read_fingerprint() -> str:
    tables = (Unit._meta.db_table, Category._meta.db_table)
    parts = ", ".join(
        f"(SELECT md5(string_agg(t::text, ',' ORDER BY t.id)) FROM {table} t)" for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT md5(concat({parts}))")
        return cursor.fetchone()[0]


def page_key() -> str:
    return f"filing:{timezone.localdate().isoformat()}:{choices_version()}"


_rows: dict[str, tuple[str, dict]] = {}


def rows_by_id(name: str, queryset) -> dict:
    """The rows of `queryset` by primary key, kept in this process under `name` until the
    fingerprint changes. Read-only: the same objects are handed to every request."""
    version = choices_version()
    kept = _rows.get(name)
    if kept is None or kept[0] != version:
        kept = (version, {row.pk: row for row in queryset.all()})  # not cached on it
        _rows[name] = kept
    return kept[1]
