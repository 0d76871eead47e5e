"""Login protection (django-axes, attempts in PostgreSQL): an address, and an account from
that address, are locked out after five failures, with a message that says until when; the
real user logs in from their own address; coordinators unlock with a record; the reset form
never says whether an address has an account and is limited per address."""

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse

from accounts.models import AccessRecord
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
ATTACKER, HOME = "203.0.113.66", "198.51.100.7"


def login(client, email, password, address, url="/admin/login/"):
    return client.post(url, {"username": email, "password": password},
                       REMOTE_ADDR=address)


def assert_logged_in(client, response, user):
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_five_wrong_passwords_lock_the_address_and_the_message_says_until_when(client,
                                                                                people):
    for _ in range(4):
        assert login(client, "alice@lapor.test", "salah", ATTACKER).status_code == 200
    assert login(client, "alice@lapor.test", "salah", ATTACKER).status_code == 429  # the fifth
    locked = login(client, "alice@lapor.test", PASSWORD, ATTACKER)  # even the right one
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Coba lagi setelah pukul" in page and "15 menit" in page
    assert "_auth_user_id" not in client.session
    # The real coordinator, from her own address, is not locked out.
    assert_logged_in(client, login(client, "alice@lapor.test", PASSWORD, HOME), people.alice)


def test_the_citizen_login_is_protected_the_same_way(client, people):
    url = reverse("accounts:login")
    for _ in range(5):
        login(client, "frank@lapor.test", "salah", ATTACKER, url)
    assert login(client, "frank@lapor.test", PASSWORD, ATTACKER, url).status_code == 429
    assert login(client, "frank@lapor.test", PASSWORD, HOME, url).status_code == 302


def test_a_flood_of_wrong_logins_leaves_the_real_user_in(client, people):
    """200 here (bench/login_flood.py sends 10,000 and records the result)."""
    for n in range(200):
        response = login(client, f"alice{n % 7}@lapor.test" if n % 2 else "alice@lapor.test",
                         f"tebakan-{n}", ATTACKER)
        assert response.status_code == (200 if n < 4 else 429)
    assert AccessAttempt.objects.filter(ip_address=ATTACKER).count() <= 8  # rows, not 200
    assert_logged_in(client, login(client, "alice@lapor.test", PASSWORD, HOME), people.alice)


def test_a_coordinator_unlocks_with_a_record(client, people):
    for _ in range(5):
        login(client, "bob@lapor.test", "salah", ATTACKER)
    assert login(client, "bob@lapor.test", PASSWORD, ATTACKER).status_code == 429
    coordinator = client.__class__()
    coordinator.force_login(people.alice)
    listing = coordinator.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200 and ATTACKER in listing.content.decode()
    attempts = AccessAttempt.objects.filter(ip_address=ATTACKER)
    coordinator.post(reverse("admin:axes_accessattempt_changelist"), {
        "action": "delete_selected", "_selected_action": [a.pk for a in attempts],
        "post": "yes"})
    assert not AccessAttempt.objects.filter(ip_address=ATTACKER).exists()
    entry = AccessRecord.objects.get(kind="login_unlocked")
    assert entry.actor == people.alice
    assert login(client, "bob@lapor.test", PASSWORD, ATTACKER).status_code == 302


def test_only_coordinators_see_and_unlock_lockouts(client, people):
    client.force_login(people.bob)
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


def test_the_reset_form_never_says_whether_an_address_exists(client, people):
    url = reverse("accounts:password_reset")
    known = client.post(url, {"email": "frank@lapor.test"}, REMOTE_ADDR=HOME)
    unknown = client.post(url, {"email": "tidak.ada@lapor.test"}, REMOTE_ADDR=HOME)
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mail.outbox] == [["frank@lapor.test"]]


def test_a_flood_of_resets_from_one_address_mails_nobody(client, people, settings):
    url = reverse("accounts:password_reset")
    for _ in range(settings.LAPOR_RESET_LIMIT_PER_HOUR):
        client.post(url, {"email": "frank@lapor.test"}, REMOTE_ADDR=ATTACKER)
    refused = client.post(url, {"email": "frank@lapor.test"}, REMOTE_ADDR=ATTACKER)
    assert refused.status_code == 429
    assert "Coba lagi dalam satu jam" in refused.content.decode()
    assert len(mail.outbox) == settings.LAPOR_RESET_LIMIT_PER_HOUR
    assert client.post(url, {"email": "frank@lapor.test"},
                       REMOTE_ADDR=HOME).status_code == 302
