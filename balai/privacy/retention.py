"""How long Balai keeps what (docs/security.md, "Retention"). The retention task deletes what is
past its period; records the law requires to be kept are listed so the Data saya page can say
why they stay."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

# Deleted by the nightly retention task (balai.privacy.tasks.apply_retention).
RETENTION: dict[str, dt.timedelta] = {
    # Who opened whose data: long enough for a citizen to notice and complain, and for an
    # inspection cycle of the Inspektorat.
    "access_log": dt.timedelta(days=2 * 365),
    # Answered correction and erasure requests: proof that the request was handled.
    "closed_requests": dt.timedelta(days=5 * 365),
}

# Kept whatever the citizen asks, with the reason shown on the Data saya page.
KEPT_BY_LAW = [
    (_("NIK, nama, tanggal lahir, dan permohonan layanan kependudukan beserta berkasnya"),
     _("Dokumen kependudukan wajib disimpan oleh pemerintah daerah menurut UU 23/2006 jo. "
       "UU 24/2013 tentang Administrasi Kependudukan dan jadwal retensi arsip (JRA); "
       "UU PDP Pasal 15 mengecualikan kepentingan penyelenggaraan negara.")),
    (_("Dokumen yang telah diterbitkan dan ditandatangani"),
     _("Dokumen resmi harus tetap dapat diverifikasi keasliannya oleh siapa pun yang "
       "menerimanya.")),
    (_("Buku besar audit"),
     _("Mencatat siapa melakukan apa tanpa memuat data pribadi; tidak dapat diubah agar "
       "setiap tindakan petugas tetap dapat diperiksa.")),
]
