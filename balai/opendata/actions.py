"""Every change of open data: datasets, their versions, download counts, and Balai's own
statistics published from the dashboard's aggregates."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from typing import Any

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from balai.accounts.models import Office, User
from balai.core.errors import DomainError
from balai.ledger.actions import record_event
from balai.opendata import resources
from balai.opendata.models import Dataset, DatasetVersion, Topic

MAX_ROWS = 50_000
MAX_COLUMNS = 60


class DatasetError(DomainError):
    code = "DATASET_ERROR"


def parse_csv(data: bytes) -> tuple[list[str], list[list[str]]]:
    """Columns and rows of an uploaded CSV (UTF-8, comma or semicolon separated)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DatasetError(_("Berkas CSV harus berkode UTF-8."),
                           code="DATASET_BAD_ENCODING") from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    rows = list(csv.reader(io.StringIO(text), dialect))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if len(rows) < 2:
        raise DatasetError(_("CSV harus memuat baris judul kolom dan sedikitnya satu baris data."),
                           code="DATASET_EMPTY")
    columns = [cell.strip() for cell in rows[0]]
    if not all(columns) or len(set(columns)) != len(columns) or len(columns) > MAX_COLUMNS:
        raise DatasetError(_("Judul kolom harus terisi, berbeda satu sama lain, dan paling banyak "
                             "%(n)d kolom.") % {"n": MAX_COLUMNS}, code="DATASET_BAD_COLUMNS")
    body = rows[1:]
    if len(body) > MAX_ROWS:
        raise DatasetError(_("Paling banyak %(n)d baris.") % {"n": MAX_ROWS},
                           code="DATASET_TOO_LARGE")
    for number, row in enumerate(body, start=2):
        if len(row) != len(columns):
            raise DatasetError(_("Baris %(line)d berisi %(found)d kolom; seharusnya %(n)d.") % {
                "line": number, "found": len(row), "n": len(columns)},
                code="DATASET_RAGGED_ROW", details={"line": number})
    return columns, body


def _digest(columns: list[str], rows: list[list[Any]]) -> str:
    return hashlib.sha256(json.dumps([columns, rows], ensure_ascii=False,
                                     default=str).encode()).hexdigest()


@transaction.atomic
def create_dataset(*, actor: Any, office: Office, title: str, description: str = "",
                   period: str = "", licence: str = "CC-BY-4.0",
                   frequency: str = Dataset.Frequency.YEARLY, keywords: str = "",
                   slug: str = "", is_system: bool = False, maintainer: str = "",
                   maintainer_email: str = "", topics: list[Topic] | None = None) -> Dataset:
    """Describe a new dataset (its table comes with publish_version)."""
    slug = slug or slugify(title)[:80]
    if Dataset.objects.filter(slug=slug).exists():
        raise DatasetError(_("Kode dataset sudah dipakai."), code="DATASET_SLUG_TAKEN")
    dataset = Dataset.objects.create(slug=slug, title=title, description=description,
                                     office=office, period=period, licence=licence,
                                     frequency=frequency, keywords=keywords, is_system=is_system,
                                     maintainer=maintainer, maintainer_email=maintainer_email)
    if topics:
        dataset.topics.set(topics)
    record_event(actor=actor, action="data.dataset_dibuat", obj=dataset,
                 payload={"slug": slug, "office": office.code,
                          "topics": sorted(t.slug for t in topics or [])})
    return dataset


@transaction.atomic
def create_topic(*, actor: Any, slug: str, title: str, description: str = "") -> Topic:
    """Add a topic datasets can be grouped under (a CKAN group)."""
    if Topic.objects.filter(slug=slug).exists():
        raise DatasetError(_("Kode topik sudah dipakai."), code="DATASET_TOPIC_TAKEN")
    topic = Topic.objects.create(slug=slug, title=title, description=description)
    record_event(actor=actor, action="data.topik_dibuat", obj=topic, payload={"slug": slug})
    return topic


