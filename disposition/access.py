"""Which complaints a staff user may open in the workbench and count on a dashboard, and how
one staff user stands to one complaint (the parties of disposition/workflow.py).

Built on accounts/access.py (who holds which role for which unit, today) and the
dispositions: a unit sees what was sent to it. Every workbench and dashboard queryset starts
here; complaints/access.py asks `complaints_for_staff` through the scope handed to it at
start-up (DispositionConfig.ready).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Value

from accounts.access import (
    Person,
    Role,
    access_for,
    has_staff_access,
    overseen_unit_ids,
    oversight,
    sees_whole_region,
)
from accounts.models import Unit
from accounts.roles import ANSWERING_ROLES
from complaints.models import Complaint
from disposition.models import Disposition
from disposition.workflow import Party


def complaints_for_staff(user: Person) -> QuerySet:
    """Complaints a workbench user may open: every one for coordinators, superusers and
    region-wide viewers; for unit staff, those ever dispositioned to one of their units or
    to a sub-unit below them (a returned or transferred one stays readable to the unit that
    had it). A sub-unit sees only what was sent to it."""
    if not has_staff_access(user):
        return Complaint.objects.none()
    if sees_whole_region(user):
        return Complaint.objects.all()
    return Complaint.objects.filter(_sent_to(overseen_unit_ids(user)))


def _sent_to(unit_ids):
    return Exists(Disposition.objects.filter(complaint=OuterRef("pk"), unit_id__in=unit_ids))


def readable_by(user: Person):
    """An expression, true for the complaints `complaints_for_staff(user)` holds (for
    annotating a queryset that may hold others)."""
    if not has_staff_access(user):
        return Value(False)
    if sees_whole_region(user):
        return Value(True)
    return _sent_to(overseen_unit_ids(user))


def complaints_for_dashboard(user: Person) -> QuerySet:
    """What a dashboard counts: the whole region for coordinators, superusers and region-wide
    viewers; for unit staff, the complaints their units (or their sub-units) lead, and the
    work a lead unit sent down to their sub-unit."""
    if not has_staff_access(user):
        return Complaint.objects.none()
    if sees_whole_region(user):
        return Complaint.objects.all()
    seen = oversight(user)
    led = Q(lead_unit_id__in=seen.units)
    if seen.sent_down_from_above:
        led |= Q(working_unit_id__in=seen.sent_down_from_above)
    return Complaint.objects.filter(led)


def dashboard_lead_units(user: Person) -> frozenset[int] | None:
    """The units whose led complaints are the whole of a unit user's dashboard — what the
    monthly rollup counts by (`lead_unit`); None for the whole region, and when work a lead
    unit sent down to the user's sub-unit is part of it."""
    if not has_staff_access(user) or sees_whole_region(user):
        return None
    seen = oversight(user)
    return None if seen.sent_down_from_above else seen.units


def dashboard_units(user: Person) -> QuerySet:
    """The units a dashboard may list and filter by."""
    units = Unit.objects.filter(is_active=True).exclude(kind=Unit.Kind.EXTERNAL)
    if sees_whole_region(user):
        return units
    return units.filter(pk__in=overseen_unit_ids(user))


@dataclass(frozen=True)
class StaffRelation:
    """How one staff user stands to one complaint: the parties they act as now, and those they
    held through any disposition it ever had (which decides 403 against a stale page)."""

    parties: frozenset[Party] = frozenset()
    ever: frozenset[Party] = frozenset()
    supporting_unit_ids: frozenset[int] = frozenset()  # their units supporting it now

    @property
    def is_coordinator(self) -> bool:
        return Party.COORDINATOR in self.parties

    @property
    def is_lead_staff(self) -> bool:
        """Works the answer: the lead unit's staff, or its working sub-unit's."""
        return bool({Party.LEAD, Party.SUB_UNIT} & self.parties)


def relation_to(user: Person, complaint: Complaint,
                dispositions: Iterable[Disposition]) -> StaffRelation:
    """`dispositions`: all of the complaint's dispositions, in force or not."""
    if not user.is_authenticated or not user.is_active:
        return StaffRelation()
    roles = access_for(user).roles_by_unit
    now, ever, supporting = set(), set(), set()
    if user.is_superuser or access_for(user).is_coordinator:
        now.add(Party.COORDINATOR)
        ever.add(Party.COORDINATOR)
    for disposition in dispositions:
        held = roles.get(disposition.unit_id, frozenset())
        if not held & ANSWERING_ROLES:
            continue
        if disposition.role == Disposition.Role.SUPPORTING:
            ever.add(Party.SUPPORTING)
            if disposition.is_active:
                now.add(Party.SUPPORTING)
                supporting.add(disposition.unit_id)
        elif disposition.role == Disposition.Role.SUB_UNIT:
            ever.add(Party.SUB_UNIT)
        else:
            ever |= _lead_parties(held)
    if complaint.lead_unit_id is not None:
        now |= _lead_parties(roles.get(complaint.lead_unit_id, frozenset()))
    # A sub-unit works the answer; the lead unit's head approves, the lead unit routes.
    if roles.get(complaint.working_unit_id, frozenset()) & ANSWERING_ROLES:
        now.add(Party.SUB_UNIT)
    return StaffRelation(parties=frozenset(now), ever=frozenset(ever | now),
                         supporting_unit_ids=frozenset(supporting))


def _lead_parties(held_roles) -> set[Party]:
    parties = {Party.LEAD} if held_roles & ANSWERING_ROLES else set()
    if Role.APPROVER in held_roles:
        parties.add(Party.APPROVER)
    return parties
