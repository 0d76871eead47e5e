"""Tasks for the worker. Thin: they take ids, load rows and send."""

from django.urls import reverse

from complaints.models import Complaint, Event
from complaints.notifications import reporter_address
from lapor.mail import send_templated, site_url


def _links(complaint):
    return {
        "private_url": site_url(reverse("complaints:private", args=[complaint.secret_key])),
        "track_url": site_url(reverse("complaints:track_detail", args=[complaint.tracking_code])),
    }


def send_receipt(complaint_id):
    complaint = Complaint.objects.select_related("category").get(pk=complaint_id)
    address = reporter_address(complaint)
    send_templated("receipt", address, {"complaint": complaint, **_links(complaint)})
    return address


def send_status_update(event_id):
    event = Event.objects.select_related("complaint").get(pk=event_id)
    complaint = event.complaint
    address = reporter_address(complaint)
    send_templated("status_update", address,
                   {"complaint": complaint, "event": event, **_links(complaint)})
    return address
