"""The partner banks' host-to-host API, mounted at /bank/ (see bank_api.py). Every other path
under /bank/ answers SNAP's JSON 404, not the site's HTML page."""

from django.urls import path, re_path

from balai.payments import bank_api

app_name = "bank"

urlpatterns = [
    path("v1.0/access-token/b2b", bank_api.access_token, name="access_token"),
    path("v1.0/transfer-va/inquiry", bank_api.inquiry, name="inquiry"),
    path("v1.0/transfer-va/payment", bank_api.payment, name="payment"),
    path("v1.0/transfer-va/status", bank_api.status, name="status"),
    path("v1.0/transfer-va/report", bank_api.report, name="report"),
    path("v1.0/transfer-va/reversal", bank_api.reversal, name="reversal"),
    re_path(r"^(?P<rest>.*)$", bank_api.unknown, name="unknown"),
]
