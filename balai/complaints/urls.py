from django.urls import path, register_converter

from balai.complaints import views


class NumberConverter:
    regex = r"ADU-\d{4}-\d{6,}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(NumberConverter, "aduan")

app_name = "complaints"
urlpatterns = [
    path("", views.public_list, name="list"),
    path("lapor/", views.file, name="file"),
    path("saya/", views.mine, name="mine"),
    path("saya/<aduan:number>/", views.reporter_detail, name="reporter_detail"),
    path("saya/<aduan:number>/diterima/", views.filed, name="filed"),
    path("saya/<aduan:number>/konfirmasi/", views.confirm, name="confirm"),
    path("saya/<aduan:number>/buka-kembali/", views.reopen, name="reopen"),
    path("saya/<aduan:number>/nilai/", views.rate, name="rate"),
    path("foto/<int:photo_id>/", views.photo, name="photo"),
    path("antrean/", views.queue, name="queue"),
    path("antrean/<aduan:number>/", views.officer_detail, name="officer_detail"),
    path("antrean/<aduan:number>/<slug:action>/", views.officer_action, name="officer_action"),
    path("<aduan:number>/", views.public_detail, name="detail"),
]
