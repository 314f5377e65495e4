"""Open311 GeoReport v2 at /open311/v2/ (see balai.complaints.open311). Any other path under
/open311/ is answered with an Open311 error, never a page."""

from django.urls import path, re_path

from balai.complaints import open311

app_name = "open311"
urlpatterns = [
    path("v2/discovery.<str:fmt>", open311.discovery, name="discovery"),
    path("v2/services.<str:fmt>", open311.services, name="services"),
    path("v2/services/<slug:code>.<str:fmt>", open311.service_definition, name="service"),
    path("v2/requests.<str:fmt>", open311.requests_view, name="requests"),
    path("v2/requests/<str:request_id>.<str:fmt>", open311.request_detail, name="request"),
    path("v2/tokens/<str:token>.<str:fmt>", open311.token_detail, name="token"),
    re_path(r"^(?P<rest>.*)$", open311.unknown_route),
]
