from datetime import timedelta

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import audit, services, two_factor
from accounts.access import is_coordinator
from accounts.forms import UserChangeForm, UserCreationForm
from accounts.models import AccessRecord, ApiClient, Appointment, Unit, User

EXPIRING_SOON_DAYS = 30


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "answers_need_approval", "is_active"]
    list_filter = ["kind", "is_active", "answers_need_approval"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    ordering = ["kind", "name"]


class AppointmentValidityFilter(admin.SimpleListFilter):
    title = _("masa berlaku")
    parameter_name = "validity"

    def lookups(self, request, model_admin):
        return [
            ("current", _("Berlaku hari ini")),
            ("expiring", _("Berakhir dalam %(days)d hari") % {"days": EXPIRING_SOON_DAYS}),
            ("future", _("Belum berlaku")),
            ("ended", _("Sudah berakhir")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        match self.value():
            case "current":
                return queryset.valid_on(today)
            case "expiring":
                soon = today + timedelta(days=EXPIRING_SOON_DAYS)
                return queryset.valid_on(today).filter(valid_until__lte=soon)
            case "future":
                return queryset.filter(valid_from__gt=today)
            case "ended":
                return queryset.filter(valid_until__lt=today)
        return queryset


class AppointmentInline(admin.TabularInline):
    model = Appointment
    fk_name = "user"
    extra = 0
    # Appointments are records of decrees: end one by its last day, never delete it.
    can_delete = False
    fields = ["unit", "role", "scope", "sk_number", "sk_date", "valid_from", "valid_until"]
    autocomplete_fields = ["unit"]
    show_change_link = True


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role", "scope", "sk_number", "valid_from", "valid_until"]
    list_filter = [AppointmentValidityFilter, "role", "scope", "unit"]
    search_fields = ["user__full_name", "user__email", "unit__name", "unit__code", "sk_number"]
    list_select_related = ["user", "unit"]
    autocomplete_fields = ["user", "unit"]
    date_hierarchy = "valid_from"
    readonly_fields = ["created_at", "created_by"]

    def save_model(self, request, obj, form, change):
        services.save_appointment(appointment=obj, actor=request.user)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    list_display = ["email", "full_name", "phone", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "is_superuser"]
    search_fields = ["email", "full_name", "phone"]
    ordering = ["full_name", "email"]
    readonly_fields = ["is_staff", "last_login", "date_joined"]
    filter_horizontal = []
    inlines = [AppointmentInline]
    actions = ["reset_second_factor"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Data diri"), {"fields": ["full_name", "phone"]}),
        (
            _("Status"),
            {
                "fields": ["is_active", "is_staff", "last_login", "date_joined"],
                "description": _(
                    "Hak akses petugas berasal dari penugasan (SK) yang berlaku hari ini."
                ),
            },
        ),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "phone",
                                                 "password1", "password2"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and request.user.is_superuser:
            fieldsets = [*fieldsets, (_("Superuser"), {"fields": ["is_superuser"]})]
        return fieldsets

    @admin.action(description=_("Atur ulang verifikasi dua langkah (ponsel hilang)"))
    def reset_second_factor(self, request, queryset):
        if not is_coordinator(request.user):
            self.message_user(request, gettext("Hanya koordinator yang dapat melakukannya."),
                              messages.ERROR)
            return
        for user in queryset:
            two_factor.reset_second_factor(user=user, by=request.user, request=request)
        self.message_user(request, gettext(
            "Verifikasi dua langkah %(n)d akun diatur ulang; mereka mendaftar lagi saat masuk "
            "berikutnya. Tercatat di catatan akses.") % {"n": queryset.count()})

    def save_related(self, request, form, formsets, change):
        # Appointments edited in the inline go through the service like any other.
        for formset in formsets:
            if formset.model is Appointment:
                for appointment in formset.save(commit=False):
                    services.save_appointment(appointment=appointment, actor=request.user)
                formset.save_m2m()
            else:
                formset.save()
        form.save_m2m()
        services.sync_staff_flag(user=form.instance)


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    """Open311 clients: a coordinator issues a key (shown once), sets its hourly limit and
    revokes it; the key itself is never stored or shown again."""

    list_display = ["name", "key_prefix", "requests_per_hour", "is_active", "created_at",
                    "revoked_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "key_prefix"]
    fields = ["name", "contact_email", "requests_per_hour"]
    readonly_fields = ["key_prefix", "is_active", "created_at", "revoked_at"]
    actions = ["revoke"]

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, never deleted: its reports name it

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        client, key = services.issue_api_key(
            name=obj.name, contact_email=obj.contact_email,
            requests_per_hour=obj.requests_per_hour, actor=request.user)
        obj.pk, obj.key_prefix = client.pk, client.key_prefix
        messages.warning(request, gettext(
            "Kunci API untuk %(name)s: %(key)s — salin sekarang; kunci ini tidak akan "
            "ditampilkan lagi.") % {"name": client.name, "key": key})

    @admin.action(description=_("Cabut kunci API yang dipilih"))
    def revoke(self, request, queryset):
        for client in queryset:
            services.revoke_api_key(client=client)
        self.message_user(request, gettext("%(n)d kunci dicabut.") % {"n": queryset.count()})


class CoordinatorsOnly:
    """Pages only coordinators open (the access log, lock-outs, the worker's logs)."""

    def has_module_permission(self, request):
        return is_coordinator(request.user)

    def has_view_permission(self, request, obj=None):
        return is_coordinator(request.user)


class CoordinatorsReadOnly(CoordinatorsOnly):
    """A log lapor writes and coordinators read; nobody adds, changes or deletes."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessRecord)
class AccessRecordAdmin(CoordinatorsReadOnly, admin.ModelAdmin):
    """The access log, for coordinators to read; nobody adds, changes or deletes an entry
    (the worker's retention removes old ones)."""

    list_display = ["at", "kind", "actor", "subject", "address"]
    list_filter = ["kind"]
    search_fields = ["subject", "actor__email", "detail"]
    list_select_related = ["actor"]
    date_hierarchy = "at"


admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class LockoutAdmin(CoordinatorsOnly, AccessAttemptAdmin):
    """Failed logins and lock-outs; deleting a row unlocks it, with a record."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return is_coordinator(request.user)

    def delete_model(self, request, obj):
        self._unlocked(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self._unlocked(request, list(queryset))
        super().delete_queryset(request, queryset)

    def _unlocked(self, request, attempts):
        for attempt in attempts:
            audit.record(audit.Kind.LOGIN_UNLOCKED, actor=request.user,
                         subject=attempt.username or attempt.ip_address or "",
                         detail=f"{attempt.failures_since_start} gagal",
                         request=request)
