from django.urls import path

from balai.taxes import views

app_name = "taxes"

urlpatterns = [
    path("pajak/cek/", views.lookup, name="lookup"),
    path("pajak/saya/", views.mine, name="mine"),
    path("pajak/objek/<str:nop>/sppt/<int:year>/", views.sppt_pdf, name="sppt_pdf"),
    path("pajak/usaha/<int:business_id>/lapor/", views.file_return, name="file_return"),
    path("pajak/petugas/", views.officer_objects, name="officer_objects"),
    path("pajak/petugas/objek-baru/", views.officer_register, name="officer_register"),
    path("pajak/petugas/objek/<str:nop>/", views.officer_object, name="officer_object"),
]
