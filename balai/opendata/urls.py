from django.urls import path

from balai.opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    path("catalog", views.catalog, name="catalog"),
    path("catalog.<str:fmt>", views.catalog, name="catalog_format"),
    path("kelola/", views.manage, name="manage"),
    path("kelola/<slug:slug>/", views.upload, name="upload"),
    path("<slug:slug>/", views.dataset, name="dataset"),
    path("<slug:slug>/unduh.<str:fmt>", views.download, name="download"),
]