@transaction.atomic
def set_topic_datasets(*, actor: Any, topic: Topic, datasets: list[Dataset]) -> None:
    """Put exactly these datasets under the topic; each dataset that joins or leaves it
    counts as changed (its metadata_modified moves, as harvesters look for)."""
    before = set(topic.datasets.values_list("pk", flat=True))
    topic.datasets.set(datasets)
    changed = before ^ {dataset.pk for dataset in datasets}
    Dataset.objects.filter(pk__in=changed).update(modified_at=timezone.now())
    for dataset in Dataset.objects.filter(pk__in=changed).order_by("pk"):
        record_event(actor=actor, action="data.topik_diubah", obj=dataset,
                     payload={"slug": dataset.slug, "topic": topic.slug,
                              "member": dataset.pk not in before})


@transaction.atomic
def set_dataset_topics(*, actor: Any, dataset: Dataset, topics: list[Topic]) -> None:
    """Put a dataset under exactly these topics (its CKAN groups)."""
    dataset.topics.set(topics)
    Dataset.objects.filter(pk=dataset.pk).update(modified_at=timezone.now())
    record_event(actor=actor, action="data.topik_diubah", obj=dataset,
                 payload={"slug": dataset.slug, "topics": sorted(t.slug for t in topics)})


@transaction.atomic
def publish_version(*, actor: Any, dataset: Dataset, columns: list[str],
                    rows: list[list[Any]], note: str = "") -> DatasetVersion | None:
    """Publish a new version of the dataset's table; nothing when it is the same as the
    current one (returns None)."""
    locked = Dataset.objects.select_for_update().get(pk=dataset.pk)
    digest = _digest(columns, rows)
    current = locked.current
    if current is not None and current.digest == digest:
        return None
    number = (current.number if current else 0) + 1
    version = DatasetVersion.objects.create(
        dataset=locked, number=number, columns=columns, rows=rows, row_count=len(rows),
        digest=digest, note=note[:200],
        **resources.fingerprints(slug=locked.slug, number=number, columns=columns, rows=rows))
    locked.current = version
    locked.modified_at = timezone.now()
    locked.save(update_fields=["current", "modified_at"])
    record_event(actor=actor, action="data.versi_terbit", obj=version,
                 payload={"dataset": locked.slug, "version": number, "rows": len(rows),
                          "digest": digest})
    dataset.current, dataset.modified_at = version, locked.modified_at
    return version


def count_download(*, version: DatasetVersion, fmt: str) -> None:
    """Count one download (a counter, not a recorded event: it changes no one's rights)."""
    field = "downloads_csv" if fmt == "csv" else "downloads_json"
    DatasetVersion.objects.filter(pk=version.pk).update(**{field: F(field) + 1})
    Dataset.objects.filter(pk=version.dataset_id).update(downloads=F("downloads") + 1)


# --- Balai's own statistics ---------------------------------------------------------------

SYSTEM_DATASETS = {
    "statistik-permohonan-layanan": (
        "Statistik permohonan layanan Balai",
        "Jumlah permohonan layanan yang diterima dan diselesaikan per bulan, kantor dan "
        "layanan, ketepatan waktu dan rata-rata hari kerja. Agregat, tanpa data pribadi."),
    "statistik-pengaduan": (
        "Statistik pengaduan Balai",
        "Jumlah pengaduan yang diterima, diselesaikan dan tepat waktu per bulan, kantor dan "
        "kategori. Agregat, tanpa data pribadi."),
    "statistik-pembayaran": (
        "Statistik penerimaan pembayaran Balai",
        "Jumlah pembayaran dan rupiah yang diterima per bulan, kantor dan jenis pendapatan. "
        "Agregat, tanpa data pribadi."),
    "indeks-kepuasan-masyarakat": (
        "Indeks Kepuasan Masyarakat (SKM) per layanan",
        "Responden dan nilai rata-rata sembilan unsur SKM per bulan, kantor dan layanan "
        "(Permenpan RB 14/2017)."),
}


def _publisher() -> Office:
    office = Office.objects.filter(code="diskominfo").first() or Office.objects.order_by(
        "id").first()
    if office is None:
        raise DatasetError(_("Belum ada kantor."), code="DATASET_NO_OFFICE")
    return office


