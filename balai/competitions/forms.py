"""HTML input of the competitions: the call (with its rubric, one "criterion; weight" per
line), a team, an invitation, the entry and its files (checked by balai.core.uploads), the
screening, a judge, conflicts, rubric marks, interview marks and the winners' links."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.competitions import queries
from balai.competitions.models import SCORE_MAX, Competition, Criterion, Team
from balai.complaints.models import ComplaintCategory
from balai.core.uploads import MB, CleanFile, inspect_upload
from balai.innovation.models import Innovation
from balai.participation.models import Topic

FILE_FORMATS = ("pdf", "jpg", "png")
MAX_FILE_MB = 10
ACCEPT = ".pdf,.jpg,.jpeg,.png"
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CompetitionForm(forms.ModelForm):
    office = forms.ModelChoiceField(label=_("Penyelenggara"), queryset=None, empty_label=None)
    criteria = forms.CharField(
        label=_("Rubrik penilaian"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Satu kriteria per baris: nama; bobot dalam persen. Jumlah bobot 100."))

    class Meta:
        model = Competition
        fields = ["title", "theme", "complaint_category", "topic", "registration_opens",
                  "registration_closes", "submission_deadline", "judging_ends",
                  "announcement_at", "prizes", "eligibility", "required_documents",
                  "max_team_size", "shortlist_size"]
        widgets = {name: DATETIME_INPUT for name in (
            "registration_opens", "registration_closes", "submission_deadline",
            "judging_ends", "announcement_at")} | {
            "theme": forms.Textarea(attrs={"rows": 4}),
            "prizes": forms.Textarea(attrs={"rows": 3}),
            "eligibility": forms.Textarea(attrs={"rows": 3}),
            "required_documents": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from balai.accounts.models import Office

        self.fields["office"].queryset = Office.objects.filter(
            pk__in=queries.organiser_office_ids(user)).order_by("name")
        self.fields["complaint_category"].queryset = ComplaintCategory.objects.filter(
            is_active=True)
        self.fields["topic"].queryset = Topic.objects.filter(is_active=True)
        for name in ("registration_opens", "registration_closes", "submission_deadline",
                     "judging_ends", "announcement_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M"]

    def clean_criteria(self) -> list[tuple[str, int]]:
        rows = []
        for line in self.cleaned_data["criteria"].splitlines():
            if not line.strip():
                continue
            name, sep, weight = line.rpartition(";")
            if not sep or not name.strip() or not weight.strip().isdigit():
                raise forms.ValidationError(
                    _("Tulis tiap baris sebagai: nama kriteria; bobot (misalnya: Dampak; 40)."))
            rows.append((name.strip()[:120], int(weight.strip())))
        return rows


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Nama tim"), max_length=80)


class InviteForm(forms.Form):
    identifier = forms.CharField(label=_("Email atau nomor telepon anggota"), max_length=120,
                                 help_text=_("Orang itu harus sudah memiliki akun Balai."))


class SubmissionForm(forms.Form):
    title = forms.CharField(label=_("Judul karya"), max_length=150)
    summary = forms.CharField(label=_("Ringkasan solusi"), max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 5}),
                              help_text=_("Jangan menulis nama tim atau anggota: juri menilai "
                                          "tanpa mengetahui pembuatnya."))
    demo_url = forms.URLField(label=_("Tautan demo"), max_length=300, required=False,
                              assume_scheme="https")


class FileForm(forms.Form):
    # Not "title": the entry's form on the same page has one, and ids must stay unique.
    document = forms.CharField(label=_("Nama dokumen"), max_length=150)
    file = forms.FileField(label=_("Berkas"), help_text=_("PDF, JPG atau PNG, paling besar "
                                                          "10 MB."),
                           widget=forms.FileInput(attrs={"accept": ACCEPT}))

    def clean_file(self) -> CleanFile:
        file = self.cleaned_data["file"]
        return inspect_upload(file, name=file.name, formats=FILE_FORMATS,
                              max_bytes=MAX_FILE_MB * MB, label=str(_("karya")))


class ScreeningForm(forms.Form):
    decision = forms.ChoiceField(label=_("Keputusan"), choices=[
        ("lolos", _("Lolos")), ("tidak_lolos", _("Tidak lolos"))])
    note = forms.CharField(label=_("Catatan"), max_length=500, required=False)


class JudgeForm(forms.Form):
    identifier = forms.CharField(label=_("Email, nomor telepon atau nama pengguna juri"),
                                 max_length=150)


class ConflictForm(forms.Form):
    teams = forms.ModelMultipleChoiceField(
        label=_("Tim yang memiliki hubungan dengan Anda"), required=False,
        queryset=Team.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text=_("Centang tim yang anggotanya keluarga, rekan kerja, atasan atau bawahan "
                    "Anda, atau yang Anda bantu. Biarkan kosong bila tidak ada."))

    def __init__(self, *args: Any, competition: Competition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = Team.objects.filter(
            competition=competition).order_by("name")


class RubricForm(forms.Form):
    """One 0-100 field per criterion, named `c<id>`."""

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name} ({criterion.weight}%)", min_value=0,
                max_value=SCORE_MAX)

    def marks(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


class InterviewForm(forms.Form):
    team = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.IntegerField(label=_("Nilai presentasi dan wawancara"), min_value=0,
                               max_value=SCORE_MAX)


class WinnerLinkForm(forms.Form):
    innovation = forms.ModelChoiceField(label=_("Inovasi di katalog"), required=False,
                                        queryset=Innovation.objects.order_by("name"))
    api_app = forms.CharField(label=_("Aplikasi API (alamat atau pengenal)"), max_length=200,
                              required=False)
