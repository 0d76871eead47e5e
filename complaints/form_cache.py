"""The blank filing form, rendered once per language and day and reused until a unit or a
category changes.

Rendering twenty fields with crispy-forms (53 units, 22 categories) costs about 25 ms; the
page every citizen opens should cost a fraction of that. Only the parts that are the same for
every visitor are cached: the CSRF token and the rest of the page are rendered per request,
and a logged-in citizen's form (prefilled with their name) or a form with errors is rendered
as before.
"""

from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from accounts.models import Unit
from complaints.forms import ComplaintForm
from complaints.models import Category

CACHE_SECONDS = 24 * 3600


def choices_version() -> str:
    """A fingerprint of every row the form's choice lists are made of: any change to a unit or
    a category (by the admin, a command or plain SQL, on any node) gives a new one."""
    tables = (Unit._meta.db_table, Category._meta.db_table)
    parts = ", ".join(
        f"(SELECT md5(string_agg(t::text, ',' ORDER BY t.id)) FROM {table} t)" for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT md5(concat({parts}))")
        return cursor.fetchone()[0]


def blank_form_html() -> SafeString:
    key = f"filing-form:{get_language()}:{timezone.localdate().isoformat()}:{choices_version()}"
    html = cache.get(key)
    if html is None:
        html = render_to_string("complaints/_filing_form.html", {"form": ComplaintForm()})
        cache.set(key, html, CACHE_SECONDS)
    return mark_safe(html)  # rendered by our own template, autoescaped there
