"""Language chosen by the address: ?lang=en shows the page in English for this request only."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

LANGUAGE_PARAMETER = "lang"


class LanguageParameterMiddleware:
    """Activate the language named by ?lang= (after LocaleMiddleware, which reads the cookie
    and Accept-Language).

    The visitor's choice stays the cookie of the language switch; the parameter gives each
    language of a public page an address of its own, which the page's hreflang alternates, its
    canonical link and the sitemap name. An unknown value is ignored.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.GET.get(LANGUAGE_PARAMETER, "")
        if language in self.languages:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
