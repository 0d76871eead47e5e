import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from accounts.access import access_for
from accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from accounts.models import Appointment, Unit, User
from complaints.models import Category, Complaint
from complaints.workflow import State

pytestmark = pytest.mark.django_db


def counts():
    return (Unit.objects.count(), Category.objects.count(), User.objects.count(),
            Appointment.objects.count(), Complaint.objects.count())


def test_it_loads_the_whole_demo_region():
    call_command("load_demo", verbosity=0)
    assert counts() == (59, 22, 7, 6, 18)
    assert Unit.objects.filter(kind=Unit.Kind.DISTRICT).count() == 19
    assert Unit.objects.filter(kind=Unit.Kind.EXTERNAL).count() == 6
    assert Unit.objects.get(code="DPU").answers_need_approval
    assert not Unit.objects.get(code="DISHUB").answers_need_approval
    jalan = Category.objects.get(code="jalan")
    assert (jalan.default_unit.code, jalan.completion_days) == ("DPU", 60)
    assert Category.objects.get(code="pungli").is_confidential_by_default
    assert Category.objects.get(code="lainnya").default_unit is None


def test_running_it_twice_changes_nothing():
    call_command("load_demo", verbosity=0)
    before = counts()
    passwords = dict(User.objects.values_list("email", "password"))
    call_command("load_demo", verbosity=0)
    assert counts() == before
    assert dict(User.objects.values_list("email", "password")) == passwords


def test_it_keeps_what_a_coordinator_changed_since():
    call_command("load_demo", verbosity=0)
    Unit.objects.filter(code="DPU").update(name="Dinas PU dan Penataan Ruang")
    call_command("load_demo", verbosity=0)
    assert Unit.objects.get(code="DPU").name == "Dinas PU dan Penataan Ruang"


def test_every_demo_account_logs_in_with_the_demo_password_and_has_its_role():
    call_command("load_demo", verbosity=0)
    expected = {
        "koordinator@lapor.test": ({"coordinator"}, True),
        "operator.dpu@lapor.test": ({"operator"}, False),
        "kepala.dpu@lapor.test": ({"approver"}, False),
        "operator.dishub@lapor.test": ({"operator"}, False),
        "operator.binamarga@lapor.test": ({"operator"}, False),
        "pimpinan@lapor.test": ({"viewer"}, True),
        "warga@lapor.test": (set(), False),
    }
    assert {account.email for account in DEMO_ACCOUNTS} == set(expected)
    for email, (roles, whole_region) in expected.items():
        user = authenticate(username=email, password=DEMO_PASSWORD)
        assert user is not None, email
        access = access_for(user)
        assert (set(access.roles), access.sees_whole_region) == (roles, whole_region), email
        assert user.is_staff == bool(roles)


def test_the_demo_has_complaints_in_every_state_over_several_units_and_channels():
    call_command("load_demo", verbosity=0)
    assert set(Complaint.objects.values_list("state", flat=True)) == set(State.values)
    assert Complaint.objects.values("channel").distinct().count() >= 6
    assert {"DPU", "DISHUB"} <= set(Complaint.objects.exclude(lead_unit=None)
                                    .values_list("lead_unit__code", flat=True))
    assert Complaint.objects.filter(is_anonymous=True, lead_unit__code="DPU").exists()
