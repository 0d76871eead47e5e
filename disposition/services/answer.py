"""The lead unit's steps: accept, return (bukan kewenangan), write the answer, submit it for
approval, and publish it (the head's approval is a publication)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Appointment, User
from accounts.selectors import coordinator_emails, unit_staff_emails
from complaints import deadlines, notifications
from complaints.models import Complaint
from complaints.services import attach_files, take_step
from complaints.workflow import Actor
from disposition.models import Disposition, Response
from disposition.services.steps import Situation, begin, move_dispositions, require_text
from disposition.workflow import RESPONSE_STEPS, advance

Role = Appointment.Role


def accept(*, complaint: Complaint, user: User) -> Complaint:
    """The lead unit takes the complaint on (→ in progress)."""
    with transaction.atomic():
        step = begin(complaint, user, "accept")
        updated = take_step(step.complaint, step.transition, actor=Actor.UNIT, user=user)
        if step.lead is not None:
            move_dispositions(Disposition.objects.filter(pk=step.lead.pk), "accept",
                              accepted_at=timezone.now(), accepted_by=user)
    return updated


def return_to_coordinator(*, complaint: Complaint, user: User, reason: str) -> Complaint:
    """Bukan kewenangan: not this unit's matter; back to the coordinator's queue."""
    with transaction.atomic():
        step = begin(complaint, user, "return", reason=reason)
        disposition = step.lead
        updated = take_step(
            step.complaint, step.transition, actor=Actor.UNIT, user=user, note=reason,
            is_public=False,
            changes={"lead_unit": None, "working_unit": None,
                     **deadlines.start_stage(deadlines.Stage.VERIFICATION,
                                             category=step.complaint.category)},
        )
        if disposition is not None:
            move_dispositions(Disposition.objects.filter(pk=disposition.pk), "return",
                              returned_at=timezone.now(), returned_by=user,
                              return_reason=reason)
        move_dispositions(Disposition.objects.filter(complaint=updated,
                                                     role=Disposition.Role.SUB_UNIT), "withdraw")
        notifications.queue_to_staff("complaint_returned", coordinator_emails(),
                                     complaint=updated, event=updated.step_event,
                                     unit=disposition.unit if disposition else None)
    return updated


def save_draft(*, complaint: Complaint, user: User, text: str, files=(),
               completes: bool = True) -> Response:
    """Write or rewrite the lead unit's draft answer; files are added to it. `completes`:
    publishing it reports the work done; otherwise it is the first answer (tindak lanjut)
    while the work goes on to the completion target. After the first answer, the next answer
    is the completion."""
    require_text(text, _("Isi tindak lanjut wajib diisi."))
    with transaction.atomic():
        step = begin(complaint, user, "draft")
        completes = completes or step.complaint.first_answered_at is not None
        now = timezone.now()
        response = step.response
        if response is None:
            response = Response.objects.create(complaint=step.complaint, disposition=step.lead,
                                               text=text, author=user, created_at=now,
                                               updated_at=now, completes=completes)
        else:
            response.text, response.author, response.updated_at = text, user, now
            response.completes = completes
            response.save()
        if files:
            response.attachments.add(*attach_files(complaint=step.complaint, files=files))
    return response


def submit_for_approval(*, complaint: Complaint, user: User) -> Response:
    with transaction.atomic():
        step = begin(complaint, user, "submit_for_approval")
        response = step.response
        advance(response, RESPONSE_STEPS["submit"])
        response.submitted_at = timezone.now()
        response.review_comment = ""
        response.save()
        notifications.queue_to_staff(
            "answer_awaiting_approval", unit_staff_emails(step.lead.unit, Role.APPROVER),
            complaint=step.complaint, unit=step.lead.unit,
        )
    return response


def send_back(*, complaint: Complaint, user: User, comment: str) -> Response:
    """The head returns the draft to the operators with what to change."""
    require_text(comment, _("Tuliskan apa yang perlu diperbaiki."))
    with transaction.atomic():
        step = begin(complaint, user, "send_back")
        response = step.response
        advance(response, RESPONSE_STEPS["send_back"])
        response.review_comment = comment
        response.approver = user
        response.save()
        notifications.queue_to_staff(
            "answer_sent_back", unit_staff_emails(step.lead.unit, Role.OPERATOR),
            complaint=step.complaint, unit=step.lead.unit,
        )
    return response


def _publish(step: Situation, user: User) -> Complaint:
    """Publish the answer in the making and tell the reporter: the completion (→ answered; the
    reporter's reply window starts) or the first answer (→ followed up; the unit works on to
    the completion target)."""
    locked, response = step.complaint, step.response
    now = timezone.now()
    holidays = deadlines.holiday_dates()
    if response.completes:
        stage = {**deadlines.start_stage(deadlines.Stage.REPORTER_REPLY,
                                         category=locked.category, at=now, holidays=holidays),
                 **deadlines.completion_measures(locked, now)}
    else:
        stage = deadlines.start_completion_stage(locked, at=now, holidays=holidays)
    changes = {**stage, **deadlines.first_answer_measures(locked, now, holidays)}
    updated = take_step(locked, step.transition, actor=Actor.UNIT, user=user,
                        note=response.text, changes=changes)
    advance(response, RESPONSE_STEPS["publish"])
    response.published_at = now
    response.event = updated.step_event
    if step.lead.unit.answers_need_approval:
        response.approver = user
    response.save()
    response.attachments.update(event=updated.step_event)
    if response.completes:
        # The lead unit's disposition, and its sub-unit's when the work was sent down.
        move_dispositions(Disposition.objects.filter(
            complaint=locked, role__in=[Disposition.Role.LEAD, Disposition.Role.SUB_UNIT]),
            "answer", answered_at=now)
    return updated


def publish(*, complaint: Complaint, user: User) -> Complaint:
    """Publish the lead unit's draft. Where the unit requires approval, only its head may:
    that is the approval."""
    with transaction.atomic():
        return _publish(begin(complaint, user, "publish"), user)


def approve(*, complaint: Complaint, user: User) -> Complaint:
    """The head approves the answer awaiting approval, which publishes it."""
    with transaction.atomic():
        return _publish(begin(complaint, user, "approve"), user)
