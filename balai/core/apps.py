from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    name = "balai.core"
    label = "core"
    default = True
    verbose_name = "Inti"


class BalaiAdminConfig(admin_apps.AdminConfig):
    """The admin, with a site that records every admin change in the audit ledger."""

    default = False
    default_site = "balai.core.admin_site.BalaiAdminSite"
