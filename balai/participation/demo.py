"""Demo participation: forum topics, a few aspirations of the demo citizen (one answered
officially and planned), an open consultation on a Ranperda, an open poll, and a forum
moderator. Idempotent."""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from django.utils import timezone

from balai.accounts import actions as account_actions
from balai.accounts import twofactor
from balai.accounts.demo import DEMO_PASSWORD, DEMO_TOTP_KEY_HEX, DemoAccount
from balai.accounts.models import Office, Role
from balai.accounts.queries import find_citizen_by_nik, get_user_by_username
from balai.participation import actions
from balai.participation.models import Consultation, Idea, Poll, Topic
from balai.regions.models import Region

DEMO_ACTOR = "sistem:demo"
DEMO_CITIZEN_NIK = "6112015708900003"
TOPICS = [("jalan", "Jalan dan transportasi"), ("kesehatan", "Kesehatan"),
          ("pendidikan", "Pendidikan"), ("lingkungan", "Lingkungan hidup"),
          ("ekonomi", "Ekonomi dan UMKM"), ("layanan-publik", "Layanan publik")]
# kind, topic, kecamatan, title, body
IDEAS = [
    ("ide", "jalan", "61.12.01", "Halte bus sekolah di Jalan Arteri Supadio",
     "Anak sekolah menunggu bus di pinggir jalan tanpa peneduh. Usul dibangun halte sederhana."),
    ("saran", "layanan-publik", "61.12.02", "Layanan KTP-el keliling ke desa",
     "Warga desa jauh harus menyeberang sungai ke kecamatan. Mohon jadwal layanan keliling."),
    ("kritik", "lingkungan", "61.12.03", "Pembakaran lahan masih terjadi",
     "Setiap kemarau asap kembali. Penegakan aturan dan patroli perlu ditingkatkan."),
    ("ide", "ekonomi", "", "Pasar daring untuk produk UMKM Kubu Raya",
     "Pemerintah bisa membuat katalog daring produk UMKM agar pembeli luar daerah menemukan."),
]


def load(stdout: TextIO | None = None) -> list[DemoAccount]:
    citizen = find_citizen_by_nik(DEMO_CITIZEN_NIK)
    officer = get_user_by_username("petugas.dlh") or get_user_by_username("petugas.dukcapil")
    if citizen is None or officer is None:
        if stdout is not None:
            stdout.write("Partisipasi demo dilewati: warga atau petugas demo belum ada.")
        return []
    topics = {code: Topic.objects.get_or_create(code=code, defaults={"name": name})[0]
              for code, name in TOPICS}
    moderator = get_user_by_username("moderator")
    if moderator is None:
        moderator = account_actions.create_officer(
            actor=DEMO_ACTOR, username="moderator", full_name="Lina Marlina",
            email="moderator@kuburayakab.go.id", password=DEMO_PASSWORD)
        twofactor.enroll_with_key(actor=DEMO_ACTOR, user=moderator, key_hex=DEMO_TOTP_KEY_HEX)
    diskominfo = Office.objects.filter(code="diskominfo").first()
    if diskominfo is not None:
        account_actions.grant_role(actor=DEMO_ACTOR, user=moderator, office=diskominfo,
                                   role=Role.MODERATOR)
    user = citizen.user
    if not Idea.objects.filter(author=user).exists():
        for index, (kind, topic, kecamatan, title, body) in enumerate(IDEAS):
            idea = actions.post_idea(actor=user, kind=kind, topic=topics[topic], title=title,
                                     body=body,
                                     kecamatan=Region.objects.filter(code=kecamatan).first())
            if index == 0:
                actions.comment_on_idea(actor=officer, idea=idea, official=True,
                                        body="Usulan ini masuk Musrenbang tahun depan.")
                actions.set_idea_status(actor=officer, idea=idea, status="direncanakan",
                                        reason="Masuk rencana kerja tahun depan.")
    office = officer.office_roles.first().office  # type: ignore[union-attr]
    today = timezone.localdate()
    if not Consultation.objects.exists():
        actions.publish_consultation(
            actor=officer, office=office, title="Ranperda Pengelolaan Sampah Rumah Tangga",
            summary="Rancangan peraturan daerah tentang pemilahan, pengangkutan dan bank "
                    "sampah. Sampaikan tanggapan Anda per pasal.",
            opens_on=today - dt.timedelta(days=3), closes_on=today + dt.timedelta(days=27),
            sections=[("Pasal 1 — Ketentuan umum", "Dalam peraturan daerah ini yang dimaksud "
                       "dengan sampah rumah tangga adalah sampah dari kegiatan sehari-hari."),
                      ("Pasal 2 — Pemilahan", "Setiap rumah tangga wajib memilah sampah "
                       "organik dan anorganik sebelum diangkut."),
                      ("Pasal 3 — Bank sampah", "Pemerintah desa memfasilitasi paling sedikit "
                       "satu bank sampah di setiap desa.")])
    if not Poll.objects.exists():
        actions.create_poll(actor=officer, office=office,
                            question="Hari apa pengangkutan sampah paling cocok di lingkungan "
                                     "Anda?",
                            options=["Senin dan Kamis", "Selasa dan Jumat", "Rabu dan Sabtu"],
                            opens_on=today - dt.timedelta(days=1),
                            closes_on=today + dt.timedelta(days=14))
    if stdout is not None:
        stdout.write("Partisipasi demo: aspirasi, konsultasi publik, jajak pendapat.")
    return [DemoAccount("moderator", DEMO_PASSWORD, "Moderator forum aspirasi (Diskominfo)")]
