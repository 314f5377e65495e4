"""A citizen reports a complaint through the page; bad input is refused with a clear message."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from balai.complaints.models import Complaint, ComplaintPhoto, ComplaintStat, Status
from balai.complaints.tests.conftest import jpeg_bytes, png_bytes
from balai.core import events
from balai.core.testing import make_officer, sign_in
from balai.notifications.models import Message


def _post(client, category, village, **overrides):
    data = {"category": category.code,
            "description": "Lampu jalan di simpang tiga padam sejak dua minggu lalu.",
            "village": village.code, "location_note": "Simpang tiga pasar",
            "latitude": "", "longitude": ""}
    data.update(overrides)
    return client.post("/pengaduan/lapor/", data)


def test_citizen_files_complaint_with_photo_and_gets_tracking_number(client, citizen, category,
                                                                     village, office_a):
    head = make_officer(office=office_a, full_name="Kepala Dinas")
    office_a.head = head
    office_a.save()
    opened = []
    events.case_opened.connect(lambda **kw: opened.append(kw), weak=False,
                               dispatch_uid="test-opened")
    try:
        sign_in(client, citizen.user)
        photo = SimpleUploadedFile("lubang.jpg", jpeg_bytes(), content_type="image/jpeg")
        response = _post(client, category, village, photos=[photo])
    finally:
        events.case_opened.disconnect(dispatch_uid="test-opened")
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/pengaduan/saya/{complaint.number}/diterima/"
    assert complaint.number.startswith("ADU-") and complaint.number.endswith("-000001")
    assert complaint.office == office_a
    assert complaint.kecamatan_id == village.parent_id
    assert complaint.status == Status.BARU and complaint.due_date is not None
    assert ComplaintPhoto.objects.get().content_type == "image/jpeg"
    assert Message.objects.filter(recipient=citizen.user, body__contains=complaint.number).exists()
    assert Message.objects.filter(recipient=head, subject__contains=complaint.number).exists()
    assert opened[0]["kind"] == "complaint" and opened[0]["topic"] == "jalan-rusak"
    assert ComplaintStat.objects.get().filed == 1
    page = client.get(response["Location"])
    assert complaint.number in page.content.decode()


def test_empty_report_is_refused_with_message(client, citizen, category, village):
    sign_in(client, citizen.user)
    response = _post(client, category, village, description="")
    assert response.status_code == 200
    assert "Tuliskan uraian pengaduan." in response.content.decode()
    assert not Complaint.objects.exists()


def test_oversized_report_is_refused_with_message(client, citizen, category, village):
    sign_in(client, citizen.user)
    response = _post(client, category, village, description="x" * 4001)
    assert "Uraian terlalu panjang" in response.content.decode()
    assert not Complaint.objects.exists()


def test_disguised_photo_is_refused_and_nothing_is_saved(client, citizen, category, village):
    sign_in(client, citizen.user)
    fake = SimpleUploadedFile("foto.jpg", b"%PDF-1.4 not a photo at all",
                              content_type="image/jpeg")
    response = _post(client, category, village, photos=[fake])
    assert "berformat PDF; yang diterima hanya JPG" in response.content.decode()
    assert not Complaint.objects.exists()
    assert not ComplaintPhoto.objects.exists()


def test_truncated_png_is_refused(client, citizen, category, village):
    sign_in(client, citizen.user)
    broken = SimpleUploadedFile("foto.png", png_bytes()[:30], content_type="image/png")
    response = _post(client, category, village, photos=[broken])
    assert "tidak dapat dibaca" in response.content.decode()
    assert not Complaint.objects.exists()


def test_only_one_coordinate_is_refused(client, citizen, category, village):
    sign_in(client, citizen.user)
    response = _post(client, category, village, latitude="-0.05")
    assert "lintang dan bujur bersama-sama" in response.content.decode()


def test_officer_without_citizen_account_cannot_file(client, officer, category):
    sign_in(client, officer)
    assert client.get("/pengaduan/lapor/").status_code == 403


def test_tracking_numbers_follow_each_other(citizen, category, village):
    from balai.complaints.tests.helpers import make_complaint

    first = make_complaint(reporter=citizen.user, category=category, village=village)
    second = make_complaint(reporter=citizen.user, category=category, village=village)
    assert int(second.number[-6:]) == int(first.number[-6:]) + 1
