"""In a real browser: a citizen whose application was completed follows the survey invitation
from their inbox, rates the nine SKM elements, and the public dashboard's IKM for that service
moves to what Permenpan RB 14/2017 gives; a second answer for the same case is refused."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.conf import settings

from balai.applications.tests.helpers import act, make_submitted
from balai.core.testing import sign_in as core_sign_in
from balai.transparency import actions
from balai.transparency.models import SKM_ELEMENTS, Survey, SurveyCounter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The radio labels of the survey form, by score.
SCALE = {4: "4 — Sangat baik / sangat sesuai", 3: "3 — Baik / sesuai",
         2: "2 — Kurang baik / kurang sesuai", 1: "1 — Tidak baik / tidak sesuai"}
EARLIER = [3] * 9  # another citizen's answer, already counted
MINE = [4, 3, 4, 2, 3, 4, 4, 3, 4]


def sign_in(page, client, user, url: str) -> None:
    page.context.clear_cookies()
    core_sign_in(client, user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": url}])


def permenpan_ikm(answers: list[list[int]]) -> str:
    """IKM as Permenpan RB 14/2017 defines it: the mean score of each of the nine elements,
    averaged with equal weights (1/9), times 25; written as the Indonesian dashboard shows it."""
    means = [Decimal(sum(scores)) / Decimal(len(scores)) for scores in zip(*answers, strict=True)]
    converted = (sum(means, Decimal(0)) / Decimal(9) * 25).quantize(Decimal("0.01"),
                                                                    rounding=ROUND_HALF_UP)
    return f"{converted:.2f}".replace(".", ",")


def complete(application, verifikator, pejabat) -> None:
    act(application, "verifikasi", verifikator)
    act(application, "setujui", verifikator)
    act(application, "tandatangani", pejabat)


def service_row(page, service: str, office: str) -> dict[str, str]:
    """The dashboard's row of one service at one office, as {column header: cell text}."""
    table = page.locator("table", has=page.locator("caption", has_text="Permohonan layanan"))
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    row = table.locator("tbody tr").filter(
        has=page.locator("th", has_text=service)).filter(
        has=page.locator("td", has_text=office))
    assert row.count() == 1
    cells = [c.strip() for c in row.locator("th, td").all_inner_texts()]
    return dict(zip(headers, cells, strict=True))


def rate(page, scores: list[int]) -> None:
    for (_code, element), score in zip(SKM_ELEMENTS, scores, strict=True):
        group = page.get_by_role("group", name=str(element), exact=True)
        group.get_by_role("radio", name=SCALE[score], exact=True).click()


def test_survey_after_completed_application_moves_the_services_ikm(
        page, live_server, client, citizen, other_citizen, akta, verifikator, pejabat):
    service = str(akta.service.name)
    # Another citizen's completed application, already rated: the IKM has one respondent.
    earlier = make_submitted(other_citizen.user, akta)
    complete(earlier, verifikator, pejabat)
    actions.answer_survey(actor=other_citizen.user, survey=Survey.objects.get(case_id=earlier.pk),
                          scores={f"u{i}": s for i, s in enumerate(EARLIER, start=1)})
    # The citizen's own application is completed: its closing invites them to the survey.
    mine = make_submitted(citizen.user, akta)
    complete(mine, verifikator, pejabat)
    assert Survey.objects.filter(case_id=mine.pk, user=citizen.user).exists()

    page.goto("/transparansi/dasbor/")
    before = service_row(page, service, "Disdukcapil")
    assert before["IKM (mutu)"] == f"{permenpan_ikm([EARLIER])} (C, Kurang baik)"
    assert before["Responden / sampel dianjurkan"] == "1 / 2"

    sign_in(page, client, citizen.user, live_server.url)
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("link", name="Notifikasi", exact=True).click()
    invitation = page.locator("article", has=page.get_by_role(
        "heading", name=f"Bagaimana layanan {service}?"))
    assert mine.number in invitation.inner_text()
    with page.expect_navigation():
        invitation.locator("a[href^='/transparansi/survei/']").click()
    assert page.locator("h1").inner_text() == "Survei kepuasan masyarakat"
    assert mine.number in page.content()

    # A second tab holds the same form, to send it again once the first answer is in.
    again = page.context.new_page()
    again.goto(page.url)

    rate(page, MINE)
    page.fill("[name=suggestion]", "Petugas ramah; antrean di loket bisa lebih singkat.")
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim penilaian").click()
    assert "Terima kasih. Penilaian Anda sudah kami terima." in page.content()
    assert page.locator("li", has_text=mine.number).locator(".tag").inner_text() == "Sudah diisi"

    page.goto("/transparansi/dasbor/")
    after = service_row(page, service, "Disdukcapil")
    assert after["IKM (mutu)"] == f"{permenpan_ikm([EARLIER, MINE])} (B, Baik)"
    assert after["IKM (mutu)"] == "80,56 (B, Baik)"  # (27 + 31) / 2 / 9 × 25
    assert after["Responden / sampel dianjurkan"] == "2 / 2"

    # The same case rated again (all ones) from the other tab: refused, nothing counted.
    rate(again, [1] * 9)
    with again.expect_navigation():
        again.get_by_role("button", name="Kirim penilaian").click()
    assert ("Survei untuk layanan ini sudah Anda isi. Terima kasih; satu layanan hanya dinilai "
            "satu kali.") in again.content()
    assert again.locator("h1").inner_text() == "Survei sudah diisi"
    assert SurveyCounter.objects.get().respondents == 2
    page.reload()
    assert service_row(page, service, "Disdukcapil") == after
