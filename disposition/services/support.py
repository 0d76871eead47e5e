"""Supporting units' contributions, and the internal notes of everyone working on a
complaint."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from complaints.models import Complaint, Tag
from complaints.services import attach_files
from complaints.workflow import TransitionNotAllowed
from disposition.models import ACTIVE_DISPOSITION_STATES, Disposition, InternalNote, Response
from disposition.services.steps import begin, move_dispositions, require_text
from disposition.workflow import Party


def contribute(*, complaint: Complaint, user: User, text: str, files=()) -> Response:
    """A supporting unit's input for the lead unit's answer; never shown to the reporter."""
    require_text(text, _("Isi kontribusi wajib diisi."))
    with transaction.atomic():
        step = begin(complaint, user, "contribute")
        disposition = min(
            (d for d in step.dispositions
             if d.unit_id in step.relation.supporting_unit_ids
             and d.state in ACTIVE_DISPOSITION_STATES),
            key=lambda d: d.pk)
        response = Response.objects.create(complaint=step.complaint, disposition=disposition,
                                           text=text, author=user,
                                           state=Response.State.CONTRIBUTED)
        if files:
            response.attachments.add(*attach_files(complaint=step.complaint, files=files))
        move_dispositions(Disposition.objects.filter(pk=disposition.pk), "accept",
                          accepted_at=timezone.now(), accepted_by=user)
    return response


def add_note(*, complaint: Complaint, user: User, text: str) -> InternalNote:
    """An internal note for the coordinator and the units working on the complaint, signed
    with the unit the author writes for."""
    require_text(text, _("Catatan wajib diisi."))
    with transaction.atomic():
        step = begin(complaint, user, "note")
        relation = step.relation
        if Party.LEAD in relation.parties:
            unit_id = step.complaint.lead_unit_id
        elif Party.SUB_UNIT in relation.parties:
            unit_id = step.complaint.working_unit_id
        elif relation.supporting_unit_ids:
            unit_id = min(relation.supporting_unit_ids)
        else:
            unit_id = None  # the coordinator
        return InternalNote.objects.create(complaint=step.complaint, author=user,
                                           unit_id=unit_id, text=text)


def set_tags(*, complaint: Complaint, user: User, tags) -> list[Tag]:
    """Label a report with themes from the region's managed list (inactive labels already on
    it stay; new ones must be active)."""
    with transaction.atomic():
        step = begin(complaint, user, "tag")
        chosen = {tag.pk: tag for tag in tags}
        current = set(step.complaint.tags.values_list("pk", flat=True))
        inactive = [tag.name for pk, tag in chosen.items()
                    if not tag.is_active and pk not in current]
        if inactive:
            raise TransitionNotAllowed(_("Label tidak aktif: %(tags)s.")
                                       % {"tags": ", ".join(inactive)})
        step.complaint.tags.set(chosen.values())
    return list(chosen.values())
