from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "balai.catalogue"
    label = "catalogue"
    verbose_name = "Katalog layanan"
