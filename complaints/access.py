"""Which complaints, and which of their parts, the public and the reporter may see.

Every queryset the citizen's pages show is built here. The workbench's own scope (which
complaints a staff user may open) is disposition/access.py, one layer up: this module cannot
import it, so the disposition app hands it in at start-up (`use_staff_scope`, called from
DispositionConfig.ready) and the citizen's pages ask it through `staff_may_open`.
"""

import hmac
import re
from collections.abc import Callable

from django.db import connection
from django.db.models import QuerySet

from accounts.access import Person, is_coordinator
from complaints import codes
from complaints.models import Attachment, Complaint
from complaints.workflow import SET_ASIDE_STATES

# What a complaint's page shows beside it; fetched with it, in the same query.
PRIVATE_KEY = re.compile(r"[A-Za-z0-9_-]{43}")  # complaints.codes.new_secret_key's shape
COMPLAINT_PAGE_RELATED = ["category", "lead_unit", "working_unit", "district"]


def public_complaints() -> QuerySet:
    """Reports anyone may read on /laporan/: verified, not confidential, not archived or
    merged into another.
    `is_public` below is the same rule for one complaint already loaded."""
    return (
        Complaint.objects.filter(verified_at__isnull=False)
        .filter(is_confidential=False)
        .exclude(state__in=SET_ASIDE_STATES)
    )


def is_public(complaint: Complaint) -> bool:
    return (
        complaint.verified_at is not None
        and not complaint.is_confidential
        and complaint.state not in SET_ASIDE_STATES
    )


def complaint_for_tracking(code: str) -> Complaint | None:
    """The report a tracking code names, whatever its state; its content is shown only when
    `may_read_content` says so."""
    code = codes.normalize_tracking_code(code)
    if code is None:  # not a code at all (and never a query with what a URL may carry)
        return None
    return (Complaint.objects.select_related(*COMPLAINT_PAGE_RELATED)
            .filter(tracking_code=code).first())


def tracking_page_version(code: str) -> str | None:
    """A fingerprint of everything a report's tracking page is drawn from — its row, its steps
    and its attachments, as PostgreSQL holds them now — or None when no report has the code.
    Any change, by a service, the admin or plain SQL on any node, gives a new one: the row's
    version is counted up by the database on every update, and steps are only ever added
    (so their number is enough).
    (A database function, migration complaints/0025, so its plan is kept per connection; and
    the statement calling it is prepared, lapor/postgresql/base.py: parsed once, not per visit.)"""
    code = codes.normalize_tracking_code(code)
    if code is None:
        return None
    with connection.numbered_cursor() as cursor:
        cursor.execute("SELECT lapor_tracking_page_version($1)", [code])
        return cursor.fetchone()[0]


def complaint_for_private_link(secret_key: str) -> Complaint | None:
    """The report whose private link this is (the key is the reporter's proof)."""
    if not PRIVATE_KEY.fullmatch(secret_key or ""):
        return None
    return (Complaint.objects.select_related(*COMPLAINT_PAGE_RELATED)
            .filter(secret_key=secret_key).first())


def complaints_of_reporter(user: Person) -> QuerySet:
    """The reports a citizen filed while logged in ("Laporan saya")."""
    if not user.is_authenticated or not user.is_active:
        return Complaint.objects.none()
    return Complaint.objects.filter(reporter=user)


def is_owner(user: Person, complaint: Complaint) -> bool:
    return user.is_authenticated and user.is_active and complaint.reporter_id == user.pk


def may_see_identity(user: Person, complaint: Complaint) -> bool:
    """The reporter's name, e-mail, phone and account: hidden from everyone but the
    coordinators when the report is anonymous."""
    return not complaint.is_anonymous or is_coordinator(user)


# --- The workbench's scope, handed in by the layer above ----------------------------------------

StaffScope = Callable[[object], QuerySet]
_staff_scope: list[StaffScope] = []


def use_staff_scope(scope: StaffScope) -> None:
    """Called once at start-up by the app that owns the workbench (disposition)."""
    _staff_scope[:] = [scope]


def staff_may_open(user: Person, complaint: Complaint) -> bool:
    """Whether the workbench lets `user` open this complaint (nobody, before it is set)."""
    if not _staff_scope or not user.is_authenticated:
        return False
    return _staff_scope[0](user).filter(pk=complaint.pk).exists()


def may_read_content(user: Person, complaint: Complaint, *, secret_key: str | None = None) -> bool:
    """Title, description, attachments and notes: for the public only when the report is public;
    otherwise for the holder of the private link, the reporter's account, and the staff who may
    open it in the workbench (coordinators, region viewers, the units it was sent to)."""
    if is_public(complaint):
        return True
    if secret_key and hmac.compare_digest(secret_key, complaint.secret_key):
        return True
    if is_owner(user, complaint):
        return True
    return staff_may_open(user, complaint)


def may_read_attachment(user: Person, attachment: Attachment, *,
                        secret_key: str | None = None) -> bool:
    """A file of a public step follows the report's content; a unit's draft or contribution
    (no public step yet) only the workbench's users of that complaint."""
    complaint = attachment.complaint
    if attachment.event is not None and attachment.event.is_public:
        return may_read_content(user, complaint, secret_key=secret_key)
    return staff_may_open(user, complaint)
