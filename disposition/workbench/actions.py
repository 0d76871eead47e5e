"""The workbench's actions: for each, its form, its button and the service it calls.
Which of them a person may take is disposition.workflow.refusal, for the buttons and the
services alike."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from disposition import services
from disposition.workbench import forms


@dataclass(frozen=True)
class WorkbenchAction:
    title: str
    button: str
    form: type
    run: Callable  # (complaint, user, cleaned_data) -> success message
    danger: bool = False

    def make_form(self, complaint, data=None, files=None, unit=None):
        kwargs = {}
        if self.form is forms.ArchiveForm:
            kwargs["complaint"] = complaint
        if self.form is forms.DraftForm:
            kwargs.update(complaint=complaint, unit=unit)
        initial = forms.DisposeForm.initial_for(complaint) if self.form is forms.DisposeForm \
            else None
        return self.form(data, files, initial=initial, **kwargs)


def _dispose(complaint, user, d):
    done = services.dispose(complaint=complaint, user=user, lead_unit=d["lead_unit"],
                            supporting_units=d["supporting_units"],
                            instruction=d["instruction"],
                            corrections={k: d[k] for k in services.CORRECTABLE_FIELDS})
    return _("Laporan didisposisikan ke %(unit)s.") % {"unit": done.lead_unit.name}


def _request_info(complaint, user, d):
    services.request_info(complaint=complaint, user=user, question=d["question"])
    return _("Permintaan kelengkapan dikirim ke pelapor.")


def _archive(complaint, user, d):
    services.archive(complaint=complaint, user=user, reason=d["reason"], note=d["note"],
                     duplicate_of=d["duplicate_of"])
    return _("Laporan diarsipkan.")


def _forward(complaint, user, d):
    services.forward(complaint=complaint, user=user, unit=d["unit"], note=d["note"])
    return _("Laporan diteruskan ke %(unit)s.") % {"unit": d["unit"].name}


def _accept(complaint, user, d):
    services.accept(complaint=complaint, user=user)
    return _("Laporan diterima dan sedang diproses unit Anda.")


def _return(complaint, user, d):
    services.return_to_coordinator(complaint=complaint, user=user, reason=d["reason"])
    return _("Laporan dikembalikan ke koordinator.")


def _draft(complaint, user, d):
    services.save_draft(complaint=complaint, user=user, text=d["text"], files=d["attachments"])
    return _("Konsep jawaban disimpan.")


def _submit(complaint, user, d):
    services.submit_for_approval(complaint=complaint, user=user)
    return _("Jawaban diajukan untuk disetujui kepala unit.")


def _publish(complaint, user, d):
    services.publish(complaint=complaint, user=user)
    return _("Tindak lanjut diterbitkan; pelapor diberi tahu.")


def _approve(complaint, user, d):
    services.approve(complaint=complaint, user=user)
    return _("Jawaban disetujui dan diterbitkan; pelapor diberi tahu.")


def _send_back(complaint, user, d):
    services.send_back(complaint=complaint, user=user, comment=d["comment"])
    return _("Jawaban dikembalikan ke operator untuk diperbaiki.")


def _contribute(complaint, user, d):
    services.contribute(complaint=complaint, user=user, text=d["text"], files=d["attachments"])
    return _("Kontribusi dikirim ke unit penanggung jawab.")


def _note(complaint, user, d):
    services.add_note(complaint=complaint, user=user, text=d["text"])
    return _("Catatan internal disimpan.")


ACTIONS = {
    "dispose": WorkbenchAction(_("Verifikasi dan disposisi"), _("Disposisikan"),
                               forms.DisposeForm, _dispose),
    "request_info": WorkbenchAction(_("Minta kelengkapan ke pelapor"), _("Kirim permintaan"),
                                    forms.RequestInfoForm, _request_info),
    "archive": WorkbenchAction(_("Arsipkan"), _("Arsipkan"), forms.ArchiveForm, _archive,
                               danger=True),
    "forward": WorkbenchAction(_("Teruskan ke instansi di luar daerah"), _("Teruskan"),
                               forms.ForwardForm, _forward),
    "accept": WorkbenchAction(_("Terima laporan"), _("Terima dan proses"), forms.ConfirmForm,
                              _accept),
    "draft": WorkbenchAction(_("Konsep tindak lanjut"), _("Simpan konsep"), forms.DraftForm,
                             _draft),
    "submit_for_approval": WorkbenchAction(_("Ajukan persetujuan"),
                                           _("Ajukan ke kepala unit"), forms.ConfirmForm,
                                           _submit),
    "publish": WorkbenchAction(_("Terbitkan tindak lanjut"), _("Terbitkan"), forms.ConfirmForm,
                               _publish),
    "approve": WorkbenchAction(_("Setujui jawaban"), _("Setujui dan terbitkan"),
                               forms.ConfirmForm, _approve),
    "send_back": WorkbenchAction(_("Kembalikan konsep"), _("Kembalikan ke operator"),
                                 forms.SendBackForm, _send_back),
    "return": WorkbenchAction(_("Bukan kewenangan unit kami"), _("Kembalikan ke koordinator"),
                              forms.ReturnForm, _return, danger=True),
    "contribute": WorkbenchAction(_("Kontribusi unit pendukung"), _("Kirim kontribusi"),
                                  forms.ContributeForm, _contribute),
    "note": WorkbenchAction(_("Catatan internal"), _("Simpan catatan"), forms.NoteForm, _note),
}
