"""Dashboards for coordinators, viewers and units (/dasbor/), their exports, the monthly
report, and the public statistics (/statistik/)."""

from dataclasses import replace
from functools import wraps
from types import SimpleNamespace

from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import access
from complaints.models import Complaint
from complaints.shared_pages import shared_page
from disposition.access import complaints_for_dashboard, dashboard_lead_units, dashboard_units
from disposition.models import MonthlyRollup
from disposition.reporting import charts, exports, rollup
from disposition.reporting import figures as dashboard
from disposition.reporting.forms import DashboardFilterForm
from disposition.reporting.pdf import monthly_report_pdf
from lapor.http import private_page
from lapor.replica import reads_replica

FIGURE_LABELS = [
    (gettext_lazy("Diterima"), "received"), (gettext_lazy("Terverifikasi"), "verified"),
    (gettext_lazy("Diproses"), "in_progress"),
    (gettext_lazy("Selesai ditindaklanjuti"), "answered"),
    (gettext_lazy("Selesai"), "closed"), (gettext_lazy("Diarsipkan"), "archived"),
    (gettext_lazy("Diteruskan"), "forwarded"), (gettext_lazy("Terlambat sekarang"), "overdue"),
    (gettext_lazy("Persen tepat waktu"), "share_in_time"),
    (gettext_lazy("Persen selesai dalam target"), "share_completed_in_time"),
    (gettext_lazy("Persen selesai"), "share_closed"),
]


SORT_COLUMNS = [
    ("unit", gettext_lazy("Unit kerja")), ("received", gettext_lazy("Diterima")),
    ("open", gettext_lazy("Terbuka")), ("overdue", gettext_lazy("Terlambat")),
    ("avg_answer", gettext_lazy("Rata-rata hari ke jawaban")),
    ("median_answer", gettext_lazy("Median hari ke jawaban")),
    ("in_time", gettext_lazy("Persen tepat waktu")),
    ("completed_in_time", gettext_lazy("Persen selesai dalam target")),
    ("closed", gettext_lazy("Persen selesai")),
    ("rating", gettext_lazy("Penilaian")),
]


def _figure_rows(figures):
    return [(label, key, figures[key]) for label, key in FIGURE_LABELS]


def staff_only(view):
    """Dashboards are for people with an appointment in force; others log in first."""
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not access.has_staff_access(request.user):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return view(request, *args, **kwargs)

    return private_page(wrapper)


def _scope(request):
    form = DashboardFilterForm(request.GET or None, units=dashboard_units(request.user))
    filters = form.filters(timezone.localdate())
    return form, filters, complaints_for_dashboard(request.user)


def _trend_from_rollup(filters, lead_units=None):
    """The twelve-month trend of a filter on one category, channel or kecamatan, or of a unit
    user's own units (`lead_units`, their rows summed), read from the rollup rows (counting it
    live reads a year of complaints: 0.6 s at a million, 40–60 ms for a large unit at
    100,000), with the time its rows were counted; None when the rollup cannot say the same
    as counting live."""
    chosen = [(dimension, str(value)) for dimension, value in (
        ("category", filters.category), ("channel", filters.channel),
        ("district", filters.district)) if value]
    if filters.unit or filters.kind or filters.tag or filters.words:
        return None
    if lead_units is not None:
        if chosen or not lead_units:
            return None
        dimension, keys = "unit", [str(unit_id) for unit_id in lead_units]
    elif len(chosen) == 1:
        dimension, keys = chosen[0][0], [chosen[0][1]]
    else:
        return None
    trend_months = dashboard.months_back(filters.end)
    if not (rollup.covered_months(filters.start, filters.end)
            and rollup.covered_months(trend_months[0], filters.end)):
        return None
    rows = list(MonthlyRollup.objects.filter(dimension=dimension, key__in=keys,
                                             month__in=trend_months))
    as_of = min((row.refreshed_at for row in rows), default=None)
    return dashboard.rollup_trend(_summed_by_month(rows), trend_months), as_of


def _summed_by_month(rows):
    """The trend's counts of several keys' rollup rows, added up per month."""
    summed = {}
    for row in rows:
        month = summed.setdefault(
            row.month, SimpleNamespace(**dict.fromkeys(dashboard.TREND_COUNTS, 0)))
        for name in dashboard.TREND_COUNTS:
            setattr(month, name, getattr(month, name) + getattr(row, name))
    return summed


