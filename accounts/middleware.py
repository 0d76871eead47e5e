"""Staff sessions: they end after LAPOR_STAFF_IDLE_MINUTES without a request, and the staff
areas (/admin/, /dasbor/) send a session that still lacks its second factor to enrol or to
enter a code first. (Django itself ends every session of a user whose password changed.)"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts.access import is_staff_person, second_factor_missing
from accounts.two_factor import has_authenticator

STAFF_AREAS = ("/admin/", "/dasbor/")
OPEN_IN_STAFF_AREAS = ("/admin/login/", "/admin/logout/")
SEEN_KEY = "lapor_staff_seen"
TOUCH_EVERY_SECONDS = 60  # the session is written at most once a minute for this


def start_idle_clock(sender, request, user, **kwargs):
    """At login (user_logged_in): the idle clock starts, so that the first request after it
    does not write the session again."""
    if request is not None and hasattr(request, "session"):
        request.session[SEEN_KEY] = int(time.time())


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and (user.is_staff or user.is_superuser) \
                and is_staff_person(user):
            response = self._idle_out(request) or self._second_factor(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _idle_out(self, request):
        now = int(time.time())
        seen = request.session.get(SEEN_KEY)
        if seen is not None and now - seen > settings.LAPOR_STAFF_IDLE_MINUTES * 60:
            logout(request)
            messages.info(request, _("Sesi Anda berakhir karena tidak aktif. Silakan masuk lagi."))
            if request.path.startswith(STAFF_AREAS):
                return redirect(f"{reverse('admin:login')}?{urlencode({'next': request.path})}")
            return None
        if seen is None or now - seen >= TOUCH_EVERY_SECONDS:
            request.session[SEEN_KEY] = now
        return None

    def _second_factor(self, request):
        path = request.path
        if not path.startswith(STAFF_AREAS) or path.startswith(OPEN_IN_STAFF_AREAS):
            return None
        if not second_factor_missing(request.user):
            return None
        step = "accounts:two_factor_verify" if has_authenticator(request.user) \
            else "accounts:two_factor_setup"
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
