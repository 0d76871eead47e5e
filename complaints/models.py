import secrets
import uuid

import pgtrigger
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import GeneratedField, Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from complaints.workflow import Action, Actor, State


class Category(models.Model):
    """What a report is about; suggests the unit that handles it and the completion target."""

    code = models.SlugField(_("kode"), max_length=32, unique=True, allow_unicode=False)
    name = models.CharField(_("nama"), max_length=150)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    default_unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit tujuan bawaan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="default_for_categories",
    )
    completion_days = models.PositiveSmallIntegerField(
        _("target penyelesaian (hari kerja)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    is_confidential_by_default = models.BooleanField(_("rahasia secara bawaan"), default=False)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("kategori")
        verbose_name_plural = _("kategori")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completion_days__gte=1) & Q(completion_days__lte=365),
                name="category_completion_days_range",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="category_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.name


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("Pengaduan")
    ASPIRATION = "aspiration", _("Aspirasi")
    INFORMATION_REQUEST = "information_request", _("Permintaan informasi")


class Channel(models.TextChoices):
    WEB = "web", _("Situs web")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS 1708")
    INSTAGRAM = "instagram", _("Instagram")
    FACEBOOK = "facebook", _("Facebook")
    X = "x", _("X (Twitter)")
    PHONE = "phone", _("Telepon")
    LETTER = "letter", _("Surat")
    WALK_IN = "walk_in", _("Datang langsung")
    LAPORGUB = "laporgub", _("LaporGub")
    SP4N_LAPOR = "sp4n_lapor", _("SP4N-LAPOR!")
    API = "api", _("API (Open311)")


class SourceChannel(models.Model):
    """A way reports come in (kanal): the region's list, which coordinators edit. Seeded with
    the channels lapor itself knows (`Channel`); a region adds its own app or accounts."""

    class Kind(models.TextChoices):
        WEB = "web", _("Situs web lapor")
        PHONE_MESSAGE = "phone_message", _("Pesan singkat (WhatsApp, SMS)")
        SOCIAL = "social", _("Media sosial")
        APP = "app", _("Aplikasi daerah")
        PHONE = "phone", _("Telepon")
        LETTER = "letter", _("Surat")
        WALK_IN = "walk_in", _("Datang langsung")
        INTEGRATION = "integration", _("Sistem lain (API, SP4N-LAPOR!)")

    # Kinds whose reports staff type in (the others file themselves).
    TYPED_IN = (Kind.PHONE_MESSAGE, Kind.SOCIAL, Kind.APP, Kind.PHONE, Kind.LETTER, Kind.WALK_IN)

    code = models.SlugField(_("kode"), max_length=16, unique=True,
                            help_text=_("Huruf kecil, angka, tanda hubung; tidak dapat diubah."))
    name = models.CharField(_("nama"), max_length=100)
    kind = models.CharField(_("jenis"), max_length=16, choices=Kind.choices)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("kanal pengaduan")
        verbose_name_plural = _("kanal pengaduan")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Tag(models.Model):
    """A theme a region follows across units and categories (e.g. "stunting", "banjir 2026")."""

    name = models.CharField(_("nama"), max_length=60, unique=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("label")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ArchiveReason(models.TextChoices):
    SPAM = "spam", _("Spam")
    UNINTELLIGIBLE = "unintelligible", _("Tidak dapat dipahami")
    NOT_PUBLIC_SERVICE = "not_public_service", _("Bukan masalah pelayanan publik")
    DUPLICATE = "duplicate", _("Duplikat laporan lain")
    WITHDRAWN = "withdrawn", _("Dicabut pelapor")
    INCOMPLETE = "incomplete", _("Kelengkapan tidak diterima")


# Index conditions name the open states as plain values (a migration must not move with them).
OPEN_STATE_VALUES = ["submitted", "needs_info", "waiting_reporter", "dispositioned",
                     "returned", "in_progress", "followed_up", "answered"]
# PostgreSQL's Indonesian stemmer behind unaccent (created in migration 0020).
SEARCH_CONFIG = "lapor_indonesian"


def indexed_where_set(prefix, *foreign_keys):
    """An index for each nullable foreign key, over the rows where it is set: what finds a
    unit's, an account's or a report's rows (and what PostgreSQL checks before deleting the
    row pointed at) without an entry for every row that points nowhere, which each filing
    would write (docs/performance.md, issue 16)."""
    return [models.Index(fields=[name], name=f"{prefix}_{name}_set",
                         condition=Q(**{f"{name}__isnull": False}))
            for name in foreign_keys]


def _search_vector():
    # "kerusakan", "rusak" and "perusakan" meet at "rusak"; a generated column keeps the
    # index in step without logic in save().
    return SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
        "description", weight="B", config=SEARCH_CONFIG
    )


class Complaint(models.Model):
    """A report from a citizen (pengaduan, aspirasi or permintaan informasi): the case file."""

    tracking_code = models.CharField(_("nomor tiket"), max_length=12, unique=True)
    # The private link's key: whoever holds it follows and answers the report without an account.
    secret_key = models.CharField(max_length=43, unique=True, editable=False)
    # The column holds the channel's code (`Channel` for those lapor itself knows).
    channel = models.ForeignKey(
        SourceChannel, verbose_name=_("kanal"), to_field="code", db_column="channel",
        on_delete=models.PROTECT, default=Channel.WEB, related_name="complaints",
    )
    kind = models.CharField(_("klasifikasi"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("judul"), max_length=150)
    description = models.TextField(_("isi laporan"))
    incident_date = models.DateField(_("tanggal kejadian"), null=True, blank=True)
    category = models.ForeignKey(
        Category, verbose_name=_("kategori"), on_delete=models.PROTECT, related_name="complaints"
    )
    suggested_unit = models.ForeignKey(
        Unit,
        verbose_name=_("instansi tujuan menurut pelapor"),
        null=True,
        blank=True,
        db_index=False,  # indexed where set (Meta.indexes)
        on_delete=models.SET_NULL,
        related_name="+",
    )
    district = models.ForeignKey(
        Unit,
        verbose_name=_("kecamatan"),
        null=True,
        blank=True,
        db_index=False,  # indexed where set (Meta.indexes)
        on_delete=models.PROTECT,
        related_name="complaints_in_district",
        limit_choices_to={"kind": Unit.Kind.DISTRICT},
    )
    village = models.CharField(_("desa/kelurahan"), max_length=100, blank=True)
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("lintang"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("bujur"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    # The national SP4N-LAPOR! tracking ID of a report the national system routed here.
    national_id = models.CharField(_("ID SP4N-LAPOR!"), max_length=64, blank=True,
                                   default="", db_default="")
    # The Open311 client that filed it (channel API).
    api_client = models.ForeignKey("accounts.ApiClient", verbose_name=_("klien API"), null=True,
                                   blank=True, db_index=False, on_delete=models.PROTECT,
                                   related_name="complaints")
    # No wrong door: a point outside the region's bounding box is accepted, and marked.
    location_outside_region = models.BooleanField(_("lokasi di luar daerah"), default=False,
                                                  db_default=False)
    is_anonymous = models.BooleanField(
        _("anonim"),
        default=False,
        help_text=_("Identitas pelapor hanya terlihat oleh koordinator."),
    )
    is_confidential = models.BooleanField(
        _("rahasia"), default=False, help_text=_("Isi laporan tidak tampil untuk publik.")
    )
    # UU PDP's data minimisation: public pages name the reporter only when they asked.
    shows_name = models.BooleanField(_("nama ditampilkan untuk publik"), default=False,
                                     db_default=False)

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun pelapor"),
        null=True,
        blank=True,
        db_index=False,  # indexed where set (Meta.indexes)
        on_delete=models.SET_NULL,
        related_name="complaints",
    )
    reporter_name = models.CharField(_("nama pelapor"), max_length=150, blank=True)
    reporter_email = models.EmailField(_("e-mail pelapor"), blank=True)
    reporter_phone = models.CharField(_("telepon pelapor"), max_length=32, blank=True)
    # For reports taken in from social media: the account that wrote to the region.
    reporter_handle = models.CharField(_("akun media sosial pelapor"), max_length=100, blank=True)
    source_reference = models.CharField(
        _("rujukan pesan asli"),
        max_length=255,
        blank=True,
        help_text=_("Untuk laporan dari kanal lain: tautan, nomor surat atau waktu pesan asli."),
    )
    consent_at = models.DateTimeField(_("persetujuan data pribadi"), null=True, blank=True)
    # The reporter's identity, contacts and files removed (retention, or the citizen closed
    # their account); the report and its timeline stay as the public record.
    anonymised_at = models.DateTimeField(_("data pribadi dihapus"), null=True, blank=True)

    state = models.CharField(
        _("status"), max_length=16, choices=State.choices, default=State.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("dikirim"), default=timezone.now)
    state_changed_at = models.DateTimeField(_("status berubah"), default=timezone.now)
    verified_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)
    lead_unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit penanggung jawab"),
        null=True,
        blank=True,
        db_index=False,  # indexed where set (Meta.indexes)
        on_delete=models.PROTECT,
        related_name="led_complaints",
    )
    # The lead unit's sub-unit (bidang, UPT, desa …) its head sent the work to, inside the
    # lead unit's deadline; None while the lead unit works on it itself.
    working_unit = models.ForeignKey(
        Unit, verbose_name=_("sub-unit pelaksana"), null=True, blank=True, db_index=False,
        on_delete=models.PROTECT, related_name="worked_complaints",
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("label"), blank=True,
                                  related_name="complaints")
    archive_reason = models.CharField(
        _("alasan arsip"), max_length=24, choices=ArchiveReason.choices, blank=True
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplikat dari"),
        null=True,
        blank=True,
        db_index=False,  # indexed where set (Meta.indexes)
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    forwarded_to = models.ForeignKey(
        Unit,
        verbose_name=_("diteruskan ke"),
        null=True,
        blank=True,
        db_index=False,  # indexed where set (Meta.indexes)
        on_delete=models.PROTECT,
        related_name="forwarded_complaints",
    )
    # The current stage's deadline, computed once when the stage starts (complaints.deadlines)
    # from its start and length; editing the calendar or a policy recomputes open ones.
    due_at = models.DateTimeField(_("batas waktu"), null=True, blank=True)
    stage_started_at = models.DateTimeField(_("tahap dimulai"), null=True, blank=True)
    stage_days = models.PositiveSmallIntegerField(_("lama tahap (hari kerja)"), null=True,
                                                  blank=True)
    # While the complaint waits for the reporter the clock stops: what was left of the
    # verification stage, resumed when the information arrives.
    paused_days_left = models.PositiveSmallIntegerField(null=True, blank=True)
    # The state to return to when the reporter answers a unit's question.
    paused_state = models.CharField(max_length=16, blank=True, default="", db_default="")
    # Working days the unit waited for the reporter: they push the completion target back.
    completion_paused_days = models.PositiveSmallIntegerField(default=0, db_default=0)
    completion_due_at = models.DateTimeField(_("target penyelesaian"), null=True, blank=True)

    # Recorded once, when a stage ends, so that dashboards aggregate plain columns.
    disposed_at = models.DateTimeField(_("pertama didisposisikan"), null=True, blank=True)
    first_answered_at = models.DateTimeField(_("tindak lanjut pertama"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    paused_working_days = models.PositiveSmallIntegerField(default=0)  # waiting for reporter
    days_to_disposition = models.PositiveSmallIntegerField(
        _("hari kerja sampai disposisi"), null=True, blank=True)
    days_to_first_answer = models.PositiveSmallIntegerField(
        _("hari kerja sampai tindak lanjut"), null=True, blank=True)
    answered_in_time = models.BooleanField(_("dijawab tepat waktu"), null=True, blank=True)
    completed_at = models.DateTimeField(_("penyelesaian dilaporkan"), null=True, blank=True)
    completed_in_time = models.BooleanField(_("selesai tepat waktu"), null=True, blank=True)

    rating = models.PositiveSmallIntegerField(_("penilaian"), null=True, blank=True)
    rating_comment = models.TextField(_("komentar penilaian"), blank=True)
    rated_at = models.DateTimeField(_("dinilai"), null=True, blank=True)

    # Current supporters (complaints.supporters keeps it): shown and sorted on without a
    # count, and the worker asks for supporters only of reports that have some.
    supporter_count = models.PositiveIntegerField(_("pendukung"), default=0, db_default=0)
    # Set by the database on every update (the trigger below), never by lapor.
    row_version = models.PositiveBigIntegerField(default=0, db_default=0, editable=False)

    search = GeneratedField(
        expression=_search_vector(), output_field=SearchVectorField(), db_persist=True
    )

    class Meta:
        verbose_name = _("laporan")
        verbose_name_plural = _("laporan")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["state", "submitted_at"], name="complaint_state_submitted"),
            # /laporan/ lists public reports (complaints.access.public_complaints), newest
            # verification first: a page is the index's first rows, ties broken by id.
            models.Index(
                fields=["-verified_at", "-id"],
                name="complaint_public_recent",
                condition=Q(verified_at__isnull=False, is_confidential=False)
                & ~Q(state__in=["archived", "merged"]),
            ),
            GinIndex(fields=["search"], name="complaint_search"),
            # The workbench's title search (UPPER(title) LIKE '%…%'): trigrams, not a scan.
            GinIndex(OpClass(Upper("title"), name="gin_trgm_ops"), name="complaint_title_trgm"),
            # Dashboards and statistics: complaints of a period.
            models.Index(fields=["submitted_at"], name="complaint_submitted"),
            # The dashboard's live "overdue now" per unit for a period: open rows only.
            models.Index(
                fields=["submitted_at", "due_at", "lead_unit"],
                name="complaint_staff_open_period",
                condition=Q(state__in=["submitted", "returned", "dispositioned", "in_progress",
                                       "followed_up"]),
            ),
            # The workbench's "overdue" filter within a category, the coordinator's usual
            # narrowing: its capped count 1,305 → 4 ms at 1M (docs/performance.md).
            models.Index(
                fields=["category", "due_at"],
                name="complaint_open_category_due",
                condition=Q(state__in=["submitted", "returned", "dispositioned", "in_progress",
                                       "followed_up"]),
            ),
            # The workbench's list filters (state, unit, category, channel have their own).
            models.Index(fields=["kind"], name="complaint_kind"),
            # Similar reports (complaints.similar) and the staff map: open reports by place, a
            # box of latitude × longitude read as one range and one filter (no PostGIS).
            models.Index(fields=["latitude", "longitude"], name="complaint_open_place",
                         condition=Q(latitude__isnull=False, state__in=OPEN_STATE_VALUES)),
            # The public map: public reports still being handled, by place (index-only).
            models.Index(fields=["latitude", "longitude"], name="complaint_public_open_place",
                         condition=Q(latitude__isnull=False, verified_at__isnull=False,
                                     is_confidential=False, state__in=OPEN_STATE_VALUES)),
            # Similar reports without a pin: open reports of a kecamatan, newest first.
            models.Index(fields=["district", "-submitted_at"], name="complaint_open_district",
                         condition=Q(state__in=OPEN_STATE_VALUES)),
            # The dashboard's most supported reports: the few that have supporters.
            models.Index(fields=["-supporter_count"], name="complaint_supported",
                         condition=Q(supporter_count__gt=0)),
            # The "overdue" filter and the SLA sweep: open complaints by deadline.
            models.Index(
                fields=["due_at"],
                name="complaint_open_due",
                condition=Q(due_at__isnull=False)
                & ~Q(state__in=["closed", "archived", "forwarded"]),
            ),
            *indexed_where_set("complaint", "suggested_unit", "district", "api_client",
                               "reporter", "lead_unit", "working_unit", "duplicate_of",
                               "forwarded_to"),
        ]
        constraints = [
            # A national report is imported once.
            models.UniqueConstraint(fields=["national_id"], condition=~Q(national_id=""),
                                    name="complaint_national_id_once"),
            # An Open311 client's retry of the same report is filed once.
            models.UniqueConstraint(fields=["api_client", "source_reference"],
                                    condition=Q(api_client__isnull=False)
                                    & ~Q(source_reference=""),
                                    name="complaint_once_per_client_reference"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="complaint_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="complaint_point_complete_and_on_earth",
            ),
            # So the answer can reach someone: an account, an e-mail, a phone or a social account.
            models.CheckConstraint(
                condition=Q(reporter__isnull=False)
                | ~Q(reporter_email="")
                | ~Q(reporter_phone="")
                | ~Q(reporter_handle="")
                | Q(anonymised_at__isnull=False),
                name="complaint_reporter_reachable",
            ),
        ]
        # Archived with a reason, anonymised by the retention schedule, never deleted: its
        # timeline is the public record (the database refuses it for every client).
        triggers = [
            pgtrigger.Protect(name="complaint_no_delete", operation=pgtrigger.Delete),
            # Every change to the row, by any client, counts up its version (pages drawn from
            # it are kept by version: complaints.access.tracking_page_version).
            pgtrigger.Trigger(name="complaint_row_version", when=pgtrigger.Before,
                              operation=pgtrigger.Update,
                              func="NEW.row_version := OLD.row_version + 1; RETURN NEW;"),
        ]

    def __str__(self):
        return f"{self.tracking_code} · {self.title}"

    @property
    def public_reporter_name(self):
        """What a public page says of the reporter: "Anonim", their name when they chose
        to show it, else "Warga"."""
        if self.is_anonymous:
            return _("Anonim")
        return (self.shows_name and self.reporter_name) or _("Warga")


def _attachment_path(attachment, filename):
    # Unguessable, and nothing of the uploaded name (which may hold a person's name) on disk.
    extension = filename.rsplit(".", 1)[-1].lower()
    day = timezone.localdate()
    return f"complaints/{day:%Y/%m}/{secrets.token_urlsafe(24)}.{extension}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", _("Foto")
        PDF = "pdf", _("Dokumen PDF")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="attachments"
    )
    event = models.ForeignKey(
        "Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments"
    )
    kind = models.CharField(_("jenis"), max_length=8, choices=Kind.choices)
    file = models.FileField(_("berkas"), upload_to=_attachment_path, max_length=200)
    thumbnail = models.FileField(upload_to=_attachment_path, max_length=200, blank=True)
    content_type = models.CharField(max_length=64)
    original_name = models.CharField(_("nama berkas asli"), max_length=200)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")
        ordering = ["created_at", "original_name"]

    def __str__(self):
        return self.original_name


class Event(models.Model):
    """One entry of a complaint's timeline and audit trail. Written by services only; never
    edited or deleted."""

    # A complaint with a timeline is never deleted (and the database refuses it too).
    # Indexed by event_complaint_at, whose first column it is.
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="events",
                                  db_index=False)
    at = models.DateTimeField(_("waktu"), default=timezone.now)
    action = models.CharField(_("tindakan"), max_length=24, choices=Action.choices)
    actor = models.CharField(
        _("pihak"), max_length=16, choices=[(a.value, a.value) for a in Actor]
    )
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        null=True,
        blank=True,
        db_index=False,  # indexed where set (Meta.indexes)
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_state = models.CharField(
        _("dari status"), max_length=16, choices=State.choices, blank=True
    )
    to_state = models.CharField(_("ke status"), max_length=16, choices=State.choices, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    # Internal events (a unit's return, a coordinator's note) never reach the reporter.
    is_public = models.BooleanField(_("terlihat pelapor"), default=True)

    class Meta:
        verbose_name = _("riwayat")
        verbose_name_plural = _("riwayat")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["complaint", "at"], name="event_complaint_at"),
                   *indexed_where_set("event", "actor_user")]
        # Append-only in the database, for every client of it: no delete, and no update but
        # the one a deleted account causes (its events keep the step, lose the person).
        triggers = [
            pgtrigger.Protect(name="event_no_delete", operation=pgtrigger.Delete),
            pgtrigger.Protect(name="event_no_rewrite", operation=pgtrigger.Update,
                              condition=pgtrigger.AnyChange(exclude=["actor_user"])),
            pgtrigger.Protect(name="event_no_new_actor", operation=pgtrigger.Update,
                              condition=pgtrigger.Condition(
                                  "NEW.actor_user_id IS NOT NULL AND NEW.actor_user_id "
                                  "IS DISTINCT FROM OLD.actor_user_id")),
        ]

    def __str__(self):
        return f"{self.complaint_id} · {self.get_action_display()}"


