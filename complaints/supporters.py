"""Supporters of a report (complaints.models.Supporter): a citizen who chose “dukung laporan
ini” instead of filing the same problem again, and the reporter of a report merged into it.
Services write here; complaints.similar finds the reports to support."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import Person
from complaints import access, notifications
from complaints.models import Complaint, Notification, Supporter
from complaints.services import lock, take_step
from complaints.uploads import CleanFile
from complaints.workflow import TRANSITIONS, Action, Actor, TransitionNotAllowed, allowed

NOT_SUPPORTABLE = _("Laporan ini tidak dapat didukung.")
ALREADY_ANSWERED = _("Laporan ini sudah ditindaklanjuti, jadi tidak dapat didukung lagi. Bila "
                     "masalahnya masih ada, buat laporan baru.")
ALREADY_SUPPORTING = _("Anda sudah mendukung laporan ini; kabar perkembangannya tetap dikirim "
                       "kepada Anda.")


def contact_of(email: str, phone: str) -> tuple[str, str]:
    """(channel, recipient) a supporter is told on: e-mail when given, else SMS."""
    if email:
        return Notification.Channel.EMAIL, email
    if phone:
        return Notification.Channel.SMS, phone
    return "", ""


def support(*, complaint: Complaint, name: str = "", email: str = "", phone: str = "",
            user: Person | None = None, files: Iterable[CleanFile] = ()) -> Supporter:
    """A citizen joins a public report that is still being handled: counted, told of each
    public step on the contact they leave, their photos added to its public timeline.
    Raises TransitionNotAllowed for a report that is confidential, not public or answered
    already, and for a second support by the same contact or account."""
    channel, contact = contact_of(email, phone)
    account = user if user is not None and user.is_authenticated else None
    with transaction.atomic():
        locked = lock(complaint)
        if not access.is_public(locked):
            raise TransitionNotAllowed(NOT_SUPPORTABLE)
        if not allowed(Action.SUPPORT, locked.state, Actor.SUPPORTER):
            raise TransitionNotAllowed(ALREADY_ANSWERED)
        if _supporting(locked, contact, account):
            raise TransitionNotAllowed(ALREADY_SUPPORTING)
        supporter = _start(complaint=locked, name=name, contact_channel=channel,
                           contact=contact, user=account)
        take_step(locked, TRANSITIONS[Action.SUPPORT], actor=Actor.SUPPORTER, user=account,
                  files=files)
    return supporter


def _supporting(complaint, contact, user) -> bool:
    current = Supporter.objects.filter(complaint=complaint, ended_at__isnull=True)
    if contact and current.filter(contact=contact).exists():
        return True
    return user is not None and current.filter(user=user).exists()


def follow_merged(*, primary: Complaint, duplicate: Complaint) -> Supporter | None:
    """The reporter of `duplicate` follows `primary` (inside the merge's transaction); None
    when they follow it already, or reported it themselves."""
    channel, contact = notifications.reporter_contact(duplicate) or ("", "")
    user = duplicate.reporter if duplicate.reporter_id else None
    primary_contact = (notifications.reporter_contact(primary) or ("", ""))[1]
    if (contact and contact == primary_contact) or (
            user is not None and user.pk == primary.reporter_id):
        return None  # the same person reported both
    if _supporting(primary, contact, user):
        return None
    return _start(complaint=primary, source=Supporter.Source.MERGE, merged_report=duplicate,
                  user=user, name="" if duplicate.is_anonymous else duplicate.reporter_name,
                  contact_channel=channel, contact=contact)


def end_merged(duplicate: Complaint) -> int:
    """Undoing a merge: the duplicate's reporter stops following the primary."""
    ended = Supporter.objects.filter(merged_report=duplicate, ended_at__isnull=True)
    primaries = list(ended.values_list("complaint_id", flat=True))
    count = ended.update(ended_at=timezone.now())
    for primary in primaries:
        Complaint.objects.filter(pk=primary).update(supporter_count=F("supporter_count") - 1)
    return count


def _start(*, complaint, **fields) -> Supporter:
    """A new supporter, counted on the report (Complaint.supporter_count)."""
    supporter = Supporter.objects.create(complaint=complaint, **fields)
    Complaint.objects.filter(pk=complaint.pk).update(supporter_count=F("supporter_count") + 1)
    complaint.supporter_count += 1
    return supporter
