"""lapor's own page: robots.txt, which is also the bench's bare Django view (the floor)."""

from django.http import HttpResponse

ROBOTS_TXT = """User-agent: *
Disallow: /lacak/
Disallow: /lapor/
Disallow: /akun/
Disallow: /lampiran/
Disallow: /admin/
"""


def robots_txt(request):
    """Search engines stay out of private pages (they also carry noindex). No database work:
    the bench uses it as the bare Django view the other pages are compared with."""
    return HttpResponse(ROBOTS_TXT, content_type="text/plain; charset=utf-8")