class Notification(models.Model):
    """One message to one recipient, recorded with its outcome. Queued by
    complaints.notifications on commit, delivered by complaints.tasks.deliver."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")
        WHATSAPP = "whatsapp", _("WhatsApp")
        SP4N = "sp4n", _("SP4N-LAPOR!")  # a follow-up sent back to the national system

    class Status(models.TextChoices):
        QUEUED = "queued", _("Antre")
        SENT = "sent", _("Terkirim")  # a provider (mail server, WhatsApp, SMS gateway) took it
        LOGGED = "logged", _("Dicatat, tidak dikirim")  # no provider configured: only logged
        FAILED = "failed", _("Gagal")

    kind = models.CharField(_("jenis pesan"), max_length=40)
    channel = models.CharField(
        _("kanal"), max_length=12, choices=Channel.choices, default=Channel.EMAIL
    )
    recipient = models.CharField(_("penerima"), max_length=254)
    # The text itself, for messages written rather than rendered from a template (a
    # conversation's replies, a coordinator's message to the reporter).
    body = models.TextField(_("isi"), blank=True)
    provider_id = models.CharField(_("id di penyedia"), max_length=120, blank=True)
    complaint = models.ForeignKey(
        Complaint, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.ForeignKey(
        Event, null=True, blank=True, db_index=False, on_delete=models.CASCADE,
        related_name="notifications"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, db_index=False, on_delete=models.SET_NULL,
        related_name="notifications"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    error = models.TextField(_("galat"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)
    # A delivery in flight holds the row for a while (complaints.tasks.deliver), so a second
    # worker or a retry does not send it too; a failed one waits until next_attempt_at.
    sending_since = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("dicoba lagi"), null=True, blank=True)
    # When the worker was given the message to send. Most messages are queued with their task;
    # a report's receipt is written by the filing's one statement without one, and waits
    # (empty) until the worker's broker takes it (complaints/broker.py).
    handed_over_at = models.DateTimeField(_("diserahkan ke pekerja"), null=True, blank=True,
                                          default=timezone.now)

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-created_at"]
        indexes = [
            # Retrying what failed or never left the queue.
            models.Index(
                fields=["created_at"], name="notification_pending",
                condition=~Q(status__in=["sent", "logged"])
            ),
            # What the worker has not been given yet: a few receipts at most.
            models.Index(fields=["id"], name="notification_to_hand_over",
                         condition=Q(handed_over_at__isnull=True)),
            *indexed_where_set("notification", "event", "unit"),
        ]

    def __str__(self):
        return f"{self.kind} → {self.get_channel_display()} ({self.get_status_display()})"


class Supporter(models.Model):
    """Someone who follows a report about a problem they met too: a citizen who chose “dukung
    laporan ini” instead of filing the same report again, or the reporter of a report merged
    into this one. Told of each public step on the contact they left; counted on dashboards
    and on the public page, never named to a unit or the public."""

    class Source(models.TextChoices):
        SUPPORT = "support", _("Mendukung laporan ini")
        MERGE = "merge", _("Laporannya digabungkan ke laporan ini")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE,
                                  related_name="supporters")
    source = models.CharField(_("asal"), max_length=8, choices=Source.choices,
                              default=Source.SUPPORT)
    # Source.MERGE: the report merged into this one; undoing the merge ends this support.
    merged_report = models.ForeignKey(Complaint, null=True, blank=True,
                                      on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(_("nama"), max_length=150, blank=True)
    # Where the steps are told (an e-mail address or a phone number); blank: counted only.
    contact_channel = models.CharField(max_length=16, choices=Notification.Channel.choices,
                                       blank=True)
    contact = models.CharField(_("kontak"), max_length=254, blank=True)
    created_at = models.DateTimeField(_("sejak"), default=timezone.now)
    ended_at = models.DateTimeField(_("berakhir"), null=True, blank=True)

    class Meta:
        verbose_name = _("pendukung")
        verbose_name_plural = _("pendukung")
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "contact"],
                condition=~Q(contact="") & Q(ended_at__isnull=True),
                name="supporter_once_per_contact"),
            models.UniqueConstraint(
                fields=["complaint", "user"],
                condition=Q(user__isnull=False) & Q(ended_at__isnull=True),
                name="supporter_once_per_account"),
        ]

    def __str__(self):
        return f"{self.complaint_id} · {self.get_source_display()}"


class InboundMessage(models.Model):
    """One message a citizen sent by WhatsApp or SMS, stored once: a provider's retry carries
    the same id and is dropped by the unique constraint. The worker reads it
    (complaints.conversations) and records what became of it."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Teks")
        IMAGE = "image", _("Foto")
        DOCUMENT = "document", _("Dokumen")
        LOCATION = "location", _("Lokasi")
        OTHER = "other", _("Lainnya")

    channel = models.CharField(_("kanal"), max_length=12, choices=Notification.Channel.choices)
    provider_id = models.CharField(_("id di penyedia"), max_length=120)
    phone = models.CharField(_("nomor"), max_length=20)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("teks"), blank=True)
    media_id = models.CharField(max_length=500, blank=True)
    media_type = models.CharField(max_length=100, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    place = models.CharField(max_length=300, blank=True)
    received_at = models.DateTimeField(_("diterima"))
    processed_at = models.DateTimeField(_("diproses"), null=True, blank=True)
    conversation = models.ForeignKey("Conversation", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="messages")
    complaint = models.ForeignKey(Complaint, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="inbound_messages")

    class Meta:
        verbose_name = _("pesan masuk")
        verbose_name_plural = _("pesan masuk")
        ordering = ["received_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "provider_id"],
                                    name="inbound_once_per_provider_id"),
        ]
        indexes = [
            models.Index(fields=["phone", "channel", "received_at"], name="inbound_by_phone"),
            models.Index(fields=["phone"], name="inbound_unprocessed",
                         condition=Q(processed_at__isnull=True)),
        ]

    def __str__(self):
        return f"{self.channel} {self.provider_id}"