def _live_numbers(request, filters, complaints, whole_region):
    lead_units = None if whole_region else dashboard_lead_units(request.user)
    rolled_up = (_trend_from_rollup(filters, lead_units)
                 if whole_region or lead_units is not None else None)
    trend, trend_as_of = rolled_up or (dashboard.monthly_trend(complaints, filters), None)
    by_category, by_channel, by_district, by_sub_unit = dashboard.breakdowns(
        complaints, filters, [("category_id", "category__name"), ("channel", "channel__name"),
                              ("district_id", "district__name"),
                              ("working_unit", "working_unit__name")])
    return {
        "sub_units": by_sub_unit,
        "figures": dashboard.figures(complaints, filters),
        "units": dashboard.unit_table(complaints, filters, sort=request.GET.get("urut", "")),
        "trend": trend,
        "trend_as_of": trend_as_of,
        "breakdowns": (by_category, by_channel, by_district),
        "as_of": None,
    }


def _rolled_up_numbers(request, filters, complaints, months):
    """The same numbers from the monthly rollup: a few hundred rows at any scale."""
    trend_months = dashboard.months_back(filters.end)
    rows = list(MonthlyRollup.objects.filter(
        Q(month__in=months) | Q(month__in=trend_months, dimension="all")))
    period = [row for row in rows if row.month in months]
    overdue = dashboard.overdue_by_unit(complaints, filters)
    return {
        "figures": dashboard.rollup_figures(
            [row for row in period if row.dimension == "all"], sum(overdue.values())),
        "units": dashboard.rollup_unit_table(
            [row for row in period if row.dimension == "unit"], overdue,
            sort=request.GET.get("urut", "")),
        "trend": dashboard.rollup_trend(
            {row.month: row for row in rows if row.dimension == "all"}, trend_months),
        "breakdowns": tuple(dashboard.rollup_breakdown(period, dimension)
                            for dimension in ("category", "channel", "district")),
        "sub_units": _rolled_up_sub_units(period),
        "as_of": min((row.refreshed_at for row in period), default=None),
        "trend_as_of": None,  # the page's `as_of` says it for every number
    }


def _rolled_up_sub_units(period):
    """The sub-unit chart's counts from the period's rollup rows; None (counted live) while a
    month with reports has none of them, rolled up before the rollup held sub-units: since,
    every report of a month counts in one of its sub-unit rows ("" for no sub-unit)."""
    with_sub_units = {row.month for row in period if row.dimension == "sub_unit"}
    if any(row.dimension == "all" and row.received and row.month not in with_sub_units
           for row in period):
        return None
    return dashboard.rollup_breakdown(period, "sub_unit")


def _numbers(request, filters, complaints, whole_region):
    months = rollup.covered_months(filters.start, filters.end) if (
        whole_region and not filters.narrowed()) else None
    if months:
        return _rolled_up_numbers(request, filters, complaints, months)
    return _live_numbers(request, filters, complaints, whole_region)


@staff_only
@reads_replica
def dashboard_view(request):
    form, filters, complaints = _scope(request)
    whole_region = access.sees_whole_region(request.user)
    numbers = _numbers(request, filters, complaints, whole_region)
    by_category, by_channel, by_district = numbers["breakdowns"]
    figures, trend = numbers["figures"], numbers["trend"]
    context = {
        "form": form,
        "filters": filters,
        "figures": figures,
        "figure_rows": _figure_rows(figures),
        "sort_columns": SORT_COLUMNS,
        "units": numbers["units"],
        "most_supported": dashboard.most_supported(complaints, filters),
        "as_of": numbers["as_of"],
        "sort": request.GET.get("urut", "overdue"),
        "query": _query_without(request, "urut"),
        "trend": trend,
        "trend_as_of": numbers["trend_as_of"],
        "trend_chart": charts.paired_columns(trend, "received", "closed"),
        "compliance_chart": charts.percentage_columns(trend, "share_in_time"),
        "charts": [
            (_("Menurut kategori"), by_category, charts.horizontal_bars(by_category)),
            (_("Menurut kanal"), by_channel, charts.horizontal_bars(by_channel)),
            (_("Menurut kecamatan"), by_district, charts.horizontal_bars(by_district)),
            *_sub_unit_chart(complaints, filters, numbers.get("sub_units")),
        ],
        "whole_region": whole_region,
        "export_columns": [(key, column.heading, column.personal)
                           for key, column in exports.offered_columns(request.user)],
    }
    return render(request, "disposition/dashboard.html", context)


def _sub_unit_chart(complaints, filters, counted=None):
    """The drill-down below the units: the work their heads sent down to sub-units (counted
    under the lead unit in the table), per sub-unit; nothing when there is none. `counted`:
    the same rows when the live numbers counted them already."""
    if counted is None:
        counted = dashboard.breakdown(complaints, filters, "working_unit", "working_unit__name")
    rows = [row for row in counted if row["key"]]
    if not rows:
        return []
    return [(_("Menurut sub-unit pelaksana"), rows, charts.horizontal_bars(rows))]


