import re

import pytest
from django.urls import reverse

from accounts.models import User
from tests.complaints.conftest import queued_functions, run_queued_tasks
from tests.factories import PASSWORD, file_report, make_category, make_user

REGISTER = reverse("accounts:register")
LOGIN = reverse("accounts:login")


def form(**changes):
    return {"full_name": "Sri Lestari", "email": "Sri@Warga.test", "phone": "0812 1111 2222",
            "password1": "pohon-mangga-2026", "password2": "pohon-mangga-2026", **changes}


def link_in(mail):
    return re.search(r"https?://[^/\s]+(/\S+)", mail.body).group(1)


@pytest.fixture
def registered(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REGISTER, form())
    assert response.status_code == 200 and "Periksa e-mail Anda" in response.content.decode()
    return User.objects.get(email="sri@warga.test")


def test_registration_creates_an_inactive_account_and_queues_a_confirmation(registered):
    assert not registered.is_active and registered.phone == "+6281211112222"
    assert queued_functions() == ["accounts.tasks.send_confirmation"]


def test_the_confirmation_link_activates_logs_in_and_works_once(client, registered, mailoutbox):
    run_queued_tasks()
    (mail,) = mailoutbox
    assert mail.to == ["sri@warga.test"] and "Konfirmasi" in mail.subject
    response = client.get(link_in(mail))
    assert response.status_code == 302 and response["Location"] == reverse(
        "complaints:my_reports")
    registered.refresh_from_db()
    assert registered.is_active
    assert client.get(reverse("complaints:my_reports")).status_code == 200
    client.logout()
    assert client.get(link_in(mail)).status_code == 400


@pytest.mark.parametrize("path", ["/akun/konfirmasi/xx/yy/", "/akun/konfirmasi/MQ/abc-def/"])
def test_a_broken_confirmation_link_says_so(client, db, path):
    response = client.get(path)
    assert response.status_code == 400 and "tidak berlaku" in response.content.decode()


def test_an_unconfirmed_account_cannot_log_in_and_is_told_why(client, registered):
    response = client.post(LOGIN, {"username": "sri@warga.test",
                                   "password": "pohon-mangga-2026"})
    assert response.status_code == 200
    assert "belum aktif" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(("changes", "message"), [
    ({"email": "frank@lapor.test"}, "sudah terdaftar"),
    ({"email": "bukan-email"}, "alamat email yang valid"),
    ({"password2": "lain-sekali-2026"}, "tidak cocok"),
    ({"password1": "123", "password2": "123"}, "terlalu pendek"),
    ({"full_name": ""}, "tidak boleh kosong"),
    ({"phone": "999"}, "Nomor telepon tidak dikenali"),
])
def test_bad_registrations_are_explained_and_create_nothing(client, people, changes, message):
    before = User.objects.count()
    response = client.post(REGISTER, form(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert User.objects.count() == before


def test_login_and_logout(client, people):
    response = client.post(LOGIN, {"username": "FRANK@lapor.test", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse(
        "complaints:my_reports")
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_is_explained(client, people):
    response = client.post(LOGIN, {"username": "frank@lapor.test", "password": "salah"})
    assert "E-mail atau kata sandi salah" in response.content.decode()


def test_password_reset_sends_a_link_that_sets_a_new_password(client, people, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "frank@lapor.test"})
    assert response.status_code == 302
    (mail,) = mailoutbox
    assert "Atur ulang" in mail.subject
    form_page = client.get(link_in(mail), follow=True)
    assert form_page.status_code == 200
    done = client.post(form_page.redirect_chain[-1][0], {
        "new_password1": "jeruk-nipis-2027", "new_password2": "jeruk-nipis-2027"})
    assert done.status_code == 302
    assert client.login(username="frank@lapor.test", password="jeruk-nipis-2027")


def test_a_reset_for_an_unknown_address_reveals_nothing(client, db, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "siapa@warga.test"})
    assert response.status_code == 302 and mailoutbox == []


def test_my_reports_lists_only_my_own_and_needs_a_login(client, people, units):
    category = make_category("jalan", unit=units.dpu)
    mine = file_report(category, title="Laporan milik Frank", user=people.frank)
    file_report(category, title="Laporan orang lain", user=make_user("gita@warga.test"))
    file_report(category, title="Laporan tanpa akun")
    url = reverse("complaints:my_reports")
    assert client.get(url).status_code == 302
    client.force_login(people.frank)
    html = client.get(url).content.decode()
    assert "Laporan milik Frank" in html and mine.secret_key in html
    assert "Laporan orang lain" not in html and "Laporan tanpa akun" not in html
