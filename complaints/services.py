"""Every change to a complaint: submission and each step of its life cycle.

Each service runs in one transaction, locks the complaint row, checks the step against the
workflow table, writes the change together with its Event, and queues notifications for after
the commit. Views, admin actions and tasks call these; nothing else sets `state`.
"""

import logging
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import audit
from accounts.access import Person
from accounts.models import User
from complaints import codes, deadlines, geo, notifications, retention, workflow
from complaints.models import Attachment, Channel, Complaint, Event, Supporter
from complaints.sp4n.mapping import PUSHED
from complaints.uploads import CleanFile
from complaints.workflow import (
    RESUME,
    Action,
    Actor,
    State,
    Transition,
    TransitionNotAllowed,
    check,
)
from lapor.bulk import NotProvided, insert_by_copy, insert_together

logger = logging.getLogger(__name__)
# Steps citizens take themselves are not announced to them.
CITIZENS = {Actor.REPORTER, Actor.SUPPORTER}

Stage = deadlines.Stage
# A step's further fields, or a function of the locked complaint that returns them.
Changes = dict | Callable[[Complaint], dict] | None


@dataclass(frozen=True)
class Report:
    """What the reporter wrote, already validated by the form."""

    kind: str
    title: str
    description: str
    category: object
    incident_date: object = None
    suggested_unit: object = None
    district: object = None
    village: str = ""
    address: str = ""
    latitude: object = None
    longitude: object = None
    location_outside_region: bool = False
    api_client: object = None  # an Open311 client that filed it
    national_id: str = ""  # SP4N-LAPOR!'s tracking ID
    is_anonymous: bool = False
    is_confidential: bool = False
    shows_name: bool = False  # the reporter's name on public pages
    reporter_name: str = ""
    reporter_email: str = ""
    reporter_phone: str = ""
    reporter_handle: str = ""
    source_reference: str = ""


def submit_complaint(*, report: Report, files: Iterable[CleanFile] = (), user: Person | None = None,
                     channel: str = Channel.WEB, actor: str = Actor.REPORTER,
                     recorded_by: User | None = None) -> Complaint:
    """File a report: the complaint, its attachments and its first event, all or nothing.

    `user` is the reporter's account (web form); `recorded_by` the coordinator who typed in a
    report that came by another channel. `files` are complaints.uploads.CleanFile. When
    anything fails, the rows roll back and the files already written are deleted, so nothing
    is left half-saved.
    """
    if actor not in workflow.TRANSITIONS[Action.SUBMIT].actors:
        raise TransitionNotAllowed(workflow.NOT_ALLOWED)
    files = list(files)
    # One statement writes the report, its first event, its files' rows and its receipt
    # (lapor/bulk.py insert_together; the worker's broker queues the receipt's delivery):
    # PostgreSQL applies it whole or not at all, so it needs no transaction of its own — only
    # a savepoint inside a caller's, so that a retry can follow a failure there. A tracking
    # code or private key already taken (about one in a million at a million reports) is
    # drawn again with the whole filing, and so is the deadline when the calendar this
    # process kept has changed (deadlines.py).
    for _attempt in range(5):
        written = []
        calendar = deadlines.kept_stage_calendar(Stage.VERIFICATION, report.category)
        try:
            with transaction.atomic() if connection.in_atomic_block else nullcontext():
                complaint = _new_complaint(report, user=user, channel=channel,
                                           calendar=calendar)
                event = _event(complaint, Action.SUBMIT, actor, recorded_by or user, "",
                               State.SUBMITTED)
                attachments = [_stored_attachment(complaint, event, clean, written)
                               for clean in files]
                insert_together([complaint, event, *attachments,
                                 *notifications.receipt_rows(complaint)],
                                provided=calendar.unchanged())
            return complaint
        except NotProvided:  # a holiday or a policy changed since this process read them
            _delete_files(written)
            deadlines.forget_kept_calendars()
        except IntegrityError as error:
            _delete_files(written)
            if "tracking_code" not in str(error) and "secret_key" not in str(error):
                raise
        except BaseException:
            _delete_files(written)
            raise
    raise RuntimeError("Not filed after 5 attempts: no free tracking code, or a calendar that "
                       "kept changing.")


def _new_complaint(report, *, user, channel, calendar):
    now = timezone.now()
    fields = dict(vars(report))
    fields["is_confidential"] = report.is_confidential or report.category.is_confidential_by_default
    fields["shows_name"] = report.shows_name and not report.is_anonymous
    fields["location_outside_region"] = (report.location_outside_region
                                         or geo.outside_region(report.latitude, report.longitude))
    if report.district is None:  # the kecamatan from the pin, when boundaries are loaded
        fields["district"] = geo.district_at(report.latitude, report.longitude)
    return Complaint(
        **fields,
        tracking_code=codes.new_tracking_code(),
        secret_key=codes.new_secret_key(),
        channel_id=channel,
        reporter=user if user and user.is_authenticated else None,
        consent_at=now,
        submitted_at=now,
        state_changed_at=now,
        **deadlines.start_stage(Stage.VERIFICATION, category=report.category, at=now,
                                days=calendar.days, holidays=calendar.holidays),
    )


