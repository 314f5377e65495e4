"""The developer portal, mounted at /pengembang/ by config/urls.py."""

from django.urls import path

from balai.developers import views

app_name = "developers"
urlpatterns = [
    path("", views.index, name="index"),
    path("mulai/", views.guide, name="guide"),
    path("versi/", views.versioning, name="versioning"),
    path("perubahan/", views.changelog, name="changelog"),
    path("aplikasi/baru/", views.app_new, name="app_new"),
    path("aplikasi/<int:app_id>/", views.app_detail, name="app"),
    path("aplikasi/<int:app_id>/kunci/", views.key_create, name="key_create"),
    path("aplikasi/<int:app_id>/kunci/<int:key_id>/putar/", views.key_rotate, name="key_rotate"),
    path("aplikasi/<int:app_id>/kunci/<int:key_id>/cabut/", views.key_revoke, name="key_revoke"),
    path("aplikasi/<int:app_id>/akses-langsung/", views.live_request, name="live_request"),
    path("aplikasi/<int:app_id>/webhook/", views.endpoint_create, name="endpoint_create"),
    path("aplikasi/<int:app_id>/webhook/<int:endpoint_id>/", views.endpoint_detail,
         name="endpoint"),
    path("aplikasi/<int:app_id>/webhook/<int:endpoint_id>/putar-rahasia/",
         views.endpoint_rotate, name="endpoint_rotate"),
    path("aplikasi/<int:app_id>/webhook/<int:endpoint_id>/aktifkan/", views.endpoint_enable,
         name="endpoint_enable"),
    path("aplikasi/<int:app_id>/webhook/<int:endpoint_id>/kiriman/<int:delivery_id>/ulang/",
         views.delivery_replay, name="delivery_replay"),
    path("aplikasi/<int:app_id>/penerima-uji/", views.received, name="received"),
    path("penerima-uji/<str:token>/", views.receiver, name="receiver"),
    path("persetujuan/", views.review_list, name="review_list"),
    path("persetujuan/<int:app_id>/", views.review, name="review"),
]
