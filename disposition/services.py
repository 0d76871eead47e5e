"""Every step the government side takes on a complaint.

Each service locks the complaint row first, checks who the user is to this complaint
(accounts.access.relation_to) and what the workflow table allows, then takes the step through
complaints.services.change_state inside the same transaction, so two people acting at once
are serialised: one wins, the other gets TransitionNotAllowed with a message to show.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Appointment, Unit
from accounts.selectors import coordinator_emails, unit_staff_emails
from complaints import deadlines, notifications
from complaints.models import ArchiveReason, Channel, Complaint
from complaints.services import attach_files, change_state, submit_complaint
from complaints.workflow import Action, Actor, TransitionNotAllowed, check
from disposition.models import (
    ACTIVE_DISPOSITION_STATES,
    Disposition,
    InternalNote,
    Response,
)

Role = Appointment.Role
CORRECTABLE_FIELDS = ("kind", "category", "title", "is_anonymous", "is_confidential")


def _refuse(message):
    raise TransitionNotAllowed(message)


def _not_allowed():
    _refuse(_("Anda tidak berwenang melakukan tindakan ini."))


Stage = deadlines.Stage


def _lock(complaint):
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def active_dispositions(complaint):
    return list(
        Disposition.objects.filter(complaint=complaint, state__in=ACTIVE_DISPOSITION_STATES)
        .select_related("unit")
    )


def relation(user, complaint):
    return access.relation_to(user, complaint, active_dispositions(complaint))


def _require_coordinator(user):
    if not access.is_coordinator(user):
        _not_allowed()


def _require_lead_staff(user, complaint):
    rel = relation(user, complaint)
    if not rel.is_lead_staff:
        _not_allowed()
    return rel


def _withdraw_active(complaint):
    Disposition.objects.filter(
        complaint=complaint, state__in=ACTIVE_DISPOSITION_STATES
    ).update(state=Disposition.State.WITHDRAWN)


def current_lead_disposition(complaint):
    """The lead unit's disposition still in force (sent, accepted or answered)."""
    return (
        Disposition.objects.filter(complaint=complaint, role=Disposition.Role.LEAD,
                                   unit_id=complaint.lead_unit_id)
        .exclude(state__in=[Disposition.State.RETURNED, Disposition.State.WITHDRAWN])
        .order_by("-sent_at", "-pk")
        .first()
    )


def open_response(disposition):
    """The answer being written for `disposition` (a draft, or one awaiting approval)."""
    if disposition is None:
        return None
    return disposition.responses.filter(
        state__in=[Response.State.DRAFT, Response.State.AWAITING_APPROVAL]
    ).first()


def _note_internally(complaint, user, text, unit=None):
    return InternalNote.objects.create(complaint=complaint, author=user, unit=unit, text=text)


# --- The coordinator ---------------------------------------------------------------------------


def record_intake(*, report, channel, user, files=()):
    """A report that came by WhatsApp, SMS, social media, phone, letter or a walk-in, typed in
    by a coordinator; it then follows the same flow as a web report."""
    _require_coordinator(user)
    if channel == Channel.WEB:
        _refuse(_("Laporan dari situs web diisi sendiri oleh pelapor."))
    return submit_complaint(report=report, files=files, channel=channel,
                            actor=Actor.COORDINATOR, recorded_by=user)


def _check_units(lead_unit, supporting_units):
    for unit in [lead_unit, *supporting_units]:
        if not unit.is_active:
            _refuse(_("Unit %(unit)s tidak aktif.") % {"unit": unit.name})
        if unit.kind == Unit.Kind.EXTERNAL:
            _refuse(_("%(unit)s berada di luar daerah: gunakan “Teruskan ke instansi lain”.")
                    % {"unit": unit.name})


