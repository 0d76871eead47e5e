"""The workbench's forms: one per action, plus the intake of reports from other channels."""


from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.access import is_coordinator, sub_unit_ids, units_for
from accounts.models import Unit
from accounts.roles import ANSWERING_ROLES
from complaints import codes
from complaints.forms import AttachmentsField
from complaints.models import ArchiveReason, Category, Complaint, Kind, SourceChannel, Tag
from complaints.services import Report
from complaints.workflow import State
from disposition.models import ResponseTemplate
from disposition.services import ARCHIVE_REASONS_FOR_COORDINATOR, CORRECTABLE_FIELDS
from lapor.phones import normalize_phone

TEXT_AREA = forms.Textarea(attrs={"rows": 4, "cols": 60})


def _internal_units():
    return Unit.objects.filter(is_active=True).exclude(kind=Unit.Kind.EXTERNAL).order_by("name")


class ConfirmForm(forms.Form):
    """An action without fields (accept, submit for approval, publish, approve)."""


class ComplaintForm(forms.Form):
    """A form whose choices depend on the complaint."""

    def __init__(self, *args, complaint, **kwargs):
        super().__init__(*args, **kwargs)
        self.complaint = complaint


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


class ArchiveForm(ComplaintForm):
    reason = forms.ChoiceField(
        label=_("Alasan"),
        choices=[("", "—")] + [(r.value, r.label) for r in ARCHIVE_REASONS_FOR_COORDINATOR],
    )
    duplicate_code = forms.CharField(label=_("Nomor tiket laporan asli (untuk duplikat)"),
                                     required=False, max_length=20)
    note = forms.CharField(label=_("Keterangan"), required=False, widget=TEXT_AREA,
                           max_length=2000)

    def clean(self):
        data = super().clean()
        data["duplicate_of"] = None
        if data.get("reason") != ArchiveReason.DUPLICATE:
            return data
        data["duplicate_of"] = _other_report(self, "duplicate_code",
                                             data.get("duplicate_code", ""))
        return data


def _other_report(form, field, typed):
    """The report another tracking code names (not the form's own), or None with the
    field's error added."""
    code = codes.normalize_tracking_code(typed)
    if not code:
        form.add_error(field, _("Isi nomor tiket laporan asli, misalnya LPR-ABCD2345.")
                       if not typed.strip() else _("Ini bukan nomor tiket. Contoh: "
                                                   "LPR-ABCD2345."))
        return None
    other = Complaint.objects.filter(tracking_code=code).first()
    if other is None:
        form.add_error(field, _("Laporan dengan nomor tiket ini tidak ada."))
    elif other.pk == form.complaint.pk:
        form.add_error(field, _("Laporan tidak dapat digabungkan dengan dirinya sendiri."))
        return None
    return other


class MergeForm(ComplaintForm):
    primary_code = forms.CharField(
        label=_("Nomor tiket laporan utama"), max_length=20,
        help_text=_("Laporan ini ditutup dan digabungkan ke laporan utama; pelapornya ikut "
                    "menerima kabar laporan utama. Dapat dibatalkan."))

    def clean(self):
        data = super().clean()
        data["primary"] = _other_report(self, "primary_code", data.get("primary_code", ""))
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


COMPLETES_CHOICES = [
    ("yes", _("Penyelesaian — pekerjaan sudah tuntas; pelapor diminta menanggapi")),
    ("no", _("Tindak lanjut awal — pekerjaan masih berjalan sampai target penyelesaian")),
]


class DraftForm(ComplaintForm):
    template = forms.ModelChoiceField(label=_("Mulai dari templat"), required=False,
                                      queryset=ResponseTemplate.objects.none(),
                                      help_text=_("Dipakai bila isi masih kosong."))
    text = forms.CharField(label=_("Isi tindak lanjut"), widget=forms.Textarea(
        attrs={"rows": 8, "cols": 80}), required=False, max_length=10000)
    completes = forms.ChoiceField(
        label=_("Sifat tindak lanjut"), choices=COMPLETES_CHOICES, widget=forms.RadioSelect,
        error_messages={"required": _("Pilih apakah pekerjaan sudah selesai atau masih "
                                      "berjalan.")})
    attachments = AttachmentsField(label=_("Lampiran (foto atau PDF)"))

    def __init__(self, *args, complaint, unit, **kwargs):
        super().__init__(*args, complaint=complaint, **kwargs)
        self.fields["template"].queryset = ResponseTemplate.objects.filter(
            Q(unit=unit) | Q(unit__isnull=True), is_active=True
        ).filter(Q(category=complaint.category_id) | Q(category__isnull=True))
        if complaint.first_answered_at is not None or complaint.state != State.IN_PROGRESS:
            del self.fields["completes"]  # after the first answer, the next one completes

    def clean_completes(self):
        return self.cleaned_data["completes"] == "yes"

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip():
            template = data.get("template")
            if template is None:
                self.add_error("text", _("Tulis isi tindak lanjut atau pilih templat."))
            else:
                data["text"] = template.text
        data.setdefault("completes", True)
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


