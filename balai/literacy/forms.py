"""HTML input of digital literacy: the list's filters, feedback, the attendance file and the
operator's assisted registration."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from balai.accounts.nik import NikError, parse_nik
from balai.literacy.actions import AttendanceRow
from balai.literacy.models import Pillar, Programme, TargetGroup
from balai.regions.queries import kecamatan_list, kecamatan_with_villages

ATTENDANCE_MAX_BYTES = 512 * 1024
ATTENDANCE_COLUMNS = ("nomor", "hadir")
YES = {"ya", "y", "1", "hadir"}
NO = {"tidak", "t", "0", "", "-"}


class SessionFilterForm(forms.Form):
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False, choices=())
    pilar = forms.ChoiceField(label=_("Pilar literasi digital"), required=False,
                              choices=[("", _("Semua pilar")), *Pillar.choices])
    sasaran = forms.ChoiceField(label=_("Kelompok sasaran"), required=False,
                                choices=[("", _("Semua kelompok")), *TargetGroup.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].choices = [("", gettext("Semua kecamatan"))] + [  # type: ignore[attr-defined]
            (k.code, k.name) for k in kecamatan_list().order_by("name")]


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Nilai sesi ini"), coerce=int, widget=forms.RadioSelect,
        choices=[(n, str(n)) for n in range(1, 6)],
        help_text=_("1 = sangat kurang, 5 = sangat baik."),
        error_messages={"required": _("Pilih nilai 1 sampai 5."),
                        "invalid_choice": _("Pilih nilai 1 sampai 5.")})
    comment = forms.CharField(label=_("Komentar (opsional)"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"max_length": _("Komentar paling banyak "
                                                              "%(limit_value)d karakter.")})


class AttendanceImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas CSV kehadiran"),
                           help_text=_("Kolom: nomor, hadir (ya/tidak). Unduh daftar peserta "
                                       "sebagai CSV, isi kolom hadir, lalu unggah kembali."),
                           error_messages={"required": _("Pilih berkas CSV.")})

    def clean_file(self) -> list[AttendanceRow]:
        upload = self.cleaned_data["file"]
        if upload.size > ATTENDANCE_MAX_BYTES:
            raise forms.ValidationError(gettext("Berkas terlalu besar (paling besar 512 KB)."))
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(
                gettext("Berkas bukan teks CSV UTF-8. Simpan ulang sebagai CSV (UTF-8).")) from exc
        sample = text[:2048]
        try:
            dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;")
        except csv.Error:
            dialect = csv.excel
        reader = csv.DictReader(io.StringIO(text), dialect=dialect)
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        missing = [c for c in ATTENDANCE_COLUMNS if c not in header]
        if missing:
            raise forms.ValidationError(
                gettext("Kolom wajib tidak ada: %(cols)s.") % {"cols": ", ".join(missing)})
        reader.fieldnames = header
        rows: list[AttendanceRow] = []
        errors: list[str] = []
        seen: set[int] = set()
        for line, record in enumerate(reader, start=2):
            number = (record.get("nomor") or "").strip()
            attended = (record.get("hadir") or "").strip().lower()
            if not number.isdigit():
                errors.append(gettext("Baris %(line)d: nomor pendaftaran “%(value)s” bukan "
                                      "angka.") % {"line": line, "value": number[:20]})
                continue
            if attended not in YES | NO:
                errors.append(gettext("Baris %(line)d: isi kolom hadir dengan “ya” atau "
                                      "“tidak”, bukan “%(value)s”.")
                              % {"line": line, "value": attended[:20]})
                continue
            if int(number) in seen:
                errors.append(gettext("Baris %(line)d: nomor %(value)s tertulis dua kali.")
                              % {"line": line, "value": number})
                continue
            seen.add(int(number))
            rows.append(AttendanceRow(line=line, registration_id=int(number),
                                      attended=attended in YES))
        if errors:
            raise forms.ValidationError(errors)
        if not rows:
            raise forms.ValidationError(gettext("Berkas tidak berisi baris peserta."))
        return rows


class AssistedRegistrationForm(forms.Form):
    nik = forms.CharField(label=_("NIK warga"), max_length=16,
                          widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                          error_messages={"required": _("Isi NIK warga.")})
    consent = forms.BooleanField(
        label=_("Warga yang hadir menyetujui saya mendaftarkannya dan mengolah data pribadinya "
                "untuk keperluan kegiatan ini."),
        error_messages={"required": _("Pendaftaran dibantu memerlukan persetujuan warga.")})

    def clean_nik(self) -> str:
        try:
            return parse_nik(self.cleaned_data["nik"]).nik
        except NikError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from None


class ProgrammeForm(forms.Form):
    office = forms.ChoiceField(label=_("Kantor penyelenggara"), choices=())
    title = forms.CharField(label=_("Judul program"), max_length=200,
                            error_messages={"required": _("Isi judul program.")})
    description = forms.CharField(label=_("Uraian"), max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 4}),
                                  error_messages={"required": _("Isi uraian program.")})
    kind = forms.ChoiceField(label=_("Jenis kegiatan"), choices=Programme.Kind.choices)
    pillar = forms.ChoiceField(label=_("Pilar literasi digital"), choices=Pillar.choices,
                               widget=forms.RadioSelect,
                               error_messages={"required": _("Pilih satu pilar.")})

    def __init__(self, *args: Any, offices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = offices  # type: ignore[attr-defined]


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}),
                           error_messages={"required": _("Isi tanggal sesi."),
                                           "invalid": _("Tanggal tidak sah (HH-BB-TTTT).")})
    start_time = forms.TimeField(label=_("Jam mulai (WIB)"),
                                 widget=forms.TimeInput(attrs={"type": "time"}),
                                 error_messages={"required": _("Isi jam mulai."),
                                                 "invalid": _("Jam tidak sah (JJ:MM).")})
    end_time = forms.TimeField(label=_("Jam selesai (WIB)"),
                               widget=forms.TimeInput(attrs={"type": "time"}),
                               error_messages={"required": _("Isi jam selesai."),
                                               "invalid": _("Jam tidak sah (JJ:MM).")})
    capacity = forms.IntegerField(label=_("Kapasitas (orang)"), min_value=1, max_value=10000,
                                  error_messages={"required": _("Isi kapasitas."),
                                                  "min_value": _("Kapasitas paling sedikit 1.")})
    target_groups = forms.MultipleChoiceField(
        label=_("Kelompok sasaran"), choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pilih paling sedikit satu kelompok sasaran.")})
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False, choices=())
    village = forms.ChoiceField(label=_("Desa/kelurahan"), required=False, choices=(),
                                help_text=_("Opsional; harus di kecamatan yang dipilih."))
    address = forms.CharField(label=_("Alamat tempat"), max_length=250, required=False)
    online_url = forms.URLField(label=_("Tautan daring"), required=False, assume_scheme="https",
                                help_text=_("Untuk sesi daring; hanya peserta terdaftar yang "
                                            "melihatnya."),
                                error_messages={"invalid": _("Tautan tidak sah.")})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].choices = [("", gettext("— daring saja —"))] + [  # type: ignore[attr-defined]
            (k.code, k.name) for k in kecamatan_list().order_by("name")]
        villages: list[tuple[str, Any]] = [("", gettext("— tanpa desa —"))]
        for kecamatan in kecamatan_with_villages():
            villages.append((f"Kec. {kecamatan.name}", [
                (v.code, v.name) for v in kecamatan.villages]))  # type: ignore[attr-defined]
        self.fields["village"].choices = villages  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", gettext("Jam selesai harus sesudah jam mulai."))
        if not data.get("kecamatan") and not data.get("online_url") \
                and "online_url" not in self.errors:
            self.add_error("kecamatan", gettext("Pilih kecamatan tempat sesi, atau isi tautan "
                                                "daringnya."))
        village = data.get("village")
        if village and data.get("kecamatan") and not village.startswith(
                data["kecamatan"] + "."):
            self.add_error("village", gettext("Desa ini tidak berada di kecamatan yang "
                                              "dipilih."))
        if data.get("date") and start and data["date"] < timezone.localdate():
            self.add_error("date", gettext("Tanggal sesi tidak boleh di masa lalu."))
        return data

    def times(self) -> tuple[dt.datetime, dt.datetime]:
        day = self.cleaned_data["date"]
        return (timezone.make_aware(dt.datetime.combine(day, self.cleaned_data["start_time"])),
                timezone.make_aware(dt.datetime.combine(day, self.cleaned_data["end_time"])))
