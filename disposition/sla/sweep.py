"""The SLA sweep: reminders before a deadline, escalation after it, the daily digests, and
the automatic closing and archiving when the reporter stays silent. `manage.py sla_sweep` and
the worker's schedule run the same `sweep()`.

Exactly once: every reminder, escalation and digest is first claimed with a unique SlaClaim
row (insert-or-skip) in the same transaction that records its Notification rows; the worker
delivers those after the commit, and `complaints.tasks.deliver` takes each row with a
conditional update before sending. A sweep killed after its commit leaves queued rows that
the next sweep re-queues; nothing claimed is claimed twice, nothing sent is sent twice.
The sweep reads only due rows through the partial index on open deadlines, so its cost
follows the number of due items, not the size of the tables.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_q.tasks import async_task

from accounts.models import Appointment, Unit
from accounts.selectors import coordinator_emails, leader_contacts, unit_staff_emails
from complaints import deadlines, notifications
from complaints.models import ArchiveReason, Complaint, Notification
from complaints.services import take_steps
from complaints.tasks import MAX_ATTEMPTS
from complaints.workflow import STAFF_CLOCK_STATES, Action, Actor, State, check
from disposition.models import SlaClaim, SweepRun
from lapor.workdays import add_working_days, end_of_working_day_before, is_working_day

logger = logging.getLogger(__name__)
Role = Appointment.Role
VERIFICATION_STATES = [State.SUBMITTED, State.RETURNED]
# Queued rows older than this without a delivery in flight lost their task (a crash between
# the commit and the hand-over to the worker): the sweep hands them over again.
LOST_AFTER_SECONDS = 300
REQUEUE_LIMIT = 1000
BATCH = 500


class _Audience:
    """Addresses per unit and for the coordinators, looked up once per sweep."""

    def __init__(self):
        self._units = {}
        self._coordinators = None
        self._leaders = None

    def coordinators(self):
        if self._coordinators is None:
            self._coordinators = coordinator_emails()
        return self._coordinators

    def leaders(self):
        if self._leaders is None:
            self._leaders = [email for email, _phone in leader_contacts()]
        return self._leaders

    def unit(self, unit, *roles):
        key = (unit.pk, roles)
        if key not in self._units:
            self._units[key] = [unit.notification_email, *unit_staff_emails(unit, *roles)]
        return self._units[key]

    def for_complaint(self, complaint, audience):
        """'reminder': who must act now (the coordinators to verify, the operators of the
        lead unit and of the sub-unit working on it to answer); 'unit': they and the heads;
        'coordinator': above them; 'leaders': the region's leaders."""
        if audience == "leaders":
            return self.leaders()
        if audience == "coordinator" or complaint.state in VERIFICATION_STATES:
            return self.coordinators()
        roles = (Role.OPERATOR,) if audience == "reminder" else (Role.OPERATOR, Role.APPROVER)
        units = [u for u in (complaint.lead_unit, complaint.working_unit) if u is not None]
        return [address for unit in units for address in self.unit(unit, *roles)]


def _claim(**fields):
    """Insert one claim, or return False when it exists (in a savepoint, so the caller's
    transaction goes on)."""
    try:
        with transaction.atomic():
            SlaClaim.objects.create(**fields)
        return True
    except IntegrityError:
        return False


CLAIM_MANY = """
    INSERT INTO disposition_slaclaim (kind, complaint_id, due_at, level, claimed_at)
    SELECT %s, unnest(%s::bigint[]), unnest(%s::timestamptz[]), %s, now()
    ON CONFLICT DO NOTHING
    RETURNING complaint_id
"""


def _claim_many(kind, level, complaints):
    """Claim a batch with one insert-or-skip; returns the ids this sweep won."""
    with connection.cursor() as cursor:
        cursor.execute(CLAIM_MANY, [kind, [c.pk for c in complaints],
                                    [c.due_at for c in complaints], level])
        return {row[0] for row in cursor.fetchall()}


def _unclaimed(complaints, kind, level):
    claimed = SlaClaim.objects.filter(complaint=OuterRef("pk"), kind=kind,
                                      due_at=OuterRef("due_at"), level=level)
    return complaints.filter(~Exists(claimed))


def _staff_clock():
    return Complaint.objects.filter(state__in=STAFF_CLOCK_STATES, due_at__isnull=False)


