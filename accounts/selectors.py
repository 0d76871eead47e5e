"""Read queries about people and units (who is told what; see complaints.notifications)."""

from django.utils import timezone

from accounts.models import Appointment, Unit

Role = Appointment.Role


def _emails_of(appointments):
    today = timezone.localdate()
    return list(
        appointments.valid_on(today)
        .filter(user__is_active=True, unit__is_active=True)
        .values_list("user__email", flat=True)
        .distinct()
    )


def unit_staff_emails(unit: Unit, *roles: str) -> list[str]:
    """E-mail addresses of the people appointed to `unit` today in any of `roles`."""
    return _emails_of(Appointment.objects.filter(unit=unit, role__in=roles))


def coordinator_emails() -> list[str]:
    return _emails_of(Appointment.objects.filter(role=Role.COORDINATOR))


def leader_contacts() -> list[tuple[str, str]]:
    """(e-mail, phone) of the region's leaders (pimpinan: region-wide viewers) in force."""
    today = timezone.localdate()
    return list(
        Appointment.objects.valid_on(today)
        .filter(role=Role.VIEWER, scope=Appointment.Scope.REGION, user__is_active=True,
                unit__is_active=True)
        .values_list("user__email", "user__phone").distinct()
    )
