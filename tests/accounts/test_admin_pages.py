"""One smoke test per ModelAdmin: changelist, add and change render, for the right people."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from accounts.models import Appointment, Unit, User
from complaints.models import Category
from tests.factories import appoint, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(people, units):
    return {
        Unit: units.dpu,
        User: people.bob,
        Appointment: Appointment.objects.filter(user=people.bob).get(),
        Category: Category.objects.create(code="jalan", name="Jalan", default_unit=units.dpu),
    }


OUR_MODELS = [Unit, User, Appointment, Category]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_model_of_ours_is_in_the_admin():
    assert all(model in admin.site._registry for model in OUR_MODELS)


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda m: m.__name__)
def test_coordinator_gets_changelist_add_and_change_pages(client, people, objects, model):
    client.force_login(people.alice)
    obj = objects[model]
    for url in (admin_url(model, "changelist"), admin_url(model, "add"),
                admin_url(model, "change", obj.pk)):
        response = client.get(url)
        assert response.status_code == 200, url
    search = client.get(admin_url(model, "changelist"), {"q": "a"})
    assert search.status_code == 200


def test_coordinator_sees_every_unit_in_the_list(client, people, units):
    client.force_login(people.alice)
    response = client.get(admin_url(Unit, "changelist"))
    assert response.context["cl"].result_count == Unit.objects.count() == 4


@pytest.mark.parametrize("person", ["bob", "charlie", "dave", "erin"])
def test_unit_staff_may_read_units_but_not_manage_people(client, people, units, person):
    client.force_login(getattr(people, person))
    assert client.get(admin_url(Unit, "changelist")).status_code == 200
    assert client.get(admin_url(Unit, "change", units.dpu.pk)).status_code == 200
    assert client.get(admin_url(Unit, "add")).status_code == 403
    assert client.get(admin_url(User, "changelist")).status_code == 403
    assert client.get(admin_url(Appointment, "changelist")).status_code == 403


def test_a_citizen_is_sent_to_the_admin_login(client, people):
    client.force_login(people.frank)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_someone_whose_sk_ended_yesterday_is_kept_out_even_if_still_flagged_staff(client, units):
    gina = make_user("gina@lapor.test")
    appoint(gina, units.dpu, Appointment.Role.OPERATOR,
            ends=timezone.localdate() - timedelta(days=1))
    User.objects.filter(pk=gina.pk).update(is_staff=True)  # the nightly sync has not run yet
    client.force_login(gina)
    assert client.get(reverse("admin:index")).status_code == 302


def test_nobody_deletes_an_appointment_through_the_admin(client, people, objects):
    client.force_login(people.alice)
    url = admin_url(Appointment, "delete", objects[Appointment].pk)
    assert client.get(url).status_code == 403


def test_appointment_list_filters_by_validity(client, people, units):
    soon = timezone.localdate() + timedelta(days=10)
    appoint(people.dave, units.dpu, Appointment.Role.OPERATOR, ends=soon)
    client.force_login(people.alice)
    response = client.get(admin_url(Appointment, "changelist"), {"validity": "expiring"})
    shown = list(response.context["cl"].result_list)
    assert [(a.user, a.unit) for a in shown] == [(people.dave, units.dpu)]
    current = client.get(admin_url(Appointment, "changelist"), {"validity": "current"})
    assert current.context["cl"].result_count == 6


def test_coordinator_appoints_through_the_admin_and_the_person_becomes_staff(client, people, units):
    gina = make_user("gina@lapor.test")
    client.force_login(people.alice)
    today = timezone.localdate()
    response = client.post(admin_url(Appointment, "add"), {
        "user": gina.pk, "unit": units.dishub.pk, "role": "operator", "scope": "unit",
        "sk_number": "100/2026", "sk_date": today.isoformat(), "valid_from": today.isoformat(),
        "valid_until": "",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    gina.refresh_from_db()
    assert gina.is_staff
    assert Appointment.objects.get(user=gina).created_by == people.alice


def test_an_overlapping_appointment_in_the_admin_shows_the_reason(client, people, units):
    client.force_login(people.alice)
    today = timezone.localdate()
    response = client.post(admin_url(Appointment, "add"), {
        "user": people.bob.pk, "unit": units.dpu.pk, "role": "operator", "scope": "unit",
        "sk_number": "101/2026", "sk_date": today.isoformat(), "valid_from": today.isoformat(),
    })
    assert response.status_code == 200
    assert "sudah memiliki penugasan" in response.content.decode()
    assert Appointment.objects.filter(sk_number="101/2026").count() == 0


def test_admin_is_branded_with_the_region(client, people, settings):
    settings.LAPOR_REGION_NAME = "Kota Salatiga"
    client.force_login(people.alice)
    assert "lapor · Kota Salatiga" in client.get(reverse("admin:index")).content.decode()


def test_django_q_pages_render_for_a_superuser(client, db):
    root = User.objects.create_superuser("root@lapor.test", "x", full_name="Root")
    client.force_login(root)
    for model in [m for m in admin.site._registry if m._meta.app_label == "django_q"]:
        assert client.get(admin_url(model, "changelist")).status_code == 200, model
