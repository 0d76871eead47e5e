"""Realistic complaints in bulk, for benchmarks and for trying the dashboards at scale.

One INSERT … SELECT per category over generate_series: the category's share of a year's
complaints from lapor/data/demo-region.json, states, channels, kecamatan, working-day
durations and ratings drawn in SQL. A million rows take about a minute; nothing goes through
the services, so no events, messages or files are made (these rows are statistics, not
cases to work on). Each report that reached a unit gets that unit's lead disposition, so a
unit's workbench holds as large a share of the table as a real region's would."""

import json
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from accounts.models import Unit
from complaints import geo
from complaints.models import Category, Complaint

DEMO_REGION = Path(settings.BASE_DIR) / "lapor" / "data" / "demo-region.json"
PREFIX = "G-"
# Weighted pools: each value appears as often as its share (in twentieths / hundredths).
CHANNELS = (["web"] * 7 + ["whatsapp"] * 5 + ["sms"] * 2 + ["instagram"] * 2 + ["facebook"]
            + ["x"] + ["phone"] + ["walk_in"])
KINDS = ["complaint"] * 16 + ["aspiration"] * 2 + ["information_request"] * 2
# What is wrong, after the category's name: titles a search can tell apart.
PROBLEMS = ["rusak parah", "berlubang", "tidak berfungsi", "perlu perbaikan", "kotor",
            "tersumbat", "membahayakan warga", "belum ditangani", "retak", "mati total",
            "kerusakan berulang", "dikeluhkan warga"]

INSERT = """
WITH base AS (
    SELECT i, random() AS r_state, random() AS r_pick, random() AS r_disp, random() AS r_ans,
           random() AS r_rate,
           now() - random() * interval '365 days' AS submitted
    FROM generate_series(1, %(count)s) AS i
), shaped AS (
    SELECT *,
        CASE WHEN %(history)s AND submitted < now() - interval '45 days' THEN
                 -- a region's past: what came in months ago is finished
                 CASE WHEN r_state < 0.86 THEN 'closed' WHEN r_state < 0.97 THEN 'archived'
                      ELSE 'forwarded' END
             WHEN r_state < 0.55 THEN 'closed' WHEN r_state < 0.63 THEN 'answered'
             WHEN r_state < 0.71 THEN 'in_progress' WHEN r_state < 0.76 THEN 'dispositioned'
             WHEN r_state < 0.80 THEN 'submitted' WHEN r_state < 0.82 THEN 'returned'
             WHEN r_state < 0.84 THEN 'needs_info' WHEN r_state < 0.97 THEN 'archived'
             ELSE 'forwarded' END AS state,
        floor(r_disp * r_disp * 6)::int AS d_disp,
        -- the unit's pace: a slow unit takes twice the working days, a fast one half
        floor(r_ans * r_ans * 12 * %(pace)s)::int AS d_ans
    FROM base
), dated AS (
    SELECT *,
        state IN ('dispositioned', 'in_progress', 'answered', 'closed') AS disposed,
        state IN ('answered', 'closed') AS has_answer,
        LEAST(now(), submitted + d_disp * interval '1 day' * 1.4) AS disposed_on
    FROM shaped
)
INSERT INTO complaints_complaint (
    tracking_code, secret_key, channel, kind, title, description, village, address,
    latitude, longitude,
    is_anonymous, is_confidential, reporter_name, reporter_email, reporter_phone,
    reporter_handle, source_reference, state, submitted_at, state_changed_at, archive_reason,
    rating_comment, category_id, lead_unit_id, district_id, verified_at, disposed_at,
    days_to_disposition, first_answered_at, days_to_first_answer, answered_in_time,
    closed_at, rating, due_at, paused_working_days, completion_due_at, completed_at,
    completed_in_time)
SELECT
    %(prefix)s || lpad((%(offset)s + i)::text, 10, '0'),
    md5(%(prefix)s || (%(offset)s + i)::text) || substr(md5(i::text || 'k'), 1, 11),
    (%(channels)s::text[])[1 + floor(r_pick * %(channel_count)s)::int],
    (%(kinds)s::text[])[1 + floor(r_rate * %(kind_count)s)::int],
    %(title)s || ' ' || (%(problems)s::text[])[1 + floor(r_ans * %(problem_count)s)::int]
        || ' #' || (%(offset)s + i), 'Laporan contoh untuk uji skala.', '', '',
    CASE WHEN r_disp < 0.7 THEN round(((%(latitudes)s::float8[])[1 + floor(r_state * 997)::int
        %% %(district_count)s] + (r_ans - 0.5) * 0.03)::numeric, 6) END,
    CASE WHEN r_disp < 0.7 THEN round(((%(longitudes)s::float8[])[1 + floor(r_state * 997)::int
        %% %(district_count)s] + (r_rate - 0.5) * 0.03)::numeric, 6) END,
    r_pick < 0.1, r_rate < 0.03, 'Warga', 'warga@contoh.test', '', '', 'generate_complaints',
    state, submitted, submitted,
    CASE WHEN state = 'archived' THEN 'spam' ELSE '' END, '',
    %(category)s,
    CASE WHEN disposed THEN %(unit)s END,
    (%(districts)s::bigint[])[1 + floor(r_state * 997)::int %% %(district_count)s],
    CASE WHEN disposed OR state IN ('returned', 'forwarded') THEN disposed_on END,
    CASE WHEN disposed THEN disposed_on END,
    CASE WHEN disposed THEN d_disp END,
    CASE WHEN has_answer THEN LEAST(now(), disposed_on + d_ans * interval '1 day' * 1.4) END,
    CASE WHEN has_answer THEN d_ans END,
    CASE WHEN has_answer THEN d_ans <= 5 END,
    CASE WHEN state = 'closed' THEN LEAST(now(), disposed_on + (d_ans + 12) * interval '1 day') END,
    CASE WHEN state = 'closed' AND r_rate < 0.6 THEN 1 + floor(r_rate / 0.6 * 5)::int END,
    CASE WHEN state IN ('submitted', 'returned', 'dispositioned', 'in_progress', 'answered',
                        'needs_info')
         THEN submitted + interval '7 days' END,
    0,
    CASE WHEN disposed THEN disposed_on + %(completion_days)s * interval '1 day' * 1.4 END,
    CASE WHEN has_answer THEN LEAST(now(), disposed_on + d_ans * interval '1 day' * 1.4) END,
    CASE WHEN has_answer THEN d_ans <= %(completion_days)s END
FROM dated
"""
DISPOSITIONS = """
INSERT INTO disposition_disposition (complaint_id, unit_id, role, instruction, state, sent_at,
                                     accepted_at, answered_at, return_reason)
SELECT id, lead_unit_id, 'lead', '',
       CASE WHEN state IN ('answered', 'closed') THEN 'answered'
            WHEN state = 'in_progress' THEN 'accepted' ELSE 'sent' END,
       disposed_at,
       CASE WHEN state IN ('in_progress', 'answered', 'closed') THEN disposed_at END,
       first_answered_at, ''
FROM complaints_complaint
WHERE id > %(after)s AND lead_unit_id IS NOT NULL AND disposed_at IS NOT NULL
      AND tracking_code LIKE %(prefix)s || '%%'
"""


