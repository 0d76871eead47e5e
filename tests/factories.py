"""Small builders for test data. Tests read as sentences; these keep the set-up short."""

from datetime import date, timedelta

from django.utils import timezone

from accounts import services
from accounts.models import Appointment, Unit, User

PASSWORD = "kata-sandi-uji-2026"
Role = Appointment.Role
# Appointments without a start begin here, before any day a test travels to: a start counted
# back from the real today would make a test of a fixed month fail once that month is old.
APPOINTED_FROM = date(2024, 1, 1)


def make_unit(code, kind=Unit.Kind.OFFICE, **fields):
    fields.setdefault("name", f"Unit {code}")
    return Unit.objects.create(code=code, kind=kind, **fields)


def make_user(email, **fields):
    fields.setdefault("full_name", email.split("@")[0].title())
    return User.objects.create_user(email, PASSWORD, **fields)


def appoint(user, unit, role, *, starts=None, ends=None, scope=""):
    starts = starts or APPOINTED_FROM
    return services.appoint(
        user=user,
        unit=unit,
        role=role,
        scope=scope,
        sk_number=f"SK/{unit.code}/{role}/{user.pk}/{starts.isoformat()}",
        sk_date=starts - timedelta(days=7),
        valid_from=starts,
        valid_until=ends,
    )


# --- Complaints -------------------------------------------------------------------------------


def make_category(code="jalan", *, unit=None, **fields):
    from complaints.models import Category

    fields.setdefault("name", f"Kategori {code}")
    return Category.objects.create(code=code, default_unit=unit, **fields)


def file_report(category, *, files=(), user=None, **fields):
    """A complaint filed through the service, as the web form would."""
    from complaints.services import Report, submit_complaint

    fields.setdefault("kind", "complaint")
    fields.setdefault("title", "Jalan berlubang di depan pasar")
    fields.setdefault("description", "Lubang besar di jalan depan pasar, sudah dua minggu.")
    fields.setdefault("reporter_name", "Budi Santoso")
    fields.setdefault("reporter_email", "budi@warga.test")
    fields.setdefault("reporter_phone", "+6281234567890")
    return submit_complaint(report=Report(category=category, **fields), files=files, user=user)


def dispose(complaint, unit, *, user=None):
    """Verify and disposition, as the government side will (issue 4 builds its screens)."""
    from complaints.services import change_state

    return change_state(
        complaint=complaint, action="dispose", actor="coordinator", user=user,
        changes={"verified_at": timezone.now(), "lead_unit": unit},
    )


def advance(complaint, *steps):
    """Take the given (action, actor[, note]) steps in order; returns the complaint."""
    from complaints.services import change_state

    for action, actor, *note in steps:
        complaint = change_state(complaint=complaint, action=action, actor=actor,
                                 note=note[0] if note else "")
    return complaint


def answered(complaint, unit):
    complaint = dispose(complaint, unit)
    return advance(complaint, ("accept", "unit"), ("publish_answer", "unit", "Sudah ditambal."))
