import datetime as dt

import pytest
from django.utils import timezone

from balai.applications.tests.helpers import pdf_file
from balai.core.calendar import working_calendar
from balai.core.testing import sign_in
from balai.information import actions
from balai.information.models import InformationRequest, Objection
from balai.ledger.models import LedgerEntry
from balai.notifications.models import Message
from balai.transparency.models import CaseCounter

FORM = {"information": "Salinan laporan keuangan 2025", "purpose": "Kajian anggaran warga",
        "format": "softcopy", "delivery": "daring"}


def _submit(client, office, **extra):
    return client.post("/informasi/minta/", {"office": office.code, **FORM, **extra})


@pytest.mark.django_db
def test_citizen_requests_and_gets_number_and_deadline(client, citizen, office_a, ppid):
    sign_in(client, citizen.user)
    response = _submit(client, office_a)
    info = InformationRequest.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{info.number}/")
    assert info.number.startswith(f"INF-{timezone.localdate().year}-")
    assert info.requester == citizen.user and info.name == "Siti Aminah"
    assert info.due_date == working_calendar().add_working_days(timezone.localdate(), 10)
    html = client.get(response["Location"]).content.decode()
    assert "sisa 10 hari kerja" in html
    assert Message.objects.filter(recipient=ppid, subject__contains=info.number).exists()
    assert LedgerEntry.objects.filter(action="informasi.permohonan_diterima").exists()
    assert CaseCounter.objects.get(kind="information_request").opened == 1


@pytest.mark.django_db
def test_request_without_identity_or_purpose_is_refused(client, office_a):
    response = _submit(client, office_a, purpose="")
    html = response.content.decode()
    assert response.status_code == 200
    assert "tujuan penggunaan informasi" in html
    assert "NIK wajib diisi" in html and "Nama wajib diisi." in html
    assert not InformationRequest.objects.exists()
    with pytest.raises(actions.InformationError) as error:
        actions.submit_request(actor=None, office=office_a, information="x", purpose="y",
                               format="softcopy", delivery="daring", name="Budi")
    assert error.value.code == "INFORMATION_IDENTITY_REQUIRED"


@pytest.mark.django_db
def test_request_without_account_is_followed_with_access_code(client, office_a):
    response = _submit(client, office_a, name="Budi Hartono", nik="6112010101900001",
                       address="Jl. Adisucipto 12", phone="081298765432")
    info = InformationRequest.objects.get()
    page = client.get(response["Location"]).content.decode()
    code = page.split("Simpan kode akses ini bersama nomor permohonan: <strong>")[1].split("<")[0]
    stranger = client.__class__()
    assert stranger.get(f"/informasi/permohonan/{info.number}/").status_code == 404
    wrong = stranger.post("/informasi/permohonan/lacak/", {"number": info.number, "code": "x"})
    assert "tidak cocok" in wrong.content.decode()
    found = stranger.post("/informasi/permohonan/lacak/", {"number": info.number, "code": code})
    assert found.status_code == 302
    assert stranger.get(found["Location"]).status_code == 200
    assert Message.objects.filter(channel="sms", body__contains=info.number).exists()


def _request(citizen, office):
    info, _code = actions.submit_request(actor=citizen.user, office=office, **FORM)
    return info


