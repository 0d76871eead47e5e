"""A second factor for staff (django-otp TOTP and recovery codes): required for the roles the
setting lists, enrolled at first login, asked at every login; the admin, the dashboards and
the exports refuse a session without it; a coordinator resets it with a record; staff
sessions end when idle and when the password changes."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AccessRecord
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
STAFF_PAGES = ["/admin/", "/admin/complaints/complaint/", "/admin/complaints/complaint/ekspor/",
               "/dasbor/", "/dasbor/ekspor/laporan.csv"]


@pytest.fixture(autouse=True)
def required(settings):
    settings.LAPOR_TWO_FACTOR_ROLES = frozenset({"coordinator", "operator", "approver",
                                                 "viewer"})
    settings.LAPOR_STAFF_IDLE_MINUTES = 30


def code_for(device, at=None):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if at is not None:
        totp.time = at.timestamp()
    return f"{totp.token():06d}"


def enrol(client, user):
    client.force_login(user)
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=user)
    return device, client.post(reverse("accounts:two_factor_setup"),
                               {"code": code_for(device), "next": "/admin/"})


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_every_staff_area_sends_a_session_without_the_second_factor_to_enrol(client, people,
                                                                              path):
    client.force_login(people.bob)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_setup") + "?next=")


def test_enrolment_shows_a_qr_code_and_key_and_gives_recovery_codes_once(client, people):
    client.force_login(people.bob)
    page = client.get(reverse("accounts:two_factor_setup")).content.decode()
    assert "<svg" in page and 'id="kunci-2fa"' in page
    wrong = client.post(reverse("accounts:two_factor_setup"), {"code": "000000"})
    assert wrong.status_code == 400 and "Kode salah" in wrong.content.decode()
    device = TOTPDevice.objects.get(user=people.bob)
    # (after a wrong code django-otp makes the next try wait a moment: a brute-force brake)
    with time_machine.travel(timezone.now() + timedelta(seconds=5), tick=False):
        done = client.post(reverse("accounts:two_factor_setup"),
                           {"code": code_for(device), "next": "/admin/"})
    assert done.status_code == 200
    assert len(done.context["codes"]) == 10
    assert client.get("/admin/").status_code == 200
    assert client.get("/dasbor/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_a_later_login_asks_for_a_code_or_a_recovery_code_once(client, people):
    device, done = enrol(client, people.bob)
    codes = done.context["codes"]
    later = client.__class__()
    later.post("/admin/login/", {"username": "bob@lapor.test", "password": PASSWORD})
    asked = later.get("/admin/")
    assert asked["Location"].startswith(reverse("accounts:two_factor_verify"))
    bad = later.post(reverse("accounts:two_factor_verify"), {"code": "123456", "next": "/admin/"})
    assert bad.status_code == 400 and "Kode salah" in bad.content.decode()
    with time_machine.travel(timezone.now() + timedelta(seconds=60), tick=False):
        ok = later.post(reverse("accounts:two_factor_verify"),
                        {"code": code_for(device), "next": "/admin/"})
        assert ok.status_code == 302, ok.content.decode()[-1500:]
        assert ok["Location"] == "/admin/"
        assert later.get("/admin/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(seconds=120), tick=False):
        third = client.__class__()
        third.force_login(people.bob)
        used = third.post(reverse("accounts:two_factor_verify"),
                          {"code": codes[0], "next": "/dasbor/"})
        assert used["Location"] == "/dasbor/"
    with time_machine.travel(timezone.now() + timedelta(seconds=180), tick=False):
        again = client.__class__()
        again.force_login(people.bob)
        assert again.post(reverse("accounts:two_factor_verify"),
                          {"code": codes[0]}).status_code == 400  # used up


def test_next_never_leaves_the_site(client, people):
    device, _done = enrol(client, people.bob)
    other = client.__class__()
    other.force_login(people.bob)
    with time_machine.travel(timezone.now() + timedelta(seconds=60), tick=False):
        response = other.post(reverse("accounts:two_factor_verify"),
                              {"code": code_for(device), "next": "https://penyerang.test/"})
    assert response["Location"] == "/admin/"


def test_the_roles_that_need_it_are_a_setting(client, people, settings):
    settings.LAPOR_TWO_FACTOR_ROLES = frozenset({"coordinator"})
    client.force_login(people.bob)  # an operator
    assert client.get("/admin/").status_code == 200
    client.force_login(people.alice)
    assert client.get("/admin/").status_code == 302


def test_citizens_have_no_second_factor_to_give(client, people):
    client.force_login(people.frank)
    assert client.get(reverse("complaints:my_reports")).status_code == 200
    assert client.get(reverse("accounts:two_factor_setup")).status_code == 403


def test_a_coordinator_resets_a_lost_phone_with_a_record(client, people):
    enrol(client, people.bob)
    coordinator = client.__class__()
    device, _done = enrol(coordinator, people.alice)
    coordinator.post(reverse("admin:accounts_user_changelist"), {
        "action": "reset_second_factor", "_selected_action": [people.bob.pk]})
    assert not TOTPDevice.objects.filter(user=people.bob).exists()
    assert not StaticDevice.objects.filter(user=people.bob).exists()
    entry = AccessRecord.objects.get(kind="second_factor_reset")
    assert (entry.actor, entry.subject) == (people.alice, "bob@lapor.test")
    fresh = client.__class__()
    fresh.force_login(people.bob)
    assert fresh.get("/admin/")["Location"].startswith(reverse("accounts:two_factor_setup"))


def test_an_idle_staff_session_ends_after_thirty_minutes(client, people, settings):
    settings.LAPOR_TWO_FACTOR_ROLES = frozenset()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(people.bob)
        assert client.get("/admin/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.get("/admin/").status_code == 200  # still active: the clock restarts
    with time_machine.travel(start + timedelta(minutes=58), tick=False):
        assert client.get("/admin/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=89), tick=False):
        response = client.get("/admin/complaints/complaint/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in client.session


def test_a_password_change_ends_the_other_sessions(client, people, settings):
    settings.LAPOR_TWO_FACTOR_ROLES = frozenset()
    client.force_login(people.bob)
    assert client.get("/admin/").status_code == 200
    people.bob.set_password("kata-sandi-baru-yang-panjang-2026")
    people.bob.save()
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
