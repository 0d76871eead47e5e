"""lapor's own pages: robots.txt (also the bench's bare Django view, the floor) and
security.txt (RFC 9116: where to report a vulnerability)."""

from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

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


def security_txt(request):
    """/.well-known/security.txt: the contact for vulnerability reports; it expires a year
    ahead, so a forgotten file never points at a dead address for long."""
    expires = (timezone.now() + timedelta(days=365)).replace(microsecond=0)
    lines = [
        f"Contact: mailto:{settings.LAPOR_SECURITY_CONTACT}",
        f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: id, en",
        f"Canonical: {request.build_absolute_uri('/.well-known/security.txt')}",
    ]
    if settings.LAPOR_SECURITY_POLICY_URL:
        lines.append(f"Policy: {settings.LAPOR_SECURITY_POLICY_URL}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
