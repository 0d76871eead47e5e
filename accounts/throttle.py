"""Login protection, with django-axes keeping the failed attempts in PostgreSQL: the admin's and
the citizen's login both authenticate through `LoginThrottleBackend`, which refuses an
address, or an account from that address, after too many failures (settings.AXES_*). The
lock-out answers in Bahasa Indonesia with the time to try again; coordinators unlock in the
admin (accounts/admin.py)."""

from datetime import timedelta

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' check before the real backends. A call without a request (a management command,
    a test's `authenticate()`) is not a login from anywhere, so there is nothing to count."""

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def locked_out(request, credentials, *args, **kwargs):
    """The page a locked-out login gets (429), saying until when."""
    until = timezone.localtime(timezone.now() + settings.AXES_COOLOFF_TIME)
    return render(request, "accounts/locked_out.html", {
        "until": until, "minutes": int(settings.AXES_COOLOFF_TIME / timedelta(minutes=1)),
        "is_admin": request.path.startswith("/admin/"),
    }, status=429)
