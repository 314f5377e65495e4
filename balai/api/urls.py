from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path

from balai.api.v1 import api


def unknown_route(request: HttpRequest, rest: str = "") -> JsonResponse:
    return JsonResponse({"code": "NOT_FOUND", "message": "Alamat API ini tidak ada.",
                         "details": {"path": request.path}}, status=404)


urlpatterns = [
    path("v1/", api.urls),
    re_path(r"^(?P<rest>.*)$", unknown_route),
]
