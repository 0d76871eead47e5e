"""The coordinator's steps: record a report from another channel, verify and disposition it,
ask the reporter, archive, forward outside the region."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import is_coordinator, units_for
from accounts.models import Appointment, Unit, User
from accounts.roles import ANSWERING_ROLES
from accounts.selectors import unit_staff_emails
from complaints import deadlines, notifications
from complaints.models import ArchiveReason, Complaint, SourceChannel
from complaints.services import Report, lock, submit_complaint, take_step
from complaints.workflow import NOT_ALLOWED, Action, Actor, TransitionNotAllowed, check
from disposition import forwarding
from disposition.models import Disposition, InternalNote
from disposition.services.steps import begin, move_dispositions, refuse, require_text

CORRECTABLE_FIELDS = ("kind", "category", "title", "is_anonymous", "is_confidential")


def record_intake(*, report: Report, channel: str, user: User, files=(),
                  unit: Unit | None = None) -> Complaint:
    """A report that came by WhatsApp, SMS, social media, phone, letter, a walk-in or the
    region's own app, typed in by a coordinator (it then follows the same flow as a web
    report) or by a unit's operator or head: for their own unit, which then handles it at
    once (verified and accepted), or — `unit` None, not theirs — into the coordinators'
    queue."""
    coordinator = is_coordinator(user)
    if not coordinator and not units_for(user, *ANSWERING_ROLES).exists():
        refuse(NOT_ALLOWED)
    if unit is not None and not units_for(user, *ANSWERING_ROLES).filter(pk=unit.pk).exists():
        refuse(_("Anda hanya dapat mencatat laporan untuk unit Anda sendiri."))
    if not SourceChannel.objects.filter(code=channel, is_active=True,
                                        kind__in=SourceChannel.TYPED_IN).exists():
        refuse(_("Pilih kanal aktif tempat laporan ini diterima; laporan dari situs web dan "
                 "sistem lain masuk sendiri."))
    actor = Actor.COORDINATOR if coordinator and unit is None else Actor.UNIT
    with transaction.atomic():
        complaint = submit_complaint(report=report, files=files, channel=channel, actor=actor,
                                     recorded_by=user)
        if unit is None:
            return complaint
        return _take_in(complaint, user, unit)


def _take_in(complaint, user, unit):
    """The unit verified what it received itself and works on it (its disposition accepted)."""
    locked = lock(complaint)
    transition = check(Action.TAKE_IN, locked.state, Actor.UNIT)
    now = timezone.now()
    holidays = deadlines.holiday_dates()
    updated = take_step(locked, transition, actor=Actor.UNIT, user=user, changes={
        "lead_unit": unit,
        **deadlines.start_stage(deadlines.Stage.FIRST_RESPONSE, category=locked.category,
                                at=now, holidays=holidays),
        **deadlines.verification_measures(locked, locked.category, now, holidays),
        **deadlines.disposition_measures(locked, now, holidays)})
    Disposition.objects.create(complaint=updated, unit=unit, role=Disposition.Role.LEAD,
                               state=Disposition.State.ACCEPTED, sent_by=user, sent_at=now,
                               accepted_by=user, accepted_at=now,
                               instruction=_("Dicatat unit dari kanalnya sendiri."))
    return updated


def _check_units(lead_unit, supporting_units):
    for unit in [lead_unit, *supporting_units]:
        if not unit.is_active:
            refuse(_("Unit %(unit)s tidak aktif.") % {"unit": unit.name})
        if unit.kind == Unit.Kind.EXTERNAL:
            refuse(_("%(unit)s berada di luar daerah: gunakan “Teruskan ke instansi lain”.")
                   % {"unit": unit.name})


def _withdraw_active(complaint):
    move_dispositions(Disposition.objects.filter(complaint=complaint), "withdraw")


def dispose(*, complaint: Complaint, user: User, lead_unit: Unit, supporting_units=(),
            instruction: str = "", corrections: dict | None = None) -> Complaint:
    """Verify (first time) and send to a lead unit and optional supporting units; also
    re-routes a complaint a unit returned. `corrections`: the coordinator's fixes to kind,
    category, title and the anonymous/confidential flags."""
    supporting_units = [unit for unit in supporting_units if unit.pk != lead_unit.pk]
    corrections = {name: value for name, value in (corrections or {}).items()
                   if name in CORRECTABLE_FIELDS}
    with transaction.atomic():
        step = begin(complaint, user, "dispose")
        locked = step.complaint
        _check_units(lead_unit, supporting_units)
        changed = [name for name, value in corrections.items() if getattr(locked, name) != value]
        category = corrections.get("category", locked.category)
        now = timezone.now()
        holidays = deadlines.holiday_dates()  # read once for the computations below
        changes = {**corrections, "lead_unit": lead_unit, "working_unit": None,
                   **deadlines.start_stage(deadlines.Stage.FIRST_RESPONSE, category=category,
                                           at=now, holidays=holidays),
                   **deadlines.verification_measures(locked, category, now, holidays),
                   **deadlines.disposition_measures(locked, now, holidays)}
        _withdraw_active(locked)
        updated = take_step(locked, step.transition, actor=Actor.COORDINATOR, user=user,
                            changes=changes)
        dispositions = Disposition.objects.bulk_create(
            [Disposition(complaint=updated, unit=lead_unit, role=Disposition.Role.LEAD,
                         instruction=instruction, sent_by=user)]
            + [Disposition(complaint=updated, unit=unit, role=Disposition.Role.SUPPORTING,
                           instruction=instruction, sent_by=user) for unit in supporting_units]
        )
        if changed:
            labels = ", ".join(str(Complaint._meta.get_field(name).verbose_name)
                               for name in changed)
            InternalNote.objects.create(
                complaint=updated, author=user,
                text=_("Koordinator mengoreksi: %(fields)s.") % {"fields": labels})
        for disposition in dispositions:
            notifications.queue_to_staff(
                "new_disposition",
                [disposition.unit.notification_email,
                 *unit_staff_emails(disposition.unit, Appointment.Role.OPERATOR)],
                complaint=updated, event=updated.step_event, unit=disposition.unit,
            )
    return updated


def request_info(*, complaint: Complaint, user: User, question: str) -> Complaint:
    """Ask the reporter for what is missing; the complaint waits (the clock stops)."""
    with transaction.atomic():
        step = begin(complaint, user, "request_info", reason=question)
        return take_step(step.complaint, step.transition, actor=Actor.COORDINATOR, user=user,
                         note=question, changes=deadlines.pause_for_reporter(step.complaint))


ARCHIVE_REASONS_FOR_COORDINATOR = [
    reason for reason in ArchiveReason if reason != ArchiveReason.INCOMPLETE
]


def archive(*, complaint: Complaint, user: User, reason: str, note: str = "",
            duplicate_of: Complaint | None = None) -> Complaint:
    """Close without handling, for a stated reason; a duplicate names its original."""
    if reason not in ARCHIVE_REASONS_FOR_COORDINATOR:
        refuse(_("Pilih alasan pengarsipan."))
    if reason == ArchiveReason.DUPLICATE:
        if duplicate_of is None:
            refuse(_("Sebutkan nomor tiket laporan asli."))
        if duplicate_of.pk == complaint.pk:
            refuse(_("Laporan tidak dapat menjadi duplikat dirinya sendiri."))
    text = str(ArchiveReason(reason).label)
    if duplicate_of is not None and reason == ArchiveReason.DUPLICATE:
        text = f"{text}: {duplicate_of.tracking_code}"
    if note.strip():
        text = f"{text}. {note.strip()}"
    with transaction.atomic():
        step = begin(complaint, user, "archive", reason=text)
        _withdraw_active(step.complaint)
        return take_step(
            step.complaint, step.transition, actor=Actor.COORDINATOR, user=user, note=text,
            changes={"archive_reason": reason, **deadlines.no_deadline(),
                     "duplicate_of": duplicate_of if reason == ArchiveReason.DUPLICATE else None},
        )


# Reports one bulk archive may take: each is a step of its own (8 ms at a million), and a
# "select all" over thousands would outlast the web server's 30 s.
BULK_ARCHIVE_LIMIT = 500


def archive_as_spam(*, complaints, user: User) -> tuple[int, int]:
    """Bulk archive: each complaint in its own step; returns (archived, refused) counts.
    `complaints` (a list or a queryset) is refused whole when it holds more than
    BULK_ARCHIVE_LIMIT; at most one more than that is read to tell."""
    chosen = list(complaints[:BULK_ARCHIVE_LIMIT + 1])
    if len(chosen) > BULK_ARCHIVE_LIMIT:
        refuse(_("Terlalu banyak laporan dipilih (lebih dari %(n)d); tidak ada yang "
                 "diarsipkan. Persempit pencarian atau saringan, lalu arsipkan bertahap.")
               % {"n": BULK_ARCHIVE_LIMIT})
    archived = refused = 0
    for complaint in chosen:
        try:
            archive(complaint=complaint, user=user, reason=ArchiveReason.SPAM)
            archived += 1
        except TransitionNotAllowed:
            refused += 1
    return archived, refused


def forward(*, complaint: Complaint, user: User, unit: Unit, note: str) -> Complaint:
    """No wrong door: send a matter outside the region's authority to the agency that has it."""
    if unit.kind != Unit.Kind.EXTERNAL:
        refuse(_("Pilih instansi di luar daerah; unit di dalam daerah menerima disposisi."))
    with transaction.atomic():
        step = begin(complaint, user, "forward", reason=note)
        _withdraw_active(step.complaint)
        text = _("Diteruskan ke %(unit)s. %(note)s") % {"unit": unit.name, "note": note.strip()}
        updated = take_step(step.complaint, step.transition, actor=Actor.COORDINATOR, user=user,
                            note=text, changes={"forwarded_to": unit, **deadlines.no_deadline()})
        if unit.open311_endpoint:  # filed in the agency's own portal, and followed there
            forwarding.queue_filing(updated, unit)
        else:
            notifications.queue_to_staff("forwarded", [unit.notification_email],
                                         complaint=updated, event=updated.step_event, unit=unit)
    return updated


def message_reporter(*, complaint: Complaint, user: User, text: str) -> InternalNote:
    """The coordinator writes to the reporter in their own words, on the reporter's channel
    (WhatsApp, SMS or e-mail); the units read that it was sent, never where to."""
    require_text(text, _("Tulis pesan untuk pelapor."))
    with transaction.atomic():
        step = begin(complaint, user, "message_reporter")
        if notifications.queue_message_to_reporter(step.complaint, text) is None:
            refuse(_("Pelapor tidak meninggalkan e-mail atau nomor telepon; hubungi melalui "
                     "kanal asalnya."))
        return InternalNote.objects.create(
            complaint=step.complaint, author=user,
            text=_("Pesan dikirim ke pelapor: %(text)s") % {"text": text})