def _query_without(request, *names):
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@staff_only
@reads_replica
def unit_view(request, unit_id):
    """A unit's drill-down: its row and its overdue complaints, each linking into the admin."""
    unit = dashboard_units(request.user).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    form, filters, complaints = _scope(request)
    rows = dashboard.unit_table(complaints, replace(filters, unit=unit.pk))
    context = {
        "unit": unit, "form": form, "units": rows, "sort_columns": SORT_COLUMNS,
        "overdue": dashboard.overdue_list(complaints, unit.pk),
        "query": request.GET.urlencode(),
    }
    return render(request, "disposition/unit.html", context)


@staff_only
@reads_replica
def export_complaints(request, fmt):
    _form, filters, complaints = _scope(request)
    keys = exports.allowed_columns(request.user, request.GET.getlist("kolom"),
                                   default=exports.DASHBOARD_COLUMNS)
    rows = exports.complaint_rows(request.user,
                                  dashboard.filtered(complaints, filters).order_by("submitted_at"),
                                  keys, request=request)
    name = f"laporan-{filters.start:%Y%m%d}-{filters.end:%Y%m%d}"
    if fmt == "xlsx":
        return exports.as_xlsx(rows, name, _("Laporan"))
    return exports.as_csv(rows, name)


@staff_only
@reads_replica
def export_units(request, fmt):
    _form, filters, complaints = _scope(request)
    rows = exports.unit_rows(dashboard.unit_table(complaints, filters,
                                                  sort=request.GET.get("urut", "")))
    name = f"unit-{filters.start:%Y%m%d}-{filters.end:%Y%m%d}"
    if fmt == "xlsx":
        return exports.as_xlsx(rows, name, _("Unit kerja"))
    return exports.as_csv(rows, name)


def monthly_context(request):
    form, filters, complaints = _scope(request)
    month = filters.start
    if request.GET.get("bulan"):
        try:
            year, number = (int(part) for part in request.GET["bulan"].split("-"))
            month = month.replace(year=year, month=number, day=1)
        except ValueError:
            raise Http404 from None
    start, end = dashboard.month_of(month)
    filters = replace(filters, start=start, end=end)
    return {
        "title": _("Laporan bulanan pengaduan %(month)s") % {"month": start.strftime("%m/%Y")},
        "month": start,
        "figures": (figures := dashboard.figures(complaints, filters)),
        "figure_labels": FIGURE_LABELS,
        "figure_rows": _figure_rows(figures),
        "units": dashboard.unit_table(complaints, filters, sort="unit"),
        "unit_columns": exports.UNIT_COLUMNS,
        "sort_columns": SORT_COLUMNS,
        "oldest": dashboard.oldest_open(complaints, filters),
        "query": request.GET.urlencode(),
    }


@staff_only
@reads_replica
def monthly_report(request):
    return render(request, "disposition/monthly.html", monthly_context(request))


@staff_only
@reads_replica
def monthly_report_pdf_view(request):
    report = monthly_context(request)
    response = HttpResponse(monthly_report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="laporan-bulanan-{report["month"]:%Y-%m}.pdf"')
    return response


STATISTICS_CACHE_SECONDS = 600


@reads_replica
def statistics(request):
    """Public accountability: per-unit compliance and monthly totals for the last twelve
    months. Counts only: no titles, no people, nothing of a confidential report."""
    return shared_page(request, lambda extra: _statistics(request, extra),
                       seconds=STATISTICS_CACHE_SECONDS, key="statistik")


def _statistics(request, extra):
    today = timezone.localdate()
    key = f"lapor:statistik:{today:%Y-%m-%d}"
    context = cache.get(key)
    if context is None:
        start, end = dashboard.month_of(today)
        year = dashboard.Filters(start=dashboard.months_back(end)[0], end=end)
        complaints = Complaint.objects.all()
        trend = dashboard.monthly_trend(complaints, year)
        context = {
            "trend": trend,
            "trend_chart": charts.paired_columns(trend, "received", "closed"),
            "units": dashboard.unit_table(complaints, year, sort="unit"),
            "figure_rows": _figure_rows(dashboard.figures(complaints, year)),
            "sort_columns": SORT_COLUMNS,
            "start": year.start, "end": year.end,
        }
        cache.set(key, context, STATISTICS_CACHE_SECONDS)
    response = render(request, "disposition/statistics.html", {**context, **extra})
    response["Cache-Control"] = f"public, max-age={STATISTICS_CACHE_SECONDS}"
    return response
