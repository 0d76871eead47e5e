"""The workbench's forms: one per action, plus the intake of reports from other channels."""


from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from complaints import codes
from complaints.forms import AttachmentsField
from complaints.models import ArchiveReason, Category, Channel, Complaint, Kind
from complaints.services import Report
from disposition.models import ResponseTemplate
from disposition.services import ARCHIVE_REASONS_FOR_COORDINATOR, CORRECTABLE_FIELDS
from lapor.phones import normalize_phone

TEXT_AREA = forms.Textarea(attrs={"rows": 4, "cols": 60})


def _internal_units():
    return Unit.objects.filter(is_active=True).exclude(kind=Unit.Kind.EXTERNAL).order_by("name")


class ConfirmForm(forms.Form):
    """An action without fields (accept, submit for approval, publish, approve)."""


class DisposeForm(forms.Form):
    lead_unit = forms.ModelChoiceField(label=_("Unit penanggung jawab"),
                                       queryset=_internal_units())
    supporting_units = forms.ModelMultipleChoiceField(
        label=_("Unit pendukung"), queryset=_internal_units(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Opsional. Tahan Ctrl untuk memilih lebih dari satu."),
    )
    instruction = forms.CharField(label=_("Instruksi untuk unit"), required=False,
                                  widget=TEXT_AREA, max_length=2000)
    kind = forms.ChoiceField(label=_("Klasifikasi"), choices=Kind.choices)
    category = forms.ModelChoiceField(label=_("Kategori"),
                                      queryset=Category.objects.filter(is_active=True))
    title = forms.CharField(label=_("Judul"), max_length=150)
    is_anonymous = forms.BooleanField(label=_("Anonim (identitas pelapor disembunyikan dari "
                                              "unit dan publik)"), required=False)
    is_confidential = forms.BooleanField(label=_("Rahasia (isi tidak tampil untuk publik)"),
                                         required=False)

    @classmethod
    def initial_for(cls, complaint):
        default_unit = complaint.category.default_unit if complaint.category_id else None
        lead = default_unit or complaint.suggested_unit
        return {
            "lead_unit": lead.pk if lead else None,
            "kind": complaint.kind,
            "category": complaint.category_id,
            "title": complaint.title,
            "is_anonymous": complaint.is_anonymous,
            "is_confidential": complaint.is_confidential,
        }

    def clean(self):
        """The coordinator's fixes travel to the service as one argument."""
        data = super().clean()
        data["corrections"] = {name: data[name] for name in CORRECTABLE_FIELDS if name in data}
        return data


class RequestInfoForm(forms.Form):
    question = forms.CharField(
        label=_("Pesan untuk pelapor"), widget=TEXT_AREA, max_length=2000,
        help_text=_("Sebutkan apa yang perlu dilengkapi. Pesan ini terlihat oleh pelapor."),
    )


class ArchiveForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Alasan"),
        choices=[("", "—")] + [(r.value, r.label) for r in ARCHIVE_REASONS_FOR_COORDINATOR],
    )
    duplicate_code = forms.CharField(label=_("Nomor tiket laporan asli (untuk duplikat)"),
                                     required=False, max_length=20)
    note = forms.CharField(label=_("Keterangan"), required=False, widget=TEXT_AREA,
                           max_length=2000)

    def __init__(self, *args, complaint, **kwargs):
        super().__init__(*args, **kwargs)
        self.complaint = complaint

    def clean(self):
        data = super().clean()
        data["duplicate_of"] = None
        if data.get("reason") != ArchiveReason.DUPLICATE:
            return data
        typed = data.get("duplicate_code", "")
        code = codes.normalize_tracking_code(typed)
        if not code:
            self.add_error("duplicate_code", _("Isi nomor tiket laporan asli, misalnya "
                                               "LPR-ABCD2345.") if not typed else
                           _("Ini bukan nomor tiket. Contoh: LPR-ABCD2345."))
            return data
        original = Complaint.objects.filter(tracking_code=code).first()
        if original is None:
            self.add_error("duplicate_code", _("Laporan dengan nomor tiket ini tidak ada."))
        elif original.pk == self.complaint.pk:
            self.add_error("duplicate_code",
                           _("Laporan tidak dapat menjadi duplikat dirinya sendiri."))
        data["duplicate_of"] = original
        return data


class ForwardForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Instansi tujuan"),
        queryset=Unit.objects.filter(is_active=True, kind=Unit.Kind.EXTERNAL).order_by("name"),
    )
    note = forms.CharField(label=_("Catatan untuk pelapor"), widget=TEXT_AREA, max_length=2000,
                           help_text=_("Terlihat oleh pelapor, misalnya ke mana ia dapat "
                                       "menindaklanjuti."))


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Alasan bukan kewenangan"), widget=TEXT_AREA,
                             max_length=2000,
                             help_text=_("Sebutkan unit yang menurut Anda berwenang, bila tahu."))


