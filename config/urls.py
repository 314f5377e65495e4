from django.contrib import admin
from django.urls import include, path

from balai.portal.views import set_language

urlpatterns = [
    path("", include("balai.operations.urls")),  # /healthz, /readyz, /metrics
    path("", include("balai.portal.urls")),
    path("akun/token-api/", include("balai.api.urls_pages")),
    path("akun/", include("balai.accounts.urls")),
    path("wilayah/", include("balai.regions.urls")),
    path("", include("balai.applications.urls")),  # /layanan/<code>/ajukan/ before the catalogue
    path("layanan/", include("balai.catalogue.urls")),
    path("notifikasi/", include("balai.notifications.urls")),
    path("", include("balai.documents.urls")),  # /verifikasi/ and /dokumen/
    path("", include("balai.documents.pki_urls")),  # /pki/: the development CA, OCSP and TSA
    path("transparansi/", include("balai.transparency.urls")),
    path("informasi/", include("balai.information.urls")),
    path("data/", include("balai.opendata.urls")),
    # CKAN's Action API, as /api/3/action/ and the unversioned /api/action/ ckanapi calls.
    path("api/3/action/", include("balai.opendata.urls_ckan")),
    path("api/action/", include(("balai.opendata.urls_ckan", "ckan"), namespace="ckan-latest")),
    path("pengaduan/", include("balai.complaints.urls")),
    path("open311/", include("balai.complaints.open311_urls")),  # GeoReport v2 under v2/
    path("partisipasi/", include("balai.participation.urls")),
    path("akses-internet/", include("balai.access_points.urls")),
    path("inovasi/", include("balai.innovation.urls")),
    path("pengembang/", include("balai.developers.urls")),
    path("kompetisi/", include("balai.competitions.urls")),
    path("literasi-digital/", include("balai.literacy.urls")),
    path("kesehatan/", include("balai.health.urls")),
    path("spmb/", include("balai.education.urls")),
    path("", include("balai.taxes.urls")),  # /pajak/
    path("", include("balai.payments.urls")),  # /tagihan/, /bank-sandbox/
    path("bank/", include("balai.payments.urls_bank")),  # partner banks (SNAP), /bank/v1.0/
    path("sms/", include("balai.sms.urls")),  # the gateway's webhook and bulk SMS
    path("buku-besar/", include("balai.ledger.urls")),
    path("data-saya/", include("balai.privacy.urls")),
    path("api/", include("balai.api.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

handler403 = "balai.portal.views.permission_denied"
handler404 = "balai.portal.views.page_not_found"
handler500 = "balai.portal.views.server_error"

