"""The lead unit's steps while it works on a report: ask the reporter (its clock stops),
withdraw the question, and publish progress updates without ending its work."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from complaints import deadlines
from complaints.models import Complaint
from complaints.services import take_step
from complaints.workflow import Actor
from disposition.services.steps import begin, require_text


def ask_reporter(*, complaint: Complaint, user: User, question: str) -> Complaint:
    """Ask the reporter for what the unit needs (the exact place, a photo …): the unit's
    clock stops, the reporter answers on the private page or their phone channel."""
    require_text(question, _("Tuliskan pertanyaan untuk pelapor."))
    with transaction.atomic():
        step = begin(complaint, user, "ask_reporter", reason=question)
        return take_step(step.complaint, step.transition, actor=Actor.UNIT, user=user,
                         note=question,
                         changes=deadlines.pause_for_unit_question(step.complaint))


def withdraw_question(*, complaint: Complaint, user: User) -> Complaint:
    """The unit no longer needs the answer: back to work with the days that were left."""
    with transaction.atomic():
        step = begin(complaint, user, "withdraw_question")
        return take_step(step.complaint, step.transition, actor=Actor.UNIT, user=user,
                         changes=deadlines.resume_after_question)


def publish_progress(*, complaint: Complaint, user: User, text: str, files=()) -> Complaint:
    """A progress update on the public timeline (with photos); the work goes on."""
    require_text(text, _("Tuliskan perkembangan penanganan."))
    with transaction.atomic():
        step = begin(complaint, user, "progress", reason=text)
        return take_step(step.complaint, step.transition, actor=Actor.UNIT, user=user,
                         note=text, files=files)
