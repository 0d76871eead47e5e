"""The workbench: complaints in the Django admin for coordinators, units and viewers.

Every complaint comes from disposition.access.complaints_for_staff (get_queryset), so lists,
search, filters, autocomplete, history and exports show a unit only what was sent to it; an
id outside it is a 404. Complaints change only through the actions (disposition/actions.py),
never through a model form.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import SEARCH_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import access, audit
from accounts.admin import CoordinatorsReadOnly
from accounts.roles import ANSWERING_ROLES
from complaints import codes, search
from complaints.deadlines import holiday_dates_for_display
from complaints.models import Complaint
from complaints.workflow import State, TransitionNotAllowed
from disposition import services
from disposition.access import complaints_for_staff
from disposition.models import RemoteRequest, ResponseTemplate, SweepRun
from disposition.reporting import exports
from disposition.sla.schedules import SWEEP_EVERY_MINUTES
from disposition.workbench import selectors
from disposition.workbench.actions import ACTIONS
from disposition.workbench.forms import IntakeForm
from disposition.workbench.map import MapViews
from lapor.pagination import CappedCountPaginator
from lapor.replica import reads_replica
from lapor.workdays import working_days_elapsed

STATE_LABELS = dict(State.choices)  # translated when drawn
# A search counts its matches only this far (the list, unsearched, to CappedCountPaginator's
# 10,000): twenty pages is as far as anyone pages through a search before narrowing it, and
# counting to 10,000 read every match of a phrase found in 3% of a million reports, half of
# the page's time (docs/performance.md). Past it the page says "more than".
SEARCH_COUNT_CAP = 1_000


class OneChoiceFilter(admin.SimpleListFilter):
    """A filter with one choice besides "all": `choice` in the address narrows the list."""

    choice: str
    label: str

    def lookups(self, request, model_admin):
        return [(self.choice, self.label)]

    def queryset(self, request, queryset):
        return self.narrow(queryset) if self.value() == self.choice else queryset


class QueueFilter(OneChoiceFilter):
    title = _("antrean")
    parameter_name = "antrean"
    choice, label = "verifikasi", _("Perlu verifikasi (baru dan dikembalikan)")

    def narrow(self, queryset):
        return queryset.filter(state__in=[State.SUBMITTED, State.RETURNED])


class UnitFilter(admin.SimpleListFilter):
    """Fifty-odd units: a list to choose from (type to jump), not fifty links."""

    title = _("unit penanggung jawab")
    parameter_name = "unit"
    template = "admin/complaints/complaint/filter_select.html"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        # The form keeps the list's other filters and its search.
        self.kept_parameters = [(key, value) for key, values in request.GET.lists()
                                for value in values if key not in (self.parameter_name, "p")]

    def lookups(self, request, model_admin):
        units = access.units_for(request.user).exclude(kind="external").order_by("name")
        return [(str(unit.pk), unit.name) for unit in units]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            unit_id = int(self.value())
            return queryset.filter(models.Q(lead_unit_id=unit_id)
                                   | models.Q(working_unit_id=unit_id))
        return queryset


class OverdueFilter(OneChoiceFilter):
    title = _("batas waktu")
    parameter_name = "terlambat"
    choice, label = "ya", _("Terlambat")

    def narrow(self, queryset):
        return selectors.overdue(queryset)


@admin.register(Complaint)
class ComplaintAdmin(MapViews, admin.ModelAdmin):
    # What decides the day first (due date and age stay in view at 1280 px beside the
    # filters); channel and kind are filters, not columns.
    list_display = ["tracking_code", "title", "status_badge", "due_marker",
                    "age_in_working_days", "lead_unit", "category", "submitted_at"]
    list_filter = [QueueFilter, "state", UnitFilter, "category", "channel", "kind", "tags",
                   OverdueFilter]
    search_fields = ["title"]  # and a tracking code, exactly: get_search_results
    list_select_related = ["lead_unit", "category", "channel"]
    list_per_page = 50
    show_full_result_count = False
    paginator = CappedCountPaginator
    # Django's admin would add the list's filters to each row's link, resolving each of fifty
    # links to do so (a sixth of a search's or a filtered list's CPU); the workbench page
    # never reads them back: its breadcrumb and its actions lead to the list itself.
    preserve_filters = False
    ordering = ["-submitted_at"]
    change_list_template = "admin/complaints/complaint/change_list.html"

    class Media:
        css = {"all": ["css/workbench.css"]}

    # --- What each user sees -------------------------------------------------------------

    def get_queryset(self, request):
        # The list joins only what its columns show (list_select_related): with ten joins
        # PostgreSQL spent 68 ms planning a query it ran in 1 ms.
        return complaints_for_staff(request.user)

    def get_object(self, request, object_id, from_field=None):
        """One complaint, with everything its workbench page shows, in one query."""
        queryset = self.get_queryset(request).select_related(
            "lead_unit", "working_unit", "category", "channel", "district", "suggested_unit",
            "forwarded_to", "duplicate_of", "reporter", "api_client",
        )
        try:
            return queryset.get(pk=self.opts.pk.to_python(object_id))
        except (self.model.DoesNotExist, ValidationError, ValueError):
            return None

    def get_paginator(self, request, queryset, per_page, orphans=0,
                      allow_empty_first_page=True):
        cap = SEARCH_COUNT_CAP if request.GET.get(SEARCH_VAR, "").strip() else None
        return self.paginator(queryset, per_page, orphans, allow_empty_first_page, cap=cap)

    def get_search_results(self, request, queryset, search_term):
        """A tracking code with its LPR finds its report through the unique index; eight
        letters alone find the report with that code and the reports with that word. Words
        search as Indonesian (complaints.search: "kerusakan" finds "rusak") in titles and
        descriptions, and as typed inside titles through the trigram index
        (complaint_title_trgm: part of a name, a street number)."""
        if not search_term.strip():
            return queryset, False
        code = codes.normalize_tracking_code(search_term)
        if codes.typed_with_prefix(search_term):
            return queryset.filter(tracking_code=code), False
        words = search.words_of(search_term)
        if not words:
            messages.warning(request, gettext("Pencarian perlu huruf atau angka."))
            return queryset.none(), False
        if search.shortened(search_term):
            messages.info(request, gettext("Pencarian dipendekkan: hanya %(count)s kata "
                                           "pertama yang dicari.") % {"count": len(words)})
        found = search.matching(queryset, words)
        # One filter beside the user's scope: OR-ing two querysets would fold the scope's
        # EXISTS into the OR, and PostgreSQL then scans the table (1.2 s at a million).
        matches = Q(search=found.query) | Q(title__icontains=search_term.strip()[:search.MAX_CHARS])
        if code is not None:  # a code typed without its LPR, or a word such as "jembatan"
            matches |= Q(tracking_code=code)
        return queryset.filter(matches), False

    def get_ordering(self, request):
        if request.GET.get(QueueFilter.parameter_name) == "verifikasi":
            return ["submitted_at"]  # the oldest waits longest
        return super().get_ordering(request)

    def has_view_permission(self, request, obj=None):
        return access.has_staff_access(request.user) and super().has_view_permission(request)

    def has_add_permission(self, request):
        """Coordinators, and the operators and heads who record their own unit's intake."""
        user = request.user
        return access.is_coordinator(user) or (
            access.has_staff_access(user)
            and bool(access.access_for(user).unit_ids(*ANSWERING_ROLES)))

    def has_change_permission(self, request, obj=None):
        return False  # only through the actions

    def has_delete_permission(self, request, obj=None):
        return False  # a complaint is archived with a reason, never deleted

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404  # the same answer for "does not exist" and "not yours"

    def has_archive_permission(self, request):
        return access.is_coordinator(request.user)

    # --- The list's columns ---------------------------------------------------------------

    # Django draws its checkbox through the template engine, and get_state_display() builds a
    # dict of every state, for each of fifty rows: together a sixth of a list's time.
    def action_checkbox(self, complaint):
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME, complaint.pk,
            format_html(gettext("Select this object for an action - {}"), str(complaint)))

    @admin.display(description=_("status"), ordering="state")
    def status_badge(self, complaint):
        return format_html('<span class="badge state-{}">{}</span>', complaint.state,
                           STATE_LABELS.get(complaint.state, complaint.state))

    @admin.display(description=_("umur (hari kerja)"))
    def age_in_working_days(self, complaint):
        return working_days_elapsed(complaint.submitted_at, timezone.now(),
                                    holiday_dates_for_display())

    @admin.display(description=_("batas waktu"), ordering="due_at")
    def due_marker(self, complaint):
        if complaint.due_at is None or complaint.state not in selectors.STAFF_CLOCK_STATES:
            return "—"
        day = date_format(timezone.localtime(complaint.due_at), "j M Y")
        if selectors.is_overdue(complaint):
            late = working_days_elapsed(complaint.due_at, timezone.now(),
                                        holiday_dates_for_display()) + 1
            return format_html('<span class="badge overdue">{}</span> {}',
                               gettext("terlambat %(days)d hari kerja") % {"days": late}, day)
        return day

    @admin.action(description=_("Arsipkan sebagai spam"), permissions=["archive"])
    def archive_spam(self, request, queryset):
        try:  # "select all" hands over every match of the list
            archived, refused = services.archive_as_spam(complaints=queryset, user=request.user)
        except TransitionNotAllowed as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return
        self.message_user(request, gettext("%(n)d laporan diarsipkan sebagai spam.")
                          % {"n": archived}, messages.SUCCESS)
        if refused:
            self.message_user(request, gettext(
                "%(n)d laporan tidak dapat diarsipkan karena statusnya sudah berubah.")
                % {"n": refused}, messages.WARNING)

    actions = ["archive_spam"]

    # --- Pages ----------------------------------------------------------------------------

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("ekspor/", self.admin_site.admin_view(reads_replica(self.export_view)),
                 name=f"{prefix}_export"),
            path("peta/", self.admin_site.admin_view(self.map_view), name=f"{prefix}_map"),
            path("peta/data/", self.admin_site.admin_view(reads_replica(self.map_data_view)),
                 name=f"{prefix}_map_data"),
            path("<path:object_id>/aksi/<slug:action>/",
                 self.admin_site.admin_view(self.action_view), name=f"{prefix}_action"),
            *super().get_urls(),
        ]

    def _complaint_or_404(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        complaint = self.get_object(request, unquote(object_id))
        if complaint is None:
            raise Http404
        return complaint

    def change_view(self, request, object_id, form_url="", extra_context=None):
        complaint = self._complaint_or_404(request, object_id)
        return self._render_workbench(request, complaint)

    def _render_workbench(self, request, complaint, *, bound=None, status=200):
        bench = selectors.workbench(complaint, request.user)
        if bench.shows_identity:  # UU PDP: who saw whose identity
            audit.record(audit.Kind.IDENTITY_VIEWED, actor=request.user,
                         subject=complaint.tracking_code, request=request)
        lead_unit = complaint.lead_unit
        forms = []
        for name in bench.actions:
            action = ACTIONS[name]
            if bound and bound[0] == name:
                form = bound[1]
            else:
                form = action.make_form(complaint, unit=lead_unit, name=name)
            forms.append((name, action, form))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"{complaint.tracking_code} · {complaint.title}",
            "subtitle": None,
            "bench": bench,
            "complaint": complaint,
            "action_forms": forms,
            "is_overdue": selectors.is_overdue(complaint),
            "has_view_permission": True,
            "original": complaint,
        }
        return TemplateResponse(request, "admin/complaints/complaint/workbench.html", context,
                                status=status)

    def action_view(self, request, object_id, action):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        complaint = self._complaint_or_404(request, object_id)
        workbench_action = ACTIONS.get(action)
        if workbench_action is None:
            raise Http404
        if not selectors.may_attempt(action, request.user, complaint):
            raise PermissionDenied
        form = workbench_action.make_form(complaint, request.POST, request.FILES,
                                          unit=complaint.lead_unit, name=action)
        if not form.is_valid():
            messages.error(request, gettext("Periksa isian yang ditandai."))
            return self._render_workbench(request, complaint, bound=(action, form), status=400)
        try:
            message = workbench_action.run(complaint, request.user, form.cleaned_data)
        except TransitionNotAllowed as refusal:
            # Someone else acted first, or this user may not: nothing was saved.
            messages.error(request, str(refusal))
            return redirect(self._change_url(complaint))
        self.log_change(request, complaint, str(workbench_action.title))
        messages.success(request, message)
        if complaints_for_staff(request.user).filter(pk=complaint.pk).exists():
            return redirect(self._change_url(complaint))
        return redirect(reverse("admin:complaints_complaint_changelist"))

    def _change_url(self, complaint):
        return reverse("admin:complaints_complaint_change", args=[complaint.pk])

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = IntakeForm(request.POST or None, request.FILES or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            try:
                complaint = services.record_intake(
                    report=form.report(), channel=form.cleaned_data["channel"].code,
                    user=request.user, files=form.cleaned_data["attachments"],
                    unit=form.cleaned_data.get("handled_by"))
            except TransitionNotAllowed as refusal:
                form.add_error(None, str(refusal))
            else:
                self.log_addition(request, complaint, gettext("Dicatat dari kanal lain"))
                self._tell_intake_receipt(request, complaint)
                if complaints_for_staff(request.user).filter(pk=complaint.pk).exists():
                    return redirect(self._change_url(complaint))
                return redirect(reverse("admin:complaints_complaint_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Catat laporan dari kanal lain"),
            "form": form,
        }
        return TemplateResponse(request, "admin/complaints/complaint/intake.html", context,
                                status=400 if form.is_bound else 200)

    def _tell_intake_receipt(self, request, complaint):
        receipt = complaint.notifications.filter(kind="receipt").first()
        code = complaint.tracking_code
        if receipt is not None:
            messages.success(request, gettext(
                "Laporan %(code)s dicatat. Nomor tiket dikirim ke pelapor melalui %(channel)s "
                "(%(to)s).") % {"code": code, "channel": receipt.get_channel_display(),
                                "to": receipt.recipient})
        else:
            messages.warning(request, gettext(
                "Laporan %(code)s dicatat. Sampaikan nomor tiket ini kepada pelapor melalui "
                "%(channel)s (%(to)s); lacak di %(url)s") % {
                "code": code, "channel": complaint.channel.name,
                "to": complaint.reporter_handle,
                "url": request.build_absolute_uri(
                    reverse("complaints:track_detail", args=[code]))})

    # --- Export ---------------------------------------------------------------------------

    def export_view(self, request):
        """The list as filtered on screen, through the one export module (its columns, its
        identity rule)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            messages.error(request, gettext("Filter ini tidak dikenali; ekspor dibatalkan."))
            return redirect(reverse("admin:complaints_complaint_changelist"))
        keys = exports.allowed_columns(request.user, default=exports.WORKBENCH_COLUMNS)
        rows = exports.complaint_rows(request.user, changelist.queryset, keys, request=request)
        return exports.as_csv(rows, f"laporan-{timezone.localtime():%Y%m%d-%H%M}")


LIST = "admin:complaints_complaint_changelist"
WORK_LABELS = {
    "triage": (_("Perlu verifikasi"), "?antrean=verifikasi"),
    "new": (_("Disposisi baru, belum diterima"), "?state__exact=dispositioned"),
    "in_progress": (_("Sedang diproses unit Anda"), "?state__exact=in_progress"),
    "overdue": (_("Terlambat"), "?terlambat=ya"),
}


def waiting_work_panel(request):
    counts = selectors.waiting_work(request.user)
    lines = [(WORK_LABELS[key][0], count, reverse(LIST) + WORK_LABELS[key][1])
             for key, count in counts.items()]
    if access.is_coordinator(request.user):
        lines.append(_last_sweep_line())
    return lines


def _last_sweep_line():
    """The worker's pulse for coordinators: the last SLA sweep, flagged when it is late."""
    run = SweepRun.objects.order_by("-started_at").first()
    url = reverse("admin:disposition_sweeprun_changelist")
    if run is None:
        return (gettext("Sapuan SLA: belum pernah berjalan — periksa worker"), "!", url)
    minutes = int((timezone.now() - run.started_at).total_seconds() // 60)
    late = minutes > 3 * SWEEP_EVERY_MINUTES or bool(run.error)
    label = gettext("Sapuan SLA terakhir (menit lalu)")
    if late:
        label = gettext("Sapuan SLA terlambat atau gagal — periksa worker (menit lalu)")
    return (label, minutes, url)


admin.site.index_panels.append(waiting_work_panel)


@admin.register(ResponseTemplate)
class ResponseTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "category", "is_active"]
    list_filter = ["is_active", "category"]
    search_fields = ["title", "text"]
    list_select_related = ["unit", "category"]

    def get_queryset(self, request):
        """Coordinators see every template; unit staff the shared ones and their units'."""
        templates = super().get_queryset(request)
        if access.is_coordinator(request.user):
            return templates
        mine = access.access_for(request.user).unit_ids()
        return templates.filter(models.Q(unit_id__in=mine) | models.Q(unit__isnull=True))

    def _may_edit(self, request, obj):
        if obj is None or access.is_coordinator(request.user):
            return True
        return obj.unit_id in access.access_for(request.user).unit_ids(*ANSWERING_ROLES)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_edit(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit" and not access.is_coordinator(request.user):
            kwargs["queryset"] = access.units_for(request.user, *ANSWERING_ROLES)
            kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(RemoteRequest)
class RemoteRequestAdmin(CoordinatorsReadOnly, admin.ModelAdmin):
    """Reports forwarded to an agency's own portal (Open311): filed there or not, with what
    error, and its last known status. The worker writes it; coordinators read it."""

    list_display = ["complaint", "unit", "state", "remote_id", "remote_status", "attempts",
                    "polled_at"]
    list_filter = ["state", "unit"]
    search_fields = ["complaint__tracking_code", "remote_id"]
    list_select_related = ["complaint", "unit"]
    readonly_fields = ["complaint", "unit", "state", "remote_id", "remote_status",
                       "remote_notes", "attempts", "error", "created_at", "filed_at",
                       "polled_at", "next_attempt_at"]
