"""Public pages of the portal and the error pages. Views parse, call a query, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views import i18n
from django.views.decorators.csrf import csrf_exempt

from balai.core.pagecache import public_page
from balai.operations.outage import unavailable_response
from balai.portal import queries
from balai.portal.forms import SearchForm


@public_page("catalogue")
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"search_form": SearchForm()})


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/about.html")


def help_page(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/help.html", {"topics": queries.faq_topics()})


def contact(request: HttpRequest) -> HttpResponse:
    locations = [(location, queries.weekly_schedule(location))
                 for location in queries.service_locations()]
    return render(request, "portal/contact.html", {"locations": locations})


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = ""
    groups: list[queries.SearchGroup] = []
    if form.is_valid():
        query = form.cleaned_data["q"]
        groups = queries.search_portal(query=query)
    return render(request, "portal/search.html", {
        "form": form,
        "query": query,
        "groups": groups,
        "result_count": sum(len(group.results) for group in groups),
    })


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", {"search_form": SearchForm()}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # The database out of reach is a 503 with Retry-After (balai/operations/outage.py).
    unavailable = unavailable_response(request)
    if unavailable is not None:
        return unavailable
    # No request context: the failure may lie in a context processor or the database.
    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/csrf.html", status=403)


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibility.html")


# The language switch is in the header of every page. Without a CSRF token in it, a public page
# is the same for every anonymous visitor and can be served from the page cache and by a
# reverse proxy (balai/core/pagecache.py). What a forged switch could do is choose the
# visitor's language and send them to a page of this site (Django's set_language only follows
# a `next` on this host): nothing worth a token.
set_language = csrf_exempt(i18n.set_language)
