"""Kubu Raya demo content for the portal: service locations with opening hours, and help (FAQ).

Idempotent: every record is keyed by its slug, so a second run changes nothing. Addresses,
phone numbers and e-mail addresses are illustrative; the regency replaces them in admin with
the official ones before going live.
"""

from __future__ import annotations

from datetime import time
from typing import Any

from balai.portal import actions
from balai.portal.actions import OpeningPeriod
from balai.regions.queries import kecamatan_list

ACTOR = "demo"

MON, TUE, WED, THU, FRI = range(5)

# Regional government working hours, five working days: Monday-Thursday, and a short Friday
# for Friday prayers.
OFFICE_HOURS = [
    *(OpeningPeriod(day, time(8), time(15)) for day in (MON, TUE, WED, THU)),
    OpeningPeriod(FRI, time(8), time(11)),
]
# The public service mall keeps longer counter hours, with a break on Friday.
MPP_HOURS = [
    *(OpeningPeriod(day, time(8), time(15, 30)) for day in (MON, TUE, WED, THU)),
    OpeningPeriod(FRI, time(8), time(11)),
    OpeningPeriod(FRI, time(13, 30), time(15, 30)),
]

LOCATIONS: list[dict[str, Any]] = [
    {
        "slug": "disdukcapil",
        "name": "Dinas Kependudukan dan Pencatatan Sipil",
        "office_name": "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Kubu Raya",
        "address": "Jalan Arteri Supadio, Kompleks Kantor Bupati Kubu Raya, Sungai Raya",
        "kecamatan": "Sungai Raya",
        "phone": "(0561) 6580000",
        "email": "disdukcapil@kuburayakab.go.id",
        "notes": "Perekaman dan pencetakan KTP-el, Kartu Keluarga (KK), akta kelahiran, "
                 "akta kematian, surat pindah, dan Kartu Identitas Anak (KIA). "
                 "Layanan kependudukan tidak dipungut biaya.",
        "hours": OFFICE_HOURS,
    },
    {
        "slug": "mal-pelayanan-publik",
        "name": "Mal Pelayanan Publik Kubu Raya",
        "office_name": "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "address": "Jalan Arteri Supadio, Sungai Raya",
        "kecamatan": "Sungai Raya",
        "phone": "(0561) 6580100",
        "email": "mpp@kuburayakab.go.id",
        "notes": "Satu gedung untuk banyak layanan: perizinan, kependudukan, pajak daerah, "
                 "BPJS, dan layanan instansi lain. Petugas membantu warga mengisi permohonan "
                 "daring.",
        "hours": MPP_HOURS,
    },
]

KECAMATAN = [
    "Sungai Raya", "Kuala Mandor B", "Sungai Ambawang", "Terentang", "Batu Ampar", "Kubu",
    "Rasau Jaya", "Teluk Pakedai", "Sungai Kakap",
]

FAQ_TOPICS = [
    ("akun", "Akun dan pendaftaran"),
    ("kependudukan", "Dokumen kependudukan"),
    ("layanan-dibantu", "Layanan dibantu"),
    ("privasi", "Keamanan dan data pribadi"),
]

