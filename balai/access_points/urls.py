from django.urls import path

from balai.access_points import views

app_name = "access_points"

urlpatterns = [
    path("", views.public_list, name="list"),
    path("peta/", views.public_map, name="map"),
    path("<int:point_id>/", views.detail, name="detail"),
    path("<int:point_id>/lapor/", views.report, name="report"),
    path("petugas/", views.officer_home, name="officer_home"),
    path("petugas/titik/baru/", views.point_form, name="create"),
    path("petugas/titik/<int:point_id>/ubah/", views.point_form, name="edit"),
    path("petugas/laporan/<int:report_id>/<str:decision>/", views.decide, name="decide"),
    path("petugas/cakupan/baru/", views.coverage_add, name="coverage_add"),
    path("petugas/desa/<str:code>/", views.desa_profile, name="desa_profile"),
    path("petugas/perencanaan/", views.planning, name="planning"),
    path("petugas/perencanaan/rekap.csv", views.report_csv, name="report_csv"),
]
