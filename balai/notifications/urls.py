from django.contrib.auth import views as auth_views
from django.urls import path

app_name = "notifications"
urlpatterns = [path("", auth_views.LoginView.as_view(), name="inbox")]
