"""The workbench's map: the open reports of the list as filtered on screen (the same query
string, the same scope — a unit sees only what was sent to it), clustered in the database
(complaints.pins), each pin leading to its workbench page."""

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext

from complaints import pins
from complaints.workflow import OPEN_STATES

BOX_PARAMETER = "kotak"


class FiltersOnly(ChangeList):
    """The list's filters, search and scope without its page: the map counts the rows
    itself (the page and its count cost about 70 ms at a million)."""

    def get_results(self, request):
        self.result_count = self.full_result_count = 0
        self.result_list, self.can_show_all, self.multi_page = [], False, False


class MapViews:
    """Mixed into the complaint admin (disposition.workbench.admin.ComplaintAdmin)."""

    def get_changelist(self, request, **kwargs):
        if getattr(request, "lapor_map", False):
            return FiltersOnly
        return super().get_changelist(request, **kwargs)

    def map_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        query = request.GET.urlencode()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Peta laporan yang masih ditangani"),
            "data_url": reverse("admin:complaints_complaint_map_data") + (
                f"?{query}" if query else ""),
            "list_url": reverse("admin:complaints_complaint_changelist") + (
                f"?{query}" if query else ""),
            "filtered": bool(query),
        }
        return TemplateResponse(request, "admin/complaints/complaint/map.html", context)

    def map_data_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        request.GET = request.GET.copy()
        box = request.GET.pop(BOX_PARAMETER, [""])[-1]
        try:
            request.lapor_map = True  # get_changelist below: the filters, not the page
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            messages.error(request, gettext("Filter ini tidak dikenali."))
            return redirect(reverse("admin:complaints_complaint_changelist"))
        open_reports = changelist.queryset.filter(state__in=OPEN_STATES)
        found = pins.pins(open_reports, pins.parse_bounds(box, pins.region_bounds()),
                          lambda row: reverse("admin:complaints_complaint_change",
                                              args=[row["pk"]]))
        response = JsonResponse(found)
        response["Cache-Control"] = "private, no-store"
        return response
