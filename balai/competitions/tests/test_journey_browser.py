"""A competition from call to published results in Chromium: the organiser publishes a call,
three teams register (one invites a member, who accepts) and submit with a file, the
submission deadline passes, the organiser screens the entries and two judges score blind, one
of them having declared a conflict with a team whose entry they then cannot reach at all; the
per-judge normalisation puts the finalists in another order than the raw marks; finalists are
interviewed, the results are published with their scores and the winner is linked to its API
app. Every new page visited is checked with axe (WCAG 2.2 AA)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from balai.competitions import actions
from balai.competitions.models import Competition, Team
from balai.competitions.tests.helpers import TITLES, judging_timeline
from balai.core.testing import make_citizen
from balai.innovation.tests.helpers import pdf_bytes
from balai.ledger.models import LedgerEntry
from balai.portal.tests.test_accessibility_browser import (
    _axe_violations,
    _sign_in,
    _violations_report,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Journey:
    def __init__(self, page: Any, base_url: str) -> None:
        self.page, self.base_url, self.report = page, base_url, []

    def as_user(self, user: Any) -> None:
        self.page.context.clear_cookies()
        if user is not None:
            _sign_in(self.page, Client(), user, self.base_url)

    def axe(self, label: str) -> None:
        violations = _axe_violations(self.page)
        if violations:
            self.report.append(f"{label}:\n{_violations_report(violations)}")


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _enter(j: Journey, slug: str, leader: Any, name: str) -> None:
    page = j.page
    j.as_user(leader)
    page.goto(f"/kompetisi/{slug}/")
    page.get_by_role("link", name="Daftarkan tim").click()
    page.get_by_label("Nama tim").fill(name)
    page.get_by_role("button", name="Daftar").click()
    page.get_by_label("Judul karya").fill(TITLES[name])
    page.get_by_label("Ringkasan solusi").fill("Warga memilih jam datang dari rumah.")
    page.get_by_label("Tautan demo").fill("https://demo.example.id/")
    page.get_by_role("button", name="Simpan karya").click()
    page.get_by_text("Karya tersimpan.").wait_for()
    page.get_by_label("Nama dokumen").fill("Proposal")
    page.get_by_label("Berkas").set_input_files({"name": "proposal.pdf",
                                                  "mimeType": "application/pdf",
                                                  "buffer": pdf_bytes()})
    page.get_by_role("button", name="Unggah").click()
    page.get_by_text("Berkas ditambahkan.").wait_for()


def _score(j: Journey, slug: str, code: str, value: int) -> None:
    page = j.page
    page.goto(f"/kompetisi/{slug}/juri/karya/{code}/")
    page.get_by_label("Dampak bagi warga (60%)").fill(str(value))
    page.get_by_label("Kelayakan teknis (40%)").fill(str(value))
    page.get_by_role("button", name="Simpan nilai").click()
    page.get_by_text(f"Nilai karya {code} tersimpan.").wait_for()


def test_competition_from_call_to_published_results(page, live_server, organiser, judges):
    j = Journey(page, live_server.url)
    leaders = {name: make_citizen(full_name=f"Ketua {name}").user for name in TITLES}
    member = make_citizen(full_name="Dewi Anggota").user
    member.email = "dewi.anggota@example.id"
    member.save(update_fields=["email"])
    judge1, judge2 = judges

    # The organiser publishes the call and assigns the two judges.
    j.as_user(organiser)
    now = timezone.now()
    page.goto("/kompetisi/baru/")
    j.axe("new call")
    page.get_by_label("Judul", exact=True).fill("Antrean Adminduk Tanpa Datang Subuh")
    page.get_by_label("Masalah layanan publik").fill("Warga antre sejak subuh.")
    for label, moment in (("Pendaftaran dibuka", now - dt.timedelta(hours=1)),
                          ("Pendaftaran ditutup", now + dt.timedelta(days=1)),
                          ("Batas pengumpulan karya", now + dt.timedelta(days=2)),
                          ("Penilaian selesai", now + dt.timedelta(days=9)),
                          ("Pengumuman", now + dt.timedelta(days=10))):
        page.get_by_label(label, exact=True).fill(_local(moment))
    page.get_by_label("Hadiah", exact=True).fill("Juara 1: Rp15.000.000\nJuara 2: Rp10.000.000")
    page.get_by_label("Syarat peserta").fill("Warga Kubu Raya.")
    page.get_by_label("Dokumen wajib").fill("Proposal (PDF)")
    page.get_by_label("Jumlah finalis").fill("2")
    page.get_by_label("Rubrik penilaian").fill("Dampak bagi warga; 60\nKelayakan teknis; 40")
    page.get_by_role("button", name="Umumkan").click()
    page.get_by_text("Kompetisi diumumkan.").wait_for()
    competition = Competition.objects.get()
    slug = competition.slug
    for judge in (judge1, judge2):
        page.get_by_label("Email, nomor telepon atau nama pengguna juri").fill(judge.username)
        page.get_by_role("button", name="Tambah juri").click()
        page.get_by_text("Juri ditambahkan.").wait_for()
    j.axe("manage, registration")

    # Anyone reads the call; three teams enter; Andalas invites a member, who accepts.
    j.as_user(None)
    for url in ("/kompetisi/", f"/kompetisi/{slug}/"):
        page.goto(url)
        j.axe(url)
    for name, leader in leaders.items():
        _enter(j, slug, leader, name)
    j.axe("team page")
    j.as_user(leaders["Andalas"])
    page.goto(f"/kompetisi/tim/{Team.objects.get(name='Andalas').pk}/")
    page.get_by_label("Email atau nomor telepon anggota").fill("dewi.anggota@example.id")
    page.get_by_role("button", name="Undang").click()
    page.get_by_text("Undangan terkirim.").wait_for()
    j.as_user(member)
    page.goto("/kompetisi/saya/")
    j.axe("my competitions")
    page.get_by_role("button", name="Terima").click()
    page.get_by_text("Anda bergabung dengan tim Andalas.").wait_for()
    assert "Dewi Anggota" in page.locator("main").inner_text()

    # The submission deadline passes (the server's clock decides): entries are frozen.
    actions.update_timeline(actor=organiser, competition=competition, **judging_timeline())
    page.reload()
    assert page.get_by_text("Pengumpulan karya sudah ditutup").is_visible()
    assert page.get_by_role("button", name="Simpan karya").count() == 0

    # Administrative screening.
    j.as_user(organiser)
    page.goto(f"/kompetisi/{slug}/kelola/")
    for name in TITLES:
        page.locator("tr", has_text=name).get_by_role("button", name="Simpan seleksi").click()
        page.get_by_text("Hasil seleksi administrasi tersimpan.").wait_for()

    codes = {team.name: team.submission.code for team in Team.objects.select_related(
        "submission")}

    # Judge 1 declares no conflict and scores all three; never sees a team's name.
    j.as_user(judge1)
    page.goto(f"/kompetisi/{slug}/juri/")
    assert page.get_by_role("link", name=re.compile(codes["Andalas"])).count() == 0
    page.get_by_role("button", name="Simpan pernyataan").click()
    page.get_by_text("Pernyataan konflik kepentingan tersimpan.").wait_for()
    j.axe("judge page")
    listing = page.locator("main ul").last.inner_text()
    assert all(code in listing for code in codes.values())
    assert not any(name in listing for name in TITLES)
    for name, value in (("Andalas", 40), ("Bentang", 60), ("Cakrawala", 50)):
        _score(j, slug, codes[name], value)
    j.axe("judge page, scored")

    # Judge 2 declares a conflict with Cakrawala: its entry is gone for them, even by address.
    j.as_user(judge2)
    page.goto(f"/kompetisi/{slug}/juri/")
    page.get_by_label("Cakrawala").check()
    page.get_by_role("button", name="Simpan pernyataan").click()
    page.get_by_text("Pernyataan konflik kepentingan tersimpan.").wait_for()
    assert codes["Cakrawala"] not in page.locator("main").inner_text()
    response = page.goto(f"/kompetisi/{slug}/juri/karya/{codes['Cakrawala']}/")
    assert response.status == 404
    cakrawala_file = Team.objects.get(name="Cakrawala").submission.files.get()
    assert page.goto(f"/kompetisi/berkas/{cakrawala_file.pk}/").status == 404
    for name, value in (("Andalas", 95), ("Bentang", 70)):
        _score(j, slug, codes[name], value)

    # The organiser sees raw means and z-scores in different orders, and fixes the finalists.
    j.as_user(organiser)
    page.goto(f"/kompetisi/{slug}/kelola/")
    j.axe("manage, judging")
    rows = {name: page.locator("tbody tr", has_text=name).locator("td") for name in TITLES}

    def number(cell: Any) -> float:  # Indonesian decimals: 67,50
        return float(cell.inner_text().replace(",", "."))

    raw = {name: number(rows[name].nth(3)) for name in TITLES}
    z = {name: number(rows[name].nth(4)) for name in TITLES}
    assert sorted(TITLES, key=lambda n: -raw[n]) == ["Andalas", "Bentang", "Cakrawala"]
    assert sorted(TITLES, key=lambda n: -z[n]) == ["Bentang", "Cakrawala", "Andalas"]
    assert raw == {"Andalas": 67.5, "Bentang": 65.0, "Cakrawala": 50.0}
    assert z == {"Andalas": -0.11, "Bentang": 0.11, "Cakrawala": 0.0}
    page.get_by_role("button", name="Tetapkan finalis").click()
    page.get_by_text("Finalis ditetapkan.").wait_for()
    finalists = set(Team.objects.filter(is_finalist=True).values_list("name", flat=True))
    assert finalists == {"Bentang", "Cakrawala"}  # the raw marks would have taken Andalas

    # Presentations and interviews: judge 2 cannot mark Cakrawala.
    j.as_user(judge1)
    page.goto(f"/kompetisi/{slug}/juri/")
    for name, value in (("Bentang", 70), ("Cakrawala", 80)):
        page.get_by_role("spinbutton", name=re.compile(f"Nilai presentasi {name}")).fill(str(value))
        page.get_by_role("form", name=f"Nilai presentasi {name}").get_by_role(
            "button", name="Simpan nilai").click()
        page.get_by_text(f"Nilai presentasi {name} tersimpan.").wait_for()
    j.axe("judge page, interviews")
    j.as_user(judge2)
    page.goto(f"/kompetisi/{slug}/juri/")
    cakrawala = page.get_by_role("spinbutton", name=re.compile("Nilai presentasi Cakrawala"))
    assert cakrawala.count() == 0
    page.get_by_role("spinbutton", name=re.compile("Nilai presentasi Bentang")).fill("90")
    page.get_by_role("button", name="Simpan nilai").click()
    page.get_by_text("Nilai presentasi Bentang tersimpan.").wait_for()

    # Publication, and the winner's link to its API app.
    j.as_user(organiser)
    page.goto(f"/kompetisi/{slug}/kelola/")
    page.get_by_role("button", name="Umumkan hasil").click()
    page.get_by_text("Hasil kompetisi diumumkan.").wait_for()
    winner_form = page.get_by_role("form", name="Tautan pemenang Cakrawala")
    winner_form.get_by_label("Aplikasi API (alamat atau pengenal)").fill(
        "https://api.kuburayakab.go.id/aplikasi/loket-keliling")
    winner_form.get_by_role("button", name="Simpan tautan").click()
    page.get_by_text("Tautan pemenang tersimpan.").wait_for()
    j.axe("manage, published")

    j.as_user(None)
    page.goto(f"/kompetisi/{slug}/hasil/")
    j.axe("results")
    ranking = [row.locator("th").inner_text() for row in page.locator("tbody tr").all()]
    assert ranking == ["Cakrawala", "Bentang"]
    assert "Juara 1: Rp15.000.000" in page.locator("tbody tr").first.inner_text()
    page.goto("/kompetisi/pemenang/")
    j.axe("winners")
    assert "loket-keliling" in page.locator("main").inner_text()
    assert "Loket Keliling" in page.locator("main").inner_text()

    actions_seen = set(LedgerEntry.objects.filter(action__startswith="competition.")
                       .values_list("action", flat=True))
    assert {"competition.created", "competition.judge_assigned", "competition.team_registered",
            "competition.member_invited", "competition.invitation_diterima",
            "competition.submission_created", "competition.file_added",
            "competition.timeline_changed", "competition.team_screened",
            "competition.conflicts_declared", "competition.submission_scored",
            "competition.shortlist_fixed", "competition.interview_scored",
            "competition.results_published", "competition.winner_linked"} <= actions_seen
    assert not j.report, "\n".join(j.report)
