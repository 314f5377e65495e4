"""Input parsing for the public verification pages."""

from __future__ import annotations

import hashlib
import re

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from balai.documents.actions import CODE_ALPHABET, CODE_LENGTH
from balai.documents.queries import normalize_code

MAX_COMPARE_BYTES = 20 * 1024 * 1024
_CODE = re.compile(f"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")


class VerifyCodeForm(forms.Form):
    kode = forms.CharField(
        label=_("Kode verifikasi"),
        max_length=40,
        help_text=_("Tertera di bawah kode QR pada dokumen: 20 huruf dan angka, "
                    "misalnya 7K3M9QX2WRHT5ZC8NPDA."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                      "spellcheck": "false"}),
        error_messages={
            "required": _("Isi kode verifikasi yang tertera pada dokumen."),
            "max_length": _("Kode verifikasi terlalu panjang: kode terdiri dari 20 huruf dan "
                            "angka."),
        },
    )

    def clean_kode(self) -> str:
        code = normalize_code(self.cleaned_data["kode"])
        if not _CODE.match(code):
            raise forms.ValidationError(_(
                "Kode verifikasi terdiri dari 20 huruf dan angka (tanpa huruf O, I, L dan "
                "angka 0, 1). Periksa kembali kode pada dokumen."))
        return code


class CompareFileForm(forms.Form):
    berkas = forms.FileField(
        label=_("Berkas PDF yang ingin dicocokkan"),
        help_text=_("Unggah berkas PDF dokumen yang Anda terima (paling besar 20 MB). Berkas "
                    "hanya dicocokkan, tidak disimpan."),
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={
            "required": _("Pilih berkas PDF yang ingin dicocokkan."),
            "empty": _("Berkas yang dipilih kosong. Pilih berkas PDF dokumen."),
        },
    )

    def clean_berkas(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["berkas"]
        if upload.size is not None and upload.size > MAX_COMPARE_BYTES:
            raise forms.ValidationError(_(
                "Berkas terlalu besar: paling besar 20 MB. Dokumen yang diterbitkan Balai "
                "jauh lebih kecil, jadi kemungkinan ini bukan berkas yang benar."))
        upload.seek(0)
        head = upload.read(1024)
        upload.seek(0)
        # PDF readers accept the header anywhere in the first 1024 bytes (ISO 32000-1, 7.5.2).
        if b"%PDF-" not in head:
            raise forms.ValidationError(_(
                "Berkas ini bukan PDF. Unggah berkas PDF dokumen, bukan foto atau hasil "
                "pindaian."))
        return upload

    def sha256(self) -> str:
        digest = hashlib.sha256()
        for chunk in self.cleaned_data["berkas"].chunks():
            digest.update(chunk)
        return digest.hexdigest()
