"""The dashboard's filter form."""

from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.access import sub_unit_ids
from accounts.models import Unit
from complaints import search
from complaints.models import Category, Kind, SourceChannel, Tag
from disposition.reporting.figures import Filters, month_of

PERIODS = [
    ("bulan-ini", _("Bulan ini")),
    ("bulan-lalu", _("Bulan lalu")),
    ("3-bulan", _("Tiga bulan terakhir")),
    ("tahun-ini", _("Tahun ini")),
    ("kustom", _("Rentang tanggal")),
]
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DashboardFilterForm(forms.Form):
    """The dashboard's filters; bad values are explained and the defaults used meanwhile."""

    periode = forms.ChoiceField(label=_("Periode"), choices=PERIODS, required=False)
    dari = forms.DateField(label=_("Dari"), required=False, widget=DATE_INPUT)
    sampai = forms.DateField(label=_("Sampai"), required=False, widget=DATE_INPUT)
    kategori = forms.ModelChoiceField(label=_("Kategori"), required=False,
                                      empty_label=_("Semua"),
                                      queryset=Category.objects.filter(is_active=True))
    kanal = forms.ModelChoiceField(label=_("Kanal"), required=False, empty_label=_("Semua"),
                                   to_field_name="code", queryset=SourceChannel.objects.all())
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"), required=False, empty_label=_("Semua"),
        queryset=Unit.objects.filter(kind=Unit.Kind.DISTRICT, is_active=True))
    unit = forms.ModelChoiceField(label=_("Unit kerja"), required=False,
                                  empty_label=_("Semua"), queryset=Unit.objects.none())
    klasifikasi = forms.ChoiceField(label=_("Klasifikasi"), required=False,
                                    choices=[("", _("Semua"))] + list(Kind.choices))
    label = forms.ModelChoiceField(label=_("Label"), required=False, empty_label=_("Semua"),
                                   queryset=Tag.objects.all())
    cari = forms.CharField(label=_("Kata kunci"), required=False, max_length=search.MAX_CHARS,
                           help_text=_("Laporan yang memuat semua kata ini."))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{css} form-{css.split('-')[1]}-sm"

    def clean_cari(self):
        typed = self.cleaned_data["cari"].strip()
        if typed and not search.words_of(typed):
            raise forms.ValidationError(_("Kata kunci perlu huruf atau angka."))
        return typed

    def clean(self):
        data = super().clean()
        if data.get("periode") == "kustom":
            if not data.get("dari") or not data.get("sampai"):
                self.add_error("dari", _("Isi tanggal awal dan akhir."))
            elif data["dari"] > data["sampai"]:
                self.add_error("sampai", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
            elif (data["sampai"] - data["dari"]).days > 3 * 366:
                self.add_error("sampai", _("Rentang paling panjang tiga tahun."))
        return data

    def _valid_part(self):
        """What validated, even when another field did not (that one is shown with its
        error and its default used)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return self.cleaned_data

    def period(self, today):
        data = self._valid_part()
        match data.get("periode") or "bulan-ini":
            case "bulan-lalu":
                return month_of(today.replace(day=1) - timedelta(days=1))
            case "3-bulan":
                start = (today.replace(day=1) - timedelta(days=40)).replace(day=1)
                return start, month_of(today)[1]
            case "tahun-ini":
                return today.replace(month=1, day=1), today.replace(month=12, day=31)
            case "kustom" if data.get("dari") and data.get("sampai"):
                return data["dari"], data["sampai"]
        return month_of(today)

    def filters(self, today):
        start, end = self.period(today)
        data = self._valid_part()
        return Filters(
            start=start, end=end,
            category=data["kategori"].pk if data.get("kategori") else None,
            channel=data["kanal"].code if data.get("kanal") else "",
            district=data["kecamatan"].pk if data.get("kecamatan") else None,
            unit=data["unit"].pk if data.get("unit") else None,
            unit_tree=frozenset(sub_unit_ids([data["unit"].pk])) if data.get("unit")
            else frozenset(),
            kind=data.get("klasifikasi") or "",
            tag=data["label"].pk if data.get("label") else None,
            words=tuple(search.words_of(data.get("cari") or "")),
        )
