"""What the reporter is told, queued for the worker once the change is committed."""

from django.db import transaction
from django_q.tasks import async_task


def reporter_address(complaint):
    """Where the reporter reads e-mail: the address on the report, else the account's."""
    if complaint.reporter_email:
        return complaint.reporter_email
    return complaint.reporter.email if complaint.reporter_id else ""


def _queue_after_commit(func, *args):
    transaction.on_commit(lambda: async_task(func, *args))


def queue_receipt(complaint):
    if reporter_address(complaint):
        _queue_after_commit("complaints.tasks.send_receipt", complaint.pk)


def queue_status_update(event):
    if reporter_address(event.complaint):
        _queue_after_commit("complaints.tasks.send_status_update", event.pk)
