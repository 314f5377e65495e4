"""In a real browser: Balai's statistics, published by the refresh task, are found in the
open-data catalogue and downloaded as CSV; the same table comes through the API, and both
downloads are counted."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import timezone

from balai.core import events
from balai.opendata import tasks
from balai.opendata.models import Dataset
from balai.transparency import actions as transparency_actions
from balai.transparency.models import Survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Three citizens' answers to the nine SKM elements, for the same service.
ANSWERS = [[4, 3, 4, 2, 3, 4, 4, 3, 4],
           [3, 3, 4, 3, 3, 4, 4, 3, 4],
           [3, 4, 4, 2, 2, 4, 3, 3, 4]]


class Case:
    """Stands in for an application: the receivers read only `pk` and `number`."""

    def __init__(self, pk: int) -> None:
        self.pk, self.number = pk, f"KR-2026-{pk:06d}"


def _case(office, pk, *, topic, outcome, days, on_time, user_id=None) -> None:
    now = timezone.now()
    events.case_opened.send(sender=Case, kind="application", obj=Case(pk), office_id=office.pk,
                            topic=topic, kecamatan_code="", opened_at=now)
    events.case_closed.send(sender=Case, kind="application", obj=Case(pk), office_id=office.pk,
                            topic=topic, kecamatan_code="", opened_at=now, closed_at=now,
                            outcome=outcome, on_time=on_time, working_days=days,
                            user_id=user_id)


@pytest.fixture
def statistics(office_a, office_b, citizen):
    """Three completed akta applications at office A (each rated by its applicant) and one
    rejected izin-reklame at office B, then the task that publishes Balai's statistics."""
    for pk, days in enumerate([2, 3, 4], start=1):
        _case(office_a, pk, topic="akta-kelahiran", outcome="completed", days=days,
              on_time=True, user_id=citizen.user.pk)
    _case(office_b, 4, topic="izin-reklame", outcome="rejected", days=6, on_time=False,
          user_id=citizen.user.pk)
    for survey, scores in zip(Survey.objects.order_by("case_id"), ANSWERS, strict=True):
        transparency_actions.answer_survey(
            actor=citizen.user, survey=survey,
            scores={f"u{i}": s for i, s in enumerate(scores, start=1)})
    tasks.refresh_statistics.enqueue()
    month = timezone.localdate().strftime("%Y-%m")
    nrr = [str(round(sum(column) / 3, 3)) for column in zip(*ANSWERS, strict=True)]
    return {
        "statistik-permohonan-layanan": (
            ["bulan", "kantor", "topik", "diterima", "selesai", "selesai_dengan_hasil",
             "tepat_waktu", "jumlah_hari_kerja"],
            [[month, office_a.code, "akta-kelahiran", "3", "3", "3", "3", "9"],
             [month, office_b.code, "izin-reklame", "1", "1", "0", "0", "6"]]),
        "indeks-kepuasan-masyarakat": (
            ["bulan", "kantor", "layanan", "responden", *[f"nrr_u{i}" for i in range(1, 10)]],
            [[month, office_a.code, "akta-kelahiran", "3", *nrr]]),
    }


def _as_csv(cells: list) -> list[str]:
    """A row of the API's JSON as the CSV writer writes it."""
    return ["" if cell is None else str(cell) for cell in cells]


def _downloads(page) -> str:
    return page.locator("dt:text-is('Jumlah unduhan') + dd").inner_text().strip()


@pytest.mark.parametrize("slug", ["statistik-permohonan-layanan", "indeks-kepuasan-masyarakat"])
def test_dataset_downloads_as_csv_and_through_the_api(page, statistics, slug):
    header, rows = statistics[slug]
    dataset = Dataset.objects.get(slug=slug)
    assert dataset.is_system and dataset.current.number == 1

    page.goto("/data/")
    with page.expect_navigation():
        page.get_by_role("link", name=dataset.title, exact=True).click()
    assert page.locator("h1").inner_text() == dataset.title
    assert _downloads(page) == "0"

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh CSV", exact=True).click()
    download = download_info.value
    assert download.suggested_filename == f"{slug}-v1.csv"
    table = list(csv.reader(io.StringIO(download.path().read_text(encoding="utf-8"))))
    assert table[0] == header == dataset.current.columns
    assert table[1:] == rows == [_as_csv(row) for row in dataset.current.rows]
    # The page's preview shows the same first rows (decimals with the Indonesian comma).
    preview = page.locator("table", has=page.locator("caption", has_text="Pratinjau"))
    assert [[c.strip().replace(",", ".") for c in r.locator("td").all_inner_texts()]
            for r in preview.locator("tbody tr").all()] == rows

    # Through the API, as a developer finds it: the dataset's metadata names its data URL.
    meta = page.request.get(f"/api/v1/datasets/{slug}")
    assert meta.ok, meta.text()
    about = meta.json()
    assert (about["version"], about["rows"], about["downloads"]) == (1, len(rows), 1)
    data = page.request.get(about["data_url"])
    assert data.ok, data.text()
    body = data.json()
    assert (body["dataset"], body["version"]) == (slug, 1)
    assert body["columns"] == table[0]
    assert [_as_csv(row) for row in body["rows"]] == table[1:]

    page.reload()
    assert _downloads(page) == "2"
    versions = page.locator("table", has=page.locator("caption", has_text="Versi dataset"))
    assert versions.locator("tbody tr td").nth(2).inner_text().strip() == "1 / 1"
    dataset.refresh_from_db()
    assert dataset.downloads == 2
    assert (dataset.current.downloads_csv, dataset.current.downloads_json) == (1, 1)
