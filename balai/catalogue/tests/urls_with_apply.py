"""The site's URLs with a stand-in for the applications app's apply page."""

from django.http import HttpResponse
from django.urls import include, path

from balai.catalogue.tests.urls_without_apply import urlpatterns as site

apply_patterns = ([path("layanan/<slug:code>/ajukan/", lambda request, code: HttpResponse(),
                        name="apply")], "applications")
urlpatterns = [path("", include(apply_patterns)), *site]
