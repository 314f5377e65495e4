from django.apps import AppConfig


class AccessPointsConfig(AppConfig):
    name = "balai.access_points"
    label = "access_points"
    verbose_name = "Akses internet publik"
