from django.urls import path

from balai.regions import views

app_name = "regions"
urlpatterns = [
    path("", views.index, name="index"),
    path("desa/", views.villages, name="villages"),
]
