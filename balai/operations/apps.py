from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "balai.operations"
    verbose_name = "Operasional"

    def ready(self) -> None:
        # Invalid values fail at start-up, never later at run time (balai/core/env.py).
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured

        from balai.operations.access import allowed_networks
        from balai.operations.archive import BackupKeyError, parse_keys

        try:
            allowed_networks(tuple(settings.BALAI_METRICS_ALLOWED_IPS))
        except ValueError as exc:
            raise ImproperlyConfigured(f"BALAI_METRICS_ALLOWED_IPS: {exc}") from None
        if settings.BALAI_BACKUP_KEYS:
            try:
                parse_keys(settings.BALAI_BACKUP_KEYS)
            except BackupKeyError as exc:
                raise ImproperlyConfigured(str(exc)) from None
