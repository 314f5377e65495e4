from django.urls import path

from balai.payments import views

app_name = "payments"

urlpatterns = [
    path("tagihan/", views.my_bills, name="mine"),
    path("tagihan/<str:code>/", views.bill_detail, name="bill"),
    path("tagihan/<str:code>/bukti-bayar/", views.receipt, name="receipt"),
    path("bank-sandbox/", views.sandbox_bank, name="sandbox"),
    path("bank-sandbox/selesai/", views.sandbox_done, name="sandbox_done"),
]