FAQ: list[tuple[str, str, str, str]] = [
    ("akun", "cara-mendaftar", "Bagaimana cara mendaftar akun Balai?",
     "Pilih Daftar di bagian atas halaman, lalu isi NIK, nama lengkap sesuai KTP-el, tanggal "
     "lahir, dan nomor HP atau email.\n\nKami mengirim kode konfirmasi ke nomor HP atau email "
     "Anda. Masukkan kode itu untuk mengaktifkan akun. Pendaftaran tidak dipungut biaya."),
    ("akun", "nik-yang-dipakai", "NIK mana yang harus saya pakai?",
     "Pakai Nomor Induk Kependudukan (NIK) Anda sendiri: 16 angka yang tertera di KTP-el dan "
     "Kartu Keluarga. Satu NIK hanya bisa dipakai untuk satu akun.\n\nUntuk anak yang belum "
     "punya KTP-el, permohonan diajukan oleh orang tua dari akun orang tua."),
    ("akun", "lupa-kata-sandi", "Saya lupa kata sandi. Apa yang harus saya lakukan?",
     "Pilih Masuk, lalu Lupa kata sandi. Masukkan NIK, email, atau nomor HP yang terdaftar; "
     "kami mengirim tautan atau kode untuk membuat kata sandi baru.\n\nJika nomor HP dan email "
     "Anda sudah tidak aktif, datanglah ke kantor kecamatan atau Mal Pelayanan Publik dengan "
     "membawa KTP-el."),
    ("akun", "tanpa-email", "Apakah saya harus punya email?",
     "Tidak. Anda bisa mendaftar dan masuk dengan nomor HP. Email membantu jika Anda ingin "
     "menerima salinan dokumen dan pemberitahuan lebih lengkap."),
    ("kependudukan", "dokumen-kependudukan-daring", "Dokumen kependudukan apa saja yang bisa "
     "diurus?",
     "Disdukcapil Kubu Raya melayani KTP-el, Kartu Keluarga (KK), akta kelahiran, akta "
     "kematian, surat pindah, dan Kartu Identitas Anak (KIA). Layanan daring di Balai dibuka "
     "bertahap; sementara itu semua layanan tersedia di kantor Disdukcapil dan Mal Pelayanan "
     "Publik."),
    ("kependudukan", "biaya-dokumen-kependudukan", "Berapa biaya membuat KTP-el atau akta "
     "kelahiran?",
     "Gratis. Penerbitan dokumen kependudukan tidak dipungut biaya (Undang-Undang Nomor 24 "
     "Tahun 2013, Pasal 79A). Jika ada yang meminta bayaran, laporkan melalui kanal pengaduan."),
    ("kependudukan", "ktp-hilang", "KTP-el saya hilang atau rusak. Bagaimana menggantinya?",
     "Untuk KTP-el yang hilang, bawa surat keterangan kehilangan dari kepolisian dan fotokopi "
     "Kartu Keluarga. Untuk KTP-el yang rusak, bawa KTP-el yang rusak itu. Datang ke kantor "
     "Disdukcapil, Mal Pelayanan Publik, atau kantor kecamatan yang melayani perekaman."),
    ("layanan-dibantu", "layanan-di-kantor-desa", "Saya tidak punya HP atau internet. Bisakah "
     "dibantu?",
     "Bisa. Operator layanan di kantor desa, kantor kecamatan, dan Mal Pelayanan Publik dapat "
     "mengajukan dan memantau permohonan atas nama Anda, dengan persetujuan Anda.\n\nBawa "
     "KTP-el atau Kartu Keluarga dan dokumen persyaratan. Status permohonan juga bisa dikirim "
     "lewat SMS."),
    ("layanan-dibantu", "jam-layanan", "Kapan kantor pelayanan buka?",
     "Umumnya Senin sampai Kamis pukul 08.00-15.00 dan Jumat pukul 08.00-11.00 WIB. Jam buka "
     "tiap lokasi ada di halaman Kontak. Layanan daring di Balai bisa diajukan kapan saja."),
    ("privasi", "keamanan-data", "Apakah data pribadi saya aman?",
     "Data pribadi seperti NIK, nomor HP, alamat, dan dokumen unggahan disimpan terenkripsi. "
     "Hanya petugas kantor yang menangani permohonan Anda yang dapat melihatnya, dan setiap "
     "akses dicatat.\n\nAnda berhak mengetahui, memperbaiki, dan meminta penghapusan data "
     "pribadi sesuai Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi."),
    ("privasi", "penipuan", "Ada yang meminta kode konfirmasi saya. Apakah itu petugas?",
     "Bukan. Petugas tidak pernah meminta kode konfirmasi atau kata sandi Anda. Jangan "
     "berikan kode itu kepada siapa pun."),
]


def _locations() -> list[dict[str, Any]]:
    locations = list(LOCATIONS)
    for number, name in enumerate(KECAMATAN, start=1):
        locations.append({
            "slug": f"kecamatan-{name.lower().replace(' ', '-')}",
            "name": f"Kantor Camat {name}",
            "office_name": f"Kecamatan {name}",
            "address": f"Kantor Camat {name}, Kecamatan {name}, Kabupaten Kubu Raya",
            "kecamatan": name,
            "phone": "",
            "email": "",
            "notes": "Layanan administrasi kecamatan dan layanan dibantu: operator membantu "
                     "warga mengajukan permohonan daring dan meneruskan berkas ke dinas.",
            "hours": OFFICE_HOURS,
            "position": 10 + number,
        })
    return locations


def load(stdout: Any) -> list[Any]:
    """Create or update the portal's demo content. Returns no demo accounts."""
    kecamatan = {region.name: region for region in kecamatan_list()}
    for position, item in enumerate(_locations(), start=1):
        actions.save_service_location(
            actor=ACTOR, slug=item["slug"], name=item["name"], office_name=item["office_name"],
            address=item["address"], kecamatan=kecamatan.get(item["kecamatan"]),
            phone=item["phone"], email=item["email"], notes=item["notes"],
            opening_hours=item["hours"], position=item.get("position", position),
        )
    topics = {slug: actions.save_faq_topic(actor=ACTOR, slug=slug, name=name, position=position)
              for position, (slug, name) in enumerate(FAQ_TOPICS, start=1)}
    for position, (topic, slug, question, answer) in enumerate(FAQ, start=1):
        actions.save_faq_entry(actor=ACTOR, topic=topics[topic], slug=slug, question=question,
                               answer=answer, position=position)
    stdout.write(f"Portal: {len(LOCATIONS) + len(KECAMATAN)} lokasi layanan, "
                 f"{len(FAQ)} entri bantuan.")
    return []
