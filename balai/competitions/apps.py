from django.apps import AppConfig


class CompetitionsConfig(AppConfig):
    name = "balai.competitions"
    label = "competitions"
    verbose_name = "Kompetisi teknologi"
