"""Officers create programmes and schedule sessions through the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from balai.core.testing import make_officer, sign_in
from balai.literacy.models import Programme, Session

pytestmark = pytest.mark.django_db


def _session_data(**overrides):
    day = timezone.localdate() + dt.timedelta(days=7)
    data = {"date": day.isoformat(), "start_time": "09:00", "end_time": "12:00",
            "capacity": "25", "target_groups": ["umkm", "lansia"], "kecamatan": "61.12.03",
            "village": "", "address": "Balai Desa", "online_url": ""}
    data.update(overrides)
    return data


def test_officer_creates_a_programme_and_schedules_a_session(client, kubu_raya, organiser,
                                                             diskominfo):
    sign_in(client, organiser)
    response = client.post("/literasi-digital/kelola/program/baru/", {
        "office": str(diskominfo.pk), "title": "Kelas Lansia Melek Ponsel",
        "description": "Video call dengan cucu dan waspada penipuan.", "kind": "pelatihan",
        "pillar": "cakap"})
    programme = Programme.objects.get()
    assert response["Location"] == f"/literasi-digital/kelola/program/{programme.pk}/sesi-baru/"
    assert (programme.office, programme.created_by, programme.pillar) == (
        diskominfo, organiser, "cakap")

    village = "61.12.03.2001"
    response = client.post(response["Location"], _session_data(village=village))
    session = Session.objects.get()
    assert response["Location"] == f"/literasi-digital/sesi/{session.pk}/"
    local = timezone.localtime(session.starts_at)
    assert (local.hour, local.minute, str(local.tzinfo)) == (9, 0, "Asia/Pontianak")
    assert session.kecamatan.name == "Sungai Ambawang" and session.village_id == village
    assert session.target_group_codes == ["umkm", "lansia"]
    assert "Kelas Lansia Melek Ponsel" in client.get("/literasi-digital/").content.decode()


def test_session_form_errors_are_shown_in_indonesian(client, kubu_raya, programme,
                                                     organiser):
    sign_in(client, organiser)
    url = f"/literasi-digital/kelola/program/{programme.pk}/sesi-baru/"
    response = client.post(url, _session_data(end_time="08:00", kecamatan="", target_groups=[],
                                              date="2020-01-01"))
    wrong_village = client.post(url, _session_data(village="61.12.01.2001"))
    assert "Desa ini tidak berada di kecamatan yang dipilih." in wrong_village.content.decode()
    page = response.content.decode()
    assert response.status_code == 400
    assert "Jam selesai harus sesudah jam mulai." in page
    assert "Pilih kecamatan tempat sesi, atau isi tautan daringnya." in page
    assert "Pilih paling sedikit satu kelompok sasaran." in page
    assert "Tanggal sesi tidak boleh di masa lalu." in page
    assert not Session.objects.exists()


def test_officer_of_another_office_cannot_add_sessions(client, kubu_raya, programme):
    sign_in(client, make_officer(role="petugas"))
    url = f"/literasi-digital/kelola/program/{programme.pk}/sesi-baru/"
    assert client.get(url).status_code == 404
    assert client.post(url, _session_data()).status_code == 404
    assert not Session.objects.exists()


def test_auditor_and_citizen_cannot_create_programmes(client, auditor, citizen):
    for user in (auditor, citizen.user):
        sign_in(client, user)
        assert client.get("/literasi-digital/kelola/program/baru/").status_code == 404
