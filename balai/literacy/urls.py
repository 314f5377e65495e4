from django.urls import path

from balai.literacy import views

app_name = "literacy"

urlpatterns = [
    path("", views.session_list, name="list"),
    path("kalender.ics", views.ical_feed, name="calendar"),
    path("sesi/<int:session_id>/", views.session_detail, name="session"),
    path("sesi/<int:session_id>/daftar/", views.register, name="register"),
    path("sesi/<int:session_id>/daftar-dibantu/", views.assisted, name="assisted"),
    path("saya/", views.my_registrations, name="mine"),
    path("pendaftaran/<int:registration_id>/", views.registration_detail, name="registration"),
    path("pendaftaran/<int:registration_id>/batal/", views.cancel, name="cancel"),
    path("pendaftaran/<int:registration_id>/umpan-balik/", views.feedback, name="feedback"),
    path("hadir/<str:token>/", views.check_in, name="check_in"),
    path("kelola/", views.manage, name="manage"),
    path("kelola/program/baru/", views.programme_new, name="programme_new"),
    path("kelola/program/<int:programme_id>/sesi-baru/", views.session_new,
         name="session_new"),
    path("kelola/sesi/<int:session_id>/", views.participants, name="participants"),
    path("kelola/sesi/<int:session_id>/peserta.csv", views.participants_csv,
         name="participants_csv"),
    path("kelola/sesi/<int:session_id>/impor-kehadiran/", views.import_attendance,
         name="import_attendance"),
    path("kelola/sesi/<int:session_id>/sertifikat/", views.issue_certificates,
         name="certificates"),
    path("kelola/pendaftaran/<int:registration_id>/hadir/", views.mark_attended,
         name="mark_attended"),
]