def attach_files(*, complaint: Complaint, files: Iterable[CleanFile],
                 event: Event | None = None) -> list[Attachment]:
    """Store files on a complaint outside a step (e.g. a draft answer's attachments); returns
    the attachments. Written files are deleted again when the surrounding transaction fails."""
    written = []
    try:
        with transaction.atomic():
            return _attach(complaint, event, files, written)
    except BaseException:
        _delete_files(written)
        raise


def _attach(complaint, event, files, written):
    attachments = []
    for clean in files:
        attachment = _stored_attachment(complaint, event, clean, written)
        attachment.save()
        attachments.append(attachment)
    return attachments


def _stored_attachment(complaint, event, clean, written):
    """An unsaved Attachment whose file is stored already; its name is added to `written`,
    for deleting should its row not be written."""
    attachment = Attachment(
        complaint=complaint,
        event=event,
        kind=clean.kind,
        content_type=clean.content_type,
        original_name=clean.original_name,
        size=len(clean.content),
        width=clean.width,
        height=clean.height,
    )
    attachment.file.save(f"a.{clean.extension}", ContentFile(clean.content), save=False)
    written.append(attachment.file.name)
    return attachment


def _delete_files(names):
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:  # already gone or unreachable: log, keep cleaning the rest
            logger.exception("Could not delete %s after a failed submission", name)


def _event(complaint, action, actor, user, note, to_state, *, from_state="", is_public=True):
    return Event(
        complaint=complaint,
        action=action,
        actor=actor,
        actor_user=user if user and user.is_authenticated else None,
        from_state=from_state,
        to_state=to_state or "",
        note=note,
        is_public=is_public,
    )


def _record(complaint, action, actor, user, note, to_state, *, from_state="", is_public=True):
    event = _event(complaint, action, actor, user, note, to_state, from_state=from_state,
                   is_public=is_public)
    event.save()
    return event


def record_internal(complaint: Complaint, action: str, *, actor: str, user: Person | None,
                    note: str) -> Event:
    """An entry on a complaint's timeline for staff only, without a step of its own (the
    other side of a step taken on another complaint, e.g. a merge into this one)."""
    return _record(complaint, action, actor, user, note, "", is_public=False)


def _apply(locked: Complaint, transition: Transition, changes: Changes, *,
           at: datetime | None = None) -> tuple[str, str, set]:
    """Set the step's target state and further fields on a locked complaint; returns the state
    it left, the state it reached ("" for a step that stays) and the fields it set."""
    from_state = locked.state
    target = locked.paused_state if transition.target == RESUME else transition.target
    if callable(changes):  # computed from the locked row, not a possibly stale copy
        changes = changes(locked)
    for name, value in (changes or {}).items():
        setattr(locked, name, value)
    fields = set(changes or {})
    if target and target != from_state:
        locked.state = target
        locked.state_changed_at = at or timezone.now()
        fields |= {"state", "state_changed_at"}
    return from_state, target or "", fields


def lock(complaint: Complaint) -> Complaint:
    """The complaint's row, locked until the surrounding transaction ends: every step takes
    this lock once, before it checks anything."""
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def take_step(locked: Complaint, transition: Transition, *, actor: str, user: Person | None = None,
              note: str = "", is_public: bool = True, files: Iterable[CleanFile] = (),
              changes: Changes = None) -> Complaint:
    """Take one step of the workflow table on a complaint the caller locked (`lock`) and
    checked (`complaints.workflow.check`, or `disposition.workflow.require`) in the same
    transaction; returns it updated, with the event written as `step_event`.

    `changes` are further fields to set with the step (e.g. the lead unit on disposition), or
    a function of the locked complaint that returns them.
    """
    written = []
    try:
        with transaction.atomic():
            from_state, target, _fields = _apply(locked, transition, changes)
            locked.save()
            event = _record(locked, transition.action, actor, user, note, target,
                            from_state=from_state, is_public=is_public)
            _attach(locked, event, files, written)
    except BaseException:
        _delete_files(written)
        raise
    if actor not in CITIZENS and is_public:
        notifications.queue_status_update(event)
    if locked.national_id and is_public and transition.action in PUSHED:
        notifications.queue_national_follow_up(event)
    locked.step_event = event
    return locked


def take_steps(locked: list[Complaint], transition: Transition, *, actor: str, note: str = "",
               changes: Changes = None) -> list[Complaint]:
    """`take_step` for many complaints the caller locked and checked in one transaction (the
    worker's sweeps): one update, one COPY of events, one of messages (lapor/bulk.py),
    however many rows — so a backlog of forty thousand costs hundreds of queries, not tens
    of thousands. Public
    steps by the system only; no files."""
    if not locked:
        return []
    events, fields, at = [], set(), timezone.now()
    for complaint in locked:
        from_state, target, changed = _apply(complaint, transition, changes, at=at)
        fields |= changed
        events.append(_event(complaint, transition.action, actor, None, note, target,
                             from_state=from_state))
    values = {name: getattr(locked[0], name) for name in fields}
    if fields and all(getattr(complaint, name) == value for complaint in locked
                      for name, value in values.items()):  # the same on every row
        Complaint.objects.filter(pk__in=[c.pk for c in locked]).update(**values)
    elif fields:  # values computed per row (e.g. the days a unit had left)
        Complaint.objects.bulk_update(locked, sorted(fields))
    insert_by_copy(events)
    notifications.queue_status_updates(events)
    if transition.action in PUSHED:
        notifications.queue_national_follow_ups(
            [event for event in events if event.complaint.national_id])
    for complaint, event in zip(locked, events, strict=True):
        complaint.step_event = event
    return locked


