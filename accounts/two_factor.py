"""Two-factor authentication for staff (django-otp): a TOTP authenticator app, with ten
one-time recovery codes; enrolment on first login, reset by a coordinator with a record.
Which roles need it is accounts.access.needs_second_factor."""

import secrets

from django.db import transaction
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import audit
from accounts.models import User

RECOVERY_CODES = 10
RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"


def has_authenticator(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_authenticator(user: User) -> TOTPDevice:
    """The authenticator being enrolled (a new secret until it is confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Aplikasi autentikator",
                                               confirmed=False)


@transaction.atomic
def confirm_authenticator(*, user: User, token: str) -> tuple[TOTPDevice, list[str]] | None:
    """The first code from the app confirms it; returns the device and fresh recovery codes
    (shown once), or None when the code is wrong."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(token.strip().replace(" ", "")):
        return None
    device.confirmed = True
    device.save()
    return device, new_recovery_codes(user=user)


@transaction.atomic
def new_recovery_codes(*, user: User) -> list[str]:
    """Replace the user's recovery codes; each works once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Kode pemulihan", confirmed=True)
    codes = ["".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
             for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def verify(user: User, token: str):
    """The device a code from the app or a recovery code belongs to (a recovery code is used
    up), or None."""
    token = token.strip().replace(" ", "").lower()
    return match_token(user, token) if token else None


@transaction.atomic
def reset_second_factor(*, user: User, by: User, request=None) -> None:
    """A coordinator clears a staff member's authenticator and codes (a lost phone); they
    enrol again at their next login. Recorded in the access log."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit.record(audit.Kind.SECOND_FACTOR_RESET, actor=by, subject=user.email,
                 request=request)