def dispose(*, complaint, user, lead_unit, supporting_units=(), instruction="",
            corrections=None):
    """Verify (first time) and send to a lead unit and optional supporting units; also
    re-routes a complaint a unit returned. `corrections`: the coordinator's fixes to kind,
    category, title and the anonymous/confidential flags."""
    supporting_units = [unit for unit in supporting_units if unit.pk != lead_unit.pk]
    corrections = {name: value for name, value in (corrections or {}).items()
                   if name in CORRECTABLE_FIELDS}
    with transaction.atomic():
        locked = _lock(complaint)
        _require_coordinator(user)
        check(Action.DISPOSE, locked.state, Actor.COORDINATOR)
        _check_units(lead_unit, supporting_units)
        changed = [name for name, value in corrections.items() if getattr(locked, name) != value]
        category = corrections.get("category", locked.category)
        now = timezone.now()
        holidays = deadlines.holiday_dates()  # read once for the three computations below
        changes = {**corrections, "lead_unit": lead_unit,
                   **deadlines.start_stage(Stage.FIRST_RESPONSE, category=category, at=now,
                                           holidays=holidays)}
        if locked.verified_at is None:
            changes["verified_at"] = now
            changes["completion_due_at"] = deadlines.completion_due(category, now, holidays)
        if locked.disposed_at is None:
            waited = deadlines.elapsed_working_days(locked.submitted_at, now, holidays)
            changes["disposed_at"] = now
            changes["days_to_disposition"] = max(0, waited - locked.paused_working_days)
        _withdraw_active(locked)
        updated = change_state(complaint=locked, action=Action.DISPOSE, actor=Actor.COORDINATOR,
                               user=user, changes=changes)
        event = updated.step_event
        dispositions = Disposition.objects.bulk_create(
            [Disposition(complaint=updated, unit=lead_unit, role=Disposition.Role.LEAD,
                         instruction=instruction, sent_by=user)]
            + [Disposition(complaint=updated, unit=unit, role=Disposition.Role.SUPPORTING,
                           instruction=instruction, sent_by=user) for unit in supporting_units]
        )
        if changed:
            labels = ", ".join(str(Complaint._meta.get_field(name).verbose_name)
                               for name in changed)
            _note_internally(updated, user, _("Koordinator mengoreksi: %(fields)s.")
                             % {"fields": labels})
        for disposition in dispositions:
            notifications.queue_to_staff(
                "new_disposition",
                [disposition.unit.notification_email,
                 *unit_staff_emails(disposition.unit, Role.OPERATOR)],
                complaint=updated, event=event, unit=disposition.unit,
            )
    return updated


def request_info(*, complaint, user, question):
    """Ask the reporter for what is missing; the complaint waits (the clock stops)."""
    with transaction.atomic():
        locked = _lock(complaint)
        _require_coordinator(user)
        return change_state(complaint=locked, action=Action.REQUEST_INFO,
                            actor=Actor.COORDINATOR, user=user, note=question,
                            changes=deadlines.pause_for_reporter(locked))


ARCHIVE_REASONS_FOR_COORDINATOR = [
    reason for reason in ArchiveReason if reason != ArchiveReason.INCOMPLETE
]


def archive(*, complaint, user, reason, note="", duplicate_of=None):
    """Close without handling, for a stated reason; a duplicate names its original."""
    if reason not in ARCHIVE_REASONS_FOR_COORDINATOR:
        _refuse(_("Pilih alasan pengarsipan."))
    if reason == ArchiveReason.DUPLICATE:
        if duplicate_of is None:
            _refuse(_("Sebutkan nomor tiket laporan asli."))
        if duplicate_of.pk == complaint.pk:
            _refuse(_("Laporan tidak dapat menjadi duplikat dirinya sendiri."))
    text = str(ArchiveReason(reason).label)
    if duplicate_of is not None and reason == ArchiveReason.DUPLICATE:
        text = f"{text}: {duplicate_of.tracking_code}"
    if note.strip():
        text = f"{text}. {note.strip()}"
    with transaction.atomic():
        locked = _lock(complaint)
        _require_coordinator(user)
        check(Action.ARCHIVE, locked.state, Actor.COORDINATOR, reason=text)
        _withdraw_active(locked)
        return change_state(
            complaint=locked, action=Action.ARCHIVE, actor=Actor.COORDINATOR, user=user,
            note=text,
            changes={"archive_reason": reason, **deadlines.no_deadline(),
                     "duplicate_of": duplicate_of if reason == ArchiveReason.DUPLICATE else None},
        )


def archive_as_spam(*, complaints, user):
    """Bulk archive: each complaint in its own step; returns (archived, refused) counts."""
    archived = refused = 0
    for complaint in complaints:
        try:
            archive(complaint=complaint, user=user, reason=ArchiveReason.SPAM)
            archived += 1
        except TransitionNotAllowed:
            refused += 1
    return archived, refused


def forward(*, complaint, user, unit, note):
    """No wrong door: send a matter outside the region's authority to the agency that has it."""
    if unit.kind != Unit.Kind.EXTERNAL:
        _refuse(_("Pilih instansi di luar daerah; unit di dalam daerah menerima disposisi."))
    with transaction.atomic():
        locked = _lock(complaint)
        _require_coordinator(user)
        check(Action.FORWARD, locked.state, Actor.COORDINATOR, reason=note)
        _withdraw_active(locked)
        text = _("Diteruskan ke %(unit)s. %(note)s") % {"unit": unit.name, "note": note.strip()}
        updated = change_state(complaint=locked, action=Action.FORWARD, actor=Actor.COORDINATOR,
                               user=user, note=text,
                               changes={"forwarded_to": unit, **deadlines.no_deadline()})
        notifications.queue_to_staff("forwarded", [unit.notification_email], complaint=updated,
                                     event=updated.step_event, unit=unit)
    return updated


