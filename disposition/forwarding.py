"""Forwarding that follows the report: an outside agency with an Open311 endpoint (another
lapor, a city system) gets the report filed through its API by the worker — claimed once like
a notification, retried with backoff — and is then polled, so the reporter's timeline shows
the agency's status and answer ("Perkembangan dari instansi tujuan"). Without an endpoint,
forwarding stays an e-mail.

What leaves: the category's remote service code, the description, the place, and lapor's own
contact — never the reporter's identity. `attribute[lapor_reference]` carries our tracking
code, so a lapor on the other side files a retry once."""

import logging
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_q.tasks import async_task

from complaints.services import change_state
from complaints.workflow import Action, Actor, TransitionNotAllowed
from disposition.models import RemoteRequest
from lapor.channels import ProviderError
from lapor.channels.http import get_json, post_form

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
LEASE = timedelta(minutes=10)
LOST_AFTER = timedelta(minutes=5)


def queue_filing(complaint, unit) -> RemoteRequest:
    """Inside the forwarding step's transaction: the worker files it after the commit."""
    remote = RemoteRequest.objects.create(complaint=complaint, unit=unit)
    transaction.on_commit(lambda: async_task("disposition.tasks.file_remote", remote.pk))
    return remote


def _claim(remote_id, now):
    return RemoteRequest.objects.filter(
        Q(sending_since__isnull=True) | Q(sending_since__lt=now - LEASE),
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        pk=remote_id, state__in=[RemoteRequest.State.QUEUED, RemoteRequest.State.FAILED],
        attempts__lt=MAX_ATTEMPTS,
    ).update(sending_since=now, attempts=F("attempts") + 1) == 1


def _fields(complaint, unit):
    contact = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    fields = {"api_key": unit.open311_api_key, "service_code": unit.open311_service_code,
              "description": complaint.description, "email": contact,
              "first_name": f"Layanan pengaduan {settings.LAPOR_REGION_NAME}",
              "attribute[lapor_reference]": complaint.tracking_code}
    if complaint.latitude is not None and complaint.longitude is not None:
        fields.update(lat=str(complaint.latitude), long=str(complaint.longitude))
    place = ", ".join(part for part in [
        complaint.address, complaint.village,
        complaint.district.name if complaint.district_id else "",
        settings.LAPOR_REGION_NAME] if part)
    fields["address_string"] = place
    return fields


def file_remote(remote_id) -> str:
    """Worker task: POST the report to the agency's Open311 endpoint, once."""
    now = timezone.now()
    if not _claim(remote_id, now):
        return "not filed: already filed, in flight or waiting"
    remote = RemoteRequest.objects.select_related("complaint__district", "unit").get(pk=remote_id)
    row = RemoteRequest.objects.filter(pk=remote_id)
    unit = remote.unit
    try:
        answer = post_form(f"{unit.open311_endpoint.rstrip('/')}/requests.json",
                           _fields(remote.complaint, unit), who=unit.name)
        remote_code = str(answer[0]["service_request_id"])
    except (ProviderError, KeyError, IndexError, TypeError) as error:
        row.update(state=RemoteRequest.State.FAILED, error=repr(error)[:2000],
                   sending_since=None,
                   next_attempt_at=timezone.now() + timedelta(minutes=2 ** remote.attempts))
        raise ProviderError(f"{unit.name}: {error}") from error
    row.update(state=RemoteRequest.State.FILED, remote_id=remote_code[:100], error="",
               sending_since=None, next_attempt_at=None, filed_at=timezone.now())
    return remote_code


def follow(now=None) -> dict:
    """Every 15 minutes: hand over again what was not filed, and poll what was."""
    now = now or timezone.now()
    retry = RemoteRequest.objects.filter(
        Q(state=RemoteRequest.State.QUEUED, created_at__lt=now - LOST_AFTER)
        | Q(state=RemoteRequest.State.FAILED, next_attempt_at__lte=now),
        sending_since__isnull=True, attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True)
    for pk in retry:
        async_task("disposition.tasks.file_remote", pk)
    polled = changed = 0
    for remote in RemoteRequest.objects.filter(state=RemoteRequest.State.FILED).select_related(
            "unit", "complaint"):
        polled += 1
        try:
            changed += poll(remote)
        except ProviderError:
            logger.warning("Polling %s for %s failed", remote.unit.code, remote.remote_id,
                           exc_info=True)
    return {"requeued": len(retry), "polled": polled, "changed": changed}


def poll(remote: RemoteRequest) -> bool:
    """Read the agency's status; a change becomes a public step on our complaint."""
    url = f"{remote.unit.open311_endpoint.rstrip('/')}/requests/{remote.remote_id}.json"
    try:
        answer = get_json(url, who=remote.unit.name)
    except ProviderError as error:
        if " 404" in str(error):  # not public there yet (not verified): ask again later
            RemoteRequest.objects.filter(pk=remote.pk).update(polled_at=timezone.now())
            return False
        raise
    try:
        status, notes = str(answer[0]["status"]), str(answer[0].get("status_notes") or "")
    except (KeyError, IndexError, TypeError) as error:
        raise ProviderError(f"{remote.unit.name}: unreadable answer") from error
    fields = {"polled_at": timezone.now()}
    if (status, notes) != (remote.remote_status, remote.remote_notes):
        try:
            change_state(complaint=remote.complaint, action=Action.REMOTE_UPDATE,
                         actor=Actor.SYSTEM,
                         note=f"{remote.unit.name}: {notes or status}"[:5000])
        except TransitionNotAllowed:
            logger.warning("Complaint %s is no longer forwarded", remote.complaint_id)
        fields.update(remote_status=status[:20], remote_notes=notes)
        if status == "closed":
            fields["state"] = RemoteRequest.State.CLOSED
    RemoteRequest.objects.filter(pk=remote.pk).update(**fields)
    return "remote_status" in fields
