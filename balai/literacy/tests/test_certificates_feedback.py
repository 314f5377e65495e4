"""Signed certificates for those who attended, downloaded from the registration page and
verified on /verifikasi/; feedback by attendees, once."""

from __future__ import annotations

import pytest
from pyhanko.sign.validation import validate_pdf_signature

from balai.core.errors import PermissionDeniedError
from balai.core.testing import make_citizen, make_officer, sign_in
from balai.documents.testing import pdf_text, read_pdf
from balai.literacy import actions
from balai.literacy.models import Feedback

pytestmark = pytest.mark.django_db


@pytest.fixture
def signer(diskominfo, dev_pki):
    user = make_officer(office=diskominfo, role="pejabat_penandatangan",
                        full_name="Ir. Yohanes Kepala Dinas")
    dev_pki.certify(user)
    return user


@pytest.fixture
def attended(session, citizen, organiser):
    registration = actions.register_for_session(session=session, participant=citizen.user)
    return actions.check_in(registration=registration, actor=organiser)


def test_only_attendees_get_a_signed_certificate(client, session, attended, signer, dev_pki,
                                                 tmp_path):
    absent = actions.register_for_session(session=session, participant=make_citizen().user)
    sign_in(client, signer)
    response = client.post(f"/literasi-digital/kelola/sesi/{session.pk}/sertifikat/")
    assert response.status_code == 302
    attended.refresh_from_db()
    absent.refresh_from_db()
    assert attended.certificate is not None and absent.certificate is None

    sign_in(client, attended.participant)
    page = client.get(f"/literasi-digital/pendaftaran/{attended.pk}/").content.decode()
    code = attended.certificate.code
    assert f"/dokumen/{code}/unduh/" in page
    download = client.get(f"/dokumen/{code}/unduh/")
    assert download.status_code == 200
    pdf = b"".join(download.streaming_content)
    status = validate_pdf_signature(read_pdf(pdf).embedded_signatures[0],
                                    dev_pki.validation_context())
    assert status.intact and status.valid and status.trusted
    text = pdf_text(pdf, tmp_path)
    assert "Siti Aminah" in text and "Aman Bertransaksi Digital untuk UMKM" in text

    verification = client.get(f"/verifikasi/{code}/")
    assert verification.status_code == 200
    assert "Sertifikat pelatihan literasi digital" in verification.content.decode()

    # Issuing again gives nobody a second certificate.
    assert actions.issue_certificates(session=session, signer=signer) == 0


def test_other_citizen_cannot_download_the_certificate(client, session, attended, signer,
                                                       other_citizen):
    actions.issue_certificates(session=session, signer=signer)
    attended.refresh_from_db()
    sign_in(client, other_citizen.user)
    assert client.get(f"/dokumen/{attended.certificate.code}/unduh/").status_code == 404


def test_a_petugas_cannot_sign_certificates(session, attended, organiser):
    with pytest.raises(PermissionDeniedError):
        actions.issue_certificates(session=session, signer=organiser)


def test_no_certificates_without_attendance(client, session, signer, citizen):
    actions.register_for_session(session=session, participant=citizen.user)
    sign_in(client, signer)
    response = client.post(f"/literasi-digital/kelola/sesi/{session.pk}/sertifikat/",
                           follow=True)
    assert "Belum ada peserta yang hadir" in response.content.decode()


def test_attendee_gives_feedback_once(client, attended):
    sign_in(client, attended.participant)
    url = f"/literasi-digital/pendaftaran/{attended.pk}/umpan-balik/"
    assert "Kirim umpan balik" in client.get(
        f"/literasi-digital/pendaftaran/{attended.pk}/").content.decode()
    client.post(url, {"rating": "5", "comment": "Sangat bermanfaat."})
    feedback = Feedback.objects.get(registration=attended)
    assert (feedback.rating, feedback.comment) == (5, "Sangat bermanfaat.")
    again = client.post(url, {"rating": "1"}, follow=True)
    assert "sudah memberi umpan balik" in again.content.decode()
    assert Feedback.objects.get(registration=attended).rating == 5


def test_feedback_needs_a_rating_from_1_to_5(client, attended):
    sign_in(client, attended.participant)
    response = client.post(f"/literasi-digital/pendaftaran/{attended.pk}/umpan-balik/",
                           {"rating": "9"}, follow=True)
    assert "Pilih nilai 1 sampai 5." in response.content.decode()
    assert not Feedback.objects.exists()


def test_absent_participant_cannot_give_feedback(client, session, citizen):
    registration = actions.register_for_session(session=session, participant=citizen.user)
    sign_in(client, citizen.user)
    response = client.post(f"/literasi-digital/pendaftaran/{registration.pk}/umpan-balik/",
                           {"rating": "4"}, follow=True)
    assert "hanya dapat diberikan oleh peserta yang hadir" in response.content.decode()
    assert not Feedback.objects.exists()


def test_attended_participant_cannot_cancel(attended):
    from balai.core.errors import DomainError

    with pytest.raises(DomainError):
        actions.cancel_registration(registration=attended, actor=attended.participant)
