"""A citizen applies over a connection that drops: what they type is kept on the device, and a
submission made while offline is sent once, when the connection returns."""

from __future__ import annotations

import re

import pytest

from balai.applications.models import DRAFT, Application
from balai.applications.tests.helpers import PDF, akta_values
from balai.applications.tests.test_journey_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REQUIREMENTS = ["surat-lahir", "buku-nikah", "kk", "ktp-orang-tua"]
QUEUED = "akan dikirim otomatis saat koneksi kembali"


def _fill_data(page, code: str) -> None:
    page.goto(f"/layanan/{code}/ajukan/")
    for name, value in akta_values().items():
        if name == "jenis_kelamin":
            page.check(f"input[name={name}][value={value}]")
        else:
            page.fill(f"[name={name}]", value)


def _to_review(page, code: str, scan) -> None:
    _fill_data(page, code)
    with page.expect_navigation():
        page.click("text=Simpan dan lanjutkan")
    for requirement in REQUIREMENTS:
        page.set_input_files(f"input[name={requirement}]", str(scan))
    with page.expect_navigation():
        page.click("text=Simpan dan lanjutkan")
    assert page.url.endswith("/ajukan/periksa/")


def _submitted(user) -> int:
    return Application.objects.filter(applicant=user).exclude(state=DRAFT).count()


@pytest.fixture
def scan(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(PDF)
    return path


def test_submission_made_offline_is_sent_once_when_the_connection_returns(
        page, live_server, client, citizen, akta, scan):
    sign_in(page, client, citizen.user, live_server.url)
    _to_review(page, akta.service.code, scan)
    review_url = page.url
    key = page.input_value("input[name=idempotency_key]")
    csrf = page.input_value("input[name=csrfmiddlewaretoken]")
    page.check("input[name=confirm]")

    page.context.set_offline(True)
    page.click("text=Ajukan permohonan")
    status = page.get_by_role("status")
    status.filter(has_text=QUEUED).wait_for()
    assert page.url == review_url
    assert _submitted(citizen.user) == 0

    page.context.set_offline(False)
    # A second and a third "online" signal while the first is being handled send nothing more.
    page.evaluate("window.dispatchEvent(new Event('online'));"
                  "window.dispatchEvent(new Event('online'))")
    page.wait_for_url(re.compile(r"/tanda-terima/$"))
    assert page.locator("h1").inner_text() == "Permohonan diterima"
    application = Application.objects.get(applicant=citizen.user, idempotency_key=key)
    assert application.number in page.content()
    assert _submitted(citizen.user) == 1

    # The same submission resent (a retry whose answer was lost) returns the same application.
    response = page.request.post(review_url, form={
        "csrfmiddlewaretoken": csrf, "idempotency_key": key, "confirm": "on"})
    assert response.ok and response.url.endswith(f"/permohonan/{application.number}/tanda-terima/")
    assert _submitted(citizen.user) == 1
    # Nothing of the application is left on the device.
    assert page.evaluate(
        "Object.keys(localStorage).filter(k => k.startsWith('balai:draft:')).length") == 0


def test_uploads_chosen_offline_survive_a_reload_and_are_sent_when_back_online(
        page, live_server, client, citizen, akta, scan):
    sign_in(page, client, citizen.user, live_server.url)
    _fill_data(page, akta.service.code)
    with page.expect_navigation():
        page.click("text=Simpan dan lanjutkan")
    uploads_url = page.url
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")

    page.context.set_offline(True)
    for requirement in REQUIREMENTS:
        page.set_input_files(f"input[name={requirement}]", str(scan))
    page.click("text=Simpan dan lanjutkan")
    page.get_by_role("status").filter(has_text=QUEUED).wait_for()
    # Reloading while offline shows the offline page; the files stay on the device.
    page.reload()
    assert page.locator("h1").inner_text() == "Koneksi internet terputus"

    page.context.set_offline(False)
    page.goto(uploads_url)
    page.wait_for_url(re.compile(r"/ajukan/periksa/$"))
    draft = Application.objects.get(applicant=citizen.user, state=DRAFT)
    assert sorted(draft.uploads.values_list("requirement", flat=True)) == sorted(REQUIREMENTS)
    # The worker's cache holds the shell and the offline page, none of the citizen's pages.
    cached = page.evaluate("""async () => {
        const urls = [];
        for (const name of await caches.keys()) {
            for (const request of await (await caches.open(name)).keys()) {
                urls.push(new URL(request.url).pathname);
            }
        }
        return urls;
    }""")
    assert "/luring/" in cached
    assert all(url == "/luring/" or url.startswith("/static/") for url in cached), cached


def test_what_the_citizen_typed_comes_back_after_a_reload(page, live_server, client, citizen,
                                                          akta):
    sign_in(page, client, citizen.user, live_server.url)
    _fill_data(page, akta.service.code)
    page.reload()
    assert page.input_value("[name=nama_anak]") == "Nur Aisyah"
    assert page.is_checked("input[name=jenis_kelamin][value=P]")
    assert page.get_by_role("status").inner_text().startswith("Isian yang Anda ketik")
    # Nothing was sent: the draft lives on the device only until the server holds it.
    assert not Application.objects.filter(applicant=citizen.user).exists()


def test_without_javascript_the_forms_post_as_usual(browser, live_server, client, citizen, akta,
                                                    scan):
    context = browser.new_context(base_url=live_server.url, locale="id-ID",
                                  java_script_enabled=False)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        sign_in(page, client, citizen.user, live_server.url)
        _to_review(page, akta.service.code, scan)
        assert page.get_by_role("status").count() == 0  # nothing added by the script
        page.check("input[name=confirm]")
        with page.expect_navigation():
            page.click("text=Ajukan permohonan")
        assert page.locator("h1").inner_text() == "Permohonan diterima"
        assert _submitted(citizen.user) == 1
    finally:
        context.close()


KEPT = """async () => {
    const drafts = Object.keys(localStorage).filter(k => k.startsWith('balai:draft:')).length;
    const waiting = await new Promise((resolve) => {
        const opening = indexedDB.open('balai-offline');
        opening.onsuccess = () => {
            const base = opening.result;
            if (!base.objectStoreNames.contains('outbox')) { base.close(); resolve(0); return; }
            const counting = base.transaction('outbox').objectStore('outbox').count();
            counting.onsuccess = () => { base.close(); resolve(counting.result); };
        };
    });
    return [drafts, waiting];
}"""


def test_signing_out_removes_what_the_device_kept(page, live_server, client, citizen, akta):
    sign_in(page, client, citizen.user, live_server.url)
    _fill_data(page, akta.service.code)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.context.set_offline(True)
    page.click("text=Simpan dan lanjutkan")
    page.get_by_role("status").filter(has_text=QUEUED).wait_for()
    assert page.evaluate(KEPT) == [1, 1]
    # On a shared phone: signing out leaves no draft and no waiting submission behind.
    with page.expect_navigation():
        page.click("button:has-text('Keluar')")
    assert page.evaluate(KEPT) == [0, 0]
