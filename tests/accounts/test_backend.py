from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Appointment, User
from tests.factories import appoint, make_user

Role = Appointment.Role
pytestmark = pytest.mark.django_db


def fresh(user):
    return User.objects.get(pk=user.pk)


def test_coordinator_may_manage_units_people_and_appointments(people):
    alice = fresh(people.alice)
    assert alice.has_perms(["accounts.change_unit", "accounts.add_user",
                            "accounts.add_appointment", "complaints.change_category"])
    assert not alice.has_perm("accounts.delete_appointment")


def test_operator_may_only_read_the_organisation(people):
    bob = fresh(people.bob)
    assert bob.has_perm("accounts.view_unit")
    assert not bob.has_perm("accounts.change_unit")
    assert not bob.has_perm("accounts.view_user")


def test_citizen_has_no_admin_permission(people):
    assert fresh(people.frank).get_all_permissions() == set()


def test_permissions_end_with_the_appointment(units):
    bob = make_user("bob@lapor.test")
    appoint(bob, units.diskominfo, Role.COORDINATOR, ends=timezone.localdate() - timedelta(1))
    assert not fresh(bob).has_perm("accounts.change_unit")
