"""Officers: check-in from the ticket's QR address, the participant table, the CSV export and
the attendance import; operators: assisted registration with consent."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from balai.applications.models import AssistanceConsent
from balai.core.testing import make_citizen, make_officer, sign_in
from balai.ledger.models import LedgerEntry
from balai.literacy import actions
from balai.literacy.models import Registration

pytestmark = pytest.mark.django_db


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("hadir.csv", text.encode(), content_type="text/csv")


def test_officer_opens_the_qr_address_and_marks_attendance(client, session, citizen,
                                                           organiser):
    registration = actions.register_for_session(session=session, participant=citizen.user)
    url = f"/literasi-digital/hadir/{registration.check_in_token}/"
    sign_in(client, organiser)
    page = client.get(url).content.decode()
    assert "Siti Aminah" in page and "Tandai hadir" in page
    registration.refresh_from_db()
    assert registration.attended_at is None  # a GET never writes
    response = client.post(url)
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.attended_at is not None and registration.checked_in_by == organiser
    assert LedgerEntry.objects.filter(action="literasi.hadir").count() == 1


def test_officer_of_another_office_and_the_citizen_cannot_check_in(client, session, citizen,
                                                                   officer_other_office):
    registration = actions.register_for_session(session=session, participant=citizen.user)
    url = f"/literasi-digital/hadir/{registration.check_in_token}/"
    for user in (officer_other_office, citizen.user):
        sign_in(client, user)
        assert client.post(url).status_code == 404
    registration.refresh_from_db()
    assert registration.attended_at is None


def test_unknown_check_in_token_is_404(client, organiser, db):
    sign_in(client, organiser)
    assert client.get("/literasi-digital/hadir/tebakan/").status_code == 404


def test_participant_table_has_a_check_in_button_per_seat(client, session, organiser):
    people = [make_citizen() for _ in range(3)]
    registrations = [actions.register_for_session(session=session, participant=p.user)
                     for p in people]
    sign_in(client, organiser)
    page = client.get(f"/literasi-digital/kelola/sesi/{session.pk}/").content.decode()
    assert page.count('aria-label="Tandai hadir: ') == 2  # the waitlisted one holds no seat
    client.post(f"/literasi-digital/kelola/pendaftaran/{registrations[0].pk}/hadir/")
    registrations[0].refresh_from_db()
    assert registrations[0].attended_at is not None
    assert "Daftar tunggu" in page


def test_participant_list_exports_as_csv(client, session, organiser, citizen):
    registration = actions.register_for_session(session=session, participant=citizen.user)
    sign_in(client, organiser)
    response = client.get(f"/literasi-digital/kelola/sesi/{session.pk}/peserta.csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "nomor,nama,status,hadir"
    assert lines[1] == f"{registration.pk},Siti Aminah,Terdaftar,tidak"


def test_attendance_import_marks_those_present(client, session, organiser):
    a, b = (actions.register_for_session(session=session, participant=make_citizen().user)
            for _ in range(2))
    sign_in(client, organiser)
    response = client.post(f"/literasi-digital/kelola/sesi/{session.pk}/impor-kehadiran/",
                           {"file": _csv(f"nomor;nama;hadir\n{a.pk};A;ya\n{b.pk};B;tidak\n")})
    assert response.status_code == 302
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.attended_at is not None and b.attended_at is None


def test_attendance_import_with_a_bad_row_saves_nothing(client, session, organiser):
    a, b, c = (actions.register_for_session(session=session, participant=make_citizen().user)
               for _ in range(3))
    sign_in(client, organiser)
    body = (f"nomor,hadir\n{a.pk},ya\n{c.pk},ya\n99999,ya\nabc,ya\n{b.pk},mungkin\n")
    response = client.post(f"/literasi-digital/kelola/sesi/{session.pk}/impor-kehadiran/",
                           {"file": _csv(body)})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Baris 5: nomor pendaftaran “abc” bukan angka." in page
    assert "Baris 6: isi kolom hadir dengan “ya” atau “tidak”" in page
    assert not Registration.objects.filter(attended_at__isnull=False).exists()

    # With the form errors fixed, the rules of the session are checked: still nothing saved.
    body = f"nomor,hadir\n{a.pk},ya\n{c.pk},ya\n99999,ya\n"
    response = client.post(f"/literasi-digital/kelola/sesi/{session.pk}/impor-kehadiran/",
                           {"file": _csv(body)})
    page = response.content.decode()
    assert response.status_code == 400
    assert f"Baris 3: peserta nomor {c.pk} tidak memegang kursi" in page
    assert "Baris 4: nomor pendaftaran 99999 tidak ada di sesi ini." in page
    assert not Registration.objects.filter(attended_at__isnull=False).exists()


def test_attendance_import_needs_the_columns(client, session, organiser):
    sign_in(client, organiser)
    response = client.post(f"/literasi-digital/kelola/sesi/{session.pk}/impor-kehadiran/",
                           {"file": _csv("id,status\n1,ya\n")})
    assert response.status_code == 400
    assert "Kolom wajib tidak ada: nomor, hadir." in response.content.decode()


def test_other_office_cannot_see_participants(client, session, officer_other_office):
    sign_in(client, officer_other_office)
    assert client.get(f"/literasi-digital/kelola/sesi/{session.pk}/").status_code == 404
    assert client.get(f"/literasi-digital/kelola/sesi/{session.pk}/peserta.csv"
                      ).status_code == 404


def test_operator_registers_a_citizen_with_consent(client, session, operator, citizen):
    sign_in(client, operator)
    url = f"/literasi-digital/sesi/{session.pk}/daftar-dibantu/"
    refused = client.post(url, {"nik": citizen.nik})
    assert refused.status_code == 400
    assert "memerlukan persetujuan warga" in refused.content.decode()
    assert not Registration.objects.exists()

    response = client.post(url, {"nik": citizen.nik, "consent": "on"})
    assert response.status_code == 302
    registration = Registration.objects.get(participant=citizen.user)
    assert registration.channel == "dibantu" and registration.operator == operator
    assert AssistanceConsent.objects.filter(citizen=citizen.user, operator=operator).exists()


def test_operator_gets_a_message_for_an_unknown_nik(client, session, operator):
    sign_in(client, operator)
    response = client.post(f"/literasi-digital/sesi/{session.pk}/daftar-dibantu/",
                           {"nik": "6112015708900009", "consent": "on"})
    assert response.status_code == 400
    assert "belum terdaftar di Balai" in response.content.decode()


def test_assisted_registration_is_for_operators_only(client, session, citizen):
    sign_in(client, citizen.user)
    assert client.get(f"/literasi-digital/sesi/{session.pk}/daftar-dibantu/").status_code == 404


def test_manage_lists_the_office_sessions(client, session, organiser, diskominfo):
    other = make_officer(role="petugas")
    sign_in(client, organiser)
    assert "Aman Bertransaksi" in client.get("/literasi-digital/kelola/").content.decode()
    sign_in(client, other)
    assert "Aman Bertransaksi" not in client.get("/literasi-digital/kelola/").content.decode()


def test_exported_list_filled_in_offline_imports_back(client, session, organiser):
    seated = [actions.register_for_session(session=session, participant=make_citizen().user)
              for _ in range(2)]
    waiting = actions.register_for_session(session=session, participant=make_citizen().user)
    sign_in(client, organiser)
    exported = client.get(f"/literasi-digital/kelola/sesi/{session.pk}/peserta.csv").content
    # The officer marks the first seat holder present in a spreadsheet, saved with the BOM.
    lines = exported.decode("utf-8-sig").splitlines()
    lines[1] = lines[1].rsplit(",", 1)[0] + ",ya"
    upload = SimpleUploadedFile("peserta.csv", ("\ufeff" + "\n".join(lines)).encode(),
                                content_type="text/csv")
    response = client.post(f"/literasi-digital/kelola/sesi/{session.pk}/impor-kehadiran/",
                           {"file": upload}, follow=True)
    assert "1 peserta baru ditandai hadir" in response.content.decode()
    present = set(Registration.objects.filter(attended_at__isnull=False)
                  .values_list("pk", flat=True))
    assert present == {seated[0].pk}
    assert waiting.pk not in present


def test_attendance_import_refuses_a_file_that_is_not_text(client, session, organiser):
    sign_in(client, organiser)
    upload = SimpleUploadedFile("hadir.csv", b"\x89PNG\r\n\x1a\n\xff\xfe\x00",
                                content_type="text/csv")
    response = client.post(f"/literasi-digital/kelola/sesi/{session.pk}/impor-kehadiran/",
                           {"file": upload})
    assert response.status_code == 400
    assert "Berkas bukan teks CSV UTF-8" in response.content.decode()
