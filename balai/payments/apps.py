from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "balai.payments"
    label = "payments"
    verbose_name = "Tagihan dan pembayaran"
