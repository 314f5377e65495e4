"""Demo of the technology competitions, organised by Diskominfo (the demo admin manages them):
a finished call with published results, where per-judge normalisation decided the finalists,
its winner linked to the innovation catalogue and to its API app; and a call open for
registration, tied to the complaints about puskesmas queues, that the demo citizen may enter.
Two external judges' accounts (juri.satu, juri.dua) can sign in.

All of it is DEMO DATA, marked `is_demo`. Idempotent: nothing is added when demo calls exist.
"""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from django.utils import timezone

from balai.accounts import actions as accounts_actions
from balai.accounts.demo import DEMO_ACTOR, DEMO_PASSWORD, DemoAccount
from balai.accounts.queries import find_citizen_by_nik, get_office, get_user_by_username
from balai.competitions import actions
from balai.competitions.models import Competition
from balai.complaints.models import ComplaintCategory
from balai.innovation.models import Innovation
from balai.participation.models import Topic

JUDGES = [("juri.satu", "Dr. Yohanes Saragih"), ("juri.dua", "Ir. Nurul Hidayah")]
# team, leader's NIK, leader's name, title, judge 1's marks, judge 2's marks (None: conflict)
TEAMS = [
    ("Andalas", "6112011203950201", "Rizky Pratama", "Antrean Daring Disdukcapil", 40, 95),
    ("Bentang", "6112015506960202", "Nadia Putri", "Jadwal Layanan lewat SMS", 60, 70),
    ("Cakrawala", "6112012007970203", "Fajar Nugroho", "Loket Keliling Terjadwal", 50, None),
]
INTERVIEW = {"Bentang": (70, 90), "Cakrawala": (80, None)}


def _user(username: str, full_name: str):  # type: ignore[no-untyped-def]
    return get_user_by_username(username) or accounts_actions.create_officer(
        actor=DEMO_ACTOR, username=username, full_name=full_name,
        email=f"{username.replace('.', '-')}@juri.example.id", password=DEMO_PASSWORD)


def _citizen(nik: str, full_name: str):  # type: ignore[no-untyped-def]
    found = find_citizen_by_nik(nik)
    if found is None:
        day = int(nik[6:8])  # the NIK carries the birth date; women's day is plus 40
        birth_date = dt.date(1900 + int(nik[10:12]), int(nik[8:10]), day - 40 if day > 40 else day)
        found = accounts_actions.register_citizen_in_person(
            actor=DEMO_ACTOR, nik=nik, full_name=full_name, birth_date=birth_date,
            password=DEMO_PASSWORD)
    return found.user


