"""An anonymous reporter's identity appears in no page, API response, export, admin page or
ledger entry that officers can read; a confidential complaint is hidden from the public but
visible to the handling officer."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from balai.complaints import actions
from balai.complaints.models import Complaint, ComplaintUpdate
from balai.complaints.tests.conftest import png_bytes
from balai.core.testing import sign_in
from balai.ledger.models import LedgerEntry
from balai.notifications.models import Message


def _identity(citizen) -> list[str]:
    user = citizen.user
    values = [user.full_name, citizen.nik, citizen.phone, user.username]
    return [v for v in values if v]


@pytest.fixture
def anonymous(client, citizen, category, village) -> Complaint:
    sign_in(client, citizen.user)
    client.post("/pengaduan/lapor/", {
        "category": category.code, "village": village.code, "anonymous": "on",
        "description": "Pungutan liar di loket kantor desa untuk surat pengantar.",
        "photos": [SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")]})
    client.logout()
    return Complaint.objects.get()


def test_anonymous_complaint_has_no_reporter_on_the_row(anonymous, citizen):
    assert anonymous.is_anonymous and anonymous.reporter_id is None
    assert not ComplaintUpdate.objects.filter(officer=citizen.user).exists()


def test_officer_pages_exports_and_apis_never_show_anonymous_reporter(
        client, anonymous, citizen, officer, admin_user):
    actions.verify_complaint(actor=officer, complaint=anonymous)
    actions.respond_to_complaint(actor=officer, complaint=anonymous, public_note="Ditindak.")
    actions.close_complaint(actor=officer, complaint=anonymous, note="Selesai.")
    sign_in(client, citizen.user)
    client.post(f"/pengaduan/saya/{anonymous.number}/konfirmasi/")
    client.post(f"/pengaduan/saya/{anonymous.number}/nilai/", {"rating": "5"})
    client.logout()

    sign_in(client, officer)
    officer_urls = ["/pengaduan/antrean/", "/pengaduan/antrean/?status=dikonfirmasi",
                    f"/pengaduan/antrean/{anonymous.number}/",
                    f"/pengaduan/{anonymous.number}/", "/pengaduan/",
                    "/open311/v2/requests.json", "/open311/v2/requests.xml",
                    f"/open311/v2/requests/{anonymous.number}.json",
                    f"/api/v1/complaints/{anonymous.number}", "/api/v1/complaints",
                    "/api/v1/complaints/queue"]
    pages = {url: client.get(url) for url in officer_urls}
    client.logout()
    sign_in(client, admin_user)
    for url in ["/admin/complaints/complaint/",
                f"/admin/complaints/complaint/{anonymous.pk}/change/",
                f"/admin/ledger/ledgerentry/?object_type=complaints.complaint&object_id={anonymous.pk}"]:
        pages[url] = client.get(url)
    for url, response in pages.items():
        if response.status_code != 200:
            continue
        text = response.content.decode()
        for value in _identity(citizen):
            assert value not in text, (url, value)
    for url in (f"/pengaduan/antrean/{anonymous.number}/",
                f"/api/v1/complaints/{anonymous.number}", "/api/v1/complaints/queue",
                "/open311/v2/requests.xml"):
        assert pages[url].status_code == 200, url
    assert pages[f"/admin/complaints/complaint/{anonymous.pk}/change/"].status_code == 200
    ledger_page = pages[f"/admin/ledger/ledgerentry/?object_type=complaints.complaint"
                        f"&object_id={anonymous.pk}"].content.decode()
    assert "pengaduan.dilaporkan" in ledger_page and "pelapor:anonim" in ledger_page
    # The ledger names "pelapor:anonim" for the reporter's own steps, never the user.
    entries = LedgerEntry.objects.filter(object_type="complaints.complaint",
                                         object_id=str(anonymous.pk))
    assert entries.filter(actor_label="pelapor:anonim").count() == 3  # filed, confirmed, rated
    assert not entries.filter(actor_id=citizen.user.pk).exists()
    # The reporter's inbox does not tie them to the number.
    assert not Message.objects.filter(recipient=citizen.user,
                                      body__contains=anonymous.number).exists()
    assert Message.objects.filter(recipient=citizen.user).exists()


def test_anonymous_reporter_still_follows_their_complaint(client, anonymous, citizen,
                                                        other_citizen):
    sign_in(client, citizen.user)
    assert anonymous.number in client.get("/pengaduan/saya/").content.decode()
    assert client.get(f"/pengaduan/saya/{anonymous.number}/").status_code == 200
    client.logout()
    sign_in(client, other_citizen.user)
    assert anonymous.number not in client.get("/pengaduan/saya/").content.decode()
    assert client.get(f"/pengaduan/saya/{anonymous.number}/").status_code == 404


def test_confidential_complaint_hidden_from_public_visible_to_handler(
        client, citizen, category, village, officer, officer_other_office):
    from balai.complaints.tests.helpers import make_complaint

    secret = make_complaint(reporter=citizen.user, category=category, village=village,
                            confidential=True)
    assert secret.number not in client.get("/pengaduan/").content.decode()
    assert client.get(f"/pengaduan/{secret.number}/").status_code == 404
    assert client.get(f"/open311/v2/requests/{secret.number}.json").status_code == 404
    sign_in(client, officer)
    page = client.get(f"/pengaduan/antrean/{secret.number}/").content.decode()
    assert secret.description in page and citizen.user.full_name in page
    client.logout()
    sign_in(client, officer_other_office)
    assert client.get(f"/pengaduan/antrean/{secret.number}/").status_code == 404


def test_report_photo_is_only_for_reporter_and_handler(client, anonymous, citizen, officer,
                                                       other_citizen):
    photo = anonymous.photos.get()
    url = f"/pengaduan/foto/{photo.pk}/"
    assert client.get(url).status_code == 404
    sign_in(client, other_citizen.user)
    assert client.get(url).status_code == 404
    client.logout()
    sign_in(client, officer)
    response = client.get(url)
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
