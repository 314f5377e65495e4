"""Reads of UU PDP: everything Balai holds on a citizen (for Data saya and its downloads), their
consents, their requests, and who opened their data."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from balai.accounts.models import User
from balai.privacy.models import AccessLogEntry, Consent, DataRequest, Purpose

ACCESS_LOG_PAGE_SIZE = 20


def current_consents(user: User) -> dict[str, bool]:
    """The latest decision per purpose (False where none was ever given)."""
    decisions = {purpose: False for purpose in Purpose.values}
    seen: set[str] = set()
    for purpose, granted in (Consent.objects.filter(user=user).order_by("-recorded_at", "-pk")
                             .values_list("purpose", "granted")):
        if purpose not in seen:
            decisions[purpose] = granted
            seen.add(purpose)
    return decisions


def consent_history(user: User) -> QuerySet[Consent]:
    return Consent.objects.filter(user=user).order_by("-recorded_at", "-pk")


def access_log(user: User) -> QuerySet[AccessLogEntry]:
    return AccessLogEntry.objects.filter(citizen=user).order_by("-accessed_at", "-pk")


def data_requests(user: User) -> QuerySet[DataRequest]:
    return DataRequest.objects.filter(user=user).order_by("-created_at", "-pk")


def open_requests() -> QuerySet[DataRequest]:
    return (DataRequest.objects.filter(status=DataRequest.Status.DIAJUKAN)
            .select_related("user").order_by("due_at"))


# --- the export ----------------------------------------------------------------------------

def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _account(user: User) -> dict[str, Any]:
    return {"nama_pengguna": user.username, "nama_lengkap": user.full_name,
            "email": user.email, "terdaftar_sejak": _iso(user.date_joined),
            "terakhir_masuk": _iso(user.last_login), "aktif": user.is_active}


def _identity(user: User) -> dict[str, Any] | None:
    citizen = getattr(user, "citizen", None)
    if citizen is None:
        return None
    return {"nik": citizen.nik, "tanggal_lahir": _iso(citizen.birth_date),
            "jenis_kelamin": citizen.get_gender_display(), "nomor_hp": citizen.phone,
            "alamat": citizen.address,
            "desa": citizen.village.name if citizen.village_id else "",
            "dikonfirmasi_pada": _iso(citizen.verified_at)}


def _applications(user: User) -> list[dict[str, Any]]:
    Application = apps.get_model("applications", "Application")
    rows = []
    for application in (Application.objects.filter(applicant=user)
                        .select_related("definition__service", "office")
                        .prefetch_related("uploads").order_by("pk")):
        try:
            data = json.loads(application.data_json or "{}")
        except ValueError:
            data = {}
        rows.append({
            "nomor": application.number or "", "layanan": application.definition.service.name,
            "kantor": application.office.name, "status": application.state,
            "isian": data, "dibuat": _iso(application.created_at),
            "diajukan": _iso(application.submitted_at),
            "berkas": [{"persyaratan": u.requirement, "nama_berkas": u.original_name,
                        "jenis": u.content_type, "ukuran": u.size,
                        "diunggah": _iso(u.uploaded_at)} for u in application.uploads.all()],
        })
    return rows


def _documents(user: User) -> list[dict[str, Any]]:
    from django.contrib.contenttypes.models import ContentType

    Application = apps.get_model("applications", "Application")
    IssuedDocument = apps.get_model("documents", "IssuedDocument")
    ids = [str(pk) for pk in Application.objects.filter(applicant=user).values_list("pk",
                                                                                     flat=True)]
    documents = IssuedDocument.objects.filter(
        source_type=ContentType.objects.get_for_model(Application), source_id__in=ids)
    return [{"nomor": d.number, "judul": d.title, "kode_verifikasi": d.code,
             "diterbitkan": _iso(d.issued_at)} for d in documents.order_by("pk")]


def _messages(user: User) -> list[dict[str, Any]]:
    Message = apps.get_model("notifications", "Message")
    return [{"kanal": m.channel, "subjek": m.subject, "isi": m.body,
             "dibuat": _iso(m.created_at)}
            for m in Message.objects.filter(recipient=user).order_by("pk")]


def _tokens(user: User) -> list[dict[str, Any]]:
    return [{"nama": t.name, "awalan": t.prefix, "cakupan": t.scopes,
             "dibuat": _iso(t.created_at), "dicabut": _iso(t.revoked_at)}
            for t in user.api_tokens.order_by("pk")]


def _complaints(user: User) -> list[dict[str, Any]]:
    if not apps.is_installed("balai.complaints"):
        return []
    Complaint = apps.get_model("complaints", "Complaint")
    return [{"nomor": c.number, "uraian": c.description, "status": getattr(c, "status", ""),
             "anonim": c.is_anonymous}
            for c in Complaint.objects.filter(reporter=user).order_by("pk")]


def _consents(user: User) -> list[dict[str, Any]]:
    return [{"tujuan": c.get_purpose_display(), "disetujui": c.granted,
             "versi_pemberitahuan": c.notice_version, "lewat": c.channel,
             "dicatat": _iso(c.recorded_at)} for c in consent_history(user)]


def _accesses(user: User) -> list[dict[str, Any]]:
    return [{"petugas": a.officer_name, "kantor": a.office_name, "data": a.what,
             "waktu": _iso(a.accessed_at)} for a in access_log(user)]


def _requests(user: User) -> list[dict[str, Any]]:
    return [{"jenis": r.get_kind_display(), "rincian": r.details,
             "status": r.get_status_display(), "diajukan": _iso(r.created_at),
             "jawaban": r.response} for r in data_requests(user)]


# (key, title, reader). Another app holding personal data adds its section here.
SECTIONS: list[tuple[str, Any, Callable[[User], Any]]] = [
    ("akun", _("Akun"), _account),
    ("identitas", _("Identitas"), _identity),
    ("persetujuan", _("Persetujuan"), _consents),
    ("permohonan", _("Permohonan layanan"), _applications),
    ("dokumen", _("Dokumen terbit"), _documents),
    ("pengaduan", _("Pengaduan"), _complaints),
    ("pesan", _("Pesan dan notifikasi"), _messages),
    ("token_api", _("Token API"), _tokens),
    ("akses_petugas", _("Akses petugas ke data Anda"), _accesses),
    ("permintaan", _("Permintaan data pribadi"), _requests),
]


def personal_data(user: User) -> dict[str, Any]:
    """Everything Balai holds on `user`, section by section (UU PDP Pasal 7 and 13)."""
    return {key: reader(user) for key, _title, reader in SECTIONS}


def section_titles() -> dict[str, str]:
    return {key: title for key, title, _reader in SECTIONS}


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def for_display(data: dict[str, Any]) -> list[tuple[Any, list[list[tuple[str, str]]]]]:
    """The export as (section title, records), each record a list of (field, text) pairs."""
    titles = section_titles()
    sections = []
    for key, value in data.items():
        records = value if isinstance(value, list) else [value] if value else []
        sections.append((titles[key], [[(field.replace("_", " "), _text(v))
                                        for field, v in record.items()]
                                       for record in records]))
    return sections