# --- The lead unit -----------------------------------------------------------------------------


def accept(*, complaint, user):
    """The lead unit takes the complaint on (→ in progress)."""
    with transaction.atomic():
        locked = _lock(complaint)
        _require_lead_staff(user, locked)
        updated = change_state(complaint=locked, action=Action.ACCEPT, actor=Actor.UNIT,
                               user=user)
        Disposition.objects.filter(
            complaint=updated, role=Disposition.Role.LEAD, unit=updated.lead_unit,
            state=Disposition.State.SENT,
        ).update(state=Disposition.State.ACCEPTED, accepted_at=timezone.now(), accepted_by=user)
    return updated


def return_to_coordinator(*, complaint, user, reason):
    """Bukan kewenangan: not this unit's matter; back to the coordinator's queue."""
    with transaction.atomic():
        locked = _lock(complaint)
        _require_lead_staff(user, locked)
        check(Action.RETURN, locked.state, Actor.UNIT, reason=reason)
        disposition = current_lead_disposition(locked)
        updated = change_state(
            complaint=locked, action=Action.RETURN, actor=Actor.UNIT, user=user, note=reason,
            is_public=False,
            changes={"lead_unit": None,
                     **deadlines.start_stage(Stage.VERIFICATION, category=locked.category)},
        )
        if disposition is not None:
            disposition.state = Disposition.State.RETURNED
            disposition.returned_at = timezone.now()
            disposition.returned_by = user
            disposition.return_reason = reason
            disposition.save()
        notifications.queue_to_staff("complaint_returned", coordinator_emails(),
                                     complaint=updated, event=updated.step_event,
                                     unit=disposition.unit if disposition else None)
    return updated


def _writable_response(locked, user):
    """The lead unit's answer in the making, checked: the complaint in progress, no approval
    pending. Returns (disposition, response or None)."""
    _require_lead_staff(user, locked)
    check(Action.PUBLISH_ANSWER, locked.state, Actor.UNIT)
    disposition = current_lead_disposition(locked)
    response = open_response(disposition)
    if response is not None and response.state == Response.State.AWAITING_APPROVAL:
        _refuse(_("Jawaban sedang menunggu persetujuan kepala unit dan tidak dapat diubah."))
    return disposition, response


def save_draft(*, complaint, user, text, files=()):
    """Write or rewrite the lead unit's draft answer; files are added to it."""
    if not text.strip():
        _refuse(_("Isi tindak lanjut wajib diisi."))
    with transaction.atomic():
        locked = _lock(complaint)
        disposition, response = _writable_response(locked, user)
        now = timezone.now()
        if response is None:
            response = Response.objects.create(complaint=locked, disposition=disposition,
                                               text=text, author=user, created_at=now,
                                               updated_at=now)
        else:
            response.text, response.author, response.updated_at = text, user, now
            response.save()
        if files:
            response.attachments.add(*attach_files(complaint=locked, files=files))
    return response


def submit_for_approval(*, complaint, user):
    with transaction.atomic():
        locked = _lock(complaint)
        disposition, response = _writable_response(locked, user)
        if response is None:
            _refuse(_("Belum ada konsep jawaban untuk diajukan."))
        if not disposition.unit.answers_need_approval:
            _refuse(_("Jawaban unit ini tidak memerlukan persetujuan; terbitkan langsung."))
        response.state = Response.State.AWAITING_APPROVAL
        response.submitted_at = timezone.now()
        response.review_comment = ""
        response.save()
        notifications.queue_to_staff(
            "answer_awaiting_approval", unit_staff_emails(disposition.unit, Role.APPROVER),
            complaint=locked, unit=disposition.unit,
        )
    return response


def _awaiting_approval(locked, user):
    rel = relation(user, locked)
    if not rel.is_lead_approver:
        _not_allowed()
    response = open_response(current_lead_disposition(locked))
    if response is None or response.state != Response.State.AWAITING_APPROVAL:
        _refuse(_("Tidak ada jawaban yang menunggu persetujuan."))
    return response


