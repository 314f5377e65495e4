from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.privacy.models import Purpose


class ConsentFieldsMixin(forms.Form):
    """Consent checkboxes for the registration form: one per purpose, never pre-ticked."""

    consent_notice = forms.BooleanField(
        label=_("Saya telah membaca Pemberitahuan Privasi Balai dan memahami cara data saya "
                "diproses"),
        help_text=_("Data Anda diproses untuk menyelenggarakan layanan publik yang Anda minta "
                    "(UU 27/2022 Pasal 20), dijaga kerahasiaannya, dan dapat Anda lihat, "
                    "unduh, perbaiki, atau minta dihapus di halaman Data saya."),
        error_messages={"required": _("Centang bahwa Anda telah membaca Pemberitahuan Privasi "
                                      "untuk dapat mendaftar.")},
    )
    consent_survei = forms.BooleanField(
        label=_("Saya bersedia diundang mengisi Survei Kepuasan Masyarakat"), required=False,
        help_text=_("Boleh tidak dicentang; dapat diubah kapan saja di halaman Data saya."))
    consent_informasi = forms.BooleanField(
        label=_("Saya bersedia menerima kabar tentang layanan baru dan pengumuman"),
        required=False,
        help_text=_("Boleh tidak dicentang; dapat diubah kapan saja di halaman Data saya."))

    def consent_choices(self) -> dict[str, bool]:
        data = self.cleaned_data
        return {Purpose.PEMBERITAHUAN: bool(data.get("consent_notice")),
                Purpose.SURVEI: bool(data.get("consent_survei")),
                Purpose.INFORMASI: bool(data.get("consent_informasi"))}


class ConsentChangeForm(forms.Form):
    purpose = forms.ChoiceField(choices=[(Purpose.SURVEI, Purpose.SURVEI.label),
                                         (Purpose.INFORMASI, Purpose.INFORMASI.label)])
    granted = forms.TypedChoiceField(choices=[("1", "ya"), ("0", "tidak")],
                                     coerce=lambda value: value == "1")


class CorrectionForm(forms.Form):
    details = forms.CharField(
        label=_("Data apa yang salah, dan seharusnya bagaimana?"), max_length=2000,
        help_text=_("Misalnya: alamat saya sekarang Jl. Adisucipto No. 5, Sungai Raya. "
                    "Untuk NIK, nama, atau tanggal lahir, petugas mencocokkan dengan data "
                    "Dukcapil."),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Tuliskan data yang perlu diperbaiki.")})


class ErasureForm(forms.Form):
    details = forms.CharField(label=_("Alasan (opsional)"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    confirm = forms.BooleanField(
        label=_("Saya mengerti bahwa akun saya akan ditutup dan data kontak saya dihapus, "
                "sedangkan data yang wajib disimpan menurut undang-undang tetap disimpan."),
        error_messages={"required": _("Centang pernyataan ini untuk mengajukan penghapusan.")})


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(label=_("Keputusan"), widget=forms.RadioSelect,
                                 choices=[("terima", _("Terima dan laksanakan")),
                                          ("tolak", _("Tolak"))],
                                 error_messages={"required": _("Pilih keputusan.")})
    response = forms.CharField(label=_("Jawaban untuk warga"), max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 4}),
                               error_messages={"required": _("Tulis jawaban untuk warga.")})
