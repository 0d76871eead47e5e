"""The access log (UU PDP): one function writes it, so every entry has the same shape. Reading
it is for coordinators (accounts/admin.py); the database keeps it append-only."""

from django.http import HttpRequest

from accounts.models import AccessRecord, User
from accounts.ratelimit import client_address

Kind = AccessRecord.Kind


def record(kind: str, *, actor: User | None, subject: str = "", detail: str = "",
           request: HttpRequest | None = None) -> AccessRecord:
    """Write one entry (in the caller's transaction, so it stands or falls with the act)."""
    return AccessRecord.objects.create(
        kind=kind, actor=actor if actor is not None and actor.is_authenticated else None,
        subject=subject[:200], detail=detail,
        address=(client_address(request) or None) if request is not None else None)
