from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "balai.regions"
    label = "regions"
    verbose_name = "Wilayah"
