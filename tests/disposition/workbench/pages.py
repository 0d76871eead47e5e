"""Helpers for the workbench's page tests."""

from datetime import timedelta

from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints.deadlines import holiday_dates_for_display
from complaints.models import Complaint


def url(view, *args):
    return reverse(f"admin:complaints_complaint_{view}", args=args)


def action_url(complaint, action):
    return url("action", complaint.pk, action)


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def listed(response):
    return [c.tracking_code for c in response.context["cl"].result_list]


def aged(complaint, days):
    Complaint.objects.filter(pk=complaint.pk).update(
        submitted_at=timezone.now() - timedelta(days=days))
    return complaint


def queries_for(client, path):
    # The holiday calendar shown in lists is read at most once a minute per process: read it
    # now, so that two counts a moment apart never differ by that minute running out.
    holiday_dates_for_display()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)
