# Daftar layanan yang dibuka, dengan kunci uji Anda.
curl --fail --silent --show-error \
  -H "Authorization: Bearer $BALAI_KEY" \
  "$BALAI_URL/api/v1/services?per_page=5"
