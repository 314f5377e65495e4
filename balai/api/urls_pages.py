"""The Token API page, mounted at /akun/token-api/ by config/urls.py."""

from django.urls import path

from balai.api import views

app_name = "api_tokens"
urlpatterns = [
    path("", views.tokens, name="index"),
    path("<int:token_id>/cabut/", views.revoke, name="revoke"),
]
