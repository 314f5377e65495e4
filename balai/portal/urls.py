from django.urls import path

from balai.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("tentang/", views.about, name="about"),
    path("bantuan/", views.help_page, name="help"),
    path("kontak/", views.contact, name="contact"),
    path("cari/", views.search, name="search"),
]
