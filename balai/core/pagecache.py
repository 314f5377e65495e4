"""Whole-page cache of public pages for anonymous visitors, invalidated by version.

A public page that changes rarely (the catalogue, a service, the dashboard, the API's catalogue)
is marked by its view: `@public_page("catalogue")` on a Django view, or `mark(request,
"catalogue")` inside an API operation. Each name is a *scope* whose version lives in Django's
cache; the actions that change the data behind a scope call `invalidate("catalogue")`, which
gives the scope a new version once the transaction commits.

`PublicPageCacheMiddleware` (early in MIDDLEWARE, before sessions) then:

- answers a GET of an anonymous visitor from the cache when the page is there and every scope
  it was rendered under still has the same version: no session, URL resolution, view or
  template, only two cache reads; a matching If-None-Match gets 304 Not Modified;
- stores the finished response of a marked page when it is safe to share: GET, 200, no cookie
  set, no session or messages cookie sent, no CSRF token used, no Authorization header, not
  marked private by the view; the key is the scheme, host, full path and the language;
- marks every response of a marked page: anonymous ones `Cache-Control: public, max-age=…`
  with an ETag (a reverse proxy may serve them), or `private, no-cache` when the page has a
  guard (which must see every request), all others `private, no-store`; always
  `Vary: Cookie, Accept-Language`.

Nothing personal can leak: a request that carries a session or a messages cookie never reads
or writes the cache, and a page that used a CSRF token or set a cookie is never stored.
Entries also expire after settings.BALAI_PAGE_CACHE_SECONDS (0 turns the cache off), a bound
on staleness for data whose changes do not call `invalidate` (e.g. an office renamed).
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django.utils.module_loading import import_string

VERSION_PREFIX = "pagecache:v:"
PAGE_PREFIX = "pagecache:p:"
# Headers a stored page never carries: they belong to one request or are added again by the
# middleware outside this one.
NOT_STORED = {"set-cookie", "x-request-id"}
CACHE_HEADER = "X-Page-Cache"
# Each process also keeps the pages it served last in memory (a hit then costs one read of the
# shared cache, the versions, instead of reading and unpickling the page), at most this many.
LOCAL_ENTRIES = 256
_local: dict[str, dict[str, Any]] = {}


def _remember(key: str, entry: dict[str, Any]) -> None:
    _local[key] = entry
    while len(_local) > LOCAL_ENTRIES:
        try:
            del _local[next(iter(_local))]
        except (KeyError, StopIteration, RuntimeError):  # another thread removed it first
            break


def _entry(key: str) -> dict[str, Any] | None:
    entry = _local.get(key)
    if entry is None:
        entry = cache.get(key)
        if entry is not None:
            _remember(key, entry)
    return entry


def _enabled() -> bool:
    return getattr(settings, "BALAI_PAGE_CACHE_SECONDS", 0) > 0


# --- versions ------------------------------------------------------------------------------

def versions(scopes: tuple[str, ...]) -> dict[str, str]:
    """The current version of each scope (a new one for a scope the cache does not know)."""
    keys = {VERSION_PREFIX + scope: scope for scope in scopes}
    found = cache.get_many(list(keys))
    for key in keys.keys() - found.keys():
        token = uuid.uuid4().hex
        # Another process may add it at the same moment: keep whichever came first.
        found[key] = token if cache.add(key, token, timeout=None) else cache.get(key, token)
    return {keys[key]: value for key, value in found.items()}


def invalidate(*scopes: str) -> None:
    """Give each scope a new version, now and again when the current transaction commits:
    pages rendered before are no longer served. (The second bump covers a page rendered
    between the two from data not yet committed.)"""

    def bump() -> None:
        cache.set_many({VERSION_PREFIX + scope: uuid.uuid4().hex for scope in scopes},
                       timeout=None)

    bump()
    transaction.on_commit(bump)


# --- marking pages -------------------------------------------------------------------------

def mark(request: HttpRequest, *scopes: str, guard: str = "") -> None:
    """The page answering `request` is public and depends on the data of `scopes`. The
    versions are read before the page is rendered, so that a page rendered from data changed
    meanwhile is stored under the old version and never served.

    `guard` names a function (dotted path) that must allow each request served from the
    cache too, e.g. a rate limit; when it refuses, the request takes the normal way."""
    seen = versions(scopes) if _enabled() else {}
    request._public_page = (scopes, seen, guard)  # type: ignore[attr-defined]


def public_page(*scopes: str) -> Callable[[Callable[..., HttpResponse]],
                                          Callable[..., HttpResponse]]:
    """Decorator of a public view: `mark(request, *scopes)` before the view runs."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            mark(request, *scopes)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# --- the middleware ------------------------------------------------------------------------

