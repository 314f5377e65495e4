"""What citizens ask for, for officials: complaints and aspirations by topic, kecamatan and
month, the top recurring issues, response and resolution times, and the on-time rate per
office. Read only from the monthly counters (ComplaintStat, IdeaStat) that the actions keep,
so a page costs a few hundred rows whether there are ten thousand complaints or a million.

Scope: an officer sees the complaints of their own offices; an admin sees every office.
Aspirations are public and shown whole to every official.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Sum
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from balai.accounts.models import Office, OfficeRole, Role, User
from balai.complaints.models import ComplaintCategory, ComplaintStat
from balai.participation.models import IdeaStat, Topic
from balai.regions.models import Region


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    chart: SafeString | None = None

    def with_bar_chart(self) -> Table:
        """The table with a bar chart of its first column against its second."""
        self.chart = bar_chart(self.key, self.title, [(r[0], r[1]) for r in self.rows])
        return self


def is_admin(user: User) -> bool:
    return user.is_superuser or OfficeRole.objects.filter(user=user, role=Role.ADMIN).exists()


def scope_office_ids(user: User) -> list[int] | None:
    """None for every office (an admin); else the offices the user holds a role in."""
    if is_admin(user):
        return None
    return list(OfficeRole.objects.filter(user=user).exclude(role=Role.MODERATOR)
                .values_list("office_id", flat=True).distinct())


def month_range(end: dt.date, months: int) -> list[dt.date]:
    first = end.replace(day=1)
    result = []
    for _i in range(months):
        result.append(first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return list(reversed(result))


def bar_chart(key: str, title: str, rows: list[tuple[str, float]], *,
              unit: str = "") -> SafeString:
    """A horizontal bar chart as inline SVG: presentation attributes and classes only (the
    Content-Security-Policy forbids style attributes). Described by its title for screen
    readers; the same numbers are in the table next to it."""
    label_width, bar_width, row_height = 190, 300, 22
    height = row_height * max(len(rows), 1) + 10
    peak = max((value for _label, value in rows), default=0) or 1
    parts = [f'<svg class="pchart" role="img" viewBox="0 0 {label_width + bar_width + 70} '
             f'{height}" width="100%" aria-labelledby="grafik-{key}">',
             f'<title id="grafik-{key}">{escape(title)}</title>']
    for index, (label, value) in enumerate(rows):
        y = 5 + index * row_height
        width = max(1, round(bar_width * value / peak)) if value else 0
        shown = f"{value:g}{unit}"
        parts.append(f'<text class="pchart-label" x="{label_width - 6}" y="{y + 15}" '
                     f'text-anchor="end">{escape(label[:28])}</text>')
        parts.append(f'<rect class="pchart-bar" x="{label_width}" y="{y + 3}" width="{width}" '
                     f'height="{row_height - 6}"></rect>')
        parts.append(f'<text class="pchart-value" x="{label_width + width + 6}" y="{y + 15}">'
                     f'{escape(shown)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every label is escaped above


def _names(model: Any, ids: set[Any], attr: str = "name") -> dict[Any, str]:
    return {obj.pk: getattr(obj, attr) for obj in model.objects.filter(pk__in=ids)}


def build(user: User, *, months: int = 12, today: dt.date) -> list[Table]:
    """The analytics tables (each with its chart) for `user` over the last `months` months."""
    span = month_range(today, months)
    start = span[0]
    office_ids = scope_office_ids(user)
    stats = ComplaintStat.objects.filter(month__gte=start)
    if office_ids is not None:
        stats = stats.filter(office_id__in=office_ids)
    ideas = IdeaStat.objects.filter(month__gte=start)
    kecamatan_names = dict(Region.objects.filter(level=Region.Level.KECAMATAN)
                           .values_list("code", "name"))
    unknown = _("(tanpa lokasi)")
    tables: list[Table] = []

    by_month = {row["month"]: row["n"] for row in stats.values("month").annotate(n=Sum("filed"))}
    ideas_month = {row["month"]: row["n"] for row in ideas.values("month").annotate(
        n=Sum("count"))}
    table = Table("bulan", _("Pengaduan dan aspirasi per bulan"),
                  [_("Bulan"), _("Pengaduan"), _("Aspirasi")])
    for month in span:
        table.rows.append([month.strftime("%Y-%m"), by_month.get(month, 0),
                           ideas_month.get(month, 0)])
    tables.append(table.with_bar_chart())

    per_category = list(stats.values("category_id").annotate(n=Sum("filed")).order_by("-n"))
    categories = _names(ComplaintCategory, {r["category_id"] for r in per_category})
    table = Table("kategori", _("Pengaduan per kategori"), [_("Kategori"), _("Pengaduan")],
                  [[categories.get(r["category_id"], "?"), r["n"]] for r in per_category])
    tables.append(table.with_bar_chart())

    per_kecamatan = list(stats.values("kecamatan_code").annotate(n=Sum("filed"))
                         .order_by("-n"))
    table = Table("kecamatan", _("Pengaduan per kecamatan"), [_("Kecamatan"), _("Pengaduan")],
                  [[kecamatan_names.get(r["kecamatan_code"], unknown), r["n"]]
                   for r in per_kecamatan])
    tables.append(table.with_bar_chart())

    per_topic = list(ideas.values("topic_id").annotate(n=Sum("count")).order_by("-n"))
    topics = _names(Topic, {r["topic_id"] for r in per_topic})
    table = Table("topik", _("Aspirasi per topik"), [_("Topik"), _("Aspirasi")],
                  [[topics.get(r["topic_id"], "?"), r["n"]] for r in per_topic])
    tables.append(table.with_bar_chart())

    idea_kecamatan = list(ideas.values("kecamatan_code").annotate(n=Sum("count"))
                          .order_by("-n"))
    table = Table("aspirasi_kecamatan", _("Aspirasi per kecamatan"),
                  [_("Kecamatan"), _("Aspirasi")],
                  [[kecamatan_names.get(r["kecamatan_code"], _("(seluruh kabupaten)")), r["n"]]
                   for r in idea_kecamatan])
    tables.append(table.with_bar_chart())

    recurring = list(stats.values("category_id", "kecamatan_code").annotate(n=Sum("filed"))
                     .filter(n__gt=0).order_by("-n")[:10])
    categories.update(_names(ComplaintCategory, {r["category_id"] for r in recurring}))
    table = Table("berulang", _("Masalah yang paling sering dilaporkan"),
                  [_("Kategori"), _("Kecamatan"), _("Pengaduan")],
                  [[categories.get(r["category_id"], "?"),
                    kecamatan_names.get(r["kecamatan_code"], unknown), r["n"]]
                   for r in recurring])
    table.chart = bar_chart(table.key, table.title,
                            [(f"{r[0]} — {r[1]}", r[2]) for r in table.rows])
    tables.append(table)

    totals: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in stats.values("office_id").annotate(
            filed=Sum("filed"), responded=Sum("responded"), response_days=Sum("response_days"),
            resolved=Sum("resolved"), on_time=Sum("resolved_on_time"),
            resolution_days=Sum("resolution_days"), rejected=Sum("rejected")):
        totals[row["office_id"]].update({k: v or 0 for k, v in row.items()})
    offices = _names(Office, set(totals))
    table = Table("kantor", _("Waktu tanggapan dan penyelesaian per kantor"),
                  [_("Kantor"), _("Pengaduan"), _("Rata-rata hari kerja sampai ditanggapi"),
                   _("Selesai"), _("Rata-rata hari kerja sampai selesai"),
                   _("Selesai tepat waktu (%)")])
    for office_id, t in sorted(totals.items(), key=lambda item: offices.get(item[0], "")):
        table.rows.append([
            offices.get(office_id, "?"), t["filed"],
            round(t["response_days"] / t["responded"], 1) if t["responded"] else "—",
            t["resolved"],
            round(t["resolution_days"] / t["resolved"], 1) if t["resolved"] else "—",
            round(100 * t["on_time"] / t["resolved"]) if t["resolved"] else "—"])
    table.chart = bar_chart(table.key, _("Selesai tepat waktu (%) per kantor"),
                            [(r[0], r[5]) for r in table.rows if r[5] != "—"], unit="%")
    tables.append(table)
    return tables


def csv_rows(tables: list[Table]) -> list[list[Any]]:
    """One CSV for every table: the table's key, then its columns and rows."""
    rows: list[list[Any]] = []
    for table in tables:
        rows.append([table.key, table.title])
        rows.append(table.columns)
        rows.extend(table.rows)
        rows.append([])
    return rows

