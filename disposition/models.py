"""The government side's records: who was asked to act (Disposition), what they answered
(Response), canned answers (ResponseTemplate) and internal notes. Changed only through
disposition/services.py."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from complaints.models import Attachment, Category, Complaint, Event

ACTIVE_DISPOSITION_STATES = ["sent", "accepted"]


class Disposition(models.Model):
    """A complaint sent to one unit, as the lead (answers) or in support (contributes)."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Penanggung jawab")
        SUPPORTING = "supporting", _("Pendukung")
        SUB_UNIT = "sub_unit", _("Sub-unit pelaksana")  # inside the lead unit

    class State(models.TextChoices):
        SENT = "sent", _("Terkirim")
        ACCEPTED = "accepted", _("Diterima")
        RETURNED = "returned", _("Dikembalikan")
        ANSWERED = "answered", _("Dijawab")
        WITHDRAWN = "withdrawn", _("Ditarik")
        TRANSFERRED = "transferred", _("Dialihkan ke unit lain")

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("laporan"), on_delete=models.CASCADE,
        related_name="dispositions",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit kerja"), on_delete=models.PROTECT, related_name="dispositions"
    )
    role = models.CharField(_("peran"), max_length=12, choices=Role.choices)
    instruction = models.TextField(_("instruksi"), blank=True)
    state = models.CharField(_("status"), max_length=12, choices=State.choices,
                             default=State.SENT)
    sent_at = models.DateTimeField(_("dikirim"), default=timezone.now)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    accepted_at = models.DateTimeField(_("diterima"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    returned_at = models.DateTimeField(_("dikembalikan"), null=True, blank=True)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    return_reason = models.TextField(_("alasan pengembalian"), blank=True)
    answered_at = models.DateTimeField(_("dijawab"), null=True, blank=True)
    # A lead unit passed the report on: the disposition it came from (undoable by a coordinator).
    transferred_from = models.ForeignKey("self", verbose_name=_("dialihkan dari"), null=True,
                                         blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("disposisi")
        verbose_name_plural = _("disposisi")
        ordering = ["sent_at", "pk"]
        indexes = [
            # disposition.access.complaints_for_staff: the complaints sent to a user's units.
            models.Index(fields=["unit", "complaint"], name="disposition_unit_complaint"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint"],
                condition=Q(role="lead", state__in=ACTIVE_DISPOSITION_STATES),
                name="disposition_one_active_lead",
            ),
            models.UniqueConstraint(
                fields=["complaint", "unit"],
                condition=Q(state__in=ACTIVE_DISPOSITION_STATES),
                name="disposition_one_active_per_unit",
            ),
        ]

    def __str__(self):
        return f"{self.complaint_id} → {self.unit} ({self.get_role_display()})"

    @property
    def is_active(self):
        return self.state in ACTIVE_DISPOSITION_STATES


class Response(models.Model):
    """The tindak lanjut a lead unit writes (draft → awaiting approval → published), or a
    supporting unit's contribution to it (never shown to the reporter)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Konsep")
        AWAITING_APPROVAL = "awaiting_approval", _("Menunggu persetujuan")
        PUBLISHED = "published", _("Terbit")
        CONTRIBUTED = "contributed", _("Kontribusi unit pendukung")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="responses")
    disposition = models.ForeignKey(Disposition, on_delete=models.PROTECT,
                                    related_name="responses")
    text = models.TextField(_("isi tindak lanjut"))
    state = models.CharField(_("status"), max_length=20, choices=State.choices,
                             default=State.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("penyusun"), null=True,
                               on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    updated_at = models.DateTimeField(_("diubah"), default=timezone.now)
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    review_comment = models.TextField(_("catatan penyetuju"), blank=True)
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("penyetuju"),
                                 null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    published_at = models.DateTimeField(_("diterbitkan"), null=True, blank=True)
    # Whether publishing it reports the work done (completion), or is a first answer while the
    # work goes on to the completion target.
    completes = models.BooleanField(_("pekerjaan selesai"), default=True, db_default=True)
    event = models.OneToOneField(Event, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="response")
    attachments = models.ManyToManyField(Attachment, blank=True, related_name="+")

    class Meta:
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        ordering = ["created_at", "pk"]
        constraints = [
            # One answer in the making per disposition: drafts are edited, not piled up.
            models.UniqueConstraint(
                fields=["disposition"],
                condition=Q(state__in=["draft", "awaiting_approval"]),
                name="response_one_open_draft",
            ),
        ]

    def __str__(self):
        return f"{self.complaint_id} · {self.get_state_display()}"


class ResponseTemplate(models.Model):
    """A canned answer a unit starts from; without a unit it is offered to every unit."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit kerja"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="response_templates")
    category = models.ForeignKey(Category, verbose_name=_("kategori"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="response_templates")
    title = models.CharField(_("judul"), max_length=150)
    text = models.TextField(_("isi"))
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("templat jawaban")
        verbose_name_plural = _("templat jawaban")
        ordering = ["title"]
        indexes = [models.Index(fields=["unit", "category"], name="template_unit_category")]

    def __str__(self):
        return self.title


class InternalNote(models.Model):
    """A note between the coordinator and the units; never shown to the reporter."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE,
                                  related_name="internal_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    text = models.TextField(_("catatan"))
    created_at = models.DateTimeField(_("waktu"), default=timezone.now)

    class Meta:
        verbose_name = _("catatan internal")
        verbose_name_plural = _("catatan internal")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.complaint_id} · {self.created_at:%Y-%m-%d %H:%M}"


class SlaClaim(models.Model):
    """One reminder, escalation or digest, claimed before it is sent: the unique constraints
    make a second sweep (parallel, retried or after a crash) skip what is claimed already."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Pengingat")
        ESCALATION = "escalation", _("Eskalasi")
        UNIT_DIGEST = "unit_digest", _("Ringkasan harian unit")
        REGION_SUMMARY = "region_summary", _("Ringkasan harian daerah")
        LEADER_SUMMARY = "leader_summary", _("Ringkasan mingguan pimpinan")

    kind = models.CharField(_("jenis"), max_length=16, choices=Kind.choices)
    complaint = models.ForeignKey(Complaint, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="sla_claims")
    # The stage's deadline the message is about: a new stage (or a moved deadline) is a new
    # thing to remind of.
    due_at = models.DateTimeField(null=True, blank=True)
    level = models.PositiveSmallIntegerField(default=0)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    day = models.DateField(null=True, blank=True)
    claimed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("klaim SLA")
        verbose_name_plural = _("klaim SLA")
        constraints = [
            models.UniqueConstraint(fields=["complaint", "kind", "due_at", "level"],
                                    condition=Q(complaint__isnull=False),
                                    name="sla_claim_once_per_deadline"),
            models.UniqueConstraint(fields=["unit", "kind", "day"],
                                    condition=Q(unit__isnull=False),
                                    name="sla_claim_one_digest_per_unit_day"),
            models.UniqueConstraint(fields=["kind", "day"],
                                    condition=Q(unit__isnull=True, complaint__isnull=True),
                                    name="sla_claim_one_summary_per_day"),
        ]

    def __str__(self):
        about = self.complaint_id or self.unit_id or self.day
        return f"{self.get_kind_display()} · {about} · {self.level}"


class SweepRun(models.Model):
    """One run of the SLA sweep: when, how long, and what it did (shown in the admin and in
    /healthz)."""

    started_at = models.DateTimeField(_("mulai"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("durasi (ms)"), null=True, blank=True)
    counts = models.JSONField(_("hasil"), default=dict)
    error = models.TextField(_("galat"), blank=True)

    class Meta:
        verbose_name = _("sapuan SLA")
        verbose_name_plural = _("sapuan SLA")
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M:%S}"


class MonthlyRollup(models.Model):
    """The dashboard's numbers per month of submission, for the whole month and per unit,
    category, channel, kecamatan and sub-unit; kept by the worker (disposition/rollup.py) so
    that the regional dashboard reads a few hundred rows instead of a million complaints."""

    month = models.DateField()
    dimension = models.CharField(max_length=10)  # all, unit, category, channel, district, sub_unit
    key = models.CharField(max_length=32, blank=True)  # the unit/category/… id or value
    label = models.CharField(max_length=200, blank=True)
    received = models.PositiveIntegerField(default=0)
    verified = models.PositiveIntegerField(default=0)
    in_progress = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    archived = models.PositiveIntegerField(default=0)
    forwarded = models.PositiveIntegerField(default=0)
    first_answered = models.PositiveIntegerField(default=0)
    in_time = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0, db_default=0)
    completed_in_time = models.PositiveIntegerField(default=0, db_default=0)
    # Counts per number of working days (the last bucket holds 60 and beyond), so that
    # medians of any set of rows are exact and averages exact below 60 days.
    disposition_days = ArrayField(models.PositiveIntegerField(), default=list)
    answer_days = ArrayField(models.PositiveIntegerField(), default=list)
    ratings = ArrayField(models.PositiveIntegerField(), default=list)  # 1..5
    # By the month things happened rather than the month of submission (for the trend).
    closed_in_month = models.PositiveIntegerField(default=0)
    answered_in_month = models.PositiveIntegerField(default=0)
    in_time_in_month = models.PositiveIntegerField(default=0)
    refreshed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["month", "dimension", "key"],
                                    name="rollup_one_row_per_key"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.dimension} {self.key}"


