from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import access
from complaints import deadlines
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
                       "attempts", "error", "created_at", "sent_at"]


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
