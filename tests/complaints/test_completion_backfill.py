"""Reports answered before lapor told the first answer from the completion get their answer
recorded as the completion (complaints/migrations/0013)."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps

from complaints.models import Complaint
from tests.disposition.helpers import published
from tests.factories import file_report

pytestmark = pytest.mark.django_db
backfill = importlib.import_module("complaints.migrations.0013_backfill_completion").backfill


def test_an_old_answer_becomes_the_completion_on_time_or_late(category, units, people):
    on_time = published(file_report(category), units.dishub, people, people.dave)
    late = published(file_report(category), units.dishub, people, people.dave)
    waiting = file_report(category)
    Complaint.objects.update(completed_at=None, completed_in_time=None)
    Complaint.objects.filter(pk=late.pk).update(
        completion_due_at=late.first_answered_at - timedelta(days=1))
    backfill(apps, None)
    rows = {c.pk: (c.completed_at, c.completed_in_time) for c in Complaint.objects.all()}
    assert rows[on_time.pk] == (on_time.first_answered_at, True)
    assert rows[late.pk] == (late.first_answered_at, False)
    assert rows[waiting.pk] == (None, None)
