"""The single place that answers: which units may this user act for, and in which role, and
which complaints (and which of their parts) each person may see.

Every queryset a staff user or a reporter sees is built on this module. Access comes only
from appointments in force today, in the region's time zone, for active users and active
units.
"""

import hmac
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import Appointment, Unit

Role = Appointment.Role


@dataclass(frozen=True)
class Access:
    # unit id -> roles held for that unit
    roles_by_unit: dict[int, frozenset[str]] = field(default_factory=dict)
    # roles held for the whole region (coordinators, region-wide viewers)
    region_roles: frozenset[str] = frozenset()

    @property
    def roles(self):
        held = set(self.region_roles)
        for roles in self.roles_by_unit.values():
            held |= roles
        return frozenset(held)

    @property
    def has_any(self):
        return bool(self.roles)

    @property
    def is_coordinator(self):
        return Role.COORDINATOR in self.region_roles

    @property
    def sees_whole_region(self):
        return bool(self.region_roles)

    def unit_ids(self, *roles):
        """Ids of the units the user holds any of `roles` for (any role when none given)."""
        wanted = set(roles) or set(Role.values)
        return {unit_id for unit_id, held in self.roles_by_unit.items() if held & wanted}

    def can_act_for(self, unit_id, role):
        return role in self.roles_by_unit.get(unit_id, frozenset())


NO_ACCESS = Access()


def current_appointments(user, *, on=None):
    """Appointments giving `user` access on `on` (today in the region when not given)."""
    if not user.is_authenticated or not user.is_active:
        return Appointment.objects.none()
    day = on or timezone.localdate()
    return (
        Appointment.objects.valid_on(day)
        .filter(user=user)
        .filter(unit__is_active=True)
        .select_related("unit")
    )


def access_for(user, *, on=None):
    """The user's access; computed once per user object (i.e. per request) for today."""
    if on is None and hasattr(user, "_lapor_access"):
        return user._lapor_access
    by_unit, region = {}, set()
    for role, scope, unit_id in current_appointments(user, on=on).values_list(
        "role", "scope", "unit_id"
    ):
        by_unit[unit_id] = by_unit.get(unit_id, frozenset()) | {role}
        if scope == Appointment.Scope.REGION:
            region.add(role)
    access = Access(roles_by_unit=by_unit, region_roles=frozenset(region)) if by_unit else NO_ACCESS
    if on is None and user.is_authenticated:
        user._lapor_access = access
    return access


def has_staff_access(user):
    """May this user enter the government workbench (the Django admin)?"""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or access_for(user).has_any


def units_for(user, *roles):
    """Units the user may act for in any of `roles` (all units for a coordinator)."""
    access = access_for(user)
    if user.is_superuser or access.is_coordinator:
        return Unit.objects.filter(is_active=True)
    return Unit.objects.filter(pk__in=access.unit_ids(*roles), is_active=True)


# --- Complaints -------------------------------------------------------------------------------
# complaints depends on accounts, so the model is looked up when called, not imported.


# What a complaint's page shows beside it; fetched with it, in the same query.
COMPLAINT_PAGE_RELATED = ["category", "lead_unit", "district"]


def _complaints():
    return apps.get_model("complaints", "Complaint").objects


def public_complaints():
    """Reports anyone may read on /laporan/: verified, not confidential, not archived.
    `is_public` below is the same rule for one complaint already loaded."""
    return (
        _complaints()
        .filter(verified_at__isnull=False)
        .filter(is_confidential=False)
        .exclude(state="archived")
    )


def is_public(complaint):
    return (
        complaint.verified_at is not None
        and not complaint.is_confidential
        and complaint.state != "archived"
    )


def complaint_for_tracking(code):
    """The report a tracking code names, whatever its state; its content is shown only when
    `may_read_content` says so."""
    if not code:
        return None
    return _complaints().select_related(*COMPLAINT_PAGE_RELATED).filter(tracking_code=code).first()


def complaint_for_private_link(secret_key):
    """The report whose private link this is (the key is the reporter's proof)."""
    if not secret_key or len(secret_key) != 43:
        return None
    return (
        _complaints().select_related(*COMPLAINT_PAGE_RELATED).filter(secret_key=secret_key).first()
    )


def complaints_of_reporter(user):
    """The reports a citizen filed while logged in ("Laporan saya")."""
    if not user.is_authenticated or not user.is_active:
        return _complaints().none()
    return _complaints().filter(reporter=user)


