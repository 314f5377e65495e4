"""Demo digital literacy: Diskominfo's officer and signing official, programmes of the four
pillars and sessions across the kecamatan (one online), with the demo citizen registered for
one of them. Idempotent."""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from django.conf import settings
from django.utils import timezone

from balai.accounts import actions as account_actions
from balai.accounts import twofactor
from balai.accounts.demo import (
    DEMO_PASSWORD,
    DEMO_TOTP_KEY_HEX,
    DEMO_TOTP_SECRET,
    DemoAccount,
)
from balai.accounts.models import Role, User
from balai.accounts.queries import find_citizen_by_nik, get_office, get_user_by_username
from balai.literacy import actions
from balai.literacy.models import Programme
from balai.regions.queries import get_kecamatan

DEMO_ACTOR = "sistem:demo"
DEMO_CITIZEN_NIK = "6112015708900003"
# title, kind, pillar, description
PROGRAMMES = [
    ("Jualan Daring untuk UMKM Kubu Raya", "pelatihan", "cakap",
     "Membuka toko di lokapasar, memotret produk dengan ponsel, dan menerima pembayaran QRIS."),
    ("Bijak Bermedia Sosial", "seminar", "etika",
     "Mengenali hoaks, menghormati privasi orang lain, dan berkomentar dengan santun."),
    ("Aman dari Penipuan Daring", "sosialisasi", "aman",
     "Modus penipuan lewat pesan, kode OTP yang tidak boleh dibagikan, dan cara melapor."),
    ("Budaya Digital dan Kearifan Lokal", "workshop", "budaya",
     "Mendokumentasikan budaya Melayu dan Dayak Kubu Raya di internet."),
    ("Dari Kertas ke Balai: Pendampingan ASN", "pendampingan_asn", "cakap",
     "Pendampingan petugas kantor kecamatan dan desa yang beralih dari berkas kertas ke "
     "layanan daring Balai."),
]
# programme index, kecamatan code ("" = online), days from now, hour, capacity, target groups
SESSIONS = [
    (0, "61.12.01", 5, 9, 30, ["umkm", "perempuan"]),
    (0, "61.12.02", 12, 9, 25, ["umkm", "pemuda"]),
    (1, "61.12.03", 7, 13, 40, ["pelajar", "pemuda"]),
    (1, "", 9, 19, 100, ["pelajar", "pemuda", "perempuan"]),
    (2, "61.12.04", 6, 9, 30, ["lansia", "perempuan"]),
    (2, "61.12.09", 14, 9, 30, ["lansia", "disabilitas"]),
    (3, "61.12.05", 10, 14, 20, ["pemuda", "pelajar"]),
    (4, "61.12.01", 3, 8, 15, ["asn"]),
    (4, "61.12.06", 17, 8, 15, ["asn"]),
]
OFFICERS = [
    ("petugas.kominfo", "Andi Saputra", Role.PETUGAS,
     "Petugas Diskominfo: sesi literasi digital, peserta dan kehadiran"),
    ("pejabat.kominfo", "Dra. Maria Ulfa", Role.PEJABAT_PENANDATANGAN,
     "Pejabat penandatangan Diskominfo: sertifikat literasi digital"),
]


def _officer(username: str, full_name: str) -> User:
    user = get_user_by_username(username)
    if user is None:
        user = account_actions.create_officer(
            actor=DEMO_ACTOR, username=username, full_name=full_name,
            email=f"{username.replace('.', '-')}@kuburayakab.go.id", password=DEMO_PASSWORD)
        twofactor.enroll_with_key(actor=DEMO_ACTOR, user=user, key_hex=DEMO_TOTP_KEY_HEX)
    return user


def load(stdout: TextIO | None = None) -> list[DemoAccount]:
    office = get_office("diskominfo")
    if office is None:
        if stdout is not None:
            stdout.write("Literasi digital demo dilewati: Diskominfo belum ada.")
        return []
    accounts = []
    officers = {}
    for username, full_name, role, description in OFFICERS:
        user = _officer(username, full_name)
        account_actions.grant_role(actor=DEMO_ACTOR, user=user, office=office, role=role)
        officers[role] = user
        accounts.append(DemoAccount(username, DEMO_PASSWORD,
                                    f"{description}; kunci autentikator {DEMO_TOTP_SECRET}"))
    if settings.BALAI_DEV_PKI_DIR:
        from balai.documents.management.commands.create_dev_pki import create_dev_pki

        create_dev_pki()  # the signing official above needs a development certificate
    if Programme.objects.filter(office=office).exists():
        return accounts
    petugas = officers[Role.PETUGAS]
    programmes = [actions.create_programme(actor=petugas, office=office, title=title,
                                           description=description, kind=kind, pillar=pillar)
                  for title, kind, pillar, description in PROGRAMMES]
    today = timezone.localdate()
    sessions = []
    for index, kecamatan, days, hour, capacity, groups in SESSIONS:
        starts_at = timezone.make_aware(dt.datetime.combine(
            today + dt.timedelta(days=days), dt.time(hour)))
        kecamatan_region = get_kecamatan(kecamatan) if kecamatan else None
        sessions.append(actions.schedule_session(
            actor=petugas, programme=programmes[index], starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(hours=3), capacity=capacity, target_groups=groups,
            kecamatan=kecamatan_region,
            address="Aula Kantor Camat" if kecamatan_region else "",
            online_url="" if kecamatan_region else "https://vicon.kuburayakab.go.id/literasi"))
    citizen = find_citizen_by_nik(DEMO_CITIZEN_NIK)
    if citizen is not None:
        actions.register_for_session(session=sessions[0], participant=citizen.user)
    if stdout is not None:
        stdout.write(f"Literasi digital demo: {len(programmes)} program, "
                     f"{len(sessions)} sesi.")
    return accounts
