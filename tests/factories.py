"""Small builders for test data. Tests read as sentences; these keep the set-up short."""

from datetime import timedelta

from django.utils import timezone

from accounts import services
from accounts.models import Appointment, Unit, User

PASSWORD = "kata-sandi-uji-2026"
Role = Appointment.Role


def make_unit(code, kind=Unit.Kind.OFFICE, **fields):
    fields.setdefault("name", f"Unit {code}")
    return Unit.objects.create(code=code, kind=kind, **fields)


def make_user(email, **fields):
    fields.setdefault("full_name", email.split("@")[0].title())
    return User.objects.create_user(email, PASSWORD, **fields)


def appoint(user, unit, role, *, starts=None, ends=None, scope=""):
    today = timezone.localdate()
    return services.appoint(
        user=user,
        unit=unit,
        role=role,
        scope=scope,
        sk_number=f"SK/{unit.code}/{role}/{user.pk}/{(starts or today).isoformat()}",
        sk_date=(starts or today) - timedelta(days=7),
        valid_from=starts or today - timedelta(days=30),
        valid_until=ends,
    )