class AskReporterForm(forms.Form):
    question = forms.CharField(
        label=_("Pertanyaan untuk pelapor"), widget=TEXT_AREA, max_length=2000,
        error_messages={"required": _("Tuliskan pertanyaan untuk pelapor.")},
        help_text=_("Terlihat oleh pelapor. Batas waktu unit berhenti sampai pelapor "
                    "menjawab."))


class ProgressForm(forms.Form):
    text = forms.CharField(
        label=_("Perkembangan penanganan"), widget=TEXT_AREA, max_length=4000,
        error_messages={"required": _("Tuliskan perkembangan penanganan.")},
        help_text=_("Tampil di linimasa publik; pekerjaan unit berlanjut."))
    attachments = AttachmentsField(label=_("Foto atau PDF"))


class DelegateForm(ComplaintForm):
    sub_unit = forms.ModelChoiceField(
        label=_("Sub-unit pelaksana"), queryset=Unit.objects.none(),
        error_messages={"invalid_choice": _("Pilih sub-unit aktif di bawah unit Anda.")})
    instruction = forms.CharField(label=_("Instruksi"), required=False, widget=TEXT_AREA,
                                  max_length=2000)

    def __init__(self, *args, complaint, **kwargs):
        super().__init__(*args, complaint=complaint, **kwargs)
        below = sub_unit_ids([complaint.lead_unit_id]) - {complaint.lead_unit_id}
        self.fields["sub_unit"].queryset = _internal_units().filter(pk__in=below)


class TransferForm(ComplaintForm):
    unit = forms.ModelChoiceField(
        label=_("Unit kerja tujuan"), queryset=Unit.objects.none(),
        error_messages={"invalid_choice": _("Pilih unit kerja aktif di daerah ini selain unit "
                                            "penanggung jawab sekarang.")})
    reason = forms.CharField(label=_("Alasan pengalihan"), widget=TEXT_AREA, max_length=2000,
                             error_messages={"required": _("Tuliskan alasan pengalihan.")},
                             help_text=_("Koordinator diberi tahu dan dapat membatalkannya."))

    def __init__(self, *args, complaint, **kwargs):
        super().__init__(*args, complaint=complaint, **kwargs)
        self.fields["unit"].queryset = _internal_units().exclude(pk=complaint.lead_unit_id)


class TagForm(ComplaintForm):
    tags = forms.ModelMultipleChoiceField(label=_("Label"), required=False,
                                          queryset=Tag.objects.none(),
                                          widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, complaint, **kwargs):
        super().__init__(*args, complaint=complaint, **kwargs)
        self.fields["tags"].queryset = Tag.objects.filter(
            Q(is_active=True) | Q(complaints=complaint)).distinct()
        self.fields["tags"].initial = [tag.pk for tag in complaint.tags.all()]


COORDINATOR_QUEUE = ""


class IntakeForm(forms.Form):
    """A report that came by another channel, typed in by a coordinator, or by a unit for
    itself (or for the coordinators' queue)."""

    channel = forms.ModelChoiceField(
        label=_("Kanal"), to_field_name="code",
        queryset=SourceChannel.objects.filter(is_active=True, kind__in=SourceChannel.TYPED_IN))
    handled_by = forms.ChoiceField(
        label=_("Ditangani oleh"), required=False,
        help_text=_("Unit Anda menanganinya langsung, atau kirim ke antrean koordinator bila "
                    "bukan urusan unit Anda."))
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

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if is_coordinator(user):
            del self.fields["handled_by"]
            return
        units = units_for(user, *ANSWERING_ROLES).order_by("name")
        self.fields["handled_by"].choices = [
            *((str(unit.pk), unit.name) for unit in units),
            (COORDINATOR_QUEUE, _("Antrean koordinator (bukan urusan unit kami)"))]
        self.fields["handled_by"].initial = str(units[0].pk) if units else COORDINATOR_QUEUE
        self._units = {str(unit.pk): unit for unit in units}

    def clean_handled_by(self):
        return self._units.get(self.cleaned_data["handled_by"])

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