def _claim_and_queue(due, *, kind, claim_kind, level, recipients_of):
    """Claim the due complaints batch by batch; each batch's claims and messages are one
    transaction, handed to the worker as one task after its commit."""
    due = list(due.select_related("lead_unit", "working_unit").only(
        "pk", "due_at", "state", "lead_unit__id", "lead_unit__notification_email",
        "working_unit__id", "working_unit__notification_email"))
    claimed_total = 0
    for start in range(0, len(due), BATCH):
        batch = due[start:start + BATCH]
        with transaction.atomic():
            won = _claim_many(claim_kind, level, batch)
            notifications.queue_batch([
                Notification(kind=kind, recipient=recipient, complaint=complaint,
                             unit=complaint.lead_unit)
                for complaint in batch if complaint.pk in won
                for recipient in notifications.distinct_addresses(recipients_of(complaint))
            ])
        claimed_total += len(won)
    return claimed_total


def send_reminders(now, holidays, audience):
    """One working day left: remind whoever must act (once per deadline)."""
    horizon = add_working_days(now, 2, holidays)  # the end of the next working day
    due = _unclaimed(_staff_clock().filter(due_at__gt=now, due_at__lte=horizon),
                     SlaClaim.Kind.REMINDER, 0)
    return _claim_and_queue(due, kind="sla_reminder", claim_kind=SlaClaim.Kind.REMINDER,
                            level=0,
                            recipients_of=lambda c: audience.for_complaint(c, "reminder"))


def escalate(now, holidays, audience):
    """Each step of the ladder once per missed deadline: the responsible party at once, the
    coordinators after more working days (LAPOR_ESCALATION_LADDER)."""
    sent = 0
    for level, (days_late, who) in enumerate(settings.LAPOR_ESCALATION_LADDER):
        cutoff = min(now, end_of_working_day_before(now, days_late + 1, holidays))
        late = _unclaimed(_staff_clock().filter(due_at__lte=cutoff),
                          SlaClaim.Kind.ESCALATION, level)
        sent += _claim_and_queue(
            late, kind="sla_escalation", claim_kind=SlaClaim.Kind.ESCALATION, level=level,
            recipients_of=lambda c, who=who: audience.for_complaint(c, who))
    return sent


def _expire(now, state, action, changes, *, note="", then=None):
    """Take the system's step on every complaint in `state` past its deadline, BATCH at a
    time: each batch is locked (skipping rows a reporter is acting on right now — the next
    sweep sees them again), stepped with one update and one insert each, and committed."""
    transition = check(action, state, Actor.SYSTEM, reason=note)
    done = 0
    while True:
        with transaction.atomic():
            batch = list(
                Complaint.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("reporter").filter(state=state, due_at__lt=now)
                .order_by("pk")[:BATCH])
            for complaint in take_steps(batch, transition, actor=Actor.SYSTEM, note=note,
                                        changes=changes):
                if then is not None:
                    then(complaint)
        done += len(batch)
        if len(batch) < BATCH:
            return done


def close_silent_answers(now):
    """Answered, and the reporter silent for the whole reply window: closed (selesai)."""
    return _expire(now, State.ANSWERED, Action.AUTO_CLOSE,
                   {**deadlines.no_deadline(), "closed_at": now})


def archive_expired_info_requests(now):
    """The reporter never sent what was asked within the window: archived as incomplete."""
    return _expire(now, State.NEEDS_INFO, Action.INFO_EXPIRED,
                   {**deadlines.no_deadline(), "archive_reason": ArchiveReason.INCOMPLETE})


def return_unanswered_questions(now):
    """The reporter did not answer a unit's question within the window: back to the unit
    with the days it had left, and a note — never archived."""
    return _expire(now, State.WAITING_REPORTER, Action.QUESTION_EXPIRED,
                   deadlines.resume_after_question,
                   note=str(_("Pelapor tidak menjawab dalam batas waktu; unit melanjutkan "
                              "dengan keterangan yang ada.")),
                   then=lambda c: notifications.queue_to_unit("question_expired", c,
                                                              event=c.step_event))


