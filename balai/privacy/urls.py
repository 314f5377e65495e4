from django.urls import path

from balai.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.index, name="index"),
    path("pemberitahuan/", views.notice, name="notice"),
    path("unduh.json", views.download_json, name="download_json"),
    path("unduh.pdf", views.download_pdf, name="download_pdf"),
    path("persetujuan/", views.change_consent, name="consent"),
    path("perbaikan/", views.correction, name="correction"),
    path("penghapusan/", views.erasure, name="erasure"),
    path("permintaan/", views.requests_queue, name="requests"),
    path("permintaan/<int:request_id>/", views.answer, name="answer"),
]
