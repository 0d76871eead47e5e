"""Merging a report into another about the same problem, and undoing it (the coordinator, at
triage). The duplicate is set aside (state merged, linked to the primary); its reporter
follows the primary as a supporter and hears its steps; the unit answers the primary once.
Both timelines record the merge and its undoing."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from complaints import supporters
from complaints.models import Complaint
from complaints.services import record_internal, take_step
from complaints.workflow import FINAL_STATES, Action, Actor, State
from disposition.models import Merge
from disposition.services.steps import begin, refuse


def merge(*, complaint: Complaint, user: User, primary: Complaint) -> Complaint:
    """Merge `complaint` (in triage) into `primary` (any report still being handled)."""
    if primary.pk == complaint.pk:
        refuse(_("Laporan tidak dapat digabungkan dengan dirinya sendiri."))
    with transaction.atomic():
        # Both rows locked in one order, whoever merges which into which: no deadlock.
        locked = {c.pk: c for c in Complaint.objects.select_for_update().filter(
            pk__in=[complaint.pk, primary.pk]).order_by("pk")}
        primary = locked[primary.pk]
        _check_primary(primary, complaint)
        step = begin(complaint, user, "merge")
        duplicate = _take_merge_step(step, user, primary)
        Merge.objects.create(duplicate=duplicate, primary=primary, merged_by=user)
        supporters.follow_merged(primary=primary, duplicate=duplicate)
        record_internal(primary, Action.MERGE, actor=Actor.COORDINATOR, user=user,
                        note=_("Laporan %(code)s digabungkan ke laporan ini.") % {
                            "code": duplicate.tracking_code})
    return duplicate


def _check_primary(primary: Complaint, duplicate: Complaint) -> None:
    if primary.state == State.MERGED:  # a merge into a merged report would form a chain
        refuse(_("Laporan %(code)s sudah digabungkan ke laporan lain; gabungkan ke laporan "
                 "utamanya.") % {"code": primary.tracking_code})
    if primary.state == State.FORWARDED or primary.forwarded_to_id:
        refuse(_("Laporan %(code)s sudah diteruskan ke daerah atau instansi lain; laporan "
                 "di luar daerah ini tidak dapat menjadi laporan utama.")
               % {"code": primary.tracking_code})
    if primary.state in FINAL_STATES:
        refuse(_("Laporan %(code)s sudah selesai atau diarsipkan; pilih laporan yang masih "
                 "ditangani.") % {"code": primary.tracking_code})
    if Merge.objects.filter(primary=duplicate, undone_at__isnull=True).exists():
        refuse(_("Laporan lain sudah digabungkan ke laporan ini; gabungkan laporan lain itu "
                 "ke sini, bukan sebaliknya."))


def _take_merge_step(step, user, primary):
    return take_step(
        step.complaint, step.transition, actor=Actor.COORDINATOR, user=user,
        note=_("Masalah yang sama sudah dilaporkan: digabungkan ke laporan %(code)s. Kabar "
               "perkembangannya dikirim juga kepada Anda.") % {"code": primary.tracking_code},
        changes={"duplicate_of": primary, "paused_state": step.complaint.state})


def unmerge(*, complaint: Complaint, user: User) -> Complaint:
    """Undo a merge: the report returns to where it was in triage, its reporter stops
    following the primary."""
    with transaction.atomic():
        active = (Merge.objects.select_for_update().select_related("primary")
                  .filter(duplicate=complaint, undone_at__isnull=True).first())
        step = begin(complaint, user, "unmerge")
        if active is None:
            refuse(_("Laporan ini tidak sedang digabungkan."))
        separated = take_step(
            step.complaint, step.transition, actor=Actor.COORDINATOR, user=user,
            note=_("Penggabungan dengan laporan %(code)s dibatalkan; laporan ini ditangani "
                   "sendiri.") % {"code": active.primary.tracking_code},
            changes={"duplicate_of": None, "paused_state": ""})
        Merge.objects.filter(pk=active.pk).update(undone_at=timezone.now(), undone_by=user)
        supporters.end_merged(separated)
        record_internal(active.primary, Action.UNMERGE, actor=Actor.COORDINATOR, user=user,
                        note=_("Laporan %(code)s dipisahkan kembali dari laporan ini.") % {
                            "code": separated.tracking_code})
    return separated
