from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from balai.portal import offline, views, webfiles
from balai.portal.feeds import LatestUpdatesFeed
from balai.portal.sitemaps import SITEMAPS

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("tentang/", views.about, name="about"),
    path("bantuan/", views.help_page, name="help"),
    path("kontak/", views.contact, name="contact"),
    path("cari/", views.search, name="search"),
    path("aksesibilitas/", views.accessibility, name="accessibility"),
    path("terbaru.atom", LatestUpdatesFeed(), name="feed"),
    path("robots.txt", webfiles.robots_txt, name="robots_txt"),
    path("favicon.ico", webfiles.favicon, name="favicon"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    # At the site root, so that the worker's scope is the whole site.
    path("sw.js", offline.service_worker, name="service_worker"),
    path("luring/", offline.offline, name="offline"),
    path(".well-known/security.txt", webfiles.security_txt, name="security_txt"),
    path(".well-known/change-password", webfiles.change_password, name="change_password"),
    path("sitemap.xml", sitemap_views.index,
         {"sitemaps": SITEMAPS, "sitemap_url_name": "portal:sitemap_section"},
         name="sitemap_index"),
    path("sitemap-<section>.xml", sitemap_views.sitemap,
         {"sitemaps": SITEMAPS}, name="sitemap_section"),
]