def is_owner(user, complaint):
    return user.is_authenticated and user.is_active and complaint.reporter_id == user.pk


def may_read_content(user, complaint, *, secret_key=None):
    """Title, description, attachments and notes: for the public only when the report is public;
    otherwise for the holder of the private link, the reporter's account, and the staff who may
    open it in the workbench (coordinators, region viewers, the units it was sent to)."""
    if is_public(complaint):
        return True
    if secret_key and hmac.compare_digest(secret_key, complaint.secret_key):
        return True
    if is_owner(user, complaint):
        return True
    return complaints_for_staff(user).filter(pk=complaint.pk).exists()


def may_read_attachment(user, attachment, *, secret_key=None):
    """A file of a public step follows the report's content; a unit's draft or contribution
    (no public step yet) only the workbench's users of that complaint."""
    complaint = attachment.complaint
    if attachment.event is not None and attachment.event.is_public:
        return may_read_content(user, complaint, secret_key=secret_key)
    return complaints_for_staff(user).filter(pk=complaint.pk).exists()


# --- The workbench (Django admin) ---------------------------------------------------------------


def _dispositions():
    return apps.get_model("disposition", "Disposition").objects


def complaints_for_staff(user):
    """Complaints a workbench user may open: every one for coordinators, superusers and
    region-wide viewers; for unit staff, those ever dispositioned to one of their units
    (a returned one stays readable to the unit that returned it)."""
    if not has_staff_access(user):
        return _complaints().none()
    access = access_for(user)
    if user.is_superuser or access.sees_whole_region:
        return _complaints().all()
    sent_to_my_units = _dispositions().filter(
        complaint=OuterRef("pk"), unit_id__in=access.unit_ids()
    )
    return _complaints().filter(Exists(sent_to_my_units))


def may_see_identity(user, complaint):
    """The reporter's name, e-mail, phone and account: hidden from everyone but the
    coordinators when the report is anonymous."""
    if not complaint.is_anonymous:
        return True
    return user.is_authenticated and user.is_active and (
        user.is_superuser or access_for(user).is_coordinator
    )


def is_coordinator(user):
    return user.is_authenticated and user.is_active and (
        user.is_superuser or access_for(user).is_coordinator
    )


@dataclass(frozen=True)
class StaffRelation:
    """How one staff user stands to one complaint; decides which workbench actions they see."""

    is_coordinator: bool = False
    lead_roles: frozenset[str] = frozenset()  # roles held in the current lead unit
    supporting_unit_ids: frozenset[int] = frozenset()  # their units with an active support

    @property
    def is_lead_staff(self):
        return bool(self.lead_roles & {Role.OPERATOR, Role.APPROVER})

    @property
    def is_lead_approver(self):
        return Role.APPROVER in self.lead_roles


def relation_to(user, complaint, active_dispositions):
    """`active_dispositions`: the complaint's dispositions in force (sent or accepted)."""
    if not user.is_authenticated or not user.is_active:
        return StaffRelation()
    access = access_for(user)
    lead_roles = frozenset()
    if complaint.lead_unit_id is not None:
        lead_roles = access.roles_by_unit.get(complaint.lead_unit_id, frozenset())
    working = {Role.OPERATOR, Role.APPROVER}
    supporting = frozenset(
        d.unit_id
        for d in active_dispositions
        if d.role == "supporting" and access.roles_by_unit.get(d.unit_id, frozenset()) & working
    )
    return StaffRelation(
        is_coordinator=user.is_superuser or access.is_coordinator,
        lead_roles=frozenset(lead_roles),
        supporting_unit_ids=supporting,
    )


def complaints_for_dashboard(user):
    """What a dashboard counts: the whole region for coordinators, superusers and region-wide
    viewers; for unit staff, the complaints their units lead."""
    if not has_staff_access(user):
        return _complaints().none()
    access = access_for(user)
    if user.is_superuser or access.sees_whole_region:
        return _complaints().all()
    return _complaints().filter(lead_unit_id__in=access.unit_ids())


def dashboard_units(user):
    """The units a dashboard may list and filter by."""
    access = access_for(user)
    units = Unit.objects.filter(is_active=True).exclude(kind=Unit.Kind.EXTERNAL)
    if user.is_superuser or access.sees_whole_region:
        return units
    return units.filter(pk__in=access.unit_ids())
