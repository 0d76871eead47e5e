"""The workbench's actions: for each, its form, its button and the service it calls.
Which of them a person may take is disposition.workflow.refusal, for the buttons and the
services alike."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from disposition import services
from disposition.workbench import forms


@dataclass(frozen=True)
class WorkbenchAction:
    title: str
    button: str
    form: type
    service: Callable  # a disposition service: (*, complaint, user, **arguments)
    done: str  # the success message; %(unit)s is the unit it went to, where there is one
    arguments: dict[str, str] = field(default_factory=dict)  # service argument ← form field
    danger: bool = False

    def make_form(self, complaint, data=None, files=None, unit=None, *, name=""):
        """The action's form; `name` keeps its ids apart from the other forms on the page
        (several have a "text" field) without changing what it posts."""
        kwargs = {"auto_id": f"id_{name}_%s" if name else "id_%s"}
        if issubclass(self.form, forms.ComplaintForm):
            kwargs["complaint"] = complaint
        if self.form is forms.DraftForm:
            kwargs["unit"] = unit
        initial = forms.DisposeForm.initial_for(complaint) if self.form is forms.DisposeForm \
            else None
        return self.form(data, files, initial=initial, **kwargs)

    def run(self, complaint, user, cleaned_data) -> str:
        """Call the service with the form's data; returns the message to show."""
        arguments = {name: cleaned_data[source] for name, source in self.arguments.items()}
        self.service(complaint=complaint, user=user, **arguments)
        unit = (cleaned_data.get("lead_unit") or cleaned_data.get("unit")
                or cleaned_data.get("sub_unit"))
        return str(self.done) % {"unit": unit.name if unit else ""}


def _same(*names):
    return {name: name for name in names}


A = WorkbenchAction
ACTIONS = {
    "dispose": A(_("Verifikasi dan disposisi"), _("Disposisikan"), forms.DisposeForm,
                 services.dispose, _("Laporan didisposisikan ke %(unit)s."),
                 _same("lead_unit", "supporting_units", "instruction", "corrections")),
    "request_info": A(_("Minta kelengkapan ke pelapor"), _("Kirim permintaan"),
                      forms.RequestInfoForm, services.request_info,
                      _("Permintaan kelengkapan dikirim ke pelapor."), _same("question")),
    "archive": A(_("Arsipkan"), _("Arsipkan"), forms.ArchiveForm, services.archive,
                 _("Laporan diarsipkan."), _same("reason", "note", "duplicate_of"),
                 danger=True),
    "merge": A(_("Gabungkan dengan laporan yang sama"), _("Gabungkan"), forms.MergeForm,
               services.merge,
               _("Laporan digabungkan; pelapornya kini mengikuti laporan utama."),
               {"primary": "primary"}),
    "unmerge": A(_("Batalkan penggabungan"), _("Pisahkan kembali"), forms.ConfirmForm,
                 services.unmerge,
                 _("Penggabungan dibatalkan; laporan kembali ke antrean verifikasi.")),
    "forward": A(_("Teruskan ke instansi di luar daerah"), _("Teruskan"), forms.ForwardForm,
                 services.forward, _("Laporan diteruskan ke %(unit)s."), _same("unit", "note")),
    "message_reporter": A(_("Kirim pesan ke pelapor"), _("Kirim pesan"), forms.MessageForm,
                          services.message_reporter, _("Pesan untuk pelapor diantrekan."),
                          _same("text")),
    "undo_transfer": A(_("Batalkan pengalihan"), _("Kembalikan ke unit asal"),
                       forms.ConfirmForm, services.undo_transfer,
                       _("Pengalihan dibatalkan; laporan kembali ke unit asal.")),
    "accept": A(_("Terima laporan"), _("Terima dan proses"), forms.ConfirmForm, services.accept,
                _("Laporan diterima dan sedang diproses unit Anda.")),
    "delegate": A(_("Teruskan ke sub-unit"), _("Teruskan ke sub-unit"), forms.DelegateForm,
                  services.delegate, _("Laporan diteruskan ke %(unit)s."),
                  _same("sub_unit", "instruction")),
    "ask_reporter": A(_("Tanya pelapor"), _("Kirim pertanyaan"), forms.AskReporterForm,
                      services.ask_reporter,
                      _("Pertanyaan dikirim ke pelapor; batas waktu unit berhenti."),
                      _same("question")),
    "withdraw_question": A(_("Tarik pertanyaan"), _("Tarik pertanyaan dan lanjutkan"),
                           forms.ConfirmForm, services.withdraw_question,
                           _("Pertanyaan ditarik; laporan kembali dikerjakan unit.")),
    "progress": A(_("Perkembangan penanganan"), _("Terbitkan perkembangan"),
                  forms.ProgressForm, services.publish_progress,
                  _("Perkembangan diterbitkan; pelapor diberi tahu."),
                  {"text": "text", "files": "attachments"}),
    "draft": A(_("Konsep tindak lanjut"), _("Simpan konsep"), forms.DraftForm,
               services.save_draft, _("Konsep jawaban disimpan."),
               {"text": "text", "files": "attachments", "completes": "completes"}),
    "submit_for_approval": A(_("Ajukan persetujuan"), _("Ajukan ke kepala unit"),
                             forms.ConfirmForm, services.submit_for_approval,
                             _("Jawaban diajukan untuk disetujui kepala unit.")),
    "publish": A(_("Terbitkan tindak lanjut"), _("Terbitkan"), forms.ConfirmForm,
                 services.publish, _("Tindak lanjut diterbitkan; pelapor diberi tahu.")),
    "approve": A(_("Setujui jawaban"), _("Setujui dan terbitkan"), forms.ConfirmForm,
                 services.approve, _("Jawaban disetujui dan diterbitkan; pelapor diberi tahu.")),
    "send_back": A(_("Kembalikan konsep"), _("Kembalikan ke operator"), forms.SendBackForm,
                   services.send_back, _("Jawaban dikembalikan ke operator untuk diperbaiki."),
                   _same("comment")),
    "transfer": A(_("Alihkan ke unit lain"), _("Alihkan"), forms.TransferForm,
                  services.transfer, _("Laporan dialihkan ke %(unit)s; koordinator diberi tahu."),
                  _same("unit", "reason"), danger=True),
    "return": A(_("Bukan kewenangan unit kami"), _("Kembalikan ke koordinator"),
                forms.ReturnForm, services.return_to_coordinator,
                _("Laporan dikembalikan ke koordinator."), _same("reason"), danger=True),
    "contribute": A(_("Kontribusi unit pendukung"), _("Kirim kontribusi"), forms.ContributeForm,
                    services.contribute, _("Kontribusi dikirim ke unit penanggung jawab."),
                    {"text": "text", "files": "attachments"}),
    "tag": A(_("Label"), _("Simpan label"), forms.TagForm, services.set_tags,
             _("Label disimpan."), _same("tags")),
    "note": A(_("Catatan internal"), _("Simpan catatan"), forms.NoteForm, services.add_note,
              _("Catatan internal disimpan."), _same("text")),
}
