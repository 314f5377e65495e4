from django.urls import path, register_converter

from balai.applications import views


class NumberConverter:
    regex = r"[A-Z]{2}-\d{4}-\d{6,}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(NumberConverter, "nomor")

app_name = "applications"
urlpatterns = [
    # Applying: mounted at the site root, before the catalogue's "layanan/" include.
    path("layanan/<slug:code>/ajukan/", views.apply, name="apply"),
    path("layanan/<slug:code>/ajukan/berkas/", views.apply_uploads, name="apply_uploads"),
    path("layanan/<slug:code>/ajukan/periksa/", views.apply_review, name="apply_review"),
    # The citizen's applications.
    path("permohonan/", views.dashboard, name="dashboard"),
    path("permohonan/<nomor:number>/", views.detail, name="detail"),
    path("permohonan/<nomor:number>/tanda-terima/", views.receipt, name="receipt"),
    path("permohonan/<nomor:number>/tanda-terima.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("permohonan/<nomor:number>/tindakan/<slug:action>/", views.applicant_action,
         name="applicant_action"),
    path("permohonan/berkas/<int:upload_id>/", views.download_upload, name="upload"),
    # Officers.
    path("permohonan/antrean/", views.queue, name="queue"),
    path("permohonan/antrean/<nomor:number>/", views.officer_detail, name="officer_detail"),
    path("permohonan/antrean/<nomor:number>/tindakan/<slug:action>/", views.officer_action,
         name="officer_action"),
    path("permohonan/antrean/<nomor:number>/ambil/", views.claim, name="claim"),
    path("permohonan/antrean/<nomor:number>/tugaskan/", views.assign, name="assign"),
    # Assisted service at the counter.
    path("permohonan/bantuan/", views.assisted_home, name="assisted"),
    path("permohonan/bantuan/mulai/", views.assisted_start, name="assisted_start"),
    path("permohonan/bantuan/daftar/", views.assisted_register, name="assisted_register"),
    path("permohonan/bantuan/ajukan/<slug:code>/", views.assisted_apply,
         name="assisted_apply"),
    path("permohonan/bantuan/ajukan/<slug:code>/berkas/", views.assisted_apply_uploads,
         name="assisted_apply_uploads"),
    path("permohonan/bantuan/ajukan/<slug:code>/periksa/", views.assisted_apply_review,
         name="assisted_apply_review"),
    # Public status, without personal data.
    path("status/", views.status_lookup, name="status"),
    path("status/<nomor:number>/", views.status_detail, name="status_detail"),
]
