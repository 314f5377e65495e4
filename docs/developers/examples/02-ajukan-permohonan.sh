# Buat draf permohonan legalisir ijazah di sandbox, lalu ajukan.
KUNCI="contoh-$(date +%s)-$$"
JAWABAN=$(curl --fail --silent --show-error -X POST "$BALAI_URL/api/v1/applications" \
  -H "Authorization: Bearer $BALAI_KEY" \
  -H "Idempotency-Key: $KUNCI-draf" \
  -H "Content-Type: application/json" \
  -d '{"service": "legalisir-ijazah", "data": {"nama_pemilik": "Nur Aisyah",
       "jenjang": "SMP", "nama_sekolah": "SMP Negeri 1 Sungai Raya", "tahun_lulus": 2015,
       "nomor_ijazah": "DN-13 Dl 0012345", "keperluan": "Melamar kerja"}}')
REF=$(printf '%s' "$JAWABAN" | grep -o '"ref": *"[^"]*"' | head -n 1 | cut -d '"' -f 4)
curl --fail --silent --show-error -X POST "$BALAI_URL/api/v1/applications/$REF/submit" \
  -H "Authorization: Bearer $BALAI_KEY" \
  -H "Idempotency-Key: $KUNCI-ajukan"
