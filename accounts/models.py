import pgtrigger
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        return (email or "").strip().lower()

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        user = self.model(email=self.normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields["is_staff"] = fields["is_superuser"] = True
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person: a citizen, or staff whose access comes from their appointments (SK)."""

    email = models.EmailField(_("alamat e-mail"), unique=True)
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    phone = models.CharField(_("nomor telepon"), max_length=32, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    # Kept in step with the appointments by accounts.services.sync_staff_flag; never by hand.
    is_staff = models.BooleanField(_("petugas"), default=False, editable=False)
    date_joined = models.DateTimeField(_("terdaftar sejak"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        ordering = ["full_name", "email"]

    def __str__(self):
        return f"{self.full_name} <{self.email}>" if self.full_name else self.email

    def clean(self):
        super().clean()
        self.email = UserManager.normalize_email(self.email)

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Unit(models.Model):
    """A body that can receive a disposition: an OPD, a kecamatan, a BUMD, or an outside agency."""

    class Kind(models.TextChoices):
        SECRETARIAT = "secretariat", _("Sekretariat")
        AGENCY = "agency", _("Badan / Inspektorat")
        OFFICE = "office", _("Dinas")
        DISTRICT = "district", _("Kecamatan")
        VILLAGE = "village", _("Desa / Kelurahan")
        BUMD = "bumd", _("BUMD")
        # Sub-units: they work inside a parent unit (Unit.parent).
        DIVISION = "division", _("Bidang / Bagian")
        TECHNICAL = "technical", _("UPT")
        SCHOOL = "school", _("Sekolah")
        HEALTH_CENTER = "health_center", _("Puskesmas")
        EXTERNAL = "external", _("Instansi di luar daerah")

    code = models.CharField(
        _("kode"),
        max_length=32,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Z0-9][A-Z0-9-]*$",
                _("Gunakan huruf kapital, angka dan tanda hubung, misalnya DPU atau KEC-BAWEN."),
            )
        ],
    )
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=16, choices=Kind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    notification_email = models.EmailField(_("e-mail notifikasi"), blank=True)
    answers_need_approval = models.BooleanField(
        _("jawaban perlu persetujuan kepala"),
        default=False,
        help_text=_("Tindak lanjut baru terbit setelah disetujui kepala unit."),
    )
    # An outside agency's own portal (another lapor, a city system) that speaks Open311:
    # forwarding then files the report there and follows it (disposition/forwarding.py).
    open311_endpoint = models.URLField(
        _("alamat Open311"), blank=True,
        help_text=_("Misalnya https://lapor.kabupaten-lain.go.id/open311/v2 — kosongkan bila "
                    "laporan diteruskan lewat e-mail."))
    open311_api_key = models.CharField(_("kunci API Open311"), max_length=200, blank=True)
    open311_service_code = models.CharField(_("service_code tujuan"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="unit_not_own_parent"
            ),
            models.CheckConstraint(
                condition=Q(open311_endpoint="")
                | (~Q(open311_api_key="") & ~Q(open311_service_code="")),
                name="unit_open311_complete",
                violation_error_message=_("Alamat Open311 perlu kunci API dan service_code."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.parent_id is None:
            return
        if self.kind == Unit.Kind.EXTERNAL or self.parent.kind == Unit.Kind.EXTERNAL:
            raise ValidationError({"parent": _("Instansi di luar daerah tidak memiliki induk "
                                               "atau sub-unit di daerah ini.")})
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("Induk ini membuat lingkaran: %(unit)s "
                                                   "sudah berada di bawah unit ini.")
                                                 % {"unit": self.parent.name}})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class PolygonField(models.Field):
    """PostgreSQL's own `polygon` type, written as its text form "((x1,y1),(x2,y2),…)";
    `point <@ polygon` answers "which kecamatan holds this pin" without PostGIS."""

    description = "A PostgreSQL polygon"

    def db_type(self, connection):
        return "polygon"


class DistrictBoundary(models.Model):
    """One ring of a kecamatan's boundary (a kecamatan with islands has several), loaded from
    GeoJSON by `manage.py load_boundaries`: longitude as x, latitude as y."""

    district = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="boundaries",
                                 limit_choices_to={"kind": "district"})
    ring = PolygonField()

    class Meta:
        verbose_name = _("batas kecamatan")
        verbose_name_plural = _("batas kecamatan")

    def __str__(self):
        return str(self.district_id)


class AppointmentQuerySet(models.QuerySet):
    def valid_on(self, day):
        """Appointments in force on `day` (both ends inclusive; no end means until revoked)."""
        return self.filter(valid_from__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )


class Appointment(models.Model):
    """A person's appointment to a unit in a role, by decree (SK), for a period.

    Access is derived from the appointments valid today (accounts.access): when an SK ends,
    the access it gave ends with it.
    """

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Koordinator (admin instansi)")
        OPERATOR = "operator", _("Operator (admin penghubung)")
        APPROVER = "approver", _("Kepala / penyetuju")
        VIEWER = "viewer", _("Pemantau")

    class Scope(models.TextChoices):
        UNIT = "unit", _("Unit ini")
        REGION = "region", _("Seluruh daerah")

    user = models.ForeignKey(
        User, verbose_name=_("pengguna"), on_delete=models.PROTECT, related_name="appointments"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit kerja"), on_delete=models.PROTECT, related_name="appointments"
    )
    role = models.CharField(_("peran"), max_length=16, choices=Role.choices)
    scope = models.CharField(_("cakupan"), max_length=8, choices=Scope.choices)
    sk_number = models.CharField(_("nomor SK"), max_length=120)
    sk_date = models.DateField(_("tanggal SK"))
    valid_from = models.DateField(_("berlaku mulai"))
    valid_until = models.DateField(
        _("berlaku sampai"),
        null=True,
        blank=True,
        help_text=_("Hari terakhir penugasan berlaku. Kosongkan bila berlaku sampai dicabut."),
    )
    created_at = models.DateTimeField(_("dicatat pada"), auto_now_add=True)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("dicatat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("penugasan (SK)")
        verbose_name_plural = _("penugasan (SK)")
        ordering = ["-valid_from", "unit__name"]
        indexes = [
            # accounts.access.current_appointments: a user's appointments in force today.
            models.Index(fields=["user", "valid_from", "valid_until"], name="appt_user_validity"),
            # notifications and lists: the people of a unit in a role.
            models.Index(fields=["unit", "role"], name="appt_unit_role"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="appt_period_ordered",
                violation_error_message=_("Tanggal akhir tidak boleh sebelum tanggal mulai."),
            ),
            models.CheckConstraint(
                condition=~Q(role="coordinator") | Q(scope="region"),
                name="appt_coordinator_region",
                violation_error_message=_("Koordinator selalu berlaku untuk seluruh daerah."),
            ),
            models.CheckConstraint(
                condition=~Q(role__in=["operator", "approver"]) | Q(scope="unit"),
                name="appt_unit_roles_unit_scope",
                violation_error_message=_("Operator dan kepala hanya berlaku untuk unitnya."),
            ),
        ]

    def __str__(self):
        return f"{self.user.get_full_name()} — {self.get_role_display()} {self.unit.code}"

    def clean(self):
        super().clean()
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError(
                {"valid_until": _("Tanggal akhir tidak boleh sebelum tanggal mulai.")}
            )
        if self.overlapping().exists():
            raise ValidationError(
                _(
                    "Orang ini sudah memiliki penugasan dengan peran yang sama di unit ini "
                    "pada periode tersebut."
                )
            )

    def overlapping(self):
        """Other appointments of the same person, unit and role whose period meets this one.

        Not a database exclusion constraint: that needs btree_gist, which embedded PostgreSQL
        builds lack. accounts.services.save_appointment locks the person's row first, so two
        concurrent saves cannot both pass this check.
        """
        if not (self.user_id and self.unit_id and self.role and self.valid_from):
            return Appointment.objects.none()
        same = Appointment.objects.filter(user_id=self.user_id, unit_id=self.unit_id,
                                          role=self.role).exclude(pk=self.pk)
        if self.valid_until is not None:
            same = same.filter(valid_from__lte=self.valid_until)
        return same.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=self.valid_from))


class RateCounter(models.Model):
    """Hits per key (e.g. submissions from one address) in one time window; see ratelimit.py."""

    key = models.CharField(max_length=80)
    window_start = models.DateTimeField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="ratecounter_key_window")
        ]
        indexes = [models.Index(fields=["window_start"], name="ratecounter_window")]

    def __str__(self):
        return f"{self.key} @ {self.window_start:%Y-%m-%d %H:%M}: {self.hits}"


class ApiClient(models.Model):
    """A system that files and reads reports through lapor's Open311 API (a city app, another
    portal, a university), with its own key. Only the key's SHA-256 is stored; the key is
    shown once when it is issued (accounts.services.issue_api_key)."""

    name = models.CharField(_("nama klien"), max_length=200)
    contact_email = models.EmailField(_("e-mail pengelola"), blank=True)
    key_prefix = models.CharField(_("awalan kunci"), max_length=12, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    requests_per_hour = models.PositiveIntegerField(_("batas laporan per jam"), default=60)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now, editable=False)
    created_by = models.ForeignKey("User", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("klien API")
        verbose_name_plural = _("klien API")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.key_prefix}…)"


# The shortest time an access-log entry is kept, whatever the retention setting: the database
# refuses to delete a younger one (and any update), so the record cannot be rewritten.
ACCESS_LOG_MINIMUM_DAYS = 365


class AccessRecord(models.Model):
    """The access log (UU PDP): who viewed a reporter's identity, who exported personal data,
    who changed an appointment, unlocked a login or reset a second factor. Written by
    accounts.audit.record only; append-only in the database."""

    class Kind(models.TextChoices):
        IDENTITY_VIEWED = "identity_viewed", _("Melihat identitas pelapor")
        PERSONAL_EXPORT = "personal_export", _("Mengekspor data pribadi")
        APPOINTMENT_CHANGED = "appointment_changed", _("Mengubah penugasan (SK)")
        LOGIN_UNLOCKED = "login_unlocked", _("Membuka kunci login")
        SECOND_FACTOR_RESET = "second_factor_reset", _("Mengatur ulang verifikasi dua langkah")
        ACCOUNT_CLOSED = "account_closed", _("Akun warga ditutup")
        DATA_ANONYMISED = "data_anonymised", _("Data pribadi dianonimkan (retensi)")

    at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(User, verbose_name=_("oleh"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("jenis"), max_length=24, choices=Kind.choices)
    # What it was about: a complaint's tracking code, a person, an SK, a filter.
    subject = models.CharField(_("tentang"), max_length=200, blank=True)
    detail = models.TextField(_("keterangan"), blank=True)
    address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("catatan akses")
        verbose_name_plural = _("catatan akses")
        ordering = ["-at", "-pk"]
        triggers = [
            pgtrigger.Protect(name="access_record_no_update", operation=pgtrigger.Update),
            pgtrigger.Protect(
                name="access_record_kept_a_year", operation=pgtrigger.Delete,
                condition=pgtrigger.Condition(
                    f"OLD.at > NOW() - INTERVAL '{ACCESS_LOG_MINIMUM_DAYS} days'")),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.subject}"
