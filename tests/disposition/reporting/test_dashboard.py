"""The dashboards against a hand-built November whose answers are known: a holiday, a stopped
clock, a late answer, an archived report and an overdue one; then filters, permissions,
exports, the monthly report, /statistik/ and query counts."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Appointment
from complaints import services as citizen
from complaints.models import Complaint, Holiday
from disposition import services
from tests.disposition.helpers import dispose_to
from tests.factories import appoint, file_report, make_unit

Role = Appointment.Role

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 11, 30, 12, tzinfo=WIB)
NOVEMBER = {"periode": "kustom", "dari": "2026-11-01", "sampai": "2026-11-30"}


def at(day, hour=9):
    return time_machine.travel(datetime(2026, 11, day, hour, tzinfo=WIB), tick=False)


def answer(complaint, people, operator, publisher, text="Sudah ditangani."):
    services.accept(complaint=complaint, user=operator)
    services.save_draft(complaint=complaint, user=operator, text=text)
    return services.publish(complaint=complaint, user=publisher)


@pytest.fixture
def november(category, people, units):
    """A: answered in time and closed (rating 4); B: waited 3 days for the reporter, answered
    across a holiday; C: answered 11 working days late, closed (rating 2); D: spam; E: overdue."""
    Holiday.objects.create(date=date(2026, 11, 25), name="Hari jadi", kind="regional")
    made = {}
    with at(2):
        made["A"] = file_report(category, title="A")
        made["C"] = file_report(category, title="C", is_anonymous=True,
                                reporter_name="Sutrisno Wibowo")
    with at(2, 14):
        dispose_to(made["C"], units.dishub, people.alice)
    with at(4, 10):
        dispose_to(made["A"], units.dpu, people.alice)
    with at(9):
        answer(made["A"], people, people.bob, people.charlie)
    with at(10):
        citizen.confirm_solved(complaint=made["A"])
        citizen.rate(complaint=made["A"], score=4)
        made["D"] = file_report(category, title="D")
        services.archive(complaint=made["D"], user=people.alice, reason="spam")
    with at(12):
        made["E"] = file_report(category, title="E")
    with at(13):
        dispose_to(made["E"], units.dpu, people.alice)
    with at(16):
        made["B"] = file_report(category, title="B")
    with at(17, 10):
        services.request_info(complaint=made["B"], user=people.alice, question="Foto?")
        answer(made["C"], people, people.dave, people.dave)
    with at(18):
        citizen.confirm_solved(complaint=made["C"])
        citizen.rate(complaint=made["C"], score=2)
    with at(20, 10):
        citizen.provide_info(complaint=made["B"], text="Ini fotonya.")
    with at(23):
        dispose_to(made["B"], units.dpu, people.alice)
    with at(26, 10):
        answer(made["B"], people, people.bob, people.charlie)
    return made


def dashboard(client, person, **query):
    client.force_login(person)
    with time_machine.travel(NOW, tick=False):
        return client.get(reverse("disposition:dashboard"), {**NOVEMBER, **query})


def test_every_figure_matches_the_hand_count(client, people, november):
    figures = dashboard(client, people.alice).context["figures"]
    assert {k: figures[k] for k in ("received", "verified", "in_progress", "answered",
                                    "closed", "archived", "forwarded", "overdue")} == {
        "received": 5, "verified": 4, "in_progress": 1, "answered": 1, "closed": 2,
        "archived": 1, "forwarded": 0, "overdue": 1}
    # to disposition: A 2, B 5 - 3 waited = 2, C 0, E 1
    assert (figures["avg_to_disposition"], figures["median_to_disposition"]) == (1.25, 1.5)
    # to the first answer: A 3, B 2 (the holiday skipped), C 11
    assert (figures["avg_to_answer"], figures["median_to_answer"]) == (5.33, 3.0)
    assert (figures["in_time"], figures["first_answered"], figures["share_in_time"]) == (
        2, 3, 66.7)
    assert figures["share_closed"] == 40.0
    assert (figures["avg_rating"], figures["ratings"]) == (
        3.0, [(5, 0), (4, 1), (3, 0), (2, 1), (1, 0)])


def test_the_unit_table_matches_the_hand_count(client, people, november):
    rows = {row["lead_unit__name"]: row
            for row in dashboard(client, people.alice).context["units"]}
    dpu, dishub = rows["Dinas Pekerjaan Umum"], rows["Dinas Perhubungan"]
    assert (dpu["received"], dpu["open"], dpu["overdue"]) == (3, 2, 1)
    assert (dpu["avg_to_answer"], dpu["median_to_answer"], dpu["share_in_time"]) == (
        2.5, 2.5, 100.0)
    assert (dpu["share_closed"], dpu["avg_rating"]) == (33.3, 4.0)
    assert (dishub["received"], dishub["open"], dishub["avg_to_answer"],
            dishub["share_in_time"], dishub["share_closed"]) == (1, 0, 11.0, 0.0, 100.0)


@pytest.mark.parametrize("sort, first", [("received", "Dinas Pekerjaan Umum"),
                                         ("unit", "Dinas Pekerjaan Umum"),
                                         ("avg_answer", "Dinas Pekerjaan Umum"),
                                         ("in_time", "Dinas Pekerjaan Umum"),
                                         ("closed", "Dinas Perhubungan")])
def test_the_unit_table_sorts(client, people, november, sort, first):
    rows = dashboard(client, people.alice, urut=sort).context["units"]
    assert rows[0]["lead_unit__name"] == first


def test_the_trend_counts_november(client, people, november):
    trend = dashboard(client, people.alice).context["trend"]
    assert len(trend) == 12 and trend[-1]["month"] == date(2026, 11, 1)
    assert (trend[-1]["received"], trend[-1]["closed"], trend[-1]["share_in_time"]) == (
        5, 2, 66.7)
    assert trend[-2]["received"] == 0


@pytest.mark.parametrize("query, received", [
    ({"unit": "dishub"}, 1),
    ({"klasifikasi": "aspiration"}, 0),
    ({"kanal": "web"}, 5),
    ({"periode": "kustom", "dari": "2026-11-10", "sampai": "2026-11-12"}, 2),
])
def test_filters(client, people, units, november, query, received):
    if query.get("unit"):
        query = {"unit": getattr(units, query["unit"]).pk}
    assert dashboard(client, people.alice, **query).context["figures"]["received"] == received


def test_a_wrong_range_is_explained_and_the_month_shown(client, people, november):
    response = dashboard(client, people.alice, dari="2026-11-30", sampai="2026-11-01")
    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in response.content.decode()
    assert response.context["filters"].start == date(2026, 11, 1)


# --- Who sees what ------------------------------------------------------------------------------


@pytest.mark.parametrize("person, received", [("alice", 5), ("erin", 5), ("bob", 3),
                                              ("charlie", 3), ("dave", 1)])
def test_a_unit_sees_only_its_own(client, people, november, person, received):
    response = dashboard(client, getattr(people, person))
    assert response.context["figures"]["received"] == received


@pytest.mark.parametrize("person", ["frank", None])
def test_citizens_and_visitors_are_sent_to_log_in(client, people, person):
    if person:
        client.force_login(getattr(people, person))
    for name in ("dashboard", "monthly", "monthly_pdf"):
        response = client.get(reverse(f"disposition:{name}"))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_unit_cannot_open_another_unit_s_drill_down(client, people, units, november):
    client.force_login(people.bob)
    assert client.get(reverse("disposition:unit", args=[units.dishub.pk])).status_code == 404
    client.force_login(people.alice)
    with time_machine.travel(NOW, tick=False):
        page = client.get(reverse("disposition:unit", args=[units.dpu.pk]), NOVEMBER)
    assert [c.title for c in page.context["overdue"]] == ["E"]
    assert reverse("admin:complaints_complaint_change",
                   args=[november["E"].pk]) in page.content.decode()


# --- Exports ------------------------------------------------------------------------------------


def export(client, person, fmt="csv", **query):
    client.force_login(person)
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("disposition:export_complaints", args=[fmt]),
                              {**NOVEMBER, **query})
    return response


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_export_streams_the_period_without_personal_data(client, people, november):
    response = export(client, people.alice)
    assert response.streaming
    rows = csv_rows(response)
    assert rows[0][:3] == ["Nomor tiket", "Dikirim", "Status"]
    assert "Nama pelapor" not in rows[0] and len(rows) == 6
    assert all("Budi" not in cell and "Sutrisno" not in cell for row in rows for cell in row)


def test_a_coordinator_may_add_names_but_never_an_anonymous_one(client, people, november):
    # C is anonymous: no export carries its reporter, not even a coordinator's.
    rows = csv_rows(export(client, people.alice, kolom=["kode", "nama"]))
    names = {code: name for code, name in rows[1:]}
    assert names[november["A"].tracking_code] == "Budi Santoso"
    assert names[november["C"].tracking_code] == ""


def test_a_unit_cannot_ask_for_personal_columns(client, people, november):
    rows = csv_rows(export(client, people.bob, kolom=["kode", "nama", "email"]))
    assert rows[0] == ["Nomor tiket"] and len(rows) == 4


def test_the_xlsx_export_opens_in_a_spreadsheet(client, people, november):
    response = export(client, people.alice, fmt="xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    assert sheet.max_row == 6 and sheet["A1"].value == "Nomor tiket"


def test_the_unit_table_exports(client, people, november):
    client.force_login(people.alice)
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("disposition:export_units", args=["csv"]), NOVEMBER)
    rows = csv_rows(response)
    assert rows[0][0] == "Unit kerja" and {row[0] for row in rows[1:]} == {
        "Dinas Pekerjaan Umum", "Dinas Perhubungan"}


# --- Monthly report and public statistics -------------------------------------------------------


def test_the_monthly_report_and_its_pdf(client, people, november):
    client.force_login(people.alice)
    with time_machine.travel(NOW, tick=False):
        page = client.get(reverse("disposition:monthly"), {"bulan": "2026-11"})
        pdf = client.get(reverse("disposition:monthly_pdf"), {"bulan": "2026-11"})
    assert page.context["figures"]["received"] == 5
    assert [c.title for c in page.context["oldest"]] == ["E", "B"]
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    assert len(pdf.content) > 1500
    assert client.get(reverse("disposition:monthly"), {"bulan": "bukan"}).status_code == 404


def test_public_statistics_show_counts_only_and_are_cached(client, people, november, db):
    from django.core.cache import cache

    cache.clear()
    with time_machine.travel(NOW, tick=False):
        first = client.get(reverse("disposition:statistics"))
        with CaptureQueriesContext(connection) as queries:
            again = client.get(reverse("disposition:statistics"))
    html = first.content.decode()
    assert first.status_code == again.status_code == 200
    assert "Dinas Pekerjaan Umum" in html
    assert "Budi" not in html and "Sutrisno" not in html and "Jalan berlubang" not in html
    assert len(queries) == 0
    assert "public" in first["Cache-Control"]


def test_the_dashboard_runs_the_same_queries_for_few_and_many(client, people, units,
                                                               category):
    def count():
        client.force_login(people.alice)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("disposition:dashboard"),
                              {"periode": "tahun-ini"}).status_code == 200
        return len(queries)

    dispose_to(file_report(category), units.dpu, people.alice)
    few = count()
    for _ in range(10):
        dispose_to(file_report(category), units.dishub, people.alice)
    assert count() == few


def test_generated_complaints_are_spread_like_a_real_year(category, units, people, db):
    from django.core.management import CommandError, call_command

    from complaints.models import Complaint
    from tests.factories import make_category

    make_category("pju", unit=units.dishub)
    call_command("generate_complaints", count=2000, verbosity=0)
    generated = Complaint.objects.filter(tracking_code__startswith="G-")
    assert generated.count() == 2000
    assert generated.filter(category__code="jalan").count() > generated.filter(
        category__code="pju").count()
    assert generated.values("state").distinct().count() >= 7
    assert generated.filter(answered_in_time__isnull=False).count() > 500
    # Each report that reached a unit is in that unit's workbench, as a real one would be.
    from disposition.access import complaints_for_staff

    reached = generated.filter(lead_unit=units.dishub, disposed_at__isnull=False)
    assert reached.exists()
    assert set(complaints_for_staff(people.dave).filter(tracking_code__startswith="G-")
               ) >= set(reached)
    assert not generated.filter(disposed_at__isnull=True, dispositions__isnull=False).exists()
    with pytest.raises(CommandError):
        call_command("generate_complaints", count=0)


# --- The monthly rollup gives the same numbers ----------------------------------------------------


@pytest.mark.parametrize("sort", ["overdue", "received", "avg_answer", "closed", "rating"])
def test_the_rollup_gives_the_same_numbers_as_counting_live(client, people, november, sort):
    from disposition.reporting import figures, rollup

    live = dashboard(client, people.alice, urut=sort).context
    assert live["as_of"] is None  # nothing rolled up yet: counted live
    with time_machine.travel(NOW, tick=False):
        rollup.refresh_all()
    rolled = dashboard(client, people.alice, urut=sort).context
    assert rolled["as_of"] is not None
    # Every measure of the table, and what is derived from them, on both paths.
    assert set(figures.FIGURE_MEASURES) < set(live["figures"])
    assert rolled["figures"] == live["figures"]
    assert {name for name in figures.UNIT_MEASURES} < set(live["units"][0])
    assert rolled["units"] == live["units"]
    assert rolled["trend"] == live["trend"]
    assert [[(r["label"], r["n"]) for r in rows] for _title, rows, _chart in rolled["charts"]] \
        == [[(r["label"], r["n"]) for r in rows] for _title, rows, _chart in live["charts"]]


@pytest.mark.django_db(transaction=True)  # VACUUM runs outside a transaction
def test_overdue_per_unit_is_counted_from_the_open_rows_index_alone(client, people, november):
    """The rolled-up dashboard counts "overdue now" live over its whole period: from the
    partial index alone, not the table (a year at a million: 42 ms, not 312)."""
    from disposition.reporting import rollup

    # As autovacuum keeps a large table: its pages all visible, so that reading the index
    # alone is what costs least. Just written, a tiny table's plain index scans of other
    # indexes may cost as little, and the planner's choice would follow its statistics.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE complaints_complaint")

    with time_machine.travel(NOW, tick=False):
        rollup.refresh_all()
    overdue_queries = []

    def keep(execute, sql, params, many, context):
        if "GROUP BY" in sql and '"due_at" <' in sql:
            overdue_queries.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        assert dashboard(client, people.alice).context["as_of"] is not None  # rolled up
    [(sql, params)] = overdue_queries
    # How it can be run at all, whatever the table's size.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using complaint_staff_open_period" in plan, plan


@pytest.mark.parametrize("dimension", ["kategori", "kanal", "kecamatan"])
def test_a_filter_on_one_dimension_reads_its_trend_from_the_rollup(client, people, november,
                                                                   dimension, district,
                                                                   monkeypatch):
    from disposition.reporting import figures, rollup

    Complaint.objects.filter(title__in=["A", "C"]).update(district=district)
    complaint = Complaint.objects.get(title="A")
    value = {"kategori": complaint.category_id, "kanal": complaint.channel_id,
             "kecamatan": complaint.district_id}[dimension]
    live = dashboard(client, people.alice, **{dimension: value}).context["trend"]
    assert sum(month["received"] for month in live) > 0
    with time_machine.travel(NOW, tick=False):
        rollup.refresh_all()
    monkeypatch.setattr(figures, "monthly_trend", lambda *args: pytest.fail("counted live"))
    assert dashboard(client, people.alice, **{dimension: value}).context["trend"] == live


def test_two_filters_or_a_partial_month_count_the_trend_live(client, people, november,
                                                             monkeypatch):
    from disposition.reporting import figures, rollup

    with time_machine.travel(NOW, tick=False):
        rollup.refresh_all()
    complaint = Complaint.objects.first()
    counted = []
    real = figures.monthly_trend
    monkeypatch.setattr(figures, "monthly_trend",
                        lambda *args: counted.append(1) or real(*args))
    dashboard(client, people.alice, kategori=complaint.category_id, kanal=complaint.channel_id)
    dashboard(client, people.alice, kategori=complaint.category_id, periode="kustom",
              dari="2026-11-02", sampai="2026-11-30")
    assert counted == [1, 1]


def test_a_filter_or_a_unit_user_counts_live(client, people, units, november):
    from disposition.reporting import rollup

    with time_machine.travel(NOW, tick=False):
        rollup.refresh_all()
    assert dashboard(client, people.alice, kanal="web").context["as_of"] is None
    assert dashboard(client, people.bob).context["as_of"] is None
    partial = dashboard(client, people.alice, periode="kustom", dari="2026-11-02",
                        sampai="2026-11-30")
    assert partial.context["as_of"] is None and partial.context["figures"]["received"] == 5


def test_the_live_trend_counts_each_date_in_its_own_month_as_the_rollup_does(
        client, people, category, units):
    """Filed at 23:30 on 31 October (16:30 UTC), answered and closed in November; one filed
    in September and closed in November: one pass counts each date in its own month."""
    with time_machine.travel(datetime(2026, 9, 30, 23, 30, tzinfo=WIB), tick=False):
        older = file_report(category, title="Selokan mampet sejak September")
    with time_machine.travel(datetime(2026, 10, 31, 23, 30, tzinfo=WIB), tick=False):
        report = file_report(category, title="Lampu padam di akhir bulan")
    with at(2):
        dispose_to(report, units.dpu, people.alice)
        dispose_to(older, units.dpu, people.alice)
    with at(3):
        answer(report, people, people.bob, people.charlie)
        answer(older, people, people.bob, people.charlie)
    with at(5):
        citizen.confirm_solved(complaint=report)
        citizen.confirm_solved(complaint=older)
    live = {row["month"]: row for row in dashboard(client, people.alice).context["trend"]}
    assert [live[date(2026, m, 1)]["received"] for m in (9, 10, 11)] == [1, 1, 0]
    assert [live[date(2026, m, 1)]["closed"] for m in (9, 10, 11)] == [0, 0, 2]
    assert [live[date(2026, m, 1)]["answered"] for m in (9, 10, 11)] == [0, 0, 2]
    from disposition.reporting import rollup

    with time_machine.travel(NOW, tick=False):
        rollup.refresh_all()
    rolled = {row["month"]: row for row in dashboard(client, people.alice).context["trend"]}
    assert rolled == live


def test_a_unit_user_s_trend_is_read_from_their_units_rollup_rows(client, people, units,
                                                                  november, monkeypatch):
    from accounts.models import Unit
    from disposition.reporting import figures, rollup

    # A report led by a DPU division is the DPU operator's too: its rows are added up.
    division = make_unit("DPU-BM", Unit.Kind.DIVISION, name="Bidang Bina Marga",
                         parent=units.dpu)
    Complaint.objects.filter(title="E").update(lead_unit=division)
    live = dashboard(client, people.bob).context["trend"]
    assert sum(month["received"] for month in live) == 3  # A, B and E
    assert dashboard(client, people.bob).context["trend_as_of"] is None
    with time_machine.travel(NOW, tick=False):
        rollup.refresh_all()
    monkeypatch.setattr(figures, "monthly_trend", lambda *args: pytest.fail("counted live"))
    page = dashboard(client, people.bob)
    assert page.context["trend"] == live
    assert page.context["as_of"] is None  # the figures, the table and the charts stay live
    assert page.context["trend_as_of"] is not None
    assert "dari rekap per" in page.content.decode()
    # Another unit's user sums only their own unit's rows.
    dishub = dashboard(client, people.dave).context["trend"]
    assert sum(month["received"] for month in dishub) == 1  # C


def test_a_division_user_whose_work_comes_down_from_the_unit_counts_their_trend_live(
        client, people, units, november, monkeypatch):
    from accounts.models import Unit
    from disposition.access import dashboard_lead_units
    from disposition.reporting import figures, rollup

    division = make_unit("DPU-SDA", Unit.Kind.DIVISION, name="Bidang SDA", parent=units.dpu)
    appoint(people.frank, division, Role.OPERATOR)
    people.frank.refresh_from_db()
    assert dashboard_lead_units(people.frank) is None  # work sent down is not by lead unit
    assert dashboard_lead_units(people.alice) is None  # the whole region
    assert dashboard_lead_units(people.bob) == {units.dpu.pk, division.pk}
    with time_machine.travel(NOW, tick=False):
        rollup.refresh_all()
    counted = []
    real = figures.monthly_trend
    monkeypatch.setattr(figures, "monthly_trend", lambda *args: counted.append(1) or real(*args))
    assert dashboard(client, people.frank).context["trend_as_of"] is None
    dashboard(client, people.bob, kategori=Complaint.objects.first().category_id)
    assert counted == [1, 1]  # and a unit user's filtered trend is counted live too
