"""Demo complaints: categories routed to demo offices (with a Dinas PUPR and a Dinas
Lingkungan Hidup made here, each with a head officer), and about thirty complaints of the demo
citizen across kecamatan and every state, some anonymous or confidential. Idempotent."""

from __future__ import annotations

from typing import Any, TextIO

from balai.accounts import actions as account_actions
from balai.accounts import twofactor
from balai.accounts.demo import DEMO_PASSWORD, DEMO_TOTP_KEY_HEX, DemoAccount
from balai.accounts.models import Office, Role
from balai.accounts.queries import find_citizen_by_nik, get_user_by_username
from balai.complaints import actions, queries
from balai.complaints.models import Complaint, ComplaintCategory
from balai.regions.models import Region

DEMO_ACTOR = "sistem:demo"
DEMO_CITIZEN_NIK = "6112015708900003"  # balai.accounts.demo.CITIZEN

# code, name, short name, head's username, head's name
OFFICES = [
    ("dinas-pupr", "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas PUPR", "petugas.pupr",
     "Yusuf Hidayat"),
    ("dlh", "Dinas Lingkungan Hidup", "DLH", "petugas.dlh", "Maria Ulfa"),
]
# code, name, office code, working days to resolve, keywords
CATEGORIES = [
    ("jalan-rusak", "Jalan dan jembatan rusak", "dinas-pupr", 14, "jalan, jembatan, lubang"),
    ("drainase", "Drainase dan banjir", "dinas-pupr", 14, "parit, banjir, genangan"),
    ("sampah", "Sampah dan kebersihan", "dlh", 5, "sampah, TPS, kebersihan"),
    ("layanan-adminduk", "Layanan kependudukan", "disdukcapil", 5, "KTP, KK, akta"),
    ("puskesmas", "Layanan puskesmas", "dinkes", 14, "puskesmas, obat, antrean"),
    ("perizinan", "Perizinan dan investasi", "dpmptsp", 14, "izin, PBG, OSS"),
    ("pungli", "Pungutan liar dan maladministrasi", "inspektorat", 60, "pungli, calo"),
]
PROBLEMS = {
    "jalan-rusak": "Jalan desa berlubang dalam dan licin saat hujan; sudah dua motor jatuh.",
    "drainase": "Parit tersumbat sehingga air menggenang di depan rumah warga setiap hujan.",
    "sampah": "Sampah di TPS sementara tidak diangkut lebih dari seminggu dan berbau.",
    "layanan-adminduk": "Pencetakan KTP-el tertunda dengan alasan blangko habis sejak bulan lalu.",
    "puskesmas": "Antrean di puskesmas sangat lama dan loket baru buka pukul sembilan.",
    "perizinan": "Permohonan PBG belum ada kabar lewat dari batas waktu layanan.",
    "pungli": "Diminta uang tambahan untuk surat pengantar di kantor desa.",
}
# The state each demo complaint is taken to, in order; cycled over the categories.
PLAN = (["baru"] * 7 + ["diproses"] * 7 + ["ditanggapi"] * 5 + ["selesai"] * 4
        + ["dikonfirmasi"] * 5 + ["ditolak"] * 2 + ["digabung"])


def _office(code: str, name: str, short: str, head_username: str, head_name: str) -> Office:
    office = Office.objects.filter(code=code).first()
    head = get_user_by_username(head_username)
    if head is None:
        head = account_actions.create_officer(
            actor=DEMO_ACTOR, username=head_username, full_name=head_name,
            email=f"{head_username.replace('.', '-')}@kuburayakab.go.id", password=DEMO_PASSWORD)
        twofactor.enroll_with_key(actor=DEMO_ACTOR, user=head, key_hex=DEMO_TOTP_KEY_HEX)
    if office is None:
        office = account_actions.create_office(actor=DEMO_ACTOR, code=code, name=name,
                                               short_name=short, kind=Office.Kind.DINAS,
                                               head=head)
    account_actions.grant_role(actor=DEMO_ACTOR, user=head, office=office, role=Role.PETUGAS)
    return office


def _advance(complaint: Complaint, state: str, officer: Any, reporter: Any,
             previous: Complaint | None) -> None:
    if state == "baru":
        return
    if state == "ditolak":
        actions.reject_complaint(actor=officer, complaint=complaint,
                                 reason="Di luar kewenangan pemerintah kabupaten; diteruskan "
                                        "ke instansi vertikal terkait.")
        return
    if state == "digabung" and previous is not None:
        actions.merge_complaint(actor=officer, complaint=complaint, into=previous)
        return
    complaint = actions.verify_complaint(actor=officer, complaint=complaint)
    if state == "diproses":
        return
    complaint = actions.respond_to_complaint(
        actor=officer, complaint=complaint,
        public_note="Tim sudah meninjau lokasi; perbaikan dijadwalkan minggu ini.",
        internal_note="Masuk daftar pemeliharaan rutin.")
    if state == "ditanggapi":
        return
    complaint = actions.close_complaint(actor=officer, complaint=complaint,
                                        note="Perbaikan selesai dan sudah diperiksa di lokasi.")
    if state == "dikonfirmasi":
        complaint = actions.confirm_complaint(actor=reporter, complaint=complaint)
        actions.rate_complaint(actor=reporter, complaint=complaint, rating=4,
                               comment="Ditangani cukup cepat.")


def load(stdout: TextIO | None = None) -> list[DemoAccount]:
    """Needs the accounts demo data first (DEMO_MODULES order)."""
    citizen = find_citizen_by_nik(DEMO_CITIZEN_NIK)
    if citizen is None:
        if stdout is not None:
            stdout.write("Pengaduan demo dilewati: warga demo belum ada.")
        return []
    offices = {code: _office(code, name, short, head, head_name)
               for code, name, short, head, head_name in OFFICES}
    offices.update({o.code: o for o in Office.objects.filter(
        code__in={c[2] for c in CATEGORIES})})
    categories = []
    for code, name, office_code, days, keywords in CATEGORIES:
        if office_code not in offices:
            continue
        category, _created = ComplaintCategory.objects.get_or_create(
            code=code, defaults={"name": name, "office": offices[office_code],
                                 "resolution_days": days, "keywords": keywords})
        categories.append(category)
    accounts = [DemoAccount(head, DEMO_PASSWORD, f"Petugas dan kepala {short}: pengaduan")
                for _code, _name, short, head, _head_name in OFFICES]
    if Complaint.objects.filter(description__in=PROBLEMS.values()).exists() or not categories:
        return accounts
    villages = list(Region.objects.filter(level__in=[Region.Level.DESA, Region.Level.KELURAHAN],
                                          parent__parent_id="61.12").order_by("code"))
    step = max(1, len(villages) // len(PLAN))
    reporter = citizen.user
    previous: dict[int, Complaint] = {}
    for index, state in enumerate(PLAN):
        category = categories[index % len(categories)]
        handlers = queries.handling_officers(category.office_id)
        complaint = actions.file_complaint(
            actor=reporter, category=category, description=PROBLEMS[category.code],
            village=villages[(index * step) % len(villages)] if villages else None,
            anonymous=index % 9 == 4, confidential=index % 11 == 6,
            location_note="Dekat masjid" if index % 3 == 0 else "")
        if handlers:  # offices without a demo officer keep their complaints new
            _advance(complaint, state, handlers[0], reporter, previous.get(category.pk))
        previous.setdefault(category.pk, complaint)
    if stdout is not None:
        stdout.write(f"Pengaduan demo: {len(PLAN)} di {len(categories)} kategori.")
    return accounts
