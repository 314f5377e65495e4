# Python 3 dengan requests: ajukan permohonan di sandbox, lalu tiru tindakan petugas
# (verifikasi) agar webhook application.status_changed terkirim ke endpoint uji Anda.
import os
import uuid

import requests

BASE = os.environ["BALAI_URL"] + "/api/v1"
HEADERS = {"Authorization": "Bearer " + os.environ["BALAI_KEY"]}

draf = requests.post(
    BASE + "/applications",
    headers={**HEADERS, "Idempotency-Key": str(uuid.uuid4())},
    json={"service": "legalisir-ijazah", "data": {
        "nama_pemilik": "Nur Aisyah", "jenjang": "SMP",
        "nama_sekolah": "SMP Negeri 1 Sungai Raya", "tahun_lulus": 2015,
        "nomor_ijazah": "DN-13 Dl 0012345", "keperluan": "Melamar kerja"}},
    timeout=30)
draf.raise_for_status()

diajukan = requests.post(
    BASE + "/applications/" + draf.json()["ref"] + "/submit",
    headers={**HEADERS, "Idempotency-Key": str(uuid.uuid4())}, timeout=30)
diajukan.raise_for_status()
nomor = diajukan.json()["number"]
print("Nomor registrasi:", nomor)

tiruan = requests.post(BASE + "/sandbox/applications/" + nomor + "/simulate",
                       headers=HEADERS, json={"action": "verifikasi"}, timeout=30)
tiruan.raise_for_status()
print("Status sekarang:", tiruan.json()["state_label"])
