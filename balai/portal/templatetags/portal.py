"""Template tags of the portal shell."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import escape, strip_tags

from balai.portal.middleware import LANGUAGE_PARAMETER
from balai.portal.robots import is_public_path

register = template.Library()


@register.simple_tag
def optional_url(view_name: str, *args: Any) -> str:
    """The URL of a page, or "" when no such page is installed.

    The shell links to other domains' pages (the service catalogue, complaints, ...) only once
    they exist, so a part of the portal that is not built yet never shows as a dead link.
    """
    try:
        return reverse(view_name, args=args)
    except NoReverseMatch:
        return ""


class CaptureNode(template.Node):
    # Blocks inside stay overridable: ExtendsNode finds them through child_nodelists.
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: template.NodeList, name: str) -> None:
        self.nodelist = nodelist
        self.name = name

    def render(self, context: template.Context) -> str:
        context[self.name] = self.nodelist.render(context)
        return ""


@register.tag
def capture(parser: template.base.Parser, token: template.base.Token) -> CaptureNode:
    """{% capture name %}...{% endcapture %}: render once, use as {{ name }} several times.

    base.html captures the title and description blocks, which <title>, the description and
    the OpenGraph tags all show (a block cannot be rendered twice).
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% capture name %} takes one name")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[1])


@register.filter
def attr_text(value: str) -> str:
    """Rendered HTML as plain text for an attribute: tags dropped, entities decoded, escaped."""
    return escape(" ".join(html.unescape(strip_tags(str(value))).split()))


@dataclass(frozen=True)
class PageLinks:
    canonical: str
    alternates: list[tuple[str, str]]
    x_default: str
    og_locale: str
    og_locale_alternates: list[str]


OG_LOCALES = {"id": "id_ID", "en": "en_US"}


def _address(path: str, params: dict[str, str]) -> str:
    return settings.BALAI_PUBLIC_URL + path + (f"?{urlencode(params)}" if params else "")


@register.simple_tag(takes_context=True)
def page_links(context: template.Context) -> PageLinks | None:
    """Canonical and hreflang addresses of a public page, or None for a private one.

    The language of a page is chosen by the cookie of the language switch, or for one request
    by ?lang= (balai.portal.middleware): the Indonesian page's address has no parameter, the
    English one ?lang=en. Of the query string only the page number is kept.
    """
    request = context.get("request")
    if request is None or not is_public_path(request.path):
        return None
    kept = {"page": request.GET["page"]} if request.GET.get("page", "").isdigit() else {}
    current = translation.get_language() or settings.LANGUAGE_CODE
    addresses = {code: _address(request.path, kept if code == settings.LANGUAGE_CODE
                                else {**kept, LANGUAGE_PARAMETER: code})
                 for code, _name in settings.LANGUAGES}
    language = current if current in addresses else settings.LANGUAGE_CODE
    return PageLinks(
        canonical=addresses[language],
        alternates=list(addresses.items()),
        x_default=addresses[settings.LANGUAGE_CODE],
        og_locale=OG_LOCALES.get(language, language),
        og_locale_alternates=[OG_LOCALES.get(code, code) for code in addresses
                              if code != language])


@register.simple_tag(takes_context=True)
def path_without_language(context: template.Context) -> str:
    """This page's address without ?lang=, where the language switch returns to (else the
    parameter would outvote the language just chosen)."""
    request = context["request"]
    params = request.GET.copy()
    params.pop(LANGUAGE_PARAMETER, None)
    return request.path + (f"?{params.urlencode()}" if params else "")
