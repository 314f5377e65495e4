"""Settings for the test suite: the real settings, with fast hashing and in-memory side channels."""

import os

os.environ.setdefault("BALAI_VAR_DIR", os.path.join(os.path.dirname(__file__), "..", "var", "test"))

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
BALAI_LEDGER_SEQUENCE_DEBOUNCE = 0  # the locmem cache outlives a test: no debounce across tests
STORAGES = {
    "default": {"BACKEND": "balai.core.storage.EncryptedStorage",
                "OPTIONS": {"inner": "django.core.files.storage.InMemoryStorage"}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SMS_BACKEND = "balai.notifications.sms.DevelopmentSmsBackend"
# Serve static files from the app folders: the suite never runs collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
