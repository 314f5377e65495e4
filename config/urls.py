from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("balai.portal.urls")),
    path("akun/token-api/", include("balai.api.urls_pages")),
    path("akun/", include("balai.accounts.urls")),
    path("wilayah/", include("balai.regions.urls")),
    path("", include("balai.applications.urls")),  # /layanan/<code>/ajukan/ before the catalogue
    path("layanan/", include("balai.catalogue.urls")),
    path("notifikasi/", include("balai.notifications.urls")),
    path("", include("balai.documents.urls")),  # /verifikasi/ and /dokumen/
    path("api/", include("balai.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler403 = "balai.portal.views.permission_denied"
handler404 = "balai.portal.views.page_not_found"
handler500 = "balai.portal.views.server_error"

