from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "balai.privacy"
    verbose_name = _("Pelindungan data pribadi")
    default_auto_field = "django.db.models.BigAutoField"
