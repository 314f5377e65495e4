# Python 3, tanpa pustaka tambahan: memeriksa tanda tangan webhook dari Balai
# (Standard Webhooks). Di server Anda, nilai-nilai ini datang dari header dan isi permintaan.
import base64
import hashlib
import hmac
import os
import time

secret = os.environ["WEBHOOK_SECRET"]          # whsec_... dari portal pengembang
msg_id = os.environ["WEBHOOK_ID"]              # header webhook-id
timestamp = os.environ["WEBHOOK_TIMESTAMP"]    # header webhook-timestamp
signatures = os.environ["WEBHOOK_SIGNATURE"]   # header webhook-signature
body = os.environ["WEBHOOK_BODY"]              # isi permintaan, apa adanya

if abs(time.time() - int(timestamp)) > 5 * 60:
    raise SystemExit("Stempel waktu terlalu jauh: tolak (mencegah pengiriman ulang).")

key = base64.b64decode(secret.removeprefix("whsec_"))
expected = base64.b64encode(hmac.new(
    key, f"{msg_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest()).decode()
# Saat rahasia diputar, header memuat dua tanda tangan: cukup satu yang cocok.
if not any(hmac.compare_digest(expected, item.split(",", 1)[1])
           for item in signatures.split() if item.startswith("v1,")):
    raise SystemExit("Tanda tangan tidak cocok: tolak.")
print("Tanda tangan sah:", msg_id)
