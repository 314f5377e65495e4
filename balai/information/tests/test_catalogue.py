import pytest

from balai.core.errors import PermissionDeniedError
from balai.information import actions
from balai.information.models import Category
from balai.ledger.models import LedgerEntry


@pytest.mark.django_db
def test_catalogue_lists_items_with_filters_and_stemmed_search(client, berkala, exempt,
                                                               django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        html = client.get("/informasi/").content.decode()
    assert berkala.title in html and exempt.title in html
    html = client.get("/informasi/?kategori=dikecualikan").content.decode()
    assert exempt.title in html and berkala.title not in html
    # "keuangan" is found from "uang" and vice versa (Indonesian stemming).
    html = client.get("/informasi/?q=uang").content.decode()
    assert berkala.title in html and exempt.title not in html
    html = client.get("/informasi/?q=pengamanan").content.decode()
    assert exempt.title in html and berkala.title not in html


@pytest.mark.django_db
def test_catalogue_is_in_the_site_search(client, berkala):
    html = client.get("/cari/?q=keuangan").content.decode()
    assert berkala.title in html
    assert f"/informasi/{berkala.pk}/" in html


@pytest.mark.django_db
def test_public_file_is_served(client, berkala):
    file = berkala.files.get()
    response = client.get(f"/informasi/{berkala.pk}/berkas/{file.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
def test_exempt_item_file_is_never_served(client, exempt, ppid):
    file = exempt.files.get()
    html = client.get(f"/informasi/{exempt.pk}/").content.decode()
    assert "Uji konsekuensi" in html and "Membuka celah serangan." in html
    assert f"/berkas/{file.pk}/" not in html
    assert client.get(f"/informasi/{exempt.pk}/berkas/{file.pk}/").status_code == 404
    # Not even for the office's own PPID through the public view.
    from balai.core.testing import sign_in

    sign_in(client, ppid)
    assert client.get(f"/informasi/{exempt.pk}/berkas/{file.pk}/").status_code == 404


@pytest.mark.django_db
def test_exempt_item_needs_legal_basis_and_consequence_test(ppid, office_a):
    with pytest.raises(actions.InformationError) as error:
        actions.publish_item(actor=ppid, office=office_a, title="Rahasia",
                             category=Category.DIKECUALIKAN)
    assert error.value.code == "INFORMATION_EXEMPT_NEEDS_BASIS"


@pytest.mark.django_db
def test_only_ppid_of_the_office_publishes(officer, office_a, ppid, office_b):
    with pytest.raises(PermissionDeniedError):
        actions.publish_item(actor=officer, office=office_a, title="X",
                             category=Category.BERKALA)
    with pytest.raises(PermissionDeniedError):
        actions.publish_item(actor=ppid, office=office_b, title="X", category=Category.BERKALA)


@pytest.mark.django_db
def test_ppid_publishes_through_the_page(client, ppid, office_a):
    from balai.applications.tests.helpers import pdf_file
    from balai.core.testing import sign_in

    sign_in(client, ppid)
    response = client.post("/informasi/ppid/terbitkan/", {
        "office": office_a.code, "title": "Rencana kerja 2027", "category": "berkala",
        "summary": "Renja dinas.", "files": [pdf_file("renja.pdf")]})
    assert response.status_code == 302
    assert LedgerEntry.objects.filter(action="informasi.diterbitkan").exists()
    bad = client.post("/informasi/ppid/terbitkan/", {
        "office": office_a.code, "title": "Rahasia", "category": "dikecualikan",
        "files": [pdf_file("x.exe", b"MZ\x90\x00" * 20)]})
    html = bad.content.decode()
    assert bad.status_code == 200
    assert "wajib mencantumkan dasar hukumnya" in html
    assert "bukan PDF, JPG, PNG atau CSV" in html
