from django.apps import AppConfig


class SmsConfig(AppConfig):
    name = "balai.sms"
    label = "sms"
    verbose_name = "SMS"
