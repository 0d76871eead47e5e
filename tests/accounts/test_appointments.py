from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts import services
from accounts.models import Appointment, User
from tests.factories import appoint, make_user

Role = Appointment.Role
pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def test_appointing_someone_makes_them_staff(units):
    bob = make_user("bob@lapor.test")
    assert not bob.is_staff
    appoint(bob, units.dpu, Role.OPERATOR)
    bob.refresh_from_db()
    assert bob.is_staff


def test_ending_the_last_appointment_today_keeps_access_until_tonight(units):
    bob = make_user("bob@lapor.test")
    appointment = appoint(bob, units.dpu, Role.OPERATOR)
    services.end_appointment(appointment=appointment, last_day=today())
    bob.refresh_from_db()
    assert bob.is_staff
    assert Appointment.objects.get().valid_until == today()


def test_ending_an_appointment_yesterday_revokes_staff_at_once(units):
    bob = make_user("bob@lapor.test")
    appointment = appoint(bob, units.dpu, Role.OPERATOR)
    services.end_appointment(appointment=appointment, last_day=today() - timedelta(days=1))
    bob.refresh_from_db()
    assert not bob.is_staff


def test_ending_never_extends_an_appointment(units):
    bob = make_user("bob@lapor.test")
    appointment = appoint(bob, units.dpu, Role.OPERATOR, ends=today() + timedelta(days=5))
    services.end_appointment(appointment=appointment, last_day=today() + timedelta(days=90))
    assert Appointment.objects.get().valid_until == today() + timedelta(days=5)


def test_the_daily_sync_follows_appointments_that_started_and_ended(units):
    starting = make_user("starting@lapor.test")
    ending = make_user("ending@lapor.test")
    appoint(starting, units.dpu, Role.OPERATOR, starts=today() + timedelta(days=1))
    appoint(ending, units.dishub, Role.OPERATOR, ends=today())
    tomorrow = today() + timedelta(days=1)
    assert services.sync_all_staff_flags(on=tomorrow) == 2
    assert User.objects.get(pk=starting.pk).is_staff
    assert not User.objects.get(pk=ending.pk).is_staff
    assert services.sync_all_staff_flags(on=tomorrow) == 0


def test_the_daily_sync_leaves_superusers_staff(db):
    root = User.objects.create_superuser("root@lapor.test", "x", full_name="Root")
    services.sync_all_staff_flags()
    assert User.objects.get(pk=root.pk).is_staff


def test_the_same_role_twice_in_overlapping_periods_is_refused(units):
    bob = make_user("bob@lapor.test")
    appoint(bob, units.dpu, Role.OPERATOR, ends=today() + timedelta(days=10))
    with pytest.raises(ValidationError, match="sudah memiliki penugasan"):
        appoint(bob, units.dpu, Role.OPERATOR, starts=today() + timedelta(days=10))
    assert Appointment.objects.count() == 1


def test_a_following_period_is_accepted(units):
    bob = make_user("bob@lapor.test")
    appoint(bob, units.dpu, Role.OPERATOR, ends=today())
    appoint(bob, units.dpu, Role.OPERATOR, starts=today() + timedelta(days=1))
    assert Appointment.objects.count() == 2


def test_a_period_that_ends_before_it_starts_is_refused(units):
    bob = make_user("bob@lapor.test")
    with pytest.raises(ValidationError, match="Tanggal akhir tidak boleh sebelum"):
        appoint(bob, units.dpu, Role.OPERATOR, starts=today(), ends=today() - timedelta(days=1))


def test_an_operator_cannot_be_given_the_whole_region(units):
    bob = make_user("bob@lapor.test")
    with pytest.raises(ValidationError, match="Operator dan kepala hanya berlaku untuk unitnya"):
        appoint(bob, units.dpu, Role.OPERATOR, scope=Appointment.Scope.REGION)


def test_a_coordinator_always_gets_the_whole_region(units):
    alice = make_user("alice@lapor.test")
    appointment = appoint(alice, units.diskominfo, Role.COORDINATOR)
    assert appointment.scope == Appointment.Scope.REGION


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_appointing_the_same_person_at_once_store_one_appointment(units):
    import threading

    from django.db import connection

    bob = make_user("bob@lapor.test")
    barrier = threading.Barrier(2)
    outcomes = []

    def appoint_bob(sk_number):
        barrier.wait()
        try:
            services.appoint(user=bob, unit=units.dpu, role=Role.OPERATOR, sk_number=sk_number,
                             sk_date=today(), valid_from=today())
            outcomes.append("stored")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=appoint_bob, args=(f"SK/{n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "stored"]
    assert Appointment.objects.filter(user=bob).count() == 1


def test_an_edit_does_not_collide_with_itself(units):
    bob = make_user("bob@lapor.test")
    appointment = appoint(bob, units.dpu, Role.OPERATOR)
    appointment.sk_number = "SK/corrected"
    services.save_appointment(appointment=appointment)
    assert Appointment.objects.get().sk_number == "SK/corrected"


def test_the_same_role_in_another_unit_is_no_overlap(units):
    bob = make_user("bob@lapor.test")
    appoint(bob, units.dpu, Role.OPERATOR)
    appoint(bob, units.dishub, Role.OPERATOR)
    appoint(bob, units.dpu, Role.APPROVER)
    assert Appointment.objects.count() == 3


def test_email_is_stored_in_lower_case_and_login_ignores_case(client, units):
    make_user("Bob.Santoso@Lapor.Test")
    assert User.objects.filter(email="bob.santoso@lapor.test").exists()
    assert client.login(username="BOB.santoso@lapor.test", password="kata-sandi-uji-2026")
