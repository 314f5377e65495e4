from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "balai.catalogue"
    label = "catalogue"
    verbose_name = "Katalog layanan"

    def ready(self) -> None:
        from balai.catalogue.queries import ServiceCatalogueSource
        from balai.portal.queries import register_search_source

        # What citizens look for most: listed before the portal's own sources (50-70).
        register_search_source(ServiceCatalogueSource(), position=10)
