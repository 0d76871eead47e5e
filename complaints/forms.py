"""The citizen's forms: filing a report, and what the reporter adds later."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from complaints import form_cache, geo, uploads
from complaints.models import Category, Kind
from complaints.services import Report
from lapor.forms import (
    CleanedWithoutBoundFields,
    copied_like_a_field,
    copies_fields_quickly,
    count_instead_of_cut,
)
from lapor.phones import normalize_phone


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to five files, each checked and cleaned by complaints.uploads."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"accept": uploads.ACCEPT, "multiple": True})

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > uploads.MAX_FILES:
            raise ValidationError(
                _("Paling banyak %(max)s berkas; Anda memilih %(count)s."),
                code="too_many_files",
                params={"max": uploads.MAX_FILES, "count": len(files)},
            )
        cleaned, errors = [], []
        for upload in files:
            try:
                cleaned.append(uploads.clean_upload(upload))
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return cleaned


# The filing form's map (static/js/map.js: tap to set the pin, or "gunakan lokasi saya") and
# the place static/js/filing.js shows similar reports in while the citizen writes.
PICKER_MAP = ('{% load i18n maps %}{% translate "Peta untuk memilih lokasi kejadian" as label %}'
              '{% report_map picker=True label=label %}')
SUGGESTIONS = ('<div id="saran-serupa" aria-live="polite" '
               'data-url="{% url \'complaints:similar\' %}"></div>')


class PickedDateField(forms.DateField):
    """A date from the browser's date picker, which sends it as 2026-12-02 whatever the
    language: that is read first — among the Indonesian formats it comes last, after eight
    that fail, and a failed format costs a raised exception — then the formats a person may
    type where a browser has no picker."""

    def to_python(self, value):
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                pass
        return super().to_python(value)


class ContactCleaning:
    """An e-mail address and a phone number as lapor stores them."""

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        return normalize_phone(phone) if phone else ""

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


def _choosable_units():
    return Unit.objects.filter(is_active=True).exclude(kind=Unit.Kind.EXTERNAL)


def _unit_choices():
    """Units grouped by kind, after the "I don't know" choice (no wrong door)."""
    kinds = dict(Unit.Kind.choices)
    groups = {}
    for unit_id, name, kind in _choosable_units().values_list("pk", "name", "kind"):
        groups.setdefault(str(kinds.get(kind, kind)), []).append((unit_id, name))
    return [("", _("Saya tidak tahu"))] + sorted(groups.items())


class UnitChoiceField(forms.TypedChoiceField):
    """The unit list is read only when the form is drawn; a submitted unit is checked by one
    query in `clean_unit` instead of by building the whole list again."""

    def valid_value(self, value):
        return True


class KeptChoiceField(forms.ModelChoiceField):
    """A choice checked against the rows complaints/form_cache keeps (no query per filing).
    A row added in the last second is not kept yet: it is looked up as usual."""

    def __init__(self, *, kept_as, **kwargs):
        super().__init__(**kwargs)
        self.kept_as = kept_as

    def __deepcopy__(self, memo):
        """Every form copies its fields, and Django's copy of a ModelChoiceField clones its
        queryset twice. The copies share it instead: it is never evaluated in place (the drawn
        list iterates it afresh, a lookup clones it, form_cache reads a clone), so no form's
        rows end up in another's. The copy gets its own choices iterator, as Django's does."""
        result = copied_like_a_field(self, memo)  # keeps the queryset
        result.widget.choices = result.choices
        return result

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            row = form_cache.rows_by_id(self.kept_as, self.queryset).get(int(value))
        except (TypeError, ValueError):
            row = None
        return row if row is not None else super().to_python(value)


@copies_fields_quickly
class ComplaintForm(ContactCleaning, CleanedWithoutBoundFields, forms.Form):
    kind = forms.ChoiceField(
        label=_("Klasifikasi laporan"), choices=Kind.choices, initial=Kind.COMPLAINT,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("Judul laporan"), min_length=10, max_length=150,
        help_text=_("Singkat dan jelas, misalnya: Jalan berlubang di depan SD Negeri 2 Bawen."),
    )
    description = forms.CharField(
        label=_("Isi laporan"), min_length=30, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ceritakan apa yang terjadi, di mana, kapan, dan siapa yang terlibat."),
    )
    incident_date = PickedDateField(
        label=_("Tanggal kejadian"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),  # as HTML wants
    )
    category = KeptChoiceField(
        kept_as="categories", label=_("Kategori"),
        queryset=Category.objects.filter(is_active=True),
        empty_label=_("— Pilih kategori —"),
    )
    unit = UnitChoiceField(
        label=_("Instansi tujuan"), required=False, coerce=int, empty_value=None,
        help_text=_("Tidak tahu instansinya? Pilih “Saya tidak tahu”; kami yang meneruskan."),
    )
    district = KeptChoiceField(
        kept_as="districts", label=_("Kecamatan"), required=False,
        queryset=Unit.objects.filter(kind=Unit.Kind.DISTRICT, is_active=True),
        empty_label=_("— Di luar kabupaten / tidak tahu —"),
    )
    village = forms.CharField(label=_("Desa/kelurahan"), max_length=100, required=False)
    address = forms.CharField(
        label=_("Alamat atau patokan lokasi"), max_length=255, required=False
    )
    # Ranges are checked in clean(), which can tell a swapped pair from a wrong number.
    lat = forms.DecimalField(
        label=_("Lintang (opsional)"), required=False, max_digits=9, decimal_places=6,
    )
    long = forms.DecimalField(
        label=_("Bujur (opsional)"), required=False, max_digits=9, decimal_places=6,
        help_text=_("Ketuk peta untuk mengisinya, atau salin dari aplikasi peta, misalnya "
                    "-7.2612 dan 110.4043."),
    )
    attachments = AttachmentsField(
        label=_("Lampiran"),
        help_text=_("Foto (JPEG, PNG, WebP, HEIC dari iPhone) atau PDF, paling banyak 5 berkas, "
                    "masing-masing paling besar 10 MB. Data lokasi di dalam foto dihapus "
                    "otomatis."),
    )
    is_anonymous = forms.BooleanField(
        label=_("Anonim: sembunyikan identitas saya dari instansi terlapor dan publik"),
        required=False,
        help_text=_("Hanya koordinator Diskominfo yang dapat melihat identitas Anda."),
    )
    is_confidential = forms.BooleanField(
        label=_("Rahasia: isi laporan tidak ditampilkan untuk publik"), required=False,
    )
    shows_name = forms.BooleanField(
        label=_("Tampilkan nama saya di halaman publik"), required=False,
        help_text=_("Bila tidak dicentang, halaman publik hanya menulis “Warga”."),
    )
    name = forms.CharField(label=_("Nama lengkap"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(
        label=_("Nomor telepon/WhatsApp"), max_length=32, required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    consent = forms.BooleanField(
        label=_("Saya setuju data pribadi saya diproses untuk menangani laporan ini, sesuai "
                "UU Pelindungan Data Pribadi."),
        error_messages={"required": _("Centang persetujuan ini agar laporan dapat diproses.")},
    )
    # A honeypot: hidden from people by CSS, filled in by form-filling robots.
    website = forms.CharField(label=_("Jangan isi kolom ini"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = _unit_choices  # a callable: drawn lazily
        if user is not None and user.is_authenticated:
            for name, value in (("name", user.full_name), ("email", user.email),
                                ("phone", user.phone)):
                self.fields[name].initial = value
            del self.fields["website"]  # robots do not log in
        else:
            self.fields["website"].widget.attrs.update(
                {"autocomplete": "off", "tabindex": "-1"}
            )
        self.fields["incident_date"].initial = timezone.localdate()
        self.fields["incident_date"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        count_instead_of_cut(self)

    @cached_property
    def helper(self):
        """The page's layout: built when the form is drawn, not for a POST that succeeds."""
        helper = FormHelper()
        helper.form_tag = False
        helper.layout = Layout(
            Fieldset(_("Apa yang ingin Anda laporkan?"), "kind", "title", "description",
                     "incident_date", "category", "unit"),
            Fieldset(_("Di mana kejadiannya?"), "district", "village", "address",
                     HTML(PICKER_MAP),
                     Div("lat", "long", css_class="row-cols-2 d-flex gap-2")),
            Fieldset(_("Lampiran"), "attachments"),
            Fieldset(_("Identitas dan kontak Anda"),
                     HTML('<p class="small">{}</p>'.format(
                         _("Isi e-mail atau nomor telepon, supaya kami dapat menjawab."))),
                     "name", "email", "phone", "shows_name", "is_anonymous",
                     "is_confidential"),
            HTML(SUGGESTIONS),
            Div("website", css_class="hp-field", aria_hidden="true")
            if "website" in self.fields else HTML(""),
            "consent",
            Submit("submit", _("Kirim laporan"), css_class="btn-lg w-100 mt-2"),
        )
        return helper

    def clean_incident_date(self):
        day = self.cleaned_data["incident_date"]
        if day > timezone.localdate():
            raise ValidationError(_("Tanggal kejadian tidak boleh di masa depan."),
                                  code="future")
        return day

    def clean_unit(self):
        unit_id = self.cleaned_data["unit"]
        if unit_id is None:
            return None
        unit = _choosable_units().filter(pk=unit_id).first()
        if unit is None:
            raise ValidationError(
                _("Instansi ini tidak dapat dipilih lagi. Pilih instansi lain atau “Saya tidak "
                  "tahu”."), code="invalid_choice")
        return unit


    def clean_website(self):
        if self.cleaned_data["website"]:
            raise ValidationError(
                _("Kolom ini harus dikosongkan. Jika terisi otomatis oleh peramban, hapus isinya "
                  "lalu kirim lagi."),
                code="honeypot",
            )
        return ""

    def clean(self):
        data = super().clean()
        logged_in = self.user is not None and self.user.is_authenticated
        if not (data.get("email") or data.get("phone")) and "email" not in self.errors \
                and "phone" not in self.errors and not logged_in:
            self.add_error("email", ValidationError(
                _("Isi e-mail atau nomor telepon (salah satu), supaya kami dapat menjawab."),
                code="no_contact"))
        if not data.get("is_anonymous") and not (data.get("name") or "").strip():
            self.add_error("name", ValidationError(
                _("Isi nama Anda, atau centang “Anonim” bila identitas tidak ingin diketahui "
                  "instansi."), code="no_name"))
        if (data.get("lat") is None) != (data.get("long") is None) and \
                "lat" not in self.errors and "long" not in self.errors:
            self.add_error("long", ValidationError(
                _("Isi lintang dan bujur keduanya, atau kosongkan keduanya."), code="half_point"))
        elif data.get("lat") is not None and data.get("long") is not None:
            self._check_point(data["lat"], data["long"])
        return data

    def _check_point(self, lat, long):
        if geo.looks_swapped(lat, long):
            centre = geo.region_box().centre
            self.add_error("lat", ValidationError(
                _("Lintang dan bujur tampaknya tertukar: di wilayah ini lintang sekitar "
                  "%(lat)s dan bujur sekitar %(long)s. Tukar isinya lalu kirim lagi."),
                code="swapped", params={"lat": round(centre[0], 2), "long": round(centre[1], 2)}))
        elif not -90 <= lat <= 90:
            self.add_error("lat", ValidationError(_("Lintang harus antara -90 dan 90."),
                                                  code="range"))
        elif not -180 <= long <= 180:
            self.add_error("long", ValidationError(_("Bujur harus antara -180 dan 180."),
                                                   code="range"))

    def report(self):
        data = self.cleaned_data
        return Report(
            kind=data["kind"], title=data["title"].strip(),
            description=data["description"].strip(), category=data["category"],
            incident_date=data["incident_date"], suggested_unit=data["unit"],
            district=data["district"], village=data["village"].strip(),
            address=data["address"].strip(), latitude=data["lat"], longitude=data["long"],
            is_anonymous=data["is_anonymous"], is_confidential=data["is_confidential"],
            shows_name=data["shows_name"] and not data["is_anonymous"],
            reporter_name=data["name"].strip(), reporter_email=data["email"],
            reporter_phone=data["phone"],
        )


