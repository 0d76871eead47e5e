"""Personal data kept only as long as needed (UU PDP 27/2022): the retention schedule the
worker runs daily, and the anonymising it shares with a citizen who closes their account.

What goes, for good: of reports finished (closed, archived, forwarded) more than
LAPOR_RETAIN_FINISHED_REPORT_YEARS ago, the reporter's account link, name, e-mail, phone,
social handle and source reference, every attached file, the messages sent about it and its
WhatsApp/SMS conversation; WhatsApp/SMS messages and conversations older than
LAPOR_RETAIN_CONVERSATION_DAYS; the message log older than LAPOR_RETAIN_MESSAGE_LOG_DAYS;
access-log entries older than LAPOR_RETAIN_ACCESS_LOG_DAYS. The report, its category, unit,
dates and timeline stay: the public record. Each run is recorded (RetentionRun)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Now
from django.utils import timezone

from accounts import audit
from accounts.models import AccessRecord
from complaints.models import (
    Attachment,
    Complaint,
    Conversation,
    InboundMessage,
    Notification,
    RetentionRun,
    Supporter,
)
from complaints.workflow import FINAL_STATES

logger = logging.getLogger(__name__)
BATCH = 500
IDENTITY = {"reporter": None, "reporter_name": "", "reporter_email": "", "reporter_phone": "",
            "reporter_handle": "", "source_reference": "", "shows_name": False}
# A supporter's identity: they stay counted, and are told nothing more.
SUPPORTER = {"user": None, "name": "", "contact": "", "contact_channel": ""}


def anonymise(complaints: QuerySet, *, with_files: bool = True) -> int:
    """Remove the reporter's identity (and, `with_files`, the files) from these complaints,
    with the messages and conversations that carry it; returns how many. Files are deleted
    from storage after the rows are gone."""
    now = timezone.now()
    ids = list(complaints.filter(anonymised_at__isnull=True).values_list("pk", flat=True))
    names = []
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        with transaction.atomic():
            if with_files:
                files = Attachment.objects.filter(complaint_id__in=batch)
                names += [name for pair in files.values_list("file", "thumbnail")
                          for name in pair if name]
                files.delete()
            Notification.objects.filter(complaint_id__in=batch).delete()
            InboundMessage.objects.filter(complaint_id__in=batch).delete()
            names += _drop_conversations(Conversation.objects.filter(complaint_id__in=batch))
            Supporter.objects.filter(
                Q(complaint_id__in=batch) | Q(merged_report_id__in=batch)).update(**SUPPORTER)
            Complaint.objects.filter(pk__in=batch).update(**IDENTITY, anonymised_at=now)
    _delete_files(names)
    return len(ids)


def _drop_conversations(conversations) -> list[str]:
    """Delete the conversations; returns the draft photos' names that no report keeps."""
    photos = [name for row in conversations.values_list("photos", flat=True) for name in row]
    conversations.delete()
    kept = set(Attachment.objects.filter(file__in=photos).values_list("file", flat=True))
    return [name for name in photos if name not in kept]


def _delete_files(names):
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:  # gone already, or storage unreachable: the row is gone either way
            logger.exception("Retention could not delete %s", name)


def finished_before(moment) -> QuerySet:
    return Complaint.objects.filter(state__in=FINAL_STATES).filter(
        Q(closed_at__lt=moment) | Q(closed_at__isnull=True, state_changed_at__lt=moment))


def run(now=None) -> RetentionRun:
    """One pass of the schedule; recorded whatever happens."""
    now = now or timezone.now()
    record = RetentionRun.objects.create(started_at=now)
    counts = {}
    try:
        years = settings.LAPOR_RETAIN_FINISHED_REPORT_YEARS
        counts["reports_anonymised"] = anonymise(
            finished_before(now - timedelta(days=365 * years)))
        chats = now - timedelta(days=settings.LAPOR_RETAIN_CONVERSATION_DAYS)
        counts["messages_deleted"] = InboundMessage.objects.filter(
            received_at__lt=chats).delete()[0]
        old = Conversation.objects.filter(updated_at__lt=chats)
        counts["conversations_deleted"] = old.count()
        _delete_files(_drop_conversations(old))
        log = now - timedelta(days=settings.LAPOR_RETAIN_MESSAGE_LOG_DAYS)
        counts["notifications_deleted"] = Notification.objects.filter(
            created_at__lt=log).exclude(status=Notification.Status.QUEUED).delete()[0]
        # By the database's clock, which its trigger keeps the entries by.
        access = Now() - timedelta(days=settings.LAPOR_RETAIN_ACCESS_LOG_DAYS)
        counts["access_records_deleted"] = AccessRecord.objects.filter(at__lt=access).delete()[0]
        if counts["reports_anonymised"]:
            audit.record(audit.Kind.DATA_ANONYMISED, actor=None,
                         subject=f"{counts['reports_anonymised']} laporan",
                         detail=f"selesai sebelum {now - timedelta(days=365 * years):%Y-%m-%d}")
    except Exception as failure:
        record.error = repr(failure)
        raise
    finally:
        record.counts, record.finished_at = counts, timezone.now()
        record.save()
    return record
