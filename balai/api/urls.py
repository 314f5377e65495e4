from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt

from balai.api.v1 import api


@csrf_exempt  # no session is used: a POST to a wrong address is a 404, not a CSRF failure
def unknown_route(request: HttpRequest, rest: str = "") -> JsonResponse:
    return JsonResponse({"code": "NOT_FOUND", "message": "Alamat API ini tidak ada.",
                         "details": {"path": request.path}}, status=404)


urlpatterns = [
    path("v1/", api.urls),
    re_path(r"^(?P<rest>.*)$", unknown_route),
]
