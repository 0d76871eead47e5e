from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _

from accounts import access
from accounts.admin import CoordinatorsReadOnly
from complaints import deadlines, selectors
from complaints.models import (
    Category,
    Channel,
    Complaint,
    DeadlinePolicy,
    Holiday,
    Notification,
    RetentionRun,
    SourceChannel,
    Sp4nSync,
    Tag,
)
from complaints.sp4n import adapter as sp4n_adapter
from complaints.sp4n import status as sp4n_status
from complaints.sp4n import sync as sp4n_sync


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "default_unit", "completion_days",
                    "is_confidential_by_default", "is_active"]
    list_filter = ["is_active", "is_confidential_by_default", "completion_days"]
    search_fields = ["code", "name"]
    list_select_related = ["default_unit"]
    autocomplete_fields = ["parent", "default_unit"]


@admin.register(SourceChannel)
class SourceChannelAdmin(admin.ModelAdmin):
    """The region's channels: coordinators add their own (an app, an account) and retire
    them; a channel in use is never deleted, only made inactive."""

    list_display = ["name", "code", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    """The managed list of labels; retired labels stay on the reports that carry them."""

    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(CoordinatorsReadOnly, admin.ModelAdmin):
    """Every message and its outcome, for the coordinators (recipients include reporters'
    addresses, so units never see this list). Read-only: the worker writes it."""

    list_display = ["created_at", "kind", "channel", "recipient", "status", "attempts",
                    "sent_at"]
    list_filter = ["status", "channel", "kind"]
    search_fields = ["recipient", "complaint__tracking_code"]
    list_select_related = ["complaint"]
    show_full_result_count = False
    readonly_fields = ["kind", "channel", "recipient", "complaint", "event", "unit", "status",
                       "attempts", "error", "created_at", "handed_over_at", "sent_at", "body",
                       "provider_id"]


class CalendarEntryAdmin(admin.ModelAdmin):
    """Holidays and policies: every change moves the open complaints' deadlines with it."""

    def save_model(self, request, obj, form, change):
        moved = deadlines.save_calendar_entry(obj)
        self.message_user(request, _("%(n)d batas waktu laporan terbuka disesuaikan.")
                          % {"n": moved})

    def delete_model(self, request, obj):
        deadlines.delete_calendar_entry(obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            queryset.delete()
            deadlines.recompute_open_deadlines(
                policies_changed=queryset.model is DeadlinePolicy)


@admin.register(Holiday)
class HolidayAdmin(CalendarEntryAdmin):
    list_display = ["date", "name", "kind"]
    list_filter = ["kind", ("date", admin.DateFieldListFilter)]
    search_fields = ["name"]
    date_hierarchy = "date"


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(CalendarEntryAdmin):
    list_display = ["stage", "category", "working_days"]
    list_filter = ["stage"]
    list_select_related = ["category"]
    autocomplete_fields = ["category"]


def channel_status_panel(request):
    """Atop the admin's index, for coordinators: is each channel really connected? A channel
    without a provider only logs its messages; a failing one shows its last error."""
    if not access.is_coordinator(request.user):
        return []
    log = reverse("admin:complaints_notification_changelist")
    lines = []
    for state in selectors.channel_states():
        if state.last_error:
            label = _("%(channel)s: gagal — %(error)s") % {
                "channel": state.label, "error": state.last_error[:120]}
        elif state.configured:
            label = _("%(channel)s: terhubung") % {"channel": state.label}
        else:
            label = _("%(channel)s: belum dikonfigurasi — pesan hanya dicatat, tidak dikirim") \
                % {"channel": state.label}
        ok = state.configured and not state.last_error
        lines.append((label, "✓" if ok else "!", f"{log}?channel__exact={state.channel}"))
    return lines


admin.site.index_panels.append(channel_status_panel)


@admin.register(RetentionRun)
class RetentionRunAdmin(CoordinatorsReadOnly, admin.ModelAdmin):
    """Each run of the retention schedule (complaints/retention.py) and what it removed."""

    list_display = ["started_at", "finished_at", "counts", "error"]


@admin.register(Sp4nSync)
class Sp4nSyncAdmin(CoordinatorsReadOnly, admin.ModelAdmin):
    """The SP4N-LAPOR! connector's page for coordinators: whether it is configured, the last
    sync, what came in and went out, what failed, and "Sinkronkan sekarang"."""

    list_display = ["started_at", "finished_at", "imported", "known", "unreadable", "error"]
    change_list_template = "admin/complaints/sp4nsync/change_list.html"
    show_full_result_count = False

    def get_urls(self):
        return [path("sinkronkan/", self.admin_site.admin_view(self.sync_now),
                     name="complaints_sp4nsync_sync"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        out = Notification.objects.filter(channel=Notification.Channel.SP4N)
        return super().changelist_view(request, {
            "configured": sp4n_adapter.configured(), "connected": sp4n_status.connected(),
            "last_sync": sp4n_status.last_sync(),
            "received": Complaint.objects.filter(channel=Channel.SP4N_LAPOR).count(),
            "sent": out.filter(status=Notification.Status.SENT).count(),
            "failing": out.filter(status=Notification.Status.FAILED).count(),
            **(extra_context or {})})

    def sync_now(self, request):
        if request.method != "POST" or not self.has_view_permission(request):
            raise PermissionDenied
        record = sp4n_sync.run()
        if record is None:
            messages.error(request, _("Konektor SP4N-LAPOR! belum dikonfigurasi."))
        elif record.error:
            messages.error(request, _("Sinkronisasi gagal: %(error)s") % {"error": record.error})
        else:
            messages.success(request, _("Sinkronisasi selesai: %(n)d laporan baru.")
                             % {"n": record.imported})
        return redirect("admin:complaints_sp4nsync_changelist")
