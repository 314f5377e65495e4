from django.urls import path

from balai.transparency import views

app_name = "transparency"

urlpatterns = [
    path("dasbor/", views.dashboard, name="dashboard"),
    path("dasbor/<slug:table>.csv", views.dashboard_csv, name="dashboard_csv"),
    path("survei/", views.my_surveys, name="surveys"),
    path("survei/<int:survey_id>/", views.survey, name="survey"),
]
