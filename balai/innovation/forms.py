"""HTML input of the innovation catalogue: the public filters, the innovation form (with its
first evidence), the stage step and an evidence upload. Files are checked by
balai.core.uploads (type by content, PDFs parsed with pypdf, images re-encoded)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.accounts.models import Office
from balai.core.uploads import MB, CleanFile, inspect_upload
from balai.innovation import queries
from balai.innovation.models import Category, Form, Innovation, Stage

EVIDENCE_FORMATS = ("pdf", "jpg", "png")
MAX_EVIDENCE_MB = 10
ACCEPT = ".pdf,.jpg,.jpeg,.png"


def check_evidence(file: Any) -> CleanFile:
    return inspect_upload(file, name=file.name, formats=EVIDENCE_FORMATS,
                          max_bytes=MAX_EVIDENCE_MB * MB, label=str(_("bukti")))


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Cari nama inovasi"), required=False, max_length=100)
    tahap = forms.ChoiceField(label=_("Tahap"), required=False,
                              choices=[("", _("Semua tahap")), *Stage.choices])
    perangkat_daerah = forms.ChoiceField(label=_("Perangkat daerah"), required=False,
                                         choices=())
    bentuk = forms.ChoiceField(label=_("Bentuk"), required=False,
                               choices=[("", _("Semua bentuk")), *Form.choices])
    jenis = forms.ChoiceField(label=_("Jenis"), required=False,
                              choices=[("", _("Semua jenis")), *Category.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["perangkat_daerah"].choices = [("", _("Semua perangkat daerah"))] + [
            (o.code, o.name) for o in queries.offices_with_innovations()]

    def filters(self) -> queries.Filters:
        if not self.is_valid():
            return queries.Filters()
        data = self.cleaned_data
        return queries.Filters(stage=data["tahap"], office=data["perangkat_daerah"],
                               form=data["bentuk"], category=data["jenis"], q=data["q"].strip())


class InnovationForm(forms.ModelForm):
    """An innovation's description; a new one also chooses its office (among the officer's)
    and may bring its first evidence file."""

    office = forms.ModelChoiceField(label=_("Perangkat daerah"), queryset=Office.objects.none(),
                                    empty_label=None)
    evidence_title = forms.CharField(label=_("Judul bukti"), max_length=150, required=False,
                                     help_text=_("Misalnya: SK Bupati, laporan uji coba, foto "
                                                 "kegiatan."))
    evidence_file = forms.FileField(label=_("Berkas bukti"), required=False,
                                    help_text=_("PDF, JPG atau PNG, paling besar 10 MB."),
                                    widget=forms.FileInput(attrs={"accept": ACCEPT}))

    class Meta:
        model = Innovation
        fields = ["name", "summary", "problem", "form", "category", "started_on"]
        widgets = {"started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "summary": forms.Textarea(attrs={"rows": 4}),
                   "problem": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The office of an innovation does not change; evidence is added on its page.
            for name in ("office", "evidence_title", "evidence_file"):
                del self.fields[name]
        else:
            self.fields["office"].queryset = queries.officer_offices(user)
            self.fields["office"].label_from_instance = lambda office: office.name
            self.order_fields(["office"])

    def clean_started_on(self) -> Any:
        started = self.cleaned_data["started_on"]
        if started > timezone.localdate():
            raise forms.ValidationError(_("Tanggal mulai tidak boleh di masa depan."))
        return started

    def clean_evidence_file(self) -> CleanFile | None:
        file = self.cleaned_data.get("evidence_file")
        return check_evidence(file) if file else None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("evidence_file") and not (data.get("evidence_title") or "").strip():
            self.add_error("evidence_title", _("Beri judul untuk berkas bukti."))
        return data

    def evidence(self) -> list[tuple[str, CleanFile]]:
        clean = self.cleaned_data.get("evidence_file")
        return [(self.cleaned_data["evidence_title"].strip(), clean)] if clean else []


class AdvanceForm(forms.Form):
    changed_on = forms.DateField(label=_("Tanggal mulai tahap baru"),
                                 widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Keterangan"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def clean_changed_on(self) -> Any:
        day = self.cleaned_data["changed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Tanggal tidak boleh di masa depan."))
        return day


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("Judul bukti"), max_length=150)
    file = forms.FileField(label=_("Berkas bukti"),
                           help_text=_("PDF, JPG atau PNG, paling besar 10 MB."),
                           widget=forms.FileInput(attrs={"accept": ACCEPT}))

    def clean_file(self) -> CleanFile:
        return check_evidence(self.cleaned_data["file"])
