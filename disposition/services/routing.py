"""Passing work down and across: a lead unit's head sends the report to one of its sub-units
(bidang, UPT, desa …), which works it inside the lead unit's deadline; a lead unit transfers
it straight to another unit of the region (the coordinators are told and may undo it)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import sub_unit_ids
from accounts.models import Appointment, Unit, User
from accounts.selectors import coordinator_emails, unit_staff_emails
from complaints import notifications
from complaints.models import Complaint
from complaints.services import take_step
from complaints.workflow import Actor
from disposition.models import Disposition, InternalNote
from disposition.services.steps import begin, move_dispositions, refuse, require_text

Role = Disposition.Role


def _check_active_internal(unit: Unit) -> None:
    if not unit.is_active:
        refuse(_("Unit %(unit)s tidak aktif.") % {"unit": unit.name})
    if unit.kind == Unit.Kind.EXTERNAL:
        refuse(_("%(unit)s berada di luar daerah: minta koordinator meneruskannya.")
               % {"unit": unit.name})


def _tell_unit(kind, unit, complaint, event):
    notifications.queue_to_staff(
        kind, [unit.notification_email, *unit_staff_emails(unit, Appointment.Role.OPERATOR,
                                                           Appointment.Role.APPROVER)],
        complaint=complaint, event=event, unit=unit)


def delegate(*, complaint: Complaint, user: User, sub_unit: Unit,
             instruction: str = "") -> Complaint:
    """The lead unit's head sends the work down to a sub-unit (any depth below it). The lead
    unit keeps the report, its deadline and the approval of the answer."""
    with transaction.atomic():
        step = begin(complaint, user, "delegate")
        locked = step.complaint
        _check_active_internal(sub_unit)
        if sub_unit.pk == locked.lead_unit_id or \
                sub_unit.pk not in sub_unit_ids([locked.lead_unit_id]):
            refuse(_("Pilih sub-unit di bawah %(unit)s.") % {"unit": locked.lead_unit.name})
        if sub_unit.pk == locked.working_unit_id:
            refuse(_("Laporan sudah dikerjakan %(unit)s.") % {"unit": sub_unit.name})
        now = timezone.now()
        move_dispositions(Disposition.objects.filter(complaint=locked, role=Role.SUB_UNIT),
                          "withdraw")
        if step.lead is not None:
            move_dispositions(Disposition.objects.filter(pk=step.lead.pk), "accept",
                              accepted_at=now, accepted_by=user)
        updated = take_step(locked, step.transition, actor=Actor.UNIT, user=user,
                            note=_("Dikerjakan oleh %(unit)s.") % {"unit": sub_unit.name},
                            changes={"working_unit": sub_unit})
        Disposition.objects.create(complaint=updated, unit=sub_unit, role=Role.SUB_UNIT,
                                   instruction=instruction, sent_by=user, sent_at=now)
        _tell_unit("new_disposition", sub_unit, updated, updated.step_event)
    return updated


def transfer(*, complaint: Complaint, user: User, unit: Unit, reason: str) -> Complaint:
    """Not ours, and we know whose: the lead unit passes the report straight to another unit
    of the region, with a reason. The deadline stays; the coordinators are told and may undo
    it; the history keeps every hop."""
    require_text(reason, _("Tuliskan alasan pengalihan."))
    with transaction.atomic():
        step = begin(complaint, user, "transfer", reason=reason)
        locked = step.complaint
        _check_active_internal(unit)
        if unit.pk == locked.lead_unit_id:
            refuse(_("Laporan sudah berada di %(unit)s; pilih unit lain.") % {"unit": unit.name})
        if unit.pk in sub_unit_ids([locked.lead_unit_id]):
            refuse(_("%(unit)s adalah sub-unit Anda: gunakan “Teruskan ke sub-unit”.")
                   % {"unit": unit.name})
        return _move_lead(step, user, unit, reason=reason, action_note=_(
            "Dialihkan dari %(source)s ke %(target)s.") % {
            "source": locked.lead_unit.name, "target": unit.name}, transferred=True)


def undo_transfer(*, complaint: Complaint, user: User) -> Complaint:
    """A coordinator sends a transferred report back to the unit it came from."""
    with transaction.atomic():
        step = begin(complaint, user, "undo_transfer")
        previous = Disposition.objects.select_related("unit").get(
            pk=step.lead.transferred_from_id)
        _check_active_internal(previous.unit)
        return _move_lead(step, user, previous.unit, reason="", action_note=_(
            "Dikembalikan dari %(source)s ke %(target)s.") % {
            "source": step.complaint.lead_unit.name, "target": previous.unit.name},
            transferred=False)


def _move_lead(step, user, unit, *, reason, action_note, transferred):
    locked, now = step.complaint, timezone.now()
    current = step.lead
    move_dispositions(Disposition.objects.filter(complaint=locked, role=Role.SUB_UNIT),
                      "withdraw")
    if current is not None:
        fields = {"returned_at": now, "returned_by": user, "return_reason": reason}
        move_dispositions(Disposition.objects.filter(pk=current.pk),
                          "transfer" if transferred else "withdraw", **fields)
    actor = Actor.UNIT if transferred else Actor.COORDINATOR
    updated = take_step(locked, step.transition, actor=actor, user=user, note=action_note,
                        changes={"lead_unit": unit, "working_unit": None})
    Disposition.objects.create(
        complaint=updated, unit=unit, role=Role.LEAD, sent_by=user, sent_at=now,
        instruction=reason, transferred_from=current if transferred else None)
    if reason:
        InternalNote.objects.create(complaint=updated, author=user,
                                    unit_id=current.unit_id if current else None,
                                    text=_("Alasan pengalihan: %(reason)s") % {"reason": reason})
    _tell_unit("new_disposition", unit, updated, updated.step_event)
    if transferred:
        notifications.queue_to_staff("complaint_transferred", coordinator_emails(),
                                     complaint=updated, event=updated.step_event, unit=unit)
    return updated
