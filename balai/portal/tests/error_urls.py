"""A test-only URLconf: the real one plus views that fail, to exercise the error handlers."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler403, handler404, handler500
from config.urls import urlpatterns as real_urlpatterns

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("uji kegagalan server")


urlpatterns = [
    path("uji/terlarang/", forbidden),
    path("uji/rusak/", broken),
    *real_urlpatterns,
]
