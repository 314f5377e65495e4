"""Demo of the regional innovation catalogue: a handful of Kubu Raya innovations across offices
and every IID stage, with their stage history and a demo evidence file. The demo officers of
Disdukcapil (petugas.dukcapil) and Diskominfo (petugas.kominfo) can edit their offices' ones.

All of it is DEMO DATA, marked `is_demo`: the innovations are plausible for the regency but are
not taken from its IID submission. Idempotent: nothing is added when demo innovations exist.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import TextIO

from balai.accounts.demo import DEMO_ACTOR, DemoAccount
from balai.accounts.queries import get_office
from balai.core.uploads import MB, CleanFile, inspect_upload
from balai.innovation import actions
from balai.innovation.models import Category, Form, Innovation

# name, office, form, category, started, [(date of each next stage, note)], summary, problem
INNOVATIONS = [
    ("Adminduk Keliling Desa Perairan", "disdukcapil", Form.NON_DIGITAL,
     Category.PELAYANAN_PUBLIK, dt.date(2022, 3, 7),
     [(dt.date(2022, 9, 1), "Uji coba di Kecamatan Batu Ampar dan Kubu."),
      (dt.date(2023, 6, 12), "Ditetapkan dengan Keputusan Bupati; dijadwalkan tiap bulan.")],
     "Petugas Disdukcapil mendatangi desa yang hanya terjangkau lewat sungai dengan perangkat "
     "perekaman KTP-el dan pencetakan dokumen, bersama kantor desa.",
     "Warga desa perairan harus menempuh perjalanan air berjam-jam dan berbiaya besar ke "
     "Sungai Raya untuk mengurus dokumen kependudukan."),
    ("Akta Lahir dari Puskesmas", "disdukcapil", Form.DIGITAL, Category.PELAYANAN_PUBLIK,
     dt.date(2025, 2, 3), [(dt.date(2025, 8, 18), "Uji coba di lima puskesmas.")],
     "Bidan puskesmas mengirim data kelahiran secara daring sehingga akta kelahiran dan kartu "
     "identitas anak terbit tanpa orang tua datang ke kantor Disdukcapil.",
     "Banyak anak belum memiliki akta kelahiran karena orang tua menunda pengurusan."),
    ("Pemantauan Stunting Posyandu Digital", "dinkes", Form.DIGITAL,
     Category.PELAYANAN_PUBLIK, dt.date(2024, 10, 1),
     [(dt.date(2025, 4, 14), "Uji coba di 20 posyandu Kecamatan Sungai Kakap.")],
     "Kader posyandu mencatat berat dan tinggi badan balita di aplikasi; puskesmas melihat "
     "balita berisiko stunting pada hari yang sama.",
     "Data penimbangan dicatat di buku dan terlambat sampai ke puskesmas, sehingga balita "
     "berisiko terlambat ditangani."),
    ("Guru Kunjung Sekolah Pesisir", "disdik", Form.NON_DIGITAL, Category.LAINNYA,
     dt.date(2021, 7, 19),
     [(dt.date(2022, 1, 10), "Uji coba di SD negeri Kecamatan Teluk Pakedai."),
      (dt.date(2023, 1, 9), "Diperluas ke seluruh kecamatan pesisir.")],
     "Guru mata pelajaran yang kurang di sekolah pesisir bergiliran mengajar di beberapa "
     "sekolah dengan dukungan transportasi air.",
     "Sekolah di pesisir kekurangan guru mata pelajaran tertentu."),
    ("Satu Data Kubu Raya", "diskominfo", Form.DIGITAL, Category.TATA_KELOLA,
     dt.date(2023, 1, 16),
     [(dt.date(2023, 7, 3), "Uji coba dengan Disdukcapil, Dinkes dan Bapenda."),
      (dt.date(2024, 2, 5), "Ditetapkan dengan Peraturan Bupati tentang Satu Data.")],
     "Portal data terbuka tempat perangkat daerah menerbitkan data dengan format dan "
     "metadata yang sama, diperbarui otomatis dari aplikasi layanan.",
     "Data antarperangkat daerah berbeda-beda dan sulit ditemukan warga maupun perencana."),
    ("PBB Desa Daring", "bapenda", Form.DIGITAL, Category.TATA_KELOLA, dt.date(2026, 6, 1),
     [],
     "Kantor desa memeriksa tagihan dan pembayaran PBB-P2 warganya secara daring untuk "
     "membantu penagihan.",
     "Desa tidak tahu siapa yang sudah membayar PBB sehingga penagihan berulang dan lambat."),
    ("Klinik Perizinan UMKM Kecamatan", "dpmptsp", Form.NON_DIGITAL,
     Category.PELAYANAN_PUBLIK, dt.date(2026, 8, 3), [],
     "Petugas DPMPTSP membuka meja pendampingan NIB dan perizinan usaha di kantor kecamatan "
     "sekali sepekan.",
     "Pelaku usaha mikro di kecamatan jauh jarang mengurus izin karena tidak paham OSS."),
]


def _demo_pdf() -> CleanFile:
    from balai.applications.demo import DEMO_PDF

    return inspect_upload(io.BytesIO(DEMO_PDF), name="sk-bupati.pdf", formats=("pdf",),
                          max_bytes=MB)


def load(stdout: TextIO | None = None) -> list[DemoAccount]:
    if Innovation.objects.filter(is_demo=True).exists():
        return []
    made = 0
    for name, code, form, category, started, steps, summary, problem in INNOVATIONS:
        office = get_office(code)
        if office is None:
            continue
        evidence = [("Keputusan Bupati (data demo)", _demo_pdf())] if steps else []
        innovation = actions.create_innovation(
            actor=DEMO_ACTOR, office=office, is_demo=True, publish=False, evidence=evidence,
            name=name, summary=summary, problem=problem, form=form, category=category,
            started_on=started)
        for day, note in steps:
            innovation = actions.advance_stage(actor=DEMO_ACTOR, innovation=innovation,
                                               changed_on=day, note=note, publish=False)
        made += 1
    if made:
        actions.publish_catalogue(actor=DEMO_ACTOR)
    if stdout is not None:
        stdout.write(f"Inovasi daerah: {made} inovasi (data demo).")
    return []