def send_leader_summary(now, holidays):
    """Once a week (LAPOR_LEADER_SUMMARY_WEEKDAY, from LAPOR_DIGEST_HOUR): the region's
    leaders get the overdue work per unit, by e-mail and on their phone where a phone
    channel is configured."""
    local = timezone.localtime(now)
    if (local.weekday() != settings.LAPOR_LEADER_SUMMARY_WEEKDAY
            or local.hour < settings.LAPOR_DIGEST_HOUR):
        return 0
    contacts = leader_contacts()
    if not contacts:
        return 0
    phone_channel = next((channel for channel, provider in (
        (Notification.Channel.WHATSAPP, settings.LAPOR_WHATSAPP_PROVIDER),
        (Notification.Channel.SMS, settings.LAPOR_SMS_PROVIDER)) if provider != "log"), None)
    with transaction.atomic():
        if not _claim(kind=SlaClaim.Kind.LEADER_SUMMARY, day=local.date()):
            return 0
        notifications.queue_batch(
            [Notification(kind="leader_summary", recipient=email) for email in
             notifications.distinct_addresses(email for email, _phone in contacts)]
            + [Notification(kind="leader_summary", recipient=phone, channel=phone_channel)
               for phone in sorted({phone for _email, phone in contacts if phone})
               if phone_channel])
    return 1


def send_digests(now, holidays, audience):
    """From LAPOR_DIGEST_HOUR on each working day: each unit with open work gets its list,
    the coordinators the region's summary (once a day each)."""
    local = timezone.localtime(now)
    if local.hour < settings.LAPOR_DIGEST_HOUR or not is_working_day(local.date(), holidays):
        return 0
    day = local.date()
    busy_units = Unit.objects.filter(
        Exists(Complaint.objects.filter(lead_unit=OuterRef("pk"),
                                        state__in=[State.DISPOSITIONED, State.IN_PROGRESS,
                                                   State.FOLLOWED_UP])),
        ~Exists(SlaClaim.objects.filter(unit=OuterRef("pk"), kind=SlaClaim.Kind.UNIT_DIGEST,
                                        day=day)),
    )
    sent = 0
    for unit in busy_units:
        with transaction.atomic():
            if _claim(kind=SlaClaim.Kind.UNIT_DIGEST, unit=unit, day=day):
                notifications.queue_to_staff("unit_digest",
                                             audience.unit(unit, Role.OPERATOR, Role.APPROVER),
                                             complaint=None, unit=unit)
                sent += 1
    with transaction.atomic():
        if _claim(kind=SlaClaim.Kind.REGION_SUMMARY, day=day):
            notifications.queue_to_staff("region_summary", audience.coordinators(),
                                         complaint=None)
            sent += 1
    return sent


def requeue_notifications(now):
    """Hand over again what lost its task, and what failed and is due for another try."""
    # A receipt not handed over yet is the broker's (complaints/broker.py), not lost.
    lost = Q(status=Notification.Status.QUEUED, handed_over_at__isnull=False,
             created_at__lt=now - timedelta(seconds=LOST_AFTER_SECONDS))
    retry = Q(status=Notification.Status.FAILED, next_attempt_at__lte=now)
    pending = list(
        Notification.objects.filter(lost | retry, sending_since__isnull=True,
                                    attempts__lt=MAX_ATTEMPTS)
        .order_by("created_at").values_list("pk", flat=True)[:REQUEUE_LIMIT]
    )
    for pk in pending:
        async_task("complaints.tasks.deliver", pk)
    return len(pending)


def sweep(now=None):
    """Run every part once; returns the SweepRun with what each part did."""
    now = now or timezone.now()
    started = time.monotonic()
    run = SweepRun.objects.create(started_at=now)
    counts, error = {}, ""
    try:
        holidays = deadlines.holiday_dates()
        audience = _Audience()
        counts["reminders"] = send_reminders(now, holidays, audience)
        counts["escalations"] = escalate(now, holidays, audience)
        counts["closed"] = close_silent_answers(now)
        counts["archived"] = archive_expired_info_requests(now)
        counts["questions_returned"] = return_unanswered_questions(now)
        counts["digests"] = send_digests(now, holidays, audience)
        counts["leader_summaries"] = send_leader_summary(now, holidays)
        counts["requeued"] = requeue_notifications(now)
    except Exception as failure:
        error = repr(failure)
        logger.exception("SLA sweep failed")
        raise
    finally:
        run.finished_at = timezone.now()
        run.duration_ms = round((time.monotonic() - started) * 1000)
        run.counts, run.error = counts, error
        run.save()
    return run

