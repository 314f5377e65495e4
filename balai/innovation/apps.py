from django.apps import AppConfig


class InnovationConfig(AppConfig):
    name = "balai.innovation"
    label = "innovation"
    verbose_name = "Katalog inovasi daerah"
