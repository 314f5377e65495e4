from django.urls import path

from balai.ledger import views

app_name = "ledger"
urlpatterns = [
    path("", views.public, name="public"),
    path("bukti/", views.proof, name="proof"),
    path("jejak-saya/", views.my_entries, name="mine"),
    path("audit/", views.audit, name="audit"),
    path("audit/verifikasi/", views.run_verification, name="verify"),
]
