"""HTML input of the forum, consultations and polls: parsing and validation only."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from balai.participation.models import (
    BODY_MAX,
    BODY_MIN,
    COMMENT_MAX,
    TITLE_MAX,
    Idea,
    Poll,
    Topic,
)
from balai.regions.queries import kecamatan_list


def _kecamatan_choices(empty: str) -> list[tuple[str, str]]:
    return [("", empty)] + [(k.code, k.name) for k in kecamatan_list().order_by("name")]


class IdeaForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"), choices=Idea.Kind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": _("Pilih jenis aspirasi.")})
    topic = forms.ModelChoiceField(label=_("Topik"), queryset=Topic.objects.none(),
                                   to_field_name="code", empty_label=_("— pilih topik —"),
                                   error_messages={"required": _("Pilih topik.")})
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False, choices=())
    title = forms.CharField(label=_("Judul"), min_length=5, max_length=TITLE_MAX,
                            error_messages={"required": _("Tuliskan judul."),
                                            "min_length": _("Judul terlalu pendek."),
                                            "max_length": _("Judul paling banyak "
                                                            "%(limit_value)d karakter.")})
    body = forms.CharField(label=_("Isi"), widget=forms.Textarea(attrs={"rows": 6}),
                           min_length=BODY_MIN, max_length=BODY_MAX,
                           error_messages={"required": _("Tuliskan isi aspirasi."),
                                           "min_length": _("Isi terlalu pendek: paling sedikit "
                                                           "%(limit_value)d karakter."),
                                           "max_length": _("Isi terlalu panjang: paling banyak "
                                                           "%(limit_value)d karakter.")})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.filter(is_active=True)
        self.fields["kecamatan"].choices = _kecamatan_choices(_("— seluruh kabupaten —"))


class IdeaFilterForm(forms.Form):
    topik = forms.ChoiceField(label=_("Topik"), required=False, choices=())
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False, choices=())
    jenis = forms.ChoiceField(label=_("Jenis"), required=False,
                              choices=[("", _("Semua jenis")), *Idea.Kind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Semua status")), *Idea.Status.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topik"].choices = [("", _("Semua topik"))] + list(
            Topic.objects.filter(is_active=True).values_list("code", "name"))
        self.fields["kecamatan"].choices = _kecamatan_choices(_("Semua kecamatan"))


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Komentar"), max_length=COMMENT_MAX,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Tuliskan komentar."),
                                           "max_length": _("Komentar paling banyak "
                                                           "%(limit_value)d karakter.")})
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    official = forms.BooleanField(label=_("Kirim sebagai jawaban resmi kantor"), required=False)


class ReportForm(forms.Form):
    reason = forms.CharField(label=_("Alasan melaporkan"), min_length=5, max_length=500,
                             error_messages={"required": _("Tuliskan alasannya."),
                                             "min_length": _("Alasan terlalu pendek.")})


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(label=_("Keputusan"), widget=forms.RadioSelect, choices=[
        ("tampil", _("Tampilkan")), ("disembunyikan", _("Sembunyikan"))])
    reason = forms.CharField(label=_("Alasan (menurut pedoman komunitas)"), required=False,
                             max_length=500)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Idea.Status.choices)
    reason = forms.CharField(label=_("Keterangan (wajib bila tidak dilanjutkan)"),
                             required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class ConsultationForm(forms.Form):
    office = forms.ModelChoiceField(label=_("Kantor"), queryset=None,  # type: ignore[arg-type]
                                    empty_label=None)
    title = forms.CharField(label=_("Judul"), max_length=200)
    summary = forms.CharField(label=_("Ringkasan"), max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    opens_on = forms.DateField(label=_("Dibuka (tanggal)"),
                               widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("Ditutup (tanggal)"),
                                widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(
        label=_("Naskah"), widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Awali setiap bagian dengan baris \"## Judul bagian\", mis. \"## Pasal 1\"."))

    def __init__(self, *args: Any, offices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices

    def clean_text(self) -> list[tuple[str, str]]:
        sections = [(m.group(1).strip(), m.group(2).strip()) for m in re.finditer(
            r"^##[ \t]*(.+?)[ \t]*\n(.*?)(?=^##|\Z)", self.cleaned_data["text"],
            re.MULTILINE | re.DOTALL)]
        sections = [(h, b) for h, b in sections if h and b]
        if not sections:
            raise ValidationError(_("Naskah harus memuat paling sedikit satu bagian yang "
                                    "diawali \"## Judul bagian\"."))
        return sections

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data[
                "opens_on"]:
            self.add_error("closes_on", _("Tanggal tutup harus sesudah tanggal buka."))
        return data


class SectionCommentForm(forms.Form):
    body = forms.CharField(label=_("Tanggapan Anda untuk bagian ini"), min_length=5,
                           max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Tuliskan tanggapan."),
                                           "min_length": _("Tanggapan terlalu pendek.")})


class ResponseForm(forms.Form):
    response = forms.CharField(label=_("Jawaban kantor"), max_length=COMMENT_MAX,
                               widget=forms.Textarea(attrs={"rows": 2}),
                               error_messages={"required": _("Tuliskan jawaban.")})


class PollForm(forms.Form):
    office = forms.ModelChoiceField(label=_("Kantor"), queryset=None,  # type: ignore[arg-type]
                                    empty_label=None)
    question = forms.CharField(label=_("Pertanyaan"), max_length=300)
    description = forms.CharField(label=_("Keterangan"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    kind = forms.ChoiceField(label=_("Jenis"), choices=Poll.Kind.choices,
                             widget=forms.RadioSelect)
    results_shown = forms.ChoiceField(label=_("Hasil ditampilkan"),
                                      choices=Poll.Results.choices, widget=forms.RadioSelect)
    opens_on = forms.DateField(label=_("Dibuka (tanggal)"),
                               widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("Ditutup (tanggal)"),
                                widget=forms.DateInput(attrs={"type": "date"}))
    options = forms.CharField(label=_("Pilihan jawaban (satu per baris)"),
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, offices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices

    def clean_options(self) -> list[str]:
        options = [line.strip() for line in self.cleaned_data["options"].splitlines()
                   if line.strip()]
        if len(options) < 2 or len(set(options)) != len(options):
            raise ValidationError(_("Tuliskan paling sedikit dua pilihan yang berbeda."))
        return options


class VoteForm(forms.Form):
    def __init__(self, *args: Any, poll: Poll, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(o.pk), o.label) for o in poll.options.all()]
        if poll.kind == Poll.Kind.SINGLE:
            self.fields["options"] = forms.ChoiceField(
                label=poll.question, choices=choices, widget=forms.RadioSelect,
                error_messages={"required": _("Pilih satu jawaban.")})
        else:
            self.fields["options"] = forms.MultipleChoiceField(
                label=poll.question, choices=choices, widget=forms.CheckboxSelectMultiple,
                error_messages={"required": _("Pilih paling sedikit satu jawaban.")})

    def chosen_ids(self) -> list[int]:
        value = self.cleaned_data["options"]
        return [int(v) for v in (value if isinstance(value, list) else [value])]
