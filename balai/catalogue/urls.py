from django.urls import path

from balai.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("", views.index, name="index"),
    path("cari/", views.search, name="search"),
    path("kategori/<slug:category>/", views.category, name="category"),
    path("<slug:code>/", views.service, name="service"),
]