class Conversation(models.Model):
    """A report being filed by WhatsApp or SMS, one question at a time. Its draft is kept
    only while it is open: cancelled or expired, the draft and its photos are forgotten."""

    class Step(models.TextChoices):
        WHAT = "what", _("Menunggu isi laporan")
        WHERE = "where", _("Menunggu lokasi")
        PHOTOS = "photos", _("Menunggu foto")
        ANONYMOUS = "anonymous", _("Menunggu pilihan anonim")
        CONSENT = "consent", _("Menunggu persetujuan")
        FILED = "filed", _("Laporan dikirim")
        CANCELLED = "cancelled", _("Dibatalkan")
        EXPIRED = "expired", _("Kedaluwarsa")

    OPEN_STEPS = ["what", "where", "photos", "anonymous", "consent"]

    channel = models.CharField(_("kanal"), max_length=12, choices=Notification.Channel.choices)
    phone = models.CharField(_("nomor"), max_length=20)
    step = models.CharField(_("langkah"), max_length=10, choices=Step.choices,
                            default=Step.WHAT)
    description = models.TextField(blank=True)
    place = models.CharField(max_length=300, blank=True)
    district = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    photos = models.JSONField(default=list, blank=True)  # storage names of cleaned photos
    is_anonymous = models.BooleanField(default=False)
    complaint = models.OneToOneField(Complaint, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="conversation")
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("percakapan")
        verbose_name_plural = _("percakapan")
        constraints = [
            models.UniqueConstraint(fields=["channel", "phone"],
                                    condition=Q(step__in=["what", "where", "photos",
                                                          "anonymous", "consent"]),
                                    name="conversation_one_open_per_phone"),
        ]

    def __str__(self):
        return f"{self.channel} {self.phone[:4]}… ({self.get_step_display()})"


