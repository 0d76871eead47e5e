"""The SLA sweep's runs in the admin, read-only, for coordinators."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin import CoordinatorsReadOnly
from disposition.models import SweepRun


@admin.register(SweepRun)
class SweepRunAdmin(CoordinatorsReadOnly, admin.ModelAdmin):
    """When the SLA sweep last ran, how long it took and what it did; a gap means the worker
    is stuck or stopped. Read-only, for coordinators."""

    list_display = ["started_at", "duration_ms", "summary", "failed"]
    readonly_fields = ["started_at", "finished_at", "duration_ms", "counts", "error"]
    show_full_result_count = False

    @admin.display(description=_("hasil"))
    def summary(self, run):
        return ", ".join(f"{name} {count}" for name, count in run.counts.items())

    @admin.display(description=_("gagal"), boolean=True)
    def failed(self, run):
        return bool(run.error) or run.finished_at is None
