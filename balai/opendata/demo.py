"""Demo open data: the kecamatan of Kubu Raya with their villages (from the region reference
data) as a dataset, and Balai's own statistics from the dashboard's aggregates."""

from __future__ import annotations

from typing import TextIO

from balai.accounts.demo import DEMO_ACTOR
from balai.accounts.queries import get_office
from balai.opendata import actions
from balai.opendata.models import Dataset, Topic
from balai.regions.queries import kecamatan_list, villages_of

SLUG = "kecamatan-dan-desa-kubu-raya"
# Topics after Satu Data Indonesia's, and the demo datasets under each.
TOPICS = {
    "wilayah": ("Wilayah dan kependudukan", "Wilayah administrasi, desa dan penduduk.",
                [SLUG]),
    "pelayanan-publik": ("Pelayanan publik", "Permohonan layanan, pengaduan dan kepuasan "
                         "masyarakat.", ["statistik-permohonan-layanan", "statistik-pengaduan",
                                         "indeks-kepuasan-masyarakat"]),
    "keuangan-daerah": ("Keuangan daerah", "Pendapatan dan pembayaran daerah.",
                        ["statistik-pembayaran"]),
}


def _topics() -> None:
    for slug, (title, description, datasets) in TOPICS.items():
        topic = Topic.objects.filter(slug=slug).first() or actions.create_topic(
            actor=DEMO_ACTOR, slug=slug, title=title, description=description)
        for dataset in Dataset.objects.filter(slug__in=datasets).exclude(topics=topic):
            actions.set_dataset_topics(actor=DEMO_ACTOR, dataset=dataset,
                                       topics=[*dataset.topics.all(), topic])


def load(stdout: TextIO | None = None) -> list[object]:
    office = get_office("diskominfo")
    if office is None:
        return []
    dataset = Dataset.objects.filter(slug=SLUG).first()
    if dataset is None:
        dataset = actions.create_dataset(
            actor=DEMO_ACTOR, office=office, slug=SLUG,
            title="Kecamatan dan desa di Kabupaten Kubu Raya",
            description="Kode wilayah Kemendagri, nama kecamatan dan jumlah desa/kelurahan.",
            period="2026", frequency=Dataset.Frequency.YEARLY,
            keywords="wilayah, kecamatan, desa, kode kemendagri",
            maintainer="Bidang Statistik Diskominfo")
    rows = [[k.code, k.name, villages_of(k.code).count()]
            for k in kecamatan_list().order_by("code")]
    actions.publish_version(actor=DEMO_ACTOR, dataset=dataset,
                            columns=["kode_kemendagri", "kecamatan", "jumlah_desa"], rows=rows,
                            note="data awal")
    published = actions.refresh_statistics(actor=DEMO_ACTOR)
    _topics()
    if stdout is not None:
        stdout.write(f"Data terbuka: {len(rows)} kecamatan; statistik diperbarui: {published}.")
    return []
