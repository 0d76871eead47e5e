"""Reports answered before the first answer and the completion were told apart: their answer
was the completion (it started the reporter's reply window), so it is recorded as one."""

from django.db import migrations
from django.db.models import Case, F, Q, When


def backfill(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    Complaint.objects.filter(
        state__in=["answered", "closed"], first_answered_at__isnull=False,
        completed_at__isnull=True,
    ).update(
        completed_at=F("first_answered_at"),
        completed_in_time=Case(
            When(completion_due_at__isnull=True, then=None),
            When(Q(first_answered_at__lte=F("completion_due_at")), then=True),
            default=False),
    )


class Migration(migrations.Migration):

    dependencies = [
        ("complaints", "0012_channel_table_tags_completion"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