def _centres(districts):
    """Each kecamatan's centre (of its loaded boundary; the region's box's without one):
    70% of the rows get a pin within about 1.5 km of it."""
    box = geo.region_box()
    centre = (float(box.centre[0]), float(box.centre[1]))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT district_id, avg((center(box(ring)))[1]), avg((center(box(ring)))[0]) "
            "FROM accounts_districtboundary GROUP BY district_id")
        found = {row[0]: (row[1], row[2]) for row in cursor.fetchall()}
    pins = [found.get(pk, centre) for pk in districts] or [centre]
    return [lat for lat, _long in pins], [long for _lat, long in pins]


def category_weights():
    region = json.loads(DEMO_REGION.read_text(encoding="utf-8"))
    return {item["code"].lower(): item.get("weight", 0) for item in region["categories"]}


def generate(count, *, history=False, pace=None):
    """Add `count` complaints spread over the categories by weight; returns how many.
    `history`: what came in more than 45 days ago is finished (a region's past, for the
    demo); `pace`: {unit code: factor} on the working days a unit takes to answer."""
    pace = pace or {}
    weights = category_weights()
    categories = [c for c in Category.objects.select_related("default_unit")
                  if weights.get(c.code)]
    total_weight = sum(weights[c.code] for c in categories)
    districts = list(Unit.objects.filter(kind=Unit.Kind.DISTRICT).values_list("pk", flat=True))
    latitudes, longitudes = _centres(districts)
    fallback = Unit.objects.exclude(kind=Unit.Kind.EXTERNAL).order_by("pk").first()
    offset = Complaint.objects.filter(tracking_code__startswith=PREFIX).count()
    made = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM complaints_complaint")
        (after,) = cursor.fetchone()
        for index, category in enumerate(categories):
            share = count - made if index == len(categories) - 1 else round(
                count * weights[category.code] / total_weight)
            if share <= 0:
                continue
            unit = category.default_unit
            if unit is None or unit.kind == Unit.Kind.EXTERNAL:
                unit = fallback
            cursor.execute(INSERT, {
                "count": share, "offset": offset + made, "prefix": PREFIX,
                "channels": CHANNELS, "channel_count": len(CHANNELS),
                "kinds": KINDS, "kind_count": len(KINDS), "title": category.name,
                "category": category.pk, "completion_days": category.completion_days,
                "unit": unit.pk, "districts": districts or [None],
                "district_count": max(1, len(districts)),
                "latitudes": latitudes, "longitudes": longitudes,
                "problems": PROBLEMS, "problem_count": len(PROBLEMS),
                "history": history, "pace": pace.get(unit.code, 1.0),
            })
            made += share
        cursor.execute(DISPOSITIONS, {"after": after, "prefix": PREFIX})
        cursor.execute("ANALYZE complaints_complaint")
        cursor.execute("ANALYZE disposition_disposition")
    _vacuum()
    return made


def _vacuum():
    """VACUUM what was just loaded, as autovacuum soon would in a running region: until then
    no page is marked all-visible, every index-only scan reads the table too (a capped count
    of the verification queue at 1M: 116 ms before, 5 ms after), and a benchmark would
    measure a table no region has. (Not inside a transaction, e.g. a test's: VACUUM cannot.)"""
    if connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for table in ("complaints_complaint", "disposition_disposition"):
            cursor.execute(f"VACUUM {table}")
