"""Demo of public information at Diskominfo: a PPID and an atasan PPID, the list of public
information with one item of each UU KIP category (one exempt), and a request in progress.
Idempotent: what exists is left alone."""

from __future__ import annotations

import io
from typing import Any, TextIO

from balai.accounts import actions as account_actions
from balai.accounts import twofactor
from balai.accounts.demo import (
    DEMO_ACTOR,
    DEMO_PASSWORD,
    DEMO_TOTP_KEY_HEX,
    DEMO_TOTP_SECRET,
    DemoAccount,
)
from balai.accounts.models import Role, User
from balai.accounts.queries import find_citizen_by_nik, get_office, get_user_by_username
from balai.applications.demo import DEMO_PDF
from balai.information import actions
from balai.information.files import check_file
from balai.information.models import Category, InformationItem, InformationRequest

DEMO_CITIZEN_NIK = "6112015708900003"
STAFF = [
    ("ppid.diskominfo", "Yuliana Sari, S.Kom.", Role.PPID,
     "PPID Diskominfo: menjawab permohonan informasi"),
    ("atasan.ppid", "Ir. Marzuki", Role.ATASAN_PPID,
     "Atasan PPID Diskominfo: memutus keberatan"),
]
ITEMS = [
    {"title": "Laporan Keuangan Pemerintah Kabupaten Kubu Raya Tahun 2025",
     "category": Category.BERKALA, "period": "2025",
     "summary": "Laporan realisasi anggaran, neraca, laporan arus kas dan catatan atas "
                "laporan keuangan pemerintah daerah.", "file": True},
    {"title": "Peringatan dini banjir rob di pesisir Kecamatan Batu Ampar",
     "category": Category.SERTA_MERTA, "period": "Desember 2026",
     "summary": "Informasi serta merta tentang perkiraan pasang air laut dan jalur evakuasi "
                "warga desa pesisir."},
    {"title": "Daftar pejabat struktural Dinas Komunikasi dan Informatika",
     "category": Category.SETIAP_SAAT, "period": "2026",
     "summary": "Nama jabatan, unit kerja dan kontak kantor pejabat struktural."},
    {"title": "Dokumen rencana pengamanan jaringan intra pemerintah",
     "category": Category.DIKECUALIKAN, "period": "2026",
     "summary": "Rancangan teknis pengamanan jaringan dan pusat data pemerintah daerah.",
     "legal_basis": "UU 14/2008 Pasal 17 huruf c (membahayakan pertahanan dan keamanan) dan "
                    "huruf g terkait sistem elektronik pemerintah.",
     "consequence_test": "Membuka dokumen ini memberi petunjuk celah keamanan jaringan yang "
                         "dapat dimanfaatkan untuk menyerang layanan publik; kerugian itu lebih "
                         "besar daripada manfaat membukanya. Ditetapkan oleh PPID, 2 Januari "
                         "2026.", "file": True},
]


def _staff(office: Any) -> list[DemoAccount]:
    accounts = []
    for username, full_name, role, description in STAFF:
        user = get_user_by_username(username) or account_actions.create_officer(
            actor=DEMO_ACTOR, username=username, full_name=full_name,
            email=f"{username.replace('.', '-')}@kuburayakab.go.id", password=DEMO_PASSWORD)
        account_actions.grant_role(actor=DEMO_ACTOR, user=user, office=office, role=role)
        twofactor.enroll_with_key(actor=DEMO_ACTOR, user=user, key_hex=DEMO_TOTP_KEY_HEX)
        accounts.append(DemoAccount(username, DEMO_PASSWORD,
                                    f"{description}; kunci autentikator {DEMO_TOTP_SECRET}"))
    return accounts


def load(stdout: TextIO | None = None) -> list[DemoAccount]:
    office = get_office("diskominfo")
    if office is None:
        return []
    accounts = _staff(office)
    ppid: User = get_user_by_username("ppid.diskominfo")  # type: ignore[assignment]
    made = 0
    for spec in ITEMS:
        if InformationItem.objects.filter(title=spec["title"], office=office).exists():
            continue
        files = []
        if spec.get("file"):
            name = f"{spec['title'][:40]}.pdf"
            files.append((io.BytesIO(DEMO_PDF), check_file(io.BytesIO(DEMO_PDF), name=name,
                                                           size=len(DEMO_PDF))))
        actions.publish_item(actor=ppid, office=office, title=spec["title"],
                             category=spec["category"], summary=spec["summary"],
                             period=spec["period"], responsible="PPID Diskominfo",
                             legal_basis=spec.get("legal_basis", ""),
                             consequence_test=spec.get("consequence_test", ""), files=files)
        made += 1
    citizen = find_citizen_by_nik(DEMO_CITIZEN_NIK)
    if citizen is not None and not InformationRequest.objects.filter(
            requester=citizen.user).exists():
        actions.submit_request(
            actor=citizen.user, office=office,
            information="Salinan Laporan Keuangan Pemerintah Kabupaten Kubu Raya Tahun 2025 "
                        "beserta catatan atas laporan keuangan.",
            purpose="Bahan kajian kelompok belajar warga tentang anggaran desa.",
            format=InformationRequest.Format.SOFTCOPY,
            delivery=InformationRequest.Delivery.ONLINE)
    if stdout is not None:
        stdout.write(f"Informasi publik demo baru: {made}.")
    return accounts
