"""Each stage's deadline: computed once when the stage starts, from the region's holiday
calendar and the deadline policies, and stored on the complaint (`due_at`, with the start and
length it came from). Editing a holiday or a policy recomputes the open complaints' deadlines
through `recompute_open_deadlines`, never on the fly."""

import time
from dataclasses import dataclass
from functools import cached_property

from django.db import connection, transaction
from django.utils import timezone

from complaints.models import Complaint, DeadlinePolicy, Holiday
from complaints.policy import DEFAULT_WORKING_DAYS
from complaints.workflow import State
from lapor.workdays import add_working_days, working_days_elapsed

Stage = DeadlinePolicy.Stage

# Whose clock runs in each open state, and for which stage.
STAGE_OF_STATE = {
    State.SUBMITTED: Stage.VERIFICATION,
    State.RETURNED: Stage.VERIFICATION,
    State.NEEDS_INFO: Stage.INFO_REQUEST,
    State.DISPOSITIONED: Stage.FIRST_RESPONSE,
    State.IN_PROGRESS: Stage.FIRST_RESPONSE,
    State.WAITING_REPORTER: Stage.INFO_REQUEST,
    State.ANSWERED: Stage.REPORTER_REPLY,
}
# After the first answer the unit's deadline is the completion target (completion_due_at).
COMPLETION_STATES = frozenset({State.FOLLOWED_UP})


def holiday_dates():
    return frozenset(Holiday.objects.values_list("date", flat=True))


_DISPLAY_CACHE_SECONDS = 60
_display_cache = {"loaded": float("-inf"), "dates": frozenset()}


def holiday_dates_for_display():
    """The calendar for ages and lateness shown in lists: read at most once a minute per
    process. Stored deadlines never use this; they read the table when computed."""
    if time.monotonic() - _display_cache["loaded"] > _DISPLAY_CACHE_SECONDS:
        _display_cache.update(dates=holiday_dates(), loaded=time.monotonic())
    return _display_cache["dates"]


# The stage's policy row that applies (the category's own, else the region's) and the holiday
# calendar, as SQL with the stage and the category's id as its values.
_POLICY_SQL = (f"(SELECT working_days FROM {DeadlinePolicy._meta.db_table}"
               f" WHERE stage = %s AND (category_id IS NULL OR category_id = %s)"
               f" ORDER BY category_id NULLS LAST LIMIT 1)")
_HOLIDAYS_SQL = f"ARRAY(SELECT date FROM {Holiday._meta.db_table} ORDER BY date)"


@dataclass(frozen=True)
class StageCalendar:
    """How long a stage lasts and the holidays, as read together from the tables."""

    stage: str
    category_id: int | None
    policy_days: int | None  # None: no policy row, the regulation's default applies
    holidays: frozenset

    @property
    def days(self):
        return self.policy_days or DEFAULT_WORKING_DAYS[self.stage]

    def unchanged(self):
        """(SQL, values) of a condition that holds while the tables still say what this copy
        says — for lapor.bulk.insert_together's `provided`."""
        return (f"{_POLICY_SQL} IS NOT DISTINCT FROM %s AND {_HOLIDAYS_SQL} = %s::date[]",
                [self.stage, self.category_id, self.policy_days, self.holidays_literal])

    @cached_property
    def holidays_literal(self):
        """The holidays as PostgreSQL's text of a date[], made once: sent as a list, the
        eighty dates were sorted and converted one by one on every filing."""
        return "{" + ",".join(day.isoformat() for day in sorted(self.holidays)) + "}"


def read_stage_calendar(stage, category=None):
    """The stage's calendar in one query."""
    category_id = category.pk if category is not None else None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_POLICY_SQL}, {_HOLIDAYS_SQL}", [stage, category_id])
        days, holidays = cursor.fetchone()
    return StageCalendar(stage, category_id, days, frozenset(holidays))


def stage_calendar(stage, category=None):
    """(working days, holidays): how long `stage` lasts — the category's own policy, else the
    region's, else the regulation's default — and the holiday calendar, in one query."""
    calendar = read_stage_calendar(stage, category)
    return calendar.days, calendar.holidays


