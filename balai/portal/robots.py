"""Which addresses are public pages: the rules of robots.txt (RFC 9309), also used to decide
which pages get canonical, hreflang and OpenGraph links and which addresses a sitemap may list.

Signed-in, officer and admin areas, secret addresses (calendar feeds, document downloads,
status look-ups by number) and the API's private operations are disallowed; the rest is public.
"""

from __future__ import annotations

import re
from functools import lru_cache

ALLOW = "Allow"
DISALLOW = "Disallow"

# (directive, path pattern): "*" matches any characters, a final "$" anchors the end. The
# longest matching pattern decides; on a tie Allow wins (RFC 9309 section 2.2.2).
RULES: list[tuple[str, str]] = [
    (DISALLOW, "/admin/"),
    (DISALLOW, "/akun/"),
    (DISALLOW, "/i18n/"),
    (DISALLOW, "/luring/"),  # the offline page, shown by the service worker
    (DISALLOW, "/notifikasi/"),
    (DISALLOW, "/permohonan/"),
    (DISALLOW, "/layanan/*/ajukan/"),
    (DISALLOW, "/status/"),
    (ALLOW, "/status/$"),
    (DISALLOW, "/verifikasi/"),
    (ALLOW, "/verifikasi/$"),
    (DISALLOW, "/dokumen/"),
    (DISALLOW, "/data-saya/"),
    (ALLOW, "/data-saya/pemberitahuan/"),
    (DISALLOW, "/tagihan/"),
    (DISALLOW, "/bank-sandbox/"),
    (DISALLOW, "/bank/"),
    (DISALLOW, "/pajak/"),
    (ALLOW, "/pajak/cek/"),
    (DISALLOW, "/pengaduan/lapor/"),
    (DISALLOW, "/pengaduan/saya/"),
    (DISALLOW, "/pengaduan/antrean/"),
    (DISALLOW, "/pengaduan/foto/"),
    (DISALLOW, "/informasi/permohonan/"),
    (DISALLOW, "/informasi/ppid/"),
    (DISALLOW, "/informasi/atasan/"),
    (DISALLOW, "/informasi/kalender/"),
    (DISALLOW, "/partisipasi/*/baru/"),
    (DISALLOW, "/partisipasi/moderasi/"),
    (DISALLOW, "/partisipasi/analitik"),
    (DISALLOW, "/literasi-digital/sesi/*/daftar"),
    (DISALLOW, "/literasi-digital/saya/"),
    (DISALLOW, "/literasi-digital/pendaftaran/"),
    (DISALLOW, "/literasi-digital/hadir/"),
    (DISALLOW, "/literasi-digital/kelola/"),
    (DISALLOW, "/kesehatan/saya/"),
    (DISALLOW, "/kesehatan/poli/"),
    (DISALLOW, "/kesehatan/kunjungan/"),
    (DISALLOW, "/kesehatan/loket/"),
    (DISALLOW, "/kesehatan/*/antrean"),  # the waiting-room board and its JSON change by the minute
    (DISALLOW, "/transparansi/survei/"),
    (DISALLOW, "/data/kelola/"),
    (DISALLOW, "/pengembang/aplikasi/"),
    (DISALLOW, "/pengembang/penerima-uji/"),
    (DISALLOW, "/pengembang/persetujuan/"),
    (DISALLOW, "/inovasi/baru/"),
    (DISALLOW, "/inovasi/*/ubah/"),
    (DISALLOW, "/inovasi/*/tahap/"),
    (DISALLOW, "/inovasi/*/bukti/"),
    (DISALLOW, "/kompetisi/saya/"),
    (DISALLOW, "/kompetisi/baru/"),
    (DISALLOW, "/kompetisi/tim/"),
    (DISALLOW, "/kompetisi/undangan/"),
    (DISALLOW, "/kompetisi/berkas/"),
    (DISALLOW, "/kompetisi/*/daftar/"),
    (DISALLOW, "/kompetisi/*/kelola/"),
    (DISALLOW, "/kompetisi/*/juri/"),
    (DISALLOW, "/buku-besar/audit/"),
    # SPMB: the queue, the form, a parent's registrations and the operators' pages.
    (DISALLOW, "/spmb/antrean/"),
    (DISALLOW, "/spmb/daftar/"),
    (DISALLOW, "/spmb/pendaftaran/"),
    (DISALLOW, "/spmb/daftar-ulang/"),
    (DISALLOW, "/spmb/operator/"),
    # The API: its documentation and public reads stay open; a person's or an office's data
    # (applications, requests, bills, queues, taxes) is not for crawlers.
    (DISALLOW, "/api/v1/applications"),
    (DISALLOW, "/api/v1/queue"),
    (DISALLOW, "/api/v1/status/"),
    (DISALLOW, "/api/v1/documents/"),
    (DISALLOW, "/api/v1/information/requests"),
    (DISALLOW, "/api/v1/information/queue"),
    (DISALLOW, "/api/v1/complaints/mine"),
    (DISALLOW, "/api/v1/complaints/queue"),
    (DISALLOW, "/api/v1/taxes/"),
    (DISALLOW, "/api/v1/bills"),
]


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[int, bool, re.Pattern[str]]]:
    compiled = []
    for directive, pattern in RULES:
        anchored = pattern.endswith("$")
        body = pattern[:-1] if anchored else pattern
        regex = ".*".join(re.escape(part) for part in body.split("*"))
        compiled.append((len(pattern), directive == ALLOW,
                         re.compile(regex + ("$" if anchored else ""))))
    return compiled


def is_public_path(path: str) -> bool:
    """Whether robots.txt lets crawlers fetch `path` (a path without query string)."""
    best_length, allowed = -1, True
    for length, allow, regex in _compiled():
        if regex.match(path) and (length > best_length or (length == best_length and allow)):
            best_length, allowed = length, allow
    return allowed


def robots_lines(*, sitemap_url: str) -> list[str]:
    return ["User-agent: *", *(f"{directive}: {path}" for directive, path in RULES), "",
            f"Sitemap: {sitemap_url}"]
