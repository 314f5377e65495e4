from django.urls import path

from balai.health import views

app_name = "health"

urlpatterns = [
    path("", views.facility_list, name="list"),
    path("saya/", views.my_visits, name="mine"),
    path("poli/<int:polyclinic_id>/ambil/", views.book, name="book"),
    path("kunjungan/<int:visit_id>/", views.visit_detail, name="visit"),
    path("kunjungan/<int:visit_id>/batal/", views.cancel, name="cancel"),
    path("loket/", views.desk_home, name="desk"),
    path("loket/poli/<int:polyclinic_id>/", views.desk_day, name="desk_day"),
    path("loket/poli/<int:polyclinic_id>/daftar/", views.desk_book, name="desk_book"),
    path("loket/poli/<int:polyclinic_id>/panggil/", views.call_next, name="call_next"),
    path("loket/kunjungan/<int:visit_id>/tahap/", views.stage, name="stage"),
    path("loket/kunjungan/<int:visit_id>/lewati/", views.skip, name="skip"),
    path("loket/kunjungan/<int:visit_id>/batal/", views.desk_cancel, name="desk_cancel"),
    path("<slug:code>/", views.facility_detail, name="facility"),
    path("<slug:code>/antrean/", views.queue_board, name="board"),
    path("<slug:code>/antrean.json", views.queue_board_json, name="board_json"),
    path("<slug:code>/statistik/", views.facility_statistics, name="statistics"),
]
