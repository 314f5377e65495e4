from django.urls import path

from balai.documents import views

app_name = "documents"

urlpatterns = [
    path("verifikasi/", views.verify, name="verify"),
    path("verifikasi/<str:code>/", views.detail, name="detail"),
    path("dokumen/<str:code>/unduh/", views.download, name="download"),
]
