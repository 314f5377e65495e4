from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "balai.ledger"
    label = "ledger"
    verbose_name = "Buku besar audit"
