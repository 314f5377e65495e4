from django.urls import path

from balai.education import views

app_name = "spmb"

urlpatterns = [
    path("", views.home, name="home"),
    path("sekolah/", views.school_list, name="schools"),
    path("antrean/", views.waiting_room, name="waiting"),
    path("daftar/", views.register, name="register"),
    path("pendaftaran/", views.my_registrations, name="mine"),
    path("pendaftaran/<str:number>/", views.registration_detail, name="registration"),
    path("daftar-ulang/<int:entry_id>/", views.reregister, name="reregister"),
    path("operator/", views.operator_queue, name="operator"),
    path("operator/<str:number>/", views.verify, name="verify"),
    path("pendaftaran/<str:number>/dokumen/<str:kind>/", views.document, name="document"),
    path("hasil/", views.results, name="results"),
    path("hasil/<str:npsn>/", views.ranking, name="ranking"),
]
