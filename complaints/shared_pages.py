"""Public pages drawn once and reused: the same HTML for every visitor who is not logged in.

A page is shared when it is a GET by a visitor who is not logged in and has no message
waiting. Its HTML is kept per address (query included), language and footer state, for as
long as its caller says, with the CSRF token of its forms left as a placeholder that is drawn
for each visitor. Anything of a person's own — a logged-in citizen's page, a form with
errors, a message after logging out — is rendered for them as before.

The filing page is kept until a unit or a category changes (complaints/form_cache.py); the
public list and a public report for `LAPOR_PUBLIC_PAGE_SECONDS` (30 s: a report published
now appears within that); /statistik/ as long as its figures are (10 minutes); a tracking
page while its report is unchanged (its key holds complaints.access.tracking_page_version).
"""

from collections.abc import Callable

from django.contrib.messages import get_messages
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from complaints.sp4n.status import connected as sp4n_connected

TOKEN_PLACEHOLDER = "csrf-token-drawn-per-request"


def serves(request) -> bool:
    return (request.method == "GET" and not request.user.is_authenticated
            and not len(get_messages(request)))


def shared_page(request, draw: Callable[[dict], HttpResponse], *, seconds: float,
                key: str = "") -> HttpResponse:
    """`draw(extra_context)` renders the page (the view's own code, given `extra_context` to
    add to its template's); its 200 is kept and served to the next visitors."""
    if not seconds or not serves(request):
        return draw({})
    # The static files' version too: a page kept from before a deployment must not name
    # files (hashed names) that the new one no longer serves.
    full_key = (f"lapor:page:{key}:{get_language()}:{int(sp4n_connected())}:"
                f"{getattr(staticfiles_storage, 'manifest_hash', '')}:{request.get_full_path()}")
    kept = cache.get(full_key)
    if kept is None:
        response = draw({"csrf_token": TOKEN_PLACEHOLDER})
        if response.status_code != 200 or getattr(response, "streaming", False):
            return _with_token(request, response)
        kept = (response.content.decode(), list(response.items()))
        cache.set(full_key, kept, seconds)
    html, headers = kept
    if TOKEN_PLACEHOLDER in html:  # a page without a form of its own draws no token
        html = html.replace(TOKEN_PLACEHOLDER, get_token(request))
    return HttpResponse(html, headers=headers)


def _with_token(request, response):
    if not getattr(response, "streaming", False):
        response.content = response.content.replace(TOKEN_PLACEHOLDER.encode(),
                                                     get_token(request).encode())
    return response