def change_state(*, complaint: Complaint, action: str, actor: str, user: Person | None = None,
                 note: str = "", is_public: bool = True, files: Iterable[CleanFile] = (),
                 changes: Changes = None) -> Complaint:
    """A step on its own (the reporter's, the worker's): lock, check the table on the locked
    row (so a concurrent step cannot slip in between), take it. Raises TransitionNotAllowed
    when the table does not allow it."""
    with transaction.atomic():
        locked = lock(complaint)
        transition = check(action, locked.state, actor, reason=note)
        return take_step(locked, transition, actor=actor, user=user, note=note,
                         is_public=is_public, files=files, changes=changes)


# --- What the reporter does (by private link or account) ---------------------------------------


def provide_info(*, complaint: Complaint, text: str, files: Iterable[CleanFile] = (),
                 user: Person | None = None) -> Complaint:
    """The reporter adds what the coordinator asked for; the report returns to verification."""
    return change_state(complaint=complaint, action=Action.PROVIDE_INFO, actor=Actor.REPORTER,
                        user=user, note=text, files=files,
                        changes=deadlines.resume_verification)


def answer_question(*, complaint: Complaint, text: str, files: Iterable[CleanFile] = (),
                    user: Person | None = None) -> Complaint:
    """The reporter answers the unit's question; the report returns to the unit with the
    days that were left."""
    updated = change_state(complaint=complaint, action=Action.ANSWER_QUESTION,
                           actor=Actor.REPORTER, user=user, note=text, files=files,
                           changes=deadlines.resume_after_question)
    notifications.queue_to_unit("question_answered", updated, event=updated.step_event)
    return updated


def reply(*, complaint: Complaint, text: str, user: Person | None = None) -> Complaint:
    """The reporter answers the unit's tindak lanjut without closing or reopening it."""
    return change_state(complaint=complaint, action=Action.REPLY, actor=Actor.REPORTER,
                        user=user, note=text)


def confirm_solved(*, complaint: Complaint, user: Person | None = None,
                   note: str = "") -> Complaint:
    return change_state(complaint=complaint, action=Action.CONFIRM_SOLVED, actor=Actor.REPORTER,
                        user=user, note=note,
                        changes={**deadlines.no_deadline(), "closed_at": timezone.now()})


def reopen(*, complaint: Complaint, reason: str, user: Person | None = None) -> Complaint:
    """Not solved: back to the lead unit, the reporter's reason on top, with a new deadline."""
    return change_state(complaint=complaint, action=Action.REOPEN, actor=Actor.REPORTER,
                        user=user, note=reason,
                        changes=deadlines.start_stage(Stage.FIRST_RESPONSE,
                                                      category=complaint.category))


def rate(*, complaint: Complaint, score: int, comment: str = "",
         user: Person | None = None) -> Complaint:
    """The reporter rates the handling, once."""
    if score not in range(1, 6):
        raise TransitionNotAllowed(_("Penilaian harus antara 1 dan 5."))
    with transaction.atomic():
        locked = lock(complaint)
        transition = check(Action.RATE, locked.state, Actor.REPORTER)
        if locked.rating is not None:
            raise TransitionNotAllowed(_("Laporan ini sudah dinilai."))
        return take_step(
            locked, transition, actor=Actor.REPORTER, user=user, note=comment,
            changes={"rating": score, "rating_comment": comment, "rated_at": timezone.now()},
        )


# --- The citizen's own account -------------------------------------------------------------


def close_account(*, user: User, password: str) -> int:
    """A citizen closes their account (UU PDP's right to erasure): their name and contacts
    leave their reports, which stay as the public record, and the account is deleted. Staff
    accounts end with their SK instead. Returns how many reports were anonymised."""
    if user.appointments.exists():
        raise TransitionNotAllowed(_("Akun petugas tidak dapat ditutup sendiri; hubungi "
                                     "koordinator Diskominfo."))
    if not user.check_password(password or ""):
        raise TransitionNotAllowed(_("Kata sandi salah."))
    with transaction.atomic():
        count = retention.anonymise(Complaint.objects.filter(reporter=user), with_files=False)
        Supporter.objects.filter(user=user).update(**retention.SUPPORTER)
        audit.record(audit.Kind.ACCOUNT_CLOSED, actor=None, subject=f"akun #{user.pk}",
                     detail=f"{count} laporan dianonimkan")
        user.delete()
    return count
