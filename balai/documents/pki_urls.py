"""The development PKI's public addresses (pki_views.py), mounted at the site root."""

from django.urls import path

from balai.documents import pki, pki_views

app_name = "pki"

urlpatterns = [
    path(pki.CA_CERT_PATH, pki_views.ca_certificate, name="ca_certificate"),
    path(pki.CRL_PATH, pki_views.crl, name="crl"),
    path(pki.OCSP_PATH, pki_views.ocsp, name="ocsp"),
    path(f"{pki.OCSP_PATH}/<path:encoded>", pki_views.ocsp_get, name="ocsp_get"),
    path(pki.TSA_PATH, pki_views.tsa, name="tsa"),
]