@pytest.mark.django_db
def test_ppid_extends_once_then_answers_with_file_and_requester_downloads(
        client, citizen, other_citizen, office_a, ppid):
    info = _request(citizen, office_a)
    sign_in(client, ppid)
    queue = client.get("/informasi/ppid/").content.decode()
    assert info.number in queue
    client.post(f"/informasi/ppid/{info.number}/", {"step": "extend", "reason": "",
                                                   "version": info.version})
    info.refresh_from_db()
    assert info.extended_at is None
    client.post(f"/informasi/ppid/{info.number}/", {
        "step": "extend", "reason": "Dokumen di arsip lain.", "version": info.version})
    old_due = info.due_date
    info.refresh_from_db()
    assert info.due_date == working_calendar().add_working_days(old_due, 7)
    with pytest.raises(actions.InformationError) as error:
        actions.extend_request(actor=ppid, request=info, reason="lagi",
                               expected_version=info.version)
    assert error.value.code == "INFORMATION_ALREADY_EXTENDED"
    refused = client.post(f"/informasi/ppid/{info.number}/", {
        "step": "answer", "outcome": "refused", "answer": "Tidak ada.", "refusal_basis": "",
        "version": info.version})
    assert "Sebutkan dasar hukum penolakan" in refused.content.decode()
    response = client.post(f"/informasi/ppid/{info.number}/", {
        "step": "answer", "outcome": "granted", "answer": "Terlampir.", "refusal_basis": "",
        "version": info.version, "files": [pdf_file("lkpd.pdf")]})
    assert response.status_code == 302
    info.refresh_from_db()
    assert info.status == "dijawab" and info.outcome == "granted"
    counter = CaseCounter.objects.get(kind="information_request")
    assert (counter.closed, counter.completed, counter.on_time) == (1, 1, 1)
    file = info.files.get()
    sign_in(client, citizen.user)
    page = client.get(f"/informasi/permohonan/{info.number}/").content.decode()
    assert "Dikabulkan seluruhnya" in page and "lkpd.pdf" in page
    download = client.get(f"/informasi/permohonan/{info.number}/berkas/{file.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    sign_in(client, other_citizen.user)
    assert client.get(f"/informasi/permohonan/{info.number}/berkas/{file.pk}/").status_code == 404


@pytest.mark.django_db
def test_other_office_ppid_and_citizens_cannot_work_a_request(client, citizen, office_a,
                                                              office_b):
    from balai.core.testing import make_officer

    info = _request(citizen, office_a)
    other_ppid = make_officer(office=office_b, role="ppid")
    sign_in(client, other_ppid)
    assert client.get(f"/informasi/ppid/{info.number}/").status_code == 404
    sign_in(client, citizen.user)
    assert client.get("/informasi/ppid/").status_code == 404
    assert client.get(f"/informasi/atasan/{info.number}/").status_code == 404


@pytest.mark.django_db
def test_objection_decision_and_komisi_informasi_note(client, citizen, office_a, ppid, atasan):
    info = _request(citizen, office_a)
    sign_in(client, citizen.user)
    early = client.post(f"/informasi/permohonan/{info.number}/keberatan/",
                        {"ground": "e", "reason": "Belum dijawab."}, follow=True)
    assert "setelah PPID menjawab" in early.content.decode()
    actions.answer_request(actor=ppid, request=info, outcome="refused", answer="Dikecualikan.",
                           refusal_basis="UU 14/2008 Pasal 17 huruf h",
                           expected_version=info.version)
    client.post(f"/informasi/permohonan/{info.number}/keberatan/",
                {"ground": "a", "reason": "Informasi ini bukan rahasia."})
    objection = Objection.objects.get()
    assert objection.due_date == working_calendar().add_working_days(timezone.localdate(), 30)
    assert Message.objects.filter(recipient=atasan, subject__contains=objection.number).exists()
    sign_in(client, atasan)
    assert objection.number in client.get("/informasi/atasan/").content.decode()
    client.post(f"/informasi/atasan/{info.number}/", {"decision": "ditolak",
                                                      "note": "Tanggapan PPID dikuatkan.",
                                                      "position": "Sekretaris Daerah"})
    objection.refresh_from_db()
    assert objection.decision == "ditolak" and objection.decided_by == atasan
    sign_in(client, citizen.user)
    page = client.get(f"/informasi/permohonan/{info.number}/").content.decode()
    assert "Komisi Informasi" in page and "Tanggapan PPID dikuatkan." in page
    client.post(f"/informasi/permohonan/{info.number}/tanggapan/", {"reaction": "sengketa"})
    objection.refresh_from_db()
    assert objection.reaction == "sengketa"


@pytest.mark.django_db
def test_objection_after_its_deadline_is_refused(citizen, office_a, ppid):
    info = _request(citizen, office_a)
    actions.answer_request(actor=ppid, request=info, outcome="granted", answer="Terlampir.",
                           expected_version=info.version)
    info.refresh_from_db()
    info.answered_at = timezone.now() - dt.timedelta(days=60)
    info.save(update_fields=["answered_at"])
    with pytest.raises(actions.InformationError) as error:
        actions.file_objection(actor=citizen.user, request=info, ground="d", reason="Kurang.")
    assert error.value.code == "OBJECTION_TOO_LATE"
    assert "sudah lewat" in error.value.message
    assert not Objection.objects.exists()


@pytest.mark.django_db
def test_only_atasan_decides(citizen, office_a, ppid):
    info = _request(citizen, office_a)
    actions.answer_request(actor=ppid, request=info, outcome="granted", answer="Ok.",
                           expected_version=info.version)
    objection = actions.file_objection(actor=citizen.user, request=info, ground="d",
                                       reason="Tidak lengkap.")
    from balai.core.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        actions.decide_objection(actor=ppid, objection=objection, decision="diterima",
                                 note="x")


@pytest.mark.django_db
def test_reminders_before_and_escalation_after_deadline(citizen, office_a, ppid, atasan):
    info = _request(citizen, office_a)
    calendar = working_calendar()
    day_before = calendar.add_working_days(timezone.localdate(), 9)
    counts = actions.remind_and_escalate(today=day_before)
    assert counts["reminded"] == 1
    assert Message.objects.filter(recipient=ppid, subject__contains="segera jatuh tempo").exists()
    assert actions.remind_and_escalate(today=day_before)["reminded"] == 0
    after = info.due_date + dt.timedelta(days=1)
    assert actions.remind_and_escalate(today=after)["escalated"] == 1
    assert Message.objects.filter(recipient=atasan, subject__contains="melewati").exists()
    assert actions.remind_and_escalate(today=after)["escalated"] == 0


@pytest.mark.django_db
def test_lists_have_bounded_queries(client, citizen, office_a, ppid, atasan,
                                    django_assert_max_num_queries):
    for _ in range(4):
        info = _request(citizen, office_a)
        actions.answer_request(actor=ppid, request=info, outcome="granted", answer="Ok.",
                               expected_version=info.version)
        actions.file_objection(actor=citizen.user, request=info, ground="d", reason="x")
    sign_in(client, citizen.user)
    with django_assert_max_num_queries(10):
        assert client.get("/informasi/permohonan/").status_code == 200
    sign_in(client, ppid)
    with django_assert_max_num_queries(12):
        assert client.get("/informasi/ppid/?semua=1").status_code == 200
    sign_in(client, atasan)
    with django_assert_max_num_queries(12):
        assert client.get("/informasi/atasan/").status_code == 200
