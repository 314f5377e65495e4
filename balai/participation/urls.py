from django.urls import path

from balai.participation import views

app_name = "participation"
urlpatterns = [
    path("pedoman-komunitas/", views.guidelines, name="guidelines"),
    path("aspirasi/", views.idea_list, name="ideas"),
    path("aspirasi/baru/", views.idea_new, name="idea_new"),
    path("aspirasi/<int:idea_id>/", views.idea_detail, name="idea"),
    path("aspirasi/<int:idea_id>/dukung/", views.idea_support, name="idea_support"),
    path("aspirasi/<int:idea_id>/komentar/", views.idea_comment, name="idea_comment"),
    path("aspirasi/<int:idea_id>/laporkan/", views.report, name="idea_report"),
    path("aspirasi/<int:idea_id>/komentar/<int:comment_id>/laporkan/", views.report,
         name="comment_report"),
    path("aspirasi/<int:idea_id>/status/", views.idea_status, name="idea_status"),
    path("moderasi/", views.moderation, name="moderation"),
    path("moderasi/<slug:kind>/<int:pk>/", views.moderate, name="moderate"),
    path("konsultasi/", views.consultation_list, name="consultations"),
    path("konsultasi/kalender.ics", views.consultation_calendar, name="consultation_calendar"),
    path("konsultasi/baru/", views.consultation_new, name="consultation_new"),
    path("konsultasi/<int:consultation_id>/", views.consultation_detail, name="consultation"),
    path("konsultasi/bagian/<int:section_id>/tanggapi/", views.section_comment,
         name="section_comment"),
    path("konsultasi/tanggapan/<int:comment_id>/jawab/", views.comment_response,
         name="comment_response"),
    path("konsultasi/<int:consultation_id>/laporan.csv", views.consultation_report_csv,
         name="consultation_csv"),
    path("konsultasi/<int:consultation_id>/laporan.pdf", views.consultation_report_pdf,
         name="consultation_pdf"),
    path("jajak-pendapat/", views.poll_list, name="polls"),
    path("jajak-pendapat/baru/", views.poll_new, name="poll_new"),
    path("jajak-pendapat/<int:poll_id>/", views.poll_detail, name="poll"),
    path("jajak-pendapat/<int:poll_id>/pilih/", views.poll_vote, name="poll_vote"),
    path("analitik/", views.analytics_page, name="analytics"),
    path("analitik.csv", views.analytics_csv, name="analytics_csv"),
]
