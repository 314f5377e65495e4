"""Officers of the responsible office add and edit innovations, move them a stage forward (one
history row per step) and add evidence, each change in the ledger. Officers of other offices and
anonymous visitors change nothing; bad uploads are refused in Indonesian with nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from balai.core.testing import make_officer, sign_in
from balai.innovation.models import Evidence, Innovation, StageChange
from balai.innovation.tests.helpers import EXE, make_innovation, pdf_bytes, png_bytes, upload
from balai.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db


def _new(office, **overrides):
    data = {"office": str(office.pk), "name": "Akta Lahir dari Puskesmas",
            "summary": "Bidan mengirim data kelahiran secara daring.",
            "problem": "Banyak anak belum memiliki akta.", "form": "digital",
            "category": "pelayanan_publik", "started_on": "2025-02-03",
            "evidence_title": "", "evidence_file": ""}
    data.update(overrides)
    return data


def _edit(innovation, **overrides):
    data = {"name": innovation.name, "summary": innovation.summary,
            "problem": innovation.problem, "form": innovation.form,
            "category": innovation.category, "started_on": innovation.started_on.isoformat()}
    data.update(overrides)
    return data


# --- adding -----------------------------------------------------------------------------------

def test_officer_adds_an_innovation_with_evidence(officer_client, dukcapil, dukcapil_officer):
    response = officer_client.post("/inovasi/baru/", _new(
        dukcapil, evidence_title="Laporan uji coba", evidence_file=upload("laporan.pdf")))

    innovation = Innovation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/inovasi/{innovation.pk}/"
    assert (innovation.office, innovation.stage, innovation.form) == (
        dukcapil, "inisiatif", "digital")
    [change] = innovation.stage_changes.all()
    assert (change.from_stage, change.to_stage, change.changed_on, change.changed_by) == (
        "", "inisiatif", dt.date(2025, 2, 3), dukcapil_officer)
    evidence = innovation.evidence.get()
    assert evidence.title == "Laporan uji coba" and evidence.content_type == "application/pdf"
    with evidence.file.open("rb") as stored:
        assert stored.read() == pdf_bytes()
    entry = LedgerEntry.objects.get(action="inovasi.dibuat")
    assert entry.actor_id == dukcapil_officer.pk


def test_office_choices_are_only_the_officers_own(officer_client, dukcapil, dinkes):
    page = officer_client.get("/inovasi/baru/").content.decode()
    assert "Dinas Kependudukan" in page and "Dinas Kesehatan" not in page

    response = officer_client.post("/inovasi/baru/", _new(dinkes))

    assert response.status_code == 400
    assert "Masukkan pilihan yang valid" in response.content.decode()
    assert not Innovation.objects.exists()


def test_an_image_is_accepted_and_re_encoded(officer_client, dukcapil):
    response = officer_client.post("/inovasi/baru/", _new(
        dukcapil, evidence_title="Foto kegiatan", evidence_file=upload("foto.png", png_bytes())))

    assert response.status_code == 302
    assert Evidence.objects.get().content_type == "image/png"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("sk.pdf", EXE, "bukan PDF, JPG, PNG"),
    ("sk.pdf", pdf_bytes(javascript=True), "skrip"),
    ("sk.pdf", b"", "kosong"),
])
def test_bad_evidence_is_refused_in_indonesian_and_nothing_is_written(
        officer_client, dukcapil, name, content, message):
    response = officer_client.post("/inovasi/baru/", _new(
        dukcapil, evidence_title="SK", evidence_file=upload(name, content)))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Innovation.objects.exists() and not Evidence.objects.exists()
    assert not LedgerEntry.objects.filter(action__startswith="inovasi.").exists()


def test_evidence_without_a_title_is_refused(officer_client, dukcapil):
    response = officer_client.post("/inovasi/baru/", _new(dukcapil, evidence_file=upload()))

    assert response.status_code == 400
    assert "Beri judul untuk berkas bukti." in response.content.decode()
    assert not Innovation.objects.exists()


def test_a_future_start_date_is_refused(officer_client, dukcapil):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = officer_client.post("/inovasi/baru/", _new(dukcapil,
                                                           started_on=tomorrow.isoformat()))

    assert response.status_code == 400
    assert "Tanggal mulai tidak boleh di masa depan." in response.content.decode()
    assert not Innovation.objects.exists()


def test_people_without_an_office_role_cannot_add(client, dukcapil):
    assert client.get("/inovasi/baru/").status_code == 302  # to sign in
    assert client.post("/inovasi/baru/", _new(dukcapil)).status_code == 302
    sign_in(client, make_officer(office=dukcapil, role="verifikator"))
    assert client.get("/inovasi/baru/").status_code == 404
    assert client.post("/inovasi/baru/", _new(dukcapil)).status_code == 404
    assert not Innovation.objects.exists()


def test_admin_of_the_office_adds_too(client, dukcapil):
    sign_in(client, make_officer(office=dukcapil, role="admin"))
    assert client.post("/inovasi/baru/", _new(dukcapil)).status_code == 302
    assert Innovation.objects.get().office == dukcapil


# --- editing ----------------------------------------------------------------------------------

def test_officer_edits_the_description_recorded_in_the_ledger(officer_client, dukcapil):
    innovation = make_innovation(dukcapil)

    response = officer_client.post(f"/inovasi/{innovation.pk}/ubah/",
                                   _edit(innovation, name="Adminduk Keliling Perairan"))

    assert response.status_code == 302
    innovation.refresh_from_db()
    assert innovation.name == "Adminduk Keliling Perairan" and innovation.office == dukcapil
    assert LedgerEntry.objects.filter(action="inovasi.diubah").count() == 1


def test_officer_of_another_office_cannot_edit_advance_or_add_evidence(client, dukcapil,
                                                                      dinkes_officer):
    innovation = make_innovation(dukcapil)
    sign_in(client, dinkes_officer)

    assert client.get(f"/inovasi/{innovation.pk}/ubah/").status_code == 404
    assert client.post(f"/inovasi/{innovation.pk}/ubah/",
                       _edit(innovation, name="Dibajak")).status_code == 404
    assert client.post(f"/inovasi/{innovation.pk}/tahap/",
                       {"changed_on": "2024-06-01"}).status_code == 404
    assert client.post(f"/inovasi/{innovation.pk}/bukti/",
                       {"title": "SK", "file": upload()}).status_code == 404
    assert "Ubah data inovasi" not in client.get(f"/inovasi/{innovation.pk}/").content.decode()
    innovation.refresh_from_db()
    assert (innovation.name, innovation.stage) == ("Adminduk Keliling", "inisiatif")
    assert not Evidence.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in_and_change_nothing(client, dukcapil):
    innovation = make_innovation(dukcapil)
    for url, data in ((f"/inovasi/{innovation.pk}/ubah/", _edit(innovation, name="X")),
                      (f"/inovasi/{innovation.pk}/tahap/", {"changed_on": "2024-06-01"}),
                      (f"/inovasi/{innovation.pk}/bukti/", {"title": "SK", "file": upload()})):
        response = client.post(url, data)
        assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    innovation.refresh_from_db()
    assert (innovation.name, innovation.stage) == ("Adminduk Keliling", "inisiatif")


def test_a_corrected_start_date_moves_the_start_of_the_history(officer_client, dukcapil):
    innovation = make_innovation(dukcapil)

    response = officer_client.post(f"/inovasi/{innovation.pk}/ubah/",
                                   _edit(innovation, started_on="2024-01-08"))

    assert response.status_code == 302
    assert StageChange.objects.get(innovation=innovation).changed_on == dt.date(2024, 1, 8)


def test_the_start_cannot_move_after_the_first_stage_step(officer_client, dukcapil):
    from balai.innovation import actions

    innovation = make_innovation(dukcapil)
    actions.advance_stage(actor="sistem:uji", innovation=innovation,
                          changed_on=dt.date(2024, 6, 1))

    response = officer_client.post(f"/inovasi/{innovation.pk}/ubah/",
                                   _edit(innovation, started_on="2024-07-01"))

    assert response.status_code == 400
    assert "sesudah perubahan tahap pertama (01-06-2024)" in response.content.decode()
    innovation.refresh_from_db()
    assert innovation.started_on == dt.date(2024, 1, 15)
    assert not LedgerEntry.objects.filter(action="inovasi.diubah").exists()


# --- stages -----------------------------------------------------------------------------------

def test_officer_moves_the_stage_forward_keeping_the_history(officer_client, dukcapil,
                                                             dukcapil_officer):
    innovation = make_innovation(dukcapil)
    url = f"/inovasi/{innovation.pk}/tahap/"

    assert "Simpan tahap berikutnya" in officer_client.get(url).content.decode()
    first = officer_client.post(url, {"changed_on": "2024-06-01", "note": "Lima desa."})
    second = officer_client.post(url, {"changed_on": "2025-01-06", "note": "Perbup terbit."})
    third = officer_client.post(url, {"changed_on": "2025-02-01"})

    assert first.status_code == second.status_code == 302
    assert third.status_code == 400
    assert "sudah pada tahap penerapan" in third.content.decode()
    innovation.refresh_from_db()
    assert innovation.stage == "penerapan"
    history = [(c.from_stage, c.to_stage, c.changed_on.isoformat(), c.note)
               for c in StageChange.objects.filter(innovation=innovation).order_by("id")]
    assert history == [("", "inisiatif", "2024-01-15", ""),
                       ("inisiatif", "uji_coba", "2024-06-01", "Lima desa."),
                       ("uji_coba", "penerapan", "2025-01-06", "Perbup terbit.")]
    assert LedgerEntry.objects.filter(action="inovasi.tahap_maju").count() == 2


def test_a_stage_cannot_start_before_the_innovation(officer_client, dukcapil):
    innovation = make_innovation(dukcapil)

    response = officer_client.post(f"/inovasi/{innovation.pk}/tahap/",
                                   {"changed_on": "2023-12-31"})

    assert response.status_code == 400
    assert "tidak boleh sebelum tanggal mulai" in response.content.decode()
    assert StageChange.objects.filter(innovation=innovation).count() == 1


# --- evidence ---------------------------------------------------------------------------------

def test_officer_adds_evidence_on_the_innovation_page(officer_client, dukcapil):
    innovation = make_innovation(dukcapil)
    page = officer_client.get(f"/inovasi/{innovation.pk}/").content.decode()
    assert 'enctype="multipart/form-data"' in page

    response = officer_client.post(f"/inovasi/{innovation.pk}/bukti/",
                                   {"title": "Foto kegiatan", "file": upload("f.png",
                                                                             png_bytes())})

    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.innovation, evidence.title) == (innovation, "Foto kegiatan")
    assert LedgerEntry.objects.filter(action="inovasi.bukti_ditambah").count() == 1


def test_a_disguised_program_is_refused_as_evidence(officer_client, dukcapil):
    innovation = make_innovation(dukcapil)

    response = officer_client.post(f"/inovasi/{innovation.pk}/bukti/",
                                   {"title": "SK", "file": upload("sk.jpg", EXE)})

    assert response.status_code == 400
    assert "bukan PDF, JPG, PNG" in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_change_that_fails_leaves_no_record_and_no_stored_file(dukcapil, monkeypatch):
    import hashlib

    from django.core.files.storage import default_storage

    from balai.innovation import actions
    from balai.innovation.tests.helpers import clean_pdf

    folder = f"inovasi/{hashlib.sha256(pdf_bytes()).hexdigest()[:2]}"

    def _files():
        return default_storage.listdir(folder)[1] if default_storage.exists(folder) else []

    before = _files()

    def broken(**_kwargs):
        raise RuntimeError("open data store unavailable")

    monkeypatch.setattr(actions, "publish_catalogue", broken)
    with pytest.raises(RuntimeError):
        actions.create_innovation(actor="sistem:uji", office=dukcapil, name="Gagal",
                                  summary="S", problem="P", form="digital",
                                  category="lainnya", started_on=dt.date(2024, 1, 1),
                                  evidence=[("SK", clean_pdf())])

    assert not Innovation.objects.exists() and not Evidence.objects.exists()
    assert _files() == before


def test_the_list_offers_adding_to_officers_only(client, dukcapil, dukcapil_officer):
    assert 'href="/inovasi/baru/"' not in client.get("/inovasi/").content.decode()
    sign_in(client, dukcapil_officer)
    assert 'href="/inovasi/baru/"' in client.get("/inovasi/").content.decode()
