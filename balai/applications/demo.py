"""Demo applications of the demo citizen (Siti Aminah) in several states, so that the
dashboard, the Disdukcapil queue and the public status page have something to show.
Idempotent: each demo application carries a fixed idempotency key and is made only once."""

from __future__ import annotations

import io
from typing import Any, TextIO

from balai.accounts.queries import find_citizen_by_nik, get_user_by_username
from balai.applications import actions, queries
from balai.applications.uploads import check_upload

DEMO_CITIZEN_NIK = "6112015708900003"  # balai.accounts.demo.CITIZEN
DEMO_SERVICE = "akta-kelahiran"
DEMO_OFFICER = "verifikator.dukcapil"
# A tiny valid PDF: stands in for the scans a citizen would upload.
DEMO_PDF = (b'%PDF-1.3\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<\n/Producer (pypdf)\n>>\nendobj\n2 '
            b'0 obj\n<<\n/Type /Pages\n/Count 1\n/Kids [ 4 0 R ]\n>>\nendobj'
            b'\n3 0 obj\n<<\n/Type /Catalog\n/Pages 2 0 R\n>>\nendobj\n4 0 ob'
            b'j\n<<\n/Type /Page\n/Resources <<\n>>\n/MediaBox [ 0.0 0.0 20'
            b'0 200 ]\n/Parent 2 0 R\n>>\nendobj\nxref\n0 5\n0000000000 6553'
            b'5 f \n0000000015 00000 n \n0000000054 00000 n \n0000000113 '
            b'00000 n \n0000000162 00000 n \ntrailer\n<<\n/Size 5\n/Root 3 '
            b'0 R\n/Info 1 0 R\n>>\nstartxref\n256\n%%EOF\n')

# (idempotency key, child's name, the officer's actions after submission)
DEMO_APPLICATIONS: list[tuple[str, str, list[tuple[str, dict[str, Any]]]]] = [
    ("demo-akta-1", "Muhammad Rizki", []),
    ("demo-akta-2", "Nur Aisyah", [("verifikasi", {})]),
    ("demo-akta-3", "Putri Ramadhani", [("minta_perbaikan", {
        "note": "Mohon unggah ulang Kartu Keluarga yang terbaru.",
        "corrections": {"kk": "Foto KK terpotong di bagian bawah; unggah halaman utuh."}})]),
    ("demo-akta-4", "Ahmad Fadli", [("verifikasi", {}), ("setujui", {})]),
]


def _values(child: str) -> dict[str, str]:
    return {"nama_anak": child, "jenis_kelamin": "L", "tanggal_lahir": "2026-01-05",
            "tempat_lahir": "Sungai Raya", "nik_ayah": "6112010505880001",
            "nama_ayah": "Hasan Basri", "nik_ibu": DEMO_CITIZEN_NIK, "nama_ibu": "Siti Aminah",
            "nomor_kk": "6112010101200001"}


def load(stdout: TextIO | None = None) -> list[Any]:
    """Needs the accounts and catalogue demo data first (DEMO_MODULES order)."""
    citizen = find_citizen_by_nik(DEMO_CITIZEN_NIK)
    service = queries.get_open_service(DEMO_SERVICE)
    officer = get_user_by_username(DEMO_OFFICER)
    if citizen is None or service is None or service.current is None or officer is None:
        if stdout is not None:
            stdout.write("Permohonan demo dilewati: warga, layanan atau petugas demo belum ada.")
        return []
    user, definition = citizen.user, service.current
    made = 0
    for key, child, steps in DEMO_APPLICATIONS:
        if queries.find_by_idempotency_key(applicant=user, key=key) is not None:
            continue
        draft = actions.save_draft(applicant=user, definition=definition, data=_values(child),
                                   step=3, actor=user)
        for requirement in definition.spec.requirements:
            checked = check_upload(io.BytesIO(DEMO_PDF), name=f"{requirement.code}.pdf",
                                   size=len(DEMO_PDF), requirement=requirement)
            actions.attach_upload(application=draft, requirement=requirement.code,
                                  file=io.BytesIO(DEMO_PDF), checked=checked, actor=user)
        application = actions.submit_application(draft=draft, actor=user, idempotency_key=key)
        for action, extra in steps:
            application = actions.take_action(application=application, action=action,
                                              actor=officer, expected_version=application.version,
                                              **extra)
        made += 1
    if stdout is not None:
        stdout.write(f"Permohonan demo baru: {made}.")
    return []
