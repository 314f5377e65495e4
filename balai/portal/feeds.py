"""The portal's Atom feed: newly published public information and newly published services
(versions of a service's definition). Balai has no separate news; these are its news."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from balai.catalogue.queries import public_services
from balai.information.queries import public_items

ENTRIES = 30


@dataclass(frozen=True)
class Entry:
    uid: str
    title: str
    summary: str
    url: str
    published: dt.datetime
    category: str


def latest_entries(*, limit: int = ENTRIES) -> list[Entry]:
    """The newest published information items and service versions, newest first (2 queries)."""
    language = get_language() or "id"
    items = (public_items().prefetch_related(None).order_by("-published_at", "-id")[:limit])
    services = public_services().order_by("-current__created_at", "-id")[:limit]
    entries = [Entry(uid=f"informasi-{item.pk}", title=item.title,
                     summary=Truncator(item.summary).words(60),
                     url=reverse("information:item", args=[item.pk]),
                     published=item.published_at, category=_("Informasi publik"))
               for item in items]
    for service in services:
        definition = service.current
        assert definition is not None  # public_services() has a version in force
        spec = definition.spec
        entries.append(Entry(
            uid=f"layanan-{service.code}-v{definition.version}",
            title=spec.name.get(language), summary=spec.description.get(language),
            url=reverse("catalogue:service", args=[service.code]),
            published=definition.created_at, category=_("Layanan")))
    entries.sort(key=lambda entry: (entry.published, entry.uid), reverse=True)
    return entries[:limit]


class LatestUpdatesFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Kabar terbaru Balai %(regency)s") % {"regency": settings.BALAI_REGENCY_NAME}

    def subtitle(self) -> str:
        return _("Informasi publik dan layanan yang baru diterbitkan.")

    def link(self) -> str:
        return reverse("portal:home")

    def feed_url(self) -> str:
        return reverse("portal:feed")

    def items(self) -> list[Entry]:
        return latest_entries()

    def item_title(self, item: Entry) -> str:
        return item.title

    def item_description(self, item: Entry) -> str:
        return item.summary

    def item_link(self, item: Entry) -> str:
        return item.url

    def item_guid(self, item: Entry) -> str:
        # Stable entry ids (RFC 4151 tag URIs) on the installation's public host, whatever
        # address the feed was fetched from.
        return f"tag:{urlsplit(settings.BALAI_PUBLIC_URL).hostname},2026:{item.uid}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Entry) -> dt.datetime:
        return item.published

    def item_updateddate(self, item: Entry) -> dt.datetime:
        return item.published

    def item_categories(self, item: Entry) -> list[str]:
        return [item.category]