# A report's first deadline is computed while the citizen waits for the receipt, so a filing
# uses the calendar this process read before, and its statement checks `unchanged()`: when a
# holiday or a policy changed since, nothing is written and the filing is made again with the
# calendar read anew (complaints.services.submit_complaint). Nothing else may use these copies.
_kept_calendars: dict[tuple, StageCalendar] = {}


def kept_stage_calendar(stage, category=None):
    key = (stage, category.pk if category is not None else None)
    calendar = _kept_calendars.get(key)
    if calendar is None:
        calendar = _kept_calendars[key] = read_stage_calendar(stage, category)
    return calendar


def forget_kept_calendars():
    _kept_calendars.clear()


def policy_days(stage, category=None):
    return stage_calendar(stage, category)[0]


def start_stage(stage, *, category, at=None, days=None, holidays=None):
    """The fields that start `stage` at `at`: pass them as a step's `changes`."""
    at = at or timezone.now()
    if not days or holidays is None:
        policy, calendar = stage_calendar(stage, category)
        days, holidays = days or policy, calendar if holidays is None else holidays
    return {"stage_started_at": at, "stage_days": days,
            "due_at": add_working_days(at, days, holidays)}


def no_deadline():
    return {"stage_started_at": None, "stage_days": None, "due_at": None,
            "paused_days_left": None}


def pause_for_reporter(complaint, *, at=None):
    """Asking the reporter stops the verification clock: keep what was left of it, and give
    the reporter their own window."""
    at = at or timezone.now()
    holidays = holiday_dates()
    left = 1
    if complaint.due_at is not None:
        left = max(1, working_days_elapsed(at, complaint.due_at, holidays) + 1)
    return {**start_stage(Stage.INFO_REQUEST, category=complaint.category, at=at,
                          holidays=holidays),
            "paused_days_left": left}


def resume_verification(complaint, *, at=None):
    """The reporter answered: verification resumes with the days it had left; the working
    days spent waiting are kept aside so that they never count against the coordinator."""
    at = at or timezone.now()
    holidays = holiday_dates()
    waited = 0
    if complaint.stage_started_at is not None:
        waited = working_days_elapsed(complaint.stage_started_at, at, holidays)
    return {**start_stage(Stage.VERIFICATION, category=complaint.category, at=at,
                          days=complaint.paused_days_left, holidays=holidays),
            "paused_days_left": None,
            "paused_working_days": complaint.paused_working_days + waited}


def pause_for_unit_question(complaint, *, at=None):
    """A unit asks the reporter: its clock (the first answer's, or the completion target's)
    stops with what was left of it, the reporter gets their window, and the state to return
    to is kept."""
    return {**pause_for_reporter(complaint, at=at), "paused_state": complaint.state}


def resume_after_question(complaint, *, at=None):
    """The reporter answered (or the question was withdrawn or went unanswered): back to the
    unit with the days that were left; the working days spent waiting push the completion
    target back."""
    at = at or timezone.now()
    holidays = holiday_dates()
    waited = 0
    if complaint.stage_started_at is not None:
        waited = working_days_elapsed(complaint.stage_started_at, at, holidays)
    paused = complaint.completion_paused_days + waited
    completion = complaint.completion_due_at
    if complaint.verified_at is not None:
        completion = completion_due(complaint.category, complaint.verified_at, holidays,
                                    paused_days=paused)
    changes = {"paused_state": "", "paused_days_left": None, "completion_paused_days": paused,
               "completion_due_at": completion}
    if complaint.paused_state in COMPLETION_STATES:
        return {**changes, "stage_started_at": at, "stage_days": None, "due_at": completion}
    return {**start_stage(Stage.FIRST_RESPONSE, category=complaint.category, at=at,
                          days=complaint.paused_days_left or 1, holidays=holidays), **changes}


def start_completion_stage(complaint, *, at, holidays=None):
    """After the first answer the unit works to the completion target."""
    due = complaint.completion_due_at or completion_due(complaint.category, at, holidays)
    return {"stage_started_at": at, "stage_days": None, "due_at": due}


def completion_due(category, at, holidays=None, *, paused_days=0):
    """The target for the whole handling, by category (5, 14 or 60 working days), plus the
    working days the unit waited for the reporter."""
    holidays = holiday_dates() if holidays is None else holidays
    return add_working_days(at, category.completion_days + paused_days, holidays)