def send_back(*, complaint, user, comment):
    """The head returns the draft to the operators with what to change."""
    if not comment.strip():
        _refuse(_("Tuliskan apa yang perlu diperbaiki."))
    with transaction.atomic():
        locked = _lock(complaint)
        response = _awaiting_approval(locked, user)
        response.state = Response.State.DRAFT
        response.review_comment = comment
        response.approver = user
        response.save()
        notifications.queue_to_staff(
            "answer_sent_back", unit_staff_emails(response.disposition.unit, Role.OPERATOR),
            complaint=locked, unit=response.disposition.unit,
        )
    return response


def publish(*, complaint, user):
    """Publish the lead unit's answer (→ answered; the reporter is told). Where the unit
    requires approval, only its head may publish: that is the approval."""
    with transaction.atomic():
        locked = _lock(complaint)
        rel = _require_lead_staff(user, locked)
        check(Action.PUBLISH_ANSWER, locked.state, Actor.UNIT)
        disposition = current_lead_disposition(locked)
        response = open_response(disposition)
        if response is None:
            _refuse(_("Belum ada konsep jawaban untuk diterbitkan."))
        needs_approval = disposition.unit.answers_need_approval
        if needs_approval and not rel.is_lead_approver:
            _refuse(_("Jawaban unit ini harus disetujui kepala unit sebelum terbit."))
        if response.state == Response.State.AWAITING_APPROVAL and not rel.is_lead_approver:
            _refuse(_("Jawaban sedang menunggu persetujuan kepala unit."))
        now = timezone.now()
        holidays = deadlines.holiday_dates()
        changes = deadlines.start_stage(Stage.REPORTER_REPLY, category=locked.category, at=now,
                                        holidays=holidays)
        if locked.first_answered_at is None:  # the first answer is what deadlines measure
            changes.update(
                first_answered_at=now,
                days_to_first_answer=deadlines.elapsed_working_days(
                    locked.disposed_at or locked.submitted_at, now, holidays),
                answered_in_time=locked.due_at is None or now <= locked.due_at,
            )
        updated = change_state(complaint=locked, action=Action.PUBLISH_ANSWER,
                               actor=Actor.UNIT, user=user, note=response.text,
                               changes=changes)
        event = updated.step_event
        response.state = Response.State.PUBLISHED
        response.published_at = now
        response.event = event
        if needs_approval:
            response.approver = user
        response.save()
        response.attachments.update(event=event)
        Disposition.objects.filter(pk=disposition.pk).update(
            state=Disposition.State.ANSWERED, answered_at=now)
    return updated


def approve(*, complaint, user):
    """The head approves the answer awaiting approval, which publishes it."""
    with transaction.atomic():
        _awaiting_approval(_lock(complaint), user)
        return publish(complaint=complaint, user=user)


# --- Supporting units and everyone working on it -----------------------------------------------


def contribute(*, complaint, user, text, files=()):
    """A supporting unit's input for the lead unit's answer; never shown to the reporter."""
    if not text.strip():
        _refuse(_("Isi kontribusi wajib diisi."))
    with transaction.atomic():
        locked = _lock(complaint)
        rel = relation(user, locked)
        if not rel.supporting_unit_ids:
            _not_allowed()
        if locked.state not in {"dispositioned", "in_progress"}:
            check(Action.PUBLISH_ANSWER, locked.state, Actor.UNIT)  # raises the state message
        disposition = Disposition.objects.filter(
            complaint=locked, unit_id__in=rel.supporting_unit_ids,
            state__in=ACTIVE_DISPOSITION_STATES,
        ).order_by("pk").first()
        response = Response.objects.create(complaint=locked, disposition=disposition, text=text,
                                           author=user, state=Response.State.CONTRIBUTED)
        if files:
            response.attachments.add(*attach_files(complaint=locked, files=files))
        if disposition.state == Disposition.State.SENT:
            Disposition.objects.filter(pk=disposition.pk).update(
                state=Disposition.State.ACCEPTED, accepted_at=timezone.now(), accepted_by=user)
    return response


def add_note(*, complaint, user, text):
    """An internal note for the coordinator and the units working on the complaint."""
    if not text.strip():
        _refuse(_("Catatan wajib diisi."))
    with transaction.atomic():
        locked = _lock(complaint)
        rel = relation(user, locked)
        if rel.is_lead_staff:
            unit_id = locked.lead_unit_id
        elif rel.supporting_unit_ids:
            unit_id = min(rel.supporting_unit_ids)
        elif rel.is_coordinator:
            unit_id = None
        else:
            _not_allowed()
        return InternalNote.objects.create(complaint=locked, author=user, unit_id=unit_id,
                                           text=text)
