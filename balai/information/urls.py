from django.urls import path

from balai.information import views

app_name = "information"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<int:item_id>/", views.item, name="item"),
    path("<int:item_id>/berkas/<int:file_id>/", views.item_file, name="item_file"),
    path("minta/", views.request_form, name="request"),
    path("permohonan/", views.my_requests, name="my_requests"),
    path("permohonan/lacak/", views.lookup, name="lookup"),
    path("permohonan/<str:number>/", views.request_detail, name="request_detail"),
    path("permohonan/<str:number>/berkas/<int:file_id>/", views.request_file,
         name="request_file"),
    path("permohonan/<str:number>/keberatan/", views.object_to, name="object"),
    path("permohonan/<str:number>/tanggapan/", views.react, name="react"),
    path("kalender/<slug:secret>.ics", views.calendar_feed, name="calendar_feed"),
    path("ppid/", views.ppid_queue, name="ppid_queue"),
    path("ppid/terbitkan/", views.publish, name="publish"),
    path("ppid/<str:number>/", views.ppid_request, name="ppid_request"),
    path("ppid/<str:number>/berkas/<int:file_id>/", views.ppid_file, name="ppid_file"),
    path("atasan/", views.objections, name="objections"),
    path("atasan/<str:number>/", views.objection, name="objection"),
    path("laporan/", views.report, name="report"),
    path("laporan/laporan.csv", views.report_csv, name="report_csv"),
    path("laporan/laporan.pdf", views.report_pdf, name="report_pdf"),
]
