"""Writes to people and appointments. Views, admin and commands call these, nothing else."""

from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.forms import ModelForm
from django.utils import timezone
from django_q.tasks import async_task

from accounts import audit
from accounts.access import current_appointments
from accounts.keys import hash_api_key, new_api_key
from accounts.models import ApiClient, Appointment, Unit, User


def default_scope(role: str) -> str:
    if role == Appointment.Role.COORDINATOR:
        return Appointment.Scope.REGION
    return Appointment.Scope.UNIT


@transaction.atomic
def save_appointment(*, appointment: Appointment, actor: User | None = None) -> Appointment:
    """Validate and store an appointment (new or edited), then bring is_staff in step."""
    # One writer per person at a time, so the overlap check in clean() cannot race.
    User.objects.select_for_update().filter(pk=appointment.user_id).first()
    if not appointment.scope:
        appointment.scope = default_scope(appointment.role)
    if appointment.pk is None and actor is not None and actor.is_authenticated:
        appointment.created_by = actor
    appointment.full_clean()
    appointment.save()
    sync_staff_flag(user=appointment.user)
    audit.record(audit.Kind.APPOINTMENT_CHANGED, actor=actor,
                 subject=f"{appointment.user.email} · {appointment.role} {appointment.unit.code}",
                 detail=f"SK {appointment.sk_number} ({appointment.sk_date}), "
                        f"{appointment.valid_from} – {appointment.valid_until or '…'}")
    return appointment


def appoint(*, user: User, unit: Unit, role: str, sk_number: str, sk_date: date,
            valid_from: date, valid_until: date | None = None, scope: str = "",
            actor: User | None = None) -> Appointment:
    appointment = Appointment(
        user=user, unit=unit, role=role, scope=scope, sk_number=sk_number, sk_date=sk_date,
        valid_from=valid_from, valid_until=valid_until,
    )
    return save_appointment(appointment=appointment, actor=actor)


@transaction.atomic
def end_appointment(*, appointment: Appointment, last_day: date,
                    actor: User | None = None) -> Appointment:
    """End an appointment after `last_day` (e.g. a new SK replaces it)."""
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.valid_until is None or last_day < appointment.valid_until:
        appointment.valid_until = last_day
    return save_appointment(appointment=appointment, actor=actor)


def sync_staff_flag(*, user: User, on: date | None = None) -> bool:
    """Set is_staff to whether the user has an appointment in force; True if it changed."""
    should_be_staff = user.is_superuser or current_appointments(user, on=on).exists()
    if user.is_staff == should_be_staff:
        return False
    User.objects.filter(pk=user.pk).update(is_staff=should_be_staff)
    user.is_staff = should_be_staff
    return True


def sync_all_staff_flags(*, on: date | None = None) -> int:
    """The daily pass: is_staff for everyone, in two UPDATEs. Returns how many rows changed."""
    day = on or timezone.localdate()
    in_force = Appointment.objects.valid_on(day).filter(
        user=OuterRef("pk"), unit__is_active=True
    )
    users = User.objects.annotate(appointed=Exists(in_force))
    granted = users.filter(appointed=True, is_staff=False, is_active=True).update(is_staff=True)
    revoked = (
        users.filter(Q(appointed=False) | Q(is_active=False))
        .filter(is_staff=True, is_superuser=False)
        .update(is_staff=False)
    )
    return granted + revoked


def register_citizen(*, form: ModelForm) -> User:
    """Create a citizen's account from a valid RegistrationForm, inactive until the e-mail
    address is confirmed; the confirmation is sent by the worker after the commit."""
    with transaction.atomic():
        user = form.save(commit=False)
        user.is_active = False
        user.save()
        transaction.on_commit(lambda: async_task("accounts.tasks.send_confirmation", user.pk))
    return user


def confirm_citizen(*, user: User) -> User:
    """Activate the account whose confirmation link was opened."""
    User.objects.filter(pk=user.pk).update(is_active=True)
    user.is_active = True
    return user


def issue_api_key(*, name: str, contact_email: str = "", requests_per_hour: int = 60,
                  actor: User | None = None) -> tuple[ApiClient, str]:
    """A new Open311 client and its key, returned once: only its SHA-256 is kept."""
    prefix, key = new_api_key()
    client = ApiClient.objects.create(
        name=name, contact_email=contact_email, requests_per_hour=requests_per_hour,
        key_prefix=prefix, key_hash=hash_api_key(key),
        created_by=actor if actor is not None and actor.is_authenticated else None)
    return client, key


def revoke_api_key(*, client: ApiClient) -> ApiClient:
    """The key stops working at once; the client's reports keep naming it."""
    ApiClient.objects.filter(pk=client.pk, revoked_at__isnull=True).update(
        is_active=False, revoked_at=timezone.now())
    client.refresh_from_db()
    return client
