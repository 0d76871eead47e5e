from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.access import has_staff_access


class LaporAdminSite(admin.AdminSite):
    """The government workbench. Entry follows the appointments in force, not a stored flag."""

    site_title = _("lapor — meja kerja")
    index_title = _("Meja kerja pengaduan")

    @property
    def site_header(self):
        return _("lapor · %(region)s") % {"region": settings.LAPOR_REGION_NAME}

    # Callables (request) -> list of (label, count, url) shown atop the index; apps that
    # depend on accounts register theirs (disposition: the complaints waiting for this user).
    index_panels = []

    def has_permission(self, request):
        return has_staff_access(request.user)

    def index(self, request, extra_context=None):
        work = [line for panel in self.index_panels for line in panel(request)]
        return super().index(request, {"work": work, **(extra_context or {})})
