from django.apps import AppConfig


class InformationConfig(AppConfig):
    name = "balai.information"
    label = "information"
    verbose_name = "Informasi publik (PPID)"

    def ready(self) -> None:
        from balai.information.queries import InformationCatalogueSource
        from balai.portal.queries import register_search_source

        register_search_source(InformationCatalogueSource(), position=20)