# --- What a stage's end records (the dashboards' durations) --------------------------------------


def completion_measures(complaint, at):
    """The first completion reported: when, and whether within the completion target."""
    if complaint.completed_at is not None:
        return {}
    return {"completed_at": at,
            "completed_in_time": complaint.completion_due_at is None
            or at <= complaint.completion_due_at}


def verification_measures(complaint, category, at, holidays):
    """The first verification: when, and the completion target it starts (by the category
    as verified)."""
    if complaint.verified_at is not None:
        return {}
    return {"verified_at": at, "completion_due_at": completion_due(category, at, holidays)}


def disposition_measures(complaint, at, holidays):
    """The first disposition: when, and the working days it took, the reporter's waiting
    time (under "needs info") set aside."""
    if complaint.disposed_at is not None:
        return {}
    waited = working_days_elapsed(complaint.submitted_at, at, holidays)
    return {"disposed_at": at,
            "days_to_disposition": max(0, waited - complaint.paused_working_days)}


def first_answer_measures(complaint, at, holidays):
    """The first published answer (what the answer deadline measures): when, the working days
    since disposition, and whether it came within the deadline."""
    if complaint.first_answered_at is not None:
        return {}
    return {"first_answered_at": at,
            "days_to_first_answer": working_days_elapsed(
                complaint.disposed_at or complaint.submitted_at, at, holidays),
            "answered_in_time": complaint.due_at is None or at <= complaint.due_at}


def _policy_table():
    """(stage, category id or None) → working days, for looking many up at once."""
    table = {(stage, None): days for stage, days in DEFAULT_WORKING_DAYS.items()}
    table.update({(stage, category_id): days for stage, category_id, days in
                  DeadlinePolicy.objects.values_list("stage", "category_id", "working_days")})
    return table


def recompute_open_deadlines(*, policies_changed=False, batch_size=2000):
    """After the calendar or a policy changed: every open complaint's deadline again, from
    its stage's stored start. After a policy change the stage's length is the policy's again
    (a verification resumed after the reporter answered then restarts in full: the
    conservative reading). Returns how many deadlines moved."""
    holidays = holiday_dates()
    table = _policy_table() if policies_changed else None
    open_complaints = (
        Complaint.objects.filter(state__in=[*STAGE_OF_STATE, *COMPLETION_STATES],
                                 stage_started_at__isnull=False)
        .select_related("category")
        .only("pk", "state", "stage_started_at", "stage_days", "due_at", "verified_at",
              "completion_due_at", "completion_paused_days", "category_id",
              "category__completion_days")
        .order_by("pk")
    )
    changed = []
    for complaint in open_complaints.iterator(chunk_size=batch_size):
        completion = complaint.completion_due_at
        if complaint.verified_at is not None:
            completion = completion_due(complaint.category, complaint.verified_at, holidays,
                                        paused_days=complaint.completion_paused_days)
        days = complaint.stage_days
        if complaint.state in COMPLETION_STATES:
            due = completion
        else:
            if table is not None:
                stage = STAGE_OF_STATE[complaint.state]
                days = table.get((stage, complaint.category_id), table[(stage, None)])
            due = add_working_days(complaint.stage_started_at, days, holidays)
        if (days, due, completion) != (complaint.stage_days, complaint.due_at,
                                       complaint.completion_due_at):
            complaint.stage_days, complaint.due_at = days, due
            complaint.completion_due_at = completion
            changed.append(complaint)
    with transaction.atomic():
        Complaint.objects.bulk_update(changed, ["stage_days", "due_at", "completion_due_at"],
                                      batch_size=batch_size)
    return len(changed)


def save_calendar_entry(entry):
    """Save a holiday or a policy and move the open deadlines it affects."""
    with transaction.atomic():
        entry.save()
        return recompute_open_deadlines(policies_changed=isinstance(entry, DeadlinePolicy))


def delete_calendar_entry(entry):
    with transaction.atomic():
        entry.delete()
        return recompute_open_deadlines(policies_changed=isinstance(entry, DeadlinePolicy))