def load(stdout: TextIO | None = None) -> list[DemoAccount]:
    office = get_office("diskominfo")
    judges = [_user(username, name) for username, name in JUDGES]
    accounts = [DemoAccount(username, DEMO_PASSWORD, f"Juri kompetisi teknologi: {name}")
                for username, name in JUDGES]
    if office is None or Competition.objects.filter(is_demo=True).exists():
        return accounts
    now = timezone.now()
    day = dt.timedelta(days=1)
    finished = actions.create_competition(
        actor=DEMO_ACTOR, office=office, is_demo=True, shortlist_size=2,
        title="Antrean Adminduk Tanpa Datang Subuh",
        theme="Warga datang sebelum subuh ke kantor Disdukcapil di Sungai Raya agar mendapat "
              "nomor antrean, dan sebagian pulang tanpa dilayani.",
        complaint_category=ComplaintCategory.objects.filter(code="layanan-adminduk").first(),
        topic=Topic.objects.filter(code="layanan-publik").first(),
        prizes="Juara 1: Rp15.000.000 dan pendampingan penerapan\nJuara 2: Rp10.000.000",
        eligibility="Warga Kabupaten Kubu Raya berusia 17 tahun ke atas, perorangan atau tim "
                    "paling banyak tiga orang.",
        required_documents="Proposal solusi (PDF)\nSurat pernyataan orisinalitas (PDF)",
        max_team_size=3, criteria=[("Dampak bagi warga", 40), ("Kelayakan teknis", 35),
                                   ("Keberlanjutan", 25)],
        registration_opens=now - day, registration_closes=now + day,
        submission_deadline=now + 2 * day, judging_ends=now + 3 * day,
        announcement_at=now + 4 * day)
    teams = {}
    for name, nik, leader_name, title, _m1, _m2 in TEAMS:
        leader = _citizen(nik, leader_name)
        teams[name] = actions.register_team(actor=leader, competition=finished, name=name)
        actions.save_submission(actor=leader, team=teams[name], title=title,
                                summary=f"{title}: warga memilih jam datang dari rumah, "
                                        "sehingga antrean di kantor tidak menumpuk sejak pagi.",
                                demo_url="https://demo.example.id/")
    judge_rows = [actions.assign_judge(actor=DEMO_ACTOR, competition=finished,
                                       identifier=user.username) for user in judges]
    finished = actions.update_timeline(
        actor=DEMO_ACTOR, competition=finished, registration_opens=now - 90 * day,
        registration_closes=now - 60 * day, submission_deadline=now - 45 * day,
        judging_ends=now - 20 * day, announcement_at=now - 14 * day)
    for team in teams.values():
        actions.screen_team(actor=DEMO_ACTOR, team=team, passed=True)
    actions.declare_conflicts(actor=judges[0], judge=judge_rows[0], teams=[])
    actions.declare_conflicts(actor=judges[1], judge=judge_rows[1], teams=[teams["Cakrawala"]])
    criteria = list(finished.criteria.all())
    for name, _nik, _leader, _title, mark1, mark2 in TEAMS:
        for judge, user, mark in ((judge_rows[0], judges[0], mark1),
                                  (judge_rows[1], judges[1], mark2)):
            if mark is not None:
                actions.score_submission(actor=user, judge=judge,
                                         submission=teams[name].submission,
                                         marks={c.pk: mark for c in criteria})
    actions.fix_shortlist(actor=DEMO_ACTOR, competition=finished)
    for name, marks in INTERVIEW.items():
        for judge, user, mark in zip(judge_rows, judges, marks, strict=True):
            if mark is not None:
                actions.score_interview(actor=user, judge=judge, team=teams[name], value=mark)
    ranked = actions.publish_results(actor=DEMO_ACTOR, competition=finished)
    actions.link_winner(actor=DEMO_ACTOR, team=ranked[0],
                        innovation=Innovation.objects.filter(
                            name="Adminduk Keliling Desa Perairan").first(),
                        api_app="https://api.kuburayakab.go.id/aplikasi/loket-keliling")

    actions.create_competition(
        actor=DEMO_ACTOR, office=office, is_demo=True, shortlist_size=3,
        title="Antrean Puskesmas yang Bisa Dipantau dari Rumah",
        theme="Pasien menunggu berjam-jam di puskesmas tanpa tahu kapan dipanggil; pengaduan "
              "tentang antrean puskesmas datang tiap minggu.",
        complaint_category=ComplaintCategory.objects.filter(code="puskesmas").first(),
        topic=Topic.objects.filter(code="kesehatan").first(),
        prizes="Juara 1: Rp20.000.000\nJuara 2: Rp12.500.000\nJuara 3: Rp7.500.000",
        eligibility="Warga Kabupaten Kubu Raya berusia 17 tahun ke atas; tim paling banyak "
                    "empat orang.",
        required_documents="Proposal solusi (PDF)\nRancangan tampilan (PDF atau gambar)",
        max_team_size=4, criteria=[("Dampak bagi pasien", 40), ("Kelayakan teknis", 30),
                                   ("Kemudahan dipakai", 30)],
        registration_opens=now - 2 * day, registration_closes=now + 20 * day,
        submission_deadline=now + 35 * day, judging_ends=now + 50 * day,
        announcement_at=now + 60 * day)
    if stdout is not None:
        stdout.write("Kompetisi demo: 2.")
    return accounts
