"""Balai's settings for bench/public_pages.py: config.settings unchanged but for the limits
that would otherwise answer one benchmarking client with 429 (the status look-up's 30 a minute
per address, the open API's 60 a minute)."""

from config.settings import *  # noqa: F403

BALAI_RATE_LIMITS = {**BALAI_RATE_LIMITS, "status_lookup": {"ip": (10**9, 60)}}  # noqa: F405
BALAI_API_RATES = {"anon": "1000000000/min", "auth": "1000000000/min"}
