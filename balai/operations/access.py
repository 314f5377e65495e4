"""Who may read /metrics: a client from the configured addresses, or one with the token."""

from __future__ import annotations

import hmac
import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=4)
def allowed_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def may_read_metrics(request: HttpRequest) -> bool:
    """REMOTE_ADDR (the peer that connected: scrape Balai directly, not through the public
    proxy) inside BALAI_METRICS_ALLOWED_IPS, or `Authorization: Bearer <BALAI_METRICS_TOKEN>`.
    With neither configured, nobody may."""
    token = settings.BALAI_METRICS_TOKEN
    scheme, _sep, presented = request.headers.get("Authorization", "").partition(" ")
    if token and scheme.lower() == "bearer" and hmac.compare_digest(
            presented.strip().encode(), token.encode()):
        return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network
               for network in allowed_networks(tuple(settings.BALAI_METRICS_ALLOWED_IPS)))
