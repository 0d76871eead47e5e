from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from accounts import access
from accounts.models import Appointment
from tests.factories import appoint, make_unit, make_user

Role = Appointment.Role
pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def fresh(user):
    """The same user without the per-request access cache."""
    return type(user).objects.get(pk=user.pk)


def test_appointment_valid_today_gives_access_to_its_unit(units):
    bob = make_user("bob@lapor.test")
    appoint(bob, units.dpu, Role.OPERATOR, starts=today(), ends=today())
    bob_access = access.access_for(bob)
    assert bob_access.unit_ids(Role.OPERATOR) == {units.dpu.pk}
    assert bob_access.can_act_for(units.dpu.pk, Role.OPERATOR)
    assert not bob_access.can_act_for(units.dishub.pk, Role.OPERATOR)
    assert not bob_access.can_act_for(units.dpu.pk, Role.APPROVER)
    assert access.has_staff_access(bob)


def test_appointment_that_ended_yesterday_gives_nothing(units):
    bob = make_user("bob@lapor.test")
    appoint(bob, units.dpu, Role.OPERATOR, ends=today() - timedelta(days=1))
    assert access.access_for(bob) is access.NO_ACCESS
    assert not access.has_staff_access(bob)
    assert list(access.units_for(bob)) == []


def test_appointment_that_starts_tomorrow_gives_nothing_today_but_does_tomorrow(units):
    bob = make_user("bob@lapor.test")
    appoint(bob, units.dpu, Role.OPERATOR, starts=today() + timedelta(days=1))
    assert not access.access_for(bob).has_any
    tomorrow = access.access_for(bob, on=today() + timedelta(days=1))
    assert tomorrow.unit_ids() == {units.dpu.pk}


def test_a_person_appointed_to_two_units_acts_for_both_in_their_own_roles(units):
    bob = make_user("bob@lapor.test")
    appoint(bob, units.dpu, Role.OPERATOR)
    appoint(bob, units.dishub, Role.APPROVER)
    bob_access = access.access_for(bob)
    assert bob_access.unit_ids() == {units.dpu.pk, units.dishub.pk}
    assert bob_access.unit_ids(Role.OPERATOR) == {units.dpu.pk}
    assert bob_access.unit_ids(Role.APPROVER) == {units.dishub.pk}
    assert set(access.units_for(bob, Role.APPROVER)) == {units.dishub}


def test_an_inactive_unit_gives_no_access(units):
    bob = make_user("bob@lapor.test")
    appoint(bob, units.dpu, Role.OPERATOR)
    units.dpu.is_active = False
    units.dpu.save()
    assert not access.has_staff_access(fresh(bob))


def test_a_deactivated_user_has_no_access(units):
    bob = make_user("bob@lapor.test")
    appoint(bob, units.dpu, Role.OPERATOR)
    bob.is_active = False
    bob.save()
    assert not access.has_staff_access(fresh(bob))


def test_anonymous_visitor_and_citizen_have_no_access(people):
    assert not access.has_staff_access(AnonymousUser())
    assert access.access_for(people.frank) is access.NO_ACCESS


def test_coordinator_sees_the_whole_region_and_acts_for_every_unit(people, units):
    alice = access.access_for(people.alice)
    assert alice.is_coordinator and alice.sees_whole_region
    assert set(access.units_for(people.alice)) == {units.diskominfo, units.dpu, units.dishub,
                                                    units.setda}


def test_region_viewer_sees_the_region_but_is_no_coordinator(people):
    erin = access.access_for(people.erin)
    assert erin.sees_whole_region
    assert not erin.is_coordinator
    assert erin.roles == {Role.VIEWER}


def test_unit_operator_does_not_see_the_region(people, units):
    bob = access.access_for(people.bob)
    assert not bob.sees_whole_region and not bob.is_coordinator
    assert list(access.units_for(people.bob)) == [units.dpu]


def test_access_is_computed_once_per_user_object(people, django_assert_num_queries):
    bob = fresh(people.bob)
    with django_assert_num_queries(1):
        access.access_for(bob)
        access.access_for(bob)
        access.has_staff_access(bob)


def test_validity_follows_the_region_time_zone(units, time_machine, settings):
    # 17:30 UTC on 31 March is already 1 April in Jakarta (UTC+7).
    settings.TIME_ZONE = "Asia/Jakarta"
    time_machine.move_to("2027-03-31T17:30:00+00:00", tick=False)
    bob = make_user("bob@lapor.test")
    from datetime import date

    appoint(bob, units.dpu, Role.OPERATOR, starts=date(2027, 4, 1))
    assert access.has_staff_access(bob)


def test_a_new_unit_is_reachable_by_the_coordinator_at_once(people):
    pdam = make_unit("PDAM", name="Perumda Air Minum")
    assert pdam in access.units_for(fresh(people.alice))
