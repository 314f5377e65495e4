"""Officers triage, answer and close; the reporter confirms, reopens and rates; deadlines are
escalated to the office head."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from balai.complaints import actions
from balai.complaints.models import Complaint, ComplaintStat, ComplaintUpdate, Status
from balai.complaints.tests.conftest import png_bytes
from balai.complaints.tests.helpers import make_complaint
from balai.core import events
from balai.core.errors import PermissionDeniedError
from balai.core.testing import make_officer, sign_in
from balai.ledger.models import LedgerEntry
from balai.notifications.models import Message


@pytest.fixture
def complaint(citizen, category, village) -> Complaint:
    return make_complaint(reporter=citizen.user, category=category, village=village)


def test_officer_verifies_answers_with_proof_and_closes(client, officer, citizen, complaint):
    sign_in(client, officer)
    url = f"/pengaduan/antrean/{complaint.number}/"
    assert complaint.number in client.get("/pengaduan/antrean/").content.decode()
    assert client.post(url + "verifikasi/", {"verifikasi-note": ""}).status_code == 302
    proof = SimpleUploadedFile("bukti.png", png_bytes("green"), content_type="image/png")
    response = client.post(url + "tanggapi/", {
        "tanggapi-public_note": "Lubang sudah ditambal tim UPT Jalan.",
        "tanggapi-internal_note": "Anggaran dari pos pemeliharaan rutin.",
        "tanggapi-photos": [proof]})
    assert response.status_code == 302
    response = client.post(url + "tutup/", {"tutup-note": "Perbaikan selesai 3 Maret."})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.SELESAI
    assert complaint.first_response_at is not None
    public = client.get(f"/pengaduan/{complaint.number}/").content.decode()
    assert "Lubang sudah ditambal" in public and "Jawaban resmi" in public
    assert "Anggaran dari pos" not in public  # internal notes stay internal
    proof_photo = complaint.photos.get(is_proof=True)
    client.logout()
    assert client.get(f"/pengaduan/foto/{proof_photo.pk}/").status_code == 200
    assert Message.objects.filter(recipient=citizen.user).count() >= 4
    assert LedgerEntry.objects.filter(action="pengaduan.ditutup", actor_id=officer.pk).exists()


def test_reporter_confirms_and_rates_and_case_closed_is_sent(client, officer, citizen,
                                                             complaint):
    actions.verify_complaint(actor=officer, complaint=complaint)
    actions.close_complaint(actor=officer, complaint=complaint, note="Sudah diperbaiki.")
    closed = []
    events.case_closed.connect(lambda **kw: closed.append(kw), weak=False,
                               dispatch_uid="test-closed")
    try:
        sign_in(client, citizen.user)
        url = f"/pengaduan/saya/{complaint.number}/"
        assert client.post(url + "konfirmasi/").status_code == 302
        assert client.post(url + "nilai/", {"rating": "4", "comment": "Cepat"}).status_code == 302
        second = client.post(url + "nilai/", {"rating": "5"}, follow=True)
    finally:
        events.case_closed.disconnect(dispatch_uid="test-closed")
    complaint.refresh_from_db()
    assert complaint.status == Status.DIKONFIRMASI and complaint.rating == 4
    assert "sudah memberi penilaian" in second.content.decode()
    assert closed[0]["outcome"] == "resolved" and closed[0]["on_time"] is True
    assert closed[0]["user_id"] == citizen.user.pk
    stat = ComplaintStat.objects.get()
    assert (stat.resolved, stat.resolved_on_time, stat.responded) == (1, 1, 1)


def test_reporter_reopens_with_reason(client, officer, citizen, complaint):
    actions.verify_complaint(actor=officer, complaint=complaint)
    actions.close_complaint(actor=officer, complaint=complaint, note="Sudah diperbaiki.")
    sign_in(client, citizen.user)
    url = f"/pengaduan/saya/{complaint.number}/buka-kembali/"
    refused = client.post(url, {"reason": ""}, follow=True)
    assert "Tuliskan alasannya." in refused.content.decode()
    client.post(url, {"reason": "Lubang terbuka lagi setelah hujan."})
    complaint.refresh_from_db()
    assert complaint.status == Status.DIPROSES and complaint.is_open
    assert Message.objects.filter(recipient=officer, subject__contains="dibuka kembali").exists()


def test_officer_rejects_out_of_scope_with_reason(client, officer, complaint):
    sign_in(client, officer)
    url = f"/pengaduan/antrean/{complaint.number}/tolak/"
    assert client.post(url, {"tolak-reason": ""}).status_code == 400
    client.post(url, {"tolak-reason": "Jalan nasional: kewenangan BPJN Kalbar."})
    complaint.refresh_from_db()
    assert complaint.status == Status.DITOLAK and not complaint.is_open
    assert "BPJN Kalbar" in client.get(f"/pengaduan/{complaint.number}/").content.decode()


def test_officer_forwards_to_other_office(client, officer, officer_other_office, office_b,
                                          complaint):
    sign_in(client, officer)
    client.post(f"/pengaduan/antrean/{complaint.number}/teruskan/",
                {"teruskan-office": office_b.pk, "teruskan-note": "Kewenangan DPMPTSP."})
    complaint.refresh_from_db()
    assert complaint.office == office_b and complaint.status == Status.BARU
    assert Message.objects.filter(recipient=officer_other_office).exists()
    assert client.get(f"/pengaduan/antrean/{complaint.number}/").status_code == 404
    assert {s.office_id: s.filed for s in ComplaintStat.objects.all()}[office_b.pk] == 1


def test_officer_merges_duplicate(client, officer, citizen, other_citizen, category, village,
                                  complaint):
    duplicate = make_complaint(reporter=other_citizen.user, category=category, village=village)
    sign_in(client, officer)
    client.post(f"/pengaduan/antrean/{duplicate.number}/gabung/",
                {"gabung-into": complaint.number})
    duplicate.refresh_from_db()
    assert duplicate.status == Status.DIGABUNG and duplicate.merged_into == complaint
    listing = client.get("/pengaduan/").content.decode()
    assert complaint.number in listing and duplicate.number not in listing


def test_officer_of_other_office_cannot_act(client, officer_other_office, complaint):
    sign_in(client, officer_other_office)
    assert client.get(f"/pengaduan/antrean/{complaint.number}/").status_code == 404
    assert client.post(f"/pengaduan/antrean/{complaint.number}/verifikasi/").status_code == 404
    with pytest.raises(PermissionDeniedError):
        actions.verify_complaint(actor=officer_other_office, complaint=complaint)


def test_other_citizen_cannot_confirm(client, other_citizen, complaint):
    sign_in(client, other_citizen.user)
    assert client.post(f"/pengaduan/saya/{complaint.number}/konfirmasi/").status_code == 404


def test_overdue_complaint_is_escalated_to_head_once(office_a, officer, complaint):
    head = make_officer(office=office_a, full_name="Kepala Dinas")
    office_a.head = head
    office_a.save()
    later = complaint.due_date + dt.timedelta(days=1)
    assert actions.escalate_overdue_complaints(today=later) == 1
    assert actions.escalate_overdue_complaints(today=later) == 0
    assert Message.objects.filter(recipient=head, body__contains=complaint.number).count() == 1
    assert ComplaintUpdate.objects.filter(complaint=complaint, kind="dieskalasi").exists()


def test_unanswered_closed_complaint_is_confirmed_automatically(officer, complaint):
    actions.verify_complaint(actor=officer, complaint=complaint)
    actions.close_complaint(actor=officer, complaint=complaint, note="Selesai.")
    complaint.refresh_from_db()
    today = complaint.closed_at.date() + dt.timedelta(days=30)
    actions.escalate_overdue_complaints(today=today)
    complaint.refresh_from_db()
    assert complaint.status == Status.DIKONFIRMASI


def test_queue_and_public_list_query_counts(client, officer, citizen, category, village,
                                            django_assert_max_num_queries):
    for _ in range(5):
        make_complaint(reporter=citizen.user, category=category, village=village)
    with django_assert_max_num_queries(6):
        response = client.get("/pengaduan/?kecamatan=" + village.parent_id)
    assert response.content.decode().count("/pengaduan/ADU-") == 5
    sign_in(client, officer)
    with django_assert_max_num_queries(12):
        assert client.get("/pengaduan/antrean/").status_code == 200


def test_my_complaints_and_complaint_pages_query_counts(client, officer, citizen, category,
                                                        village):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    first = make_complaint(reporter=citizen.user, category=category, village=village)
    sign_in(client, citizen.user)
    mine_few, page_few = queries("/pengaduan/saya/"), queries(f"/pengaduan/{first.number}/")
    for _ in range(4):
        make_complaint(reporter=citizen.user, category=category, village=village)
    for n in range(3):
        actions.respond_to_complaint(actor=officer, complaint=first, public_note=f"Jawaban {n}.")
    assert queries("/pengaduan/saya/") == mine_few
    assert queries(f"/pengaduan/{first.number}/") == page_few