class DraftForm(forms.Form):
    template = forms.ModelChoiceField(label=_("Mulai dari templat"), required=False,
                                      queryset=ResponseTemplate.objects.none(),
                                      help_text=_("Dipakai bila isi masih kosong."))
    text = forms.CharField(label=_("Isi tindak lanjut"), widget=forms.Textarea(
        attrs={"rows": 8, "cols": 80}), required=False, max_length=10000)
    attachments = AttachmentsField(label=_("Lampiran (foto atau PDF)"))

    def __init__(self, *args, complaint, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = ResponseTemplate.objects.filter(
            Q(unit=unit) | Q(unit__isnull=True), is_active=True
        ).filter(Q(category=complaint.category_id) | Q(category__isnull=True))

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip():
            template = data.get("template")
            if template is None:
                self.add_error("text", _("Tulis isi tindak lanjut atau pilih templat."))
            else:
                data["text"] = template.text
        return data


class SendBackForm(forms.Form):
    comment = forms.CharField(label=_("Yang perlu diperbaiki"), widget=TEXT_AREA,
                              max_length=2000)


class ContributeForm(forms.Form):
    text = forms.CharField(label=_("Kontribusi untuk unit penanggung jawab"),
                           widget=TEXT_AREA, max_length=10000)
    attachments = AttachmentsField(label=_("Lampiran (foto atau PDF)"))


class MessageForm(forms.Form):
    text = forms.CharField(label=_("Pesan untuk pelapor"), widget=TEXT_AREA, max_length=1000,
                           help_text=_("Terkirim ke kanal pelapor (WhatsApp, SMS atau e-mail). "
                                       "Tulis seperlunya; pesan ini tercatat."))


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Catatan internal"), widget=TEXT_AREA, max_length=4000,
                           help_text=_("Hanya terlihat oleh koordinator dan unit; "
                                       "tidak pernah oleh pelapor."))


INTAKE_CHANNELS = [(c.value, c.label) for c in Channel if c != Channel.WEB]


class IntakeForm(forms.Form):
    """A report that came by another channel, typed in by a coordinator."""

    channel = forms.ChoiceField(label=_("Kanal"), choices=[("", "—")] + INTAKE_CHANNELS)
    source_reference = forms.CharField(
        label=_("Rujukan pesan asli"), max_length=255,
        help_text=_("Tautan unggahan, nomor surat, atau waktu pesan/panggilan."),
    )
    reporter_name = forms.CharField(label=_("Nama pelapor"), max_length=150, required=False)
    reporter_phone = forms.CharField(label=_("Nomor telepon/WhatsApp"), max_length=32,
                                     required=False)
    reporter_email = forms.EmailField(label=_("E-mail"), required=False)
    reporter_handle = forms.CharField(label=_("Akun media sosial"), max_length=100,
                                      required=False, help_text=_("Misalnya @nama_akun."))
    kind = forms.ChoiceField(label=_("Klasifikasi"), choices=Kind.choices,
                             initial=Kind.COMPLAINT)
    category = forms.ModelChoiceField(label=_("Kategori"),
                                      queryset=Category.objects.filter(is_active=True))
    title = forms.CharField(label=_("Judul"), max_length=150)
    description = forms.CharField(label=_("Isi laporan"), widget=forms.Textarea(
        attrs={"rows": 8, "cols": 80}), max_length=10000)
    incident_date = forms.DateField(label=_("Tanggal kejadian"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"},
                                                           format="%Y-%m-%d"))
    district = forms.ModelChoiceField(
        label=_("Kecamatan"), required=False,
        queryset=Unit.objects.filter(kind=Unit.Kind.DISTRICT, is_active=True),
    )
    village = forms.CharField(label=_("Desa/kelurahan"), max_length=100, required=False)
    address = forms.CharField(label=_("Alamat"), max_length=255, required=False)
    is_anonymous = forms.BooleanField(label=_("Anonim"), required=False)
    is_confidential = forms.BooleanField(label=_("Rahasia"), required=False)
    attachments = AttachmentsField(label=_("Lampiran (foto atau PDF)"))

    def clean_reporter_phone(self):
        typed = self.cleaned_data["reporter_phone"].strip()
        return normalize_phone(typed) if typed else ""

    def clean(self):
        data = super().clean()
        contacts = ("reporter_phone", "reporter_email", "reporter_handle")
        if not any(data.get(name) for name in contacts) and not self.has_error("reporter_phone"):
            raise ValidationError(
                _("Isi paling sedikit satu kontak pelapor (telepon, e-mail atau akun media "
                  "sosial) agar jawaban dapat disampaikan."),
                code="no_contact",
            )
        return data

    def report(self):
        d = self.cleaned_data
        return Report(
            kind=d["kind"], title=d["title"], description=d["description"],
            category=d["category"], incident_date=d["incident_date"], district=d["district"],
            village=d["village"], address=d["address"], is_anonymous=d["is_anonymous"],
            is_confidential=d["is_confidential"], reporter_name=d["reporter_name"],
            reporter_email=d["reporter_email"], reporter_phone=d["reporter_phone"],
            reporter_handle=d["reporter_handle"], source_reference=d["source_reference"],
        )
