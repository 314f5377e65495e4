import pytest

from balai.information import actions
from balai.information.models import Category


@pytest.mark.django_db
def test_annual_report_counts_outcomes_refusals_and_objections(client, citizen, office_a, ppid,
                                                               atasan, berkala, exempt):
    form = {"information": "x", "purpose": "y", "format": "softcopy", "delivery": "daring"}
    answers = [("granted", ""), ("granted_partly", "UU 14/2008 Pasal 17 huruf h"),
               ("refused", "UU 14/2008 Pasal 17 huruf h")]
    for outcome, basis in answers:
        info, _ = actions.submit_request(actor=citizen.user, office=office_a, **form)
        actions.answer_request(actor=ppid, request=info, outcome=outcome, answer="a",
                               refusal_basis=basis, expected_version=info.version)
    objection = actions.file_objection(actor=citizen.user, request=info, ground="a",
                                       reason="Bukan rahasia.")
    actions.decide_objection(actor=atasan, objection=objection, decision="diterima", note="ok")
    actions.submit_request(actor=citizen.user, office=office_a, **form)
    html = client.get("/informasi/laporan/").content.decode()
    assert "<th scope=\"row\">Jumlah permohonan informasi</th><td>4</td>" in html
    assert "Alasan penolakan: UU 14/2008 Pasal 17 huruf h</th><td>2</td>" in html
    assert "Keberatan diterima</th><td>1</td>" in html
    csv_text = client.get("/informasi/laporan/laporan.csv").content.decode()
    assert "Ditolak,1" in csv_text and "Dikabulkan sebagian,1" in csv_text
    assert f"Informasi {Category.DIKECUALIKAN.label.lower()} di daftar,1" in csv_text
    pdf = client.get("/informasi/laporan/laporan.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    import io

    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "Jumlah permohonan informasi" in text


@pytest.mark.django_db
def test_report_with_bad_year_falls_back_with_message(client):
    response = client.get("/informasi/laporan/?tahun=abc")
    assert response.status_code == 200
    assert 'id="id_tahun_error"' in response.content.decode()
