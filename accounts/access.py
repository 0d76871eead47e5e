"""The single place that answers: which units may this user act for, and in which role.

People, roles, units and appointments only: which complaints a person may see is decided one
layer up, by complaints/access.py (the public and the reporter) and disposition/access.py
(the workbench), both built on this module. Access comes only from appointments in force
today, in the region's time zone, for active users and active units.
"""

import hmac
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone

from accounts.keys import hash_api_key
from accounts.models import ApiClient, Appointment, Unit, User

Role = Appointment.Role
# Whoever makes a request: an account, or nobody logged in.
Person = User | AnonymousUser


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


def current_appointments(user: Person, *, on: date | None = None) -> QuerySet:
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


def access_for(user: Person, *, on: date | None = None) -> Access:
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


def is_staff_person(user: Person) -> bool:
    """Holds an appointment in force (or is a superuser), second factor aside."""
    return user.is_authenticated and user.is_active and (
        user.is_superuser or access_for(user).has_any)


def needs_second_factor(user: Person) -> bool:
    """Whether the user's roles require a second factor (settings.LAPOR_TWO_FACTOR_ROLES;
    a superuser whenever any role does)."""
    required = settings.LAPOR_TWO_FACTOR_ROLES
    return bool(required) and (user.is_superuser or bool(access_for(user).roles & required))


def second_factor_missing(user: Person) -> bool:
    """A session that should have passed its second factor and has not. Only a request's user
    carries that (django-otp's middleware); a user loaded elsewhere (the worker, a shell) is
    not a session."""
    is_verified = getattr(user, "is_verified", None)
    return is_verified is not None and needs_second_factor(user) and not is_verified()


def has_staff_access(user: Person) -> bool:
    """May this user enter the government workbench (the Django admin), the dashboards and
    the exports? Only with an appointment in force, and with the second factor where the
    role needs it."""
    return is_staff_person(user) and not second_factor_missing(user)


def units_for(user: Person, *roles: str) -> QuerySet:
    """Units the user may act for in any of `roles` (all units for a coordinator)."""
    access = access_for(user)
    if user.is_superuser or access.is_coordinator:
        return Unit.objects.filter(is_active=True)
    return Unit.objects.filter(pk__in=access.unit_ids(*roles), is_active=True)


def _unit_tree():
    """{unit id: [its children's ids]} and {unit id: its parent's id}, in one query."""
    children, parents = {}, {}
    for pk, parent_id in Unit.objects.filter(parent__isnull=False).values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
        parents[pk] = parent_id
    return children, parents


def _below(unit_ids, children) -> set[int]:
    found, todo = set(), list(unit_ids)
    while todo:
        unit_id = todo.pop()
        if unit_id not in found:
            found.add(unit_id)
            todo.extend(children.get(unit_id, ()))
    return found


def sub_unit_ids(unit_ids) -> set[int]:
    """`unit_ids` and every unit below them (bidang, UPT, desa …), at any depth: a unit
    oversees its sub-units' work."""
    return _below(unit_ids, _unit_tree()[0])


@dataclass(frozen=True)
class Oversight:
    """The units whose work a person oversees: those they hold a role for and every unit
    below them; and, of these, the ones a lead unit above all of them may send work down to
    (below a held unit that is itself a sub-unit), whose work the lead unit keeps."""

    units: frozenset[int] = frozenset()
    sent_down_from_above: frozenset[int] = frozenset()


def oversight(user: Person) -> Oversight:
    """`Oversight` for the user's units, computed once per request."""
    if not hasattr(user, "_lapor_oversight"):
        children, parents = _unit_tree()
        held = access_for(user).unit_ids()
        user._lapor_oversight = Oversight(
            units=frozenset(_below(held, children)),
            sent_down_from_above=frozenset(_below(
                [unit_id for unit_id in held if unit_id in parents], children)))
    return user._lapor_oversight


def overseen_unit_ids(user: Person) -> frozenset[int]:
    """The units the user holds a role for and their sub-units (once per request)."""
    return oversight(user).units


def is_coordinator(user: Person) -> bool:
    """A coordinator (Diskominfo) or a superuser: acts region-wide in the workbench."""
    return user.is_authenticated and user.is_active and (
        user.is_superuser or access_for(user).is_coordinator
    )


def sees_whole_region(user: Person) -> bool:
    """Coordinators, superusers and region-wide viewers (pimpinan)."""
    return user.is_superuser or access_for(user).sees_whole_region


def api_client_for_key(key: str) -> ApiClient | None:
    """The active client whose key this is (compared by hash, in constant time), or None."""
    prefix, _dot, _secret = (key or "").partition(".")
    if not prefix or not _secret or len(key) > 200:
        return None
    client = ApiClient.objects.filter(key_prefix=prefix, is_active=True).first()
    if client is None or not hmac.compare_digest(client.key_hash, hash_api_key(key)):
        return None
    return client