def statistics_tables() -> dict[str, tuple[list[str], list[list[Any]]]]:
    """The tables of Balai's statistics, from the dashboard's aggregates (never from cases)."""
    from balai.transparency.models import CaseCounter, PaymentCounter, SurveyCounter

    offices = dict(Office.objects.values_list("id", "code"))
    tables: dict[str, tuple[list[str], list[list[Any]]]] = {}
    case_columns = ["bulan", "kantor", "topik", "diterima", "selesai", "selesai_dengan_hasil",
                    "tepat_waktu", "jumlah_hari_kerja"]
    for slug, kind in (("statistik-permohonan-layanan", "application"),
                       ("statistik-pengaduan", "complaint")):
        rows = (CaseCounter.objects.filter(kind=kind)
                .values_list("month", "office_id", "topic")
                .annotate(o=Sum("opened"), c=Sum("closed"), d=Sum("completed"),
                          t=Sum("on_time"), w=Sum("working_days_total"))
                .order_by("month", "office_id", "topic"))
        tables[slug] = (case_columns, [[m.strftime("%Y-%m"), offices.get(o, ""), topic, *rest]
                                       for m, o, topic, *rest in rows])
    pay = (PaymentCounter.objects.values_list("month", "office_id", "revenue_kind", "payments",
                                              "amount").order_by("month", "office_id",
                                                                 "revenue_kind"))
    tables["statistik-pembayaran"] = (
        ["bulan", "kantor", "jenis_pendapatan", "jumlah_pembayaran", "jumlah_rp"],
        [[m.strftime("%Y-%m"), offices.get(o, ""), kind, n, a] for m, o, kind, n, a in pay])
    skm_rows = []
    for counter in SurveyCounter.objects.order_by("month", "office_id", "topic"):
        n = counter.respondents
        averages = [round(getattr(counter, f"s{i}") / n, 3) if n else 0 for i in range(1, 10)]
        skm_rows.append([counter.month.strftime("%Y-%m"), offices.get(counter.office_id, ""),
                         counter.topic, n, *averages])
    tables["indeks-kepuasan-masyarakat"] = (
        ["bulan", "kantor", "layanan", "responden", *[f"nrr_u{i}" for i in range(1, 10)]],
        skm_rows)
    return tables


@transaction.atomic
def refresh_statistics(*, actor: Any = "sistem:data-terbuka") -> int:
    """Publish a new version of each of Balai's statistics datasets whose figures changed.
    Returns the number of new versions."""
    published = 0
    office = None
    for slug, (columns, rows) in statistics_tables().items():
        dataset = Dataset.objects.filter(slug=slug).first()
        if dataset is None:
            office = office or _publisher()
            title, description = SYSTEM_DATASETS[slug]
            dataset = create_dataset(actor=actor, office=office, title=title,
                                     description=description, slug=slug,
                                     frequency=Dataset.Frequency.DAILY, is_system=True,
                                     keywords="statistik, balai, pelayanan publik")
        if publish_version(actor=actor, dataset=dataset, columns=columns, rows=rows,
                           note="pembaruan otomatis") is not None:
            published += 1
    return published


def _require_data_officer(actor: User, office_id: int) -> None:
    from balai.accounts.models import OfficeRole, Role
    from balai.core.errors import PermissionDeniedError

    # Open data is published by the office's PPID or its admin (Satu Data's walidata role).
    if not OfficeRole.objects.filter(user=actor, office_id=office_id,
                                     role__in=[Role.PPID, Role.ADMIN]).exists():
        raise PermissionDeniedError()


@transaction.atomic
def create_dataset_from_csv(*, actor: User, office: Office, title: str, slug: str,
                            data: bytes, **metadata: Any) -> Dataset:
    """An officer describes a dataset and publishes its first version from a CSV file; a bad
    file leaves nothing behind."""
    _require_data_officer(actor, office.pk)
    columns, rows = parse_csv(data)
    dataset = create_dataset(actor=actor, office=office, title=title, slug=slug, **metadata)
    publish_version(actor=actor, dataset=dataset, columns=columns, rows=rows, note="versi awal")
    return dataset


@transaction.atomic
def upload_version(*, actor: User, dataset: Dataset, data: bytes, note: str = "",
                   ) -> DatasetVersion | None:
    """An officer publishes a new version from a CSV file (None if nothing changed)."""
    _require_data_officer(actor, dataset.office_id)
    columns, rows = parse_csv(data)
    return publish_version(actor=actor, dataset=dataset, columns=columns, rows=rows, note=note)
