"""The partner banks' host-to-host API, mounted at /bank/v1.0/ (see bank_api.py)."""

from django.urls import path

from balai.payments import bank_api

app_name = "bank"

urlpatterns = [
    path("access-token/b2b", bank_api.access_token, name="access_token"),
    path("transfer-va/inquiry", bank_api.inquiry, name="inquiry"),
    path("transfer-va/payment", bank_api.payment, name="payment"),
    path("transfer-va/reversal", bank_api.reversal, name="reversal"),
    path("report", bank_api.report, name="report"),
]
