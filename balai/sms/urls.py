from django.urls import path

from balai.sms import views

app_name = "sms"

urlpatterns = [
    path("masuk/", views.inbound, name="inbound"),
    path("massal/", views.bulk, name="bulk"),
]