def _shareable_request(request: HttpRequest) -> bool:
    """A GET from a visitor who carries nothing personal: no session, no pending messages, no
    credentials. Such a visitor sees exactly what every other anonymous visitor sees."""
    return (request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and getattr(settings, "MESSAGES_COOKIE_NAME", "messages") not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
            and "HTTP_HX_REQUEST" not in request.META  # htmx asks for parts of pages
            and "HTTP_X_API_KEY" not in request.META)


def _language(request: HttpRequest) -> str:
    """The language the page will be rendered in, decided as LocaleMiddleware and
    LanguageParameterMiddleware decide it (?lang=, then the cookie, then Accept-Language)."""
    wanted = request.GET.get("lang", "")
    if wanted in dict(settings.LANGUAGES):
        return wanted
    return translation.get_language_from_request(request)


def _key(request: HttpRequest, language: str) -> str | None:
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # the normal path answers 400
    raw = f"{request.scheme}://{host}{request.get_full_path()}|{language}"
    return PAGE_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def _route(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return str(match.route) if match is not None and match.route else ""


def _conditional(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """304 Not Modified when If-None-Match (or If-Modified-Since) says the client has it."""
    last_modified = parse_http_date_safe(response["Last-Modified"])
    conditional = get_conditional_response(request, etag=response["ETag"],
                                           last_modified=last_modified, response=response)
    return conditional if conditional is not None else response


class PublicPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        shareable = _enabled() and _shareable_request(request)
        key = language = None
        if shareable:
            language = _language(request)
            key = _key(request, language)
            entry = _entry(key) if key else None
            if entry is not None and entry["expires"] > time.time() \
                    and versions(tuple(entry["versions"])) == entry["versions"] \
                    and (not entry["guard"] or import_string(entry["guard"])(request)):
                return self._from_entry(request, entry)
        response = self.get_response(request)
        marked = getattr(request, "_public_page", None)
        if marked is None:
            return response
        scopes, seen, guard = marked
        if shareable and key and self._storable(request, response, language):
            self._public(response, guarded=bool(guard))
            entry = {"status": response.status_code, "content": response.content,
                     "headers": [(k, v) for k, v in response.items()
                                 if k.lower() not in NOT_STORED],
                     "versions": seen, "route": _route(request), "guard": guard,
                     "expires": time.time() + settings.BALAI_PAGE_CACHE_SECONDS}
            cache.set(key, entry, timeout=settings.BALAI_PAGE_CACHE_SECONDS)
            _remember(key, entry)
            response[CACHE_HEADER] = "miss"
            return _conditional(request, response)
        patch_cache_control(response, private=True, no_store=True)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        return response

    @staticmethod
    def _storable(request: HttpRequest, response: HttpResponseBase, language: str | None) -> bool:
        session = getattr(request, "session", None)
        return (response.status_code == 200
                and not response.streaming
                and not response.cookies
                and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
                and "private" not in response.get("Cache-Control", "")
                and "no-store" not in response.get("Cache-Control", "")
                and not (session is not None and session.modified)
                and getattr(request, "LANGUAGE_CODE", language) == language)

    @staticmethod
    def _public(response: HttpResponseBase, *, guarded: bool) -> None:
        assert isinstance(response, HttpResponse)
        digest = hashlib.blake2b(response.content, digest_size=16).hexdigest()
        response["ETag"] = f'"{digest}"'
        response["Last-Modified"] = http_date()
        if guarded:
            # The guard (a rate limit) must see every request: no shared cache may answer for
            # Balai, and a browser asks again (If-None-Match, 304 when the guard allows it).
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, max_age=settings.BALAI_PUBLIC_MAX_AGE)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))

    @staticmethod
    def _from_entry(request: HttpRequest, entry: dict[str, Any]) -> HttpResponseBase:
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response[CACHE_HEADER] = "hit"
        request.metrics_route = entry["route"]  # type: ignore[attr-defined]
        return _conditional(request, response)