class RemoteRequest(models.Model):
    """A report forwarded to an outside agency's Open311 endpoint: filed there once by the
    worker (claimed like a notification), then followed by polling its status."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Antre")
        FILED = "filed", _("Tercatat di instansi tujuan")
        FAILED = "failed", _("Gagal, dicoba lagi")
        CLOSED = "closed", _("Selesai di instansi tujuan")

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE,
                                     related_name="remote_request")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="remote_requests")
    state = models.CharField(_("status"), max_length=8, choices=State.choices,
                             default=State.QUEUED)
    remote_id = models.CharField(_("nomor di instansi tujuan"), max_length=100, blank=True)
    remote_status = models.CharField(max_length=20, blank=True)
    remote_notes = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    sending_since = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    filed_at = models.DateTimeField(null=True, blank=True)
    polled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("laporan di instansi lain")
        verbose_name_plural = _("laporan di instansi lain")

    def __str__(self):
        return f"{self.complaint_id} → {self.unit} ({self.remote_id or self.state})"


class Merge(models.Model):
    """A report joined by a coordinator to another about the same problem: the duplicate is
    set aside (state merged, linked to the primary), its reporter follows the primary as a
    Supporter and the unit answers once. Undone by a coordinator: the duplicate goes back to
    where it was (disposition.services.merging)."""

    duplicate = models.ForeignKey(Complaint, verbose_name=_("laporan yang digabungkan"),
                                  on_delete=models.PROTECT, related_name="merges")
    primary = models.ForeignKey(Complaint, verbose_name=_("laporan utama"),
                                on_delete=models.PROTECT, related_name="merged_in")
    merged_at = models.DateTimeField(_("digabungkan"), default=timezone.now)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                  related_name="+")
    undone_at = models.DateTimeField(_("dibatalkan"), null=True, blank=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("penggabungan laporan")
        verbose_name_plural = _("penggabungan laporan")
        constraints = [
            models.UniqueConstraint(fields=["duplicate"], condition=Q(undone_at__isnull=True),
                                    name="merge_once_at_a_time"),
            models.CheckConstraint(condition=~Q(duplicate=models.F("primary")),
                                   name="merge_not_into_itself"),
        ]

    def __str__(self):
        return f"{self.duplicate_id} → {self.primary_id}"