class Sp4nSync(models.Model):
    """One import from SP4N-LAPOR!: when, what came in, and what went wrong. The footer says
    "terhubung dengan SP4N-LAPOR!" only while the last one succeeded."""

    started_at = models.DateTimeField(_("mulai"), default=timezone.now)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    imported = models.PositiveIntegerField(_("masuk"), default=0)
    known = models.PositiveIntegerField(_("sudah ada"), default=0)
    unreadable = models.PositiveIntegerField(_("tidak terbaca"), default=0)
    error = models.TextField(_("galat"), blank=True)

    class Meta:
        verbose_name = _("sinkronisasi SP4N-LAPOR!")
        verbose_name_plural = _("sinkronisasi SP4N-LAPOR!")
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M}"

    @property
    def succeeded(self):
        return self.finished_at is not None and not self.error


class Holiday(models.Model):
    """A day off in the region: national holidays and cuti bersama (seeded from the
    `holidays` package, revised by decree) and regional ones. Not a working day."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("Libur nasional")
        COLLECTIVE_LEAVE = "collective_leave", _("Cuti bersama")
        REGIONAL = "regional", _("Libur daerah")

    date = models.DateField(_("tanggal"), unique=True)
    name = models.CharField(_("nama"), max_length=150)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"


class DeadlinePolicy(models.Model):
    """How many working days a stage lasts: one row per stage for the region, and optional
    rows for a category that differs."""

    class Stage(models.TextChoices):
        VERIFICATION = "verification", _("Verifikasi oleh koordinator")
        FIRST_RESPONSE = "first_response", _("Tindak lanjut pertama oleh unit")
        REPORTER_REPLY = "reporter_reply_window", _("Waktu tanggapan pelapor sebelum ditutup")
        INFO_REQUEST = "info_request_window", _("Waktu pelapor melengkapi laporan")

    stage = models.CharField(_("tahap"), max_length=24, choices=Stage.choices)
    category = models.ForeignKey(Category, verbose_name=_("kategori"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="deadline_policies",
                                 help_text=_("Kosongkan untuk seluruh kategori."))
    working_days = models.PositiveSmallIntegerField(
        _("hari kerja"), validators=[MinValueValidator(1), MaxValueValidator(365)])

    class Meta:
        verbose_name = _("ketentuan batas waktu")
        verbose_name_plural = _("ketentuan batas waktu")
        ordering = ["stage", "category__name"]
        constraints = [
            models.UniqueConstraint(fields=["stage"], condition=Q(category__isnull=True),
                                    name="policy_one_default_per_stage",
                                    violation_error_message=_(
                                        "Tahap ini sudah punya ketentuan umum.")),
            models.UniqueConstraint(fields=["stage", "category"],
                                    condition=Q(category__isnull=False),
                                    name="policy_one_per_stage_and_category",
                                    violation_error_message=_(
                                        "Kategori ini sudah punya ketentuan untuk tahap ini.")),
            models.CheckConstraint(condition=Q(working_days__gte=1, working_days__lte=365),
                                   name="policy_days_range"),
        ]

    def __str__(self):
        scope = self.category.name if self.category_id else _("semua kategori")
        return f"{self.get_stage_display()} ({scope}): {self.working_days}"


class RetentionRun(models.Model):
    """One run of the retention schedule (complaints/retention.py): when, and what it
    removed. Nothing it removes can be brought back."""

    started_at = models.DateTimeField(_("dimulai"), default=timezone.now)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    counts = models.JSONField(_("jumlah"), default=dict)
    error = models.TextField(_("galat"), blank=True)

    class Meta:
        verbose_name = _("retensi data")
        verbose_name_plural = _("retensi data")
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.counts}"