class _ReporterForm(forms.Form):
    def __init__(self, *args, submit_label, **kwargs):
        super().__init__(*args, **kwargs)
        count_instead_of_cut(self)
        self.helper = FormHelper()
        self.helper.form_tag = False
        # One page holds several of these forms: each button its own id.
        self.helper.add_input(Submit("submit", submit_label,
                                     css_id=f"kirim-{self.prefix or 'formulir'}"))


class ProvideInfoForm(_ReporterForm):
    text = forms.CharField(label=_("Keterangan tambahan"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 4}))
    attachments = AttachmentsField(label=_("Lampiran tambahan"))


class AnswerQuestionForm(_ReporterForm):
    text = forms.CharField(label=_("Jawaban Anda"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": _("Tuliskan jawaban Anda.")})
    attachments = AttachmentsField(label=_("Foto atau dokumen (bila diminta)"))


class ReplyForm(_ReporterForm):
    text = forms.CharField(label=_("Tanggapan Anda"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 4}))


class ReopenForm(_ReporterForm):
    reason = forms.CharField(label=_("Mengapa masalahnya belum selesai?"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 4}))


class ConfirmSolvedForm(_ReporterForm):
    pass


class RatingForm(_ReporterForm):
    score = forms.TypedChoiceField(
        label=_("Penilaian Anda atas penanganan laporan"), coerce=int,
        choices=[(n, label) for n, label in [
            (5, _("5 — Sangat puas")), (4, _("4 — Puas")), (3, _("3 — Cukup")),
            (2, _("2 — Kurang puas")), (1, _("1 — Tidak puas"))]],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Komentar (opsional)"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))



class SupportForm(ContactCleaning, forms.Form):
    """“Dukung laporan ini”: everything is optional but the consent, which a contact or a
    photo needs (they are personal data)."""

    name = forms.CharField(label=_("Nama (tidak ditampilkan)"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(
        label=_("Nomor telepon/WhatsApp"), max_length=32, required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_("Isi e-mail atau telepon bila ingin menerima kabar perkembangannya."))
    attachments = AttachmentsField(
        label=_("Foto Anda (opsional)"),
        help_text=_("Foto tampil bersama laporan ini di halaman publik. Data lokasi di dalam "
                    "foto dihapus otomatis."))
    consent = forms.BooleanField(
        label=_("Saya setuju kontak dan foto saya diproses untuk laporan ini, sesuai UU "
                "Pelindungan Data Pribadi."), required=False)
    website = forms.CharField(label=_("Jangan isi kolom ini"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated:
            self.fields["name"].initial = user.full_name
            self.fields["email"].initial = user.email
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        count_instead_of_cut(self)

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise ValidationError(_("Kolom ini harus dikosongkan."), code="honeypot")
        return ""

    def clean(self):
        data = super().clean()
        gives_data = data.get("email") or data.get("phone") or data.get("attachments")
        if gives_data and not data.get("consent"):
            self.add_error("consent", ValidationError(
                _("Centang persetujuan ini agar kontak atau foto Anda dapat disimpan."),
                code="required"))
        return data
