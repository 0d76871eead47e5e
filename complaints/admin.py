from django.contrib import admin
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import access
from complaints import deadlines, selectors
from complaints.models import Category, DeadlinePolicy, Holiday, Notification


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "default_unit", "completion_days",
                    "is_confidential_by_default", "is_active"]
    list_filter = ["is_active", "is_confidential_by_default", "completion_days"]
    search_fields = ["code", "name"]
    list_select_related = ["default_unit"]
    autocomplete_fields = ["parent", "default_unit"]


class CoordinatorsReadOnly:
    """A log the worker writes and coordinators read; nobody adds, changes or deletes."""

    def has_view_permission(self, request, obj=None):
        return access.is_coordinator(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

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
                       "attempts", "error", "created_at", "sent_at", "body", "provider_id"]


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
