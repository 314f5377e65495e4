"""The service worker in a real browser: after one visit, a page opened without a connection
shows the offline page, styled from the worker's cache."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _worker_ready(page) -> str:
    return page.evaluate("navigator.serviceWorker.ready.then(r => r.active.scriptURL)")


def test_navigation_while_offline_shows_the_offline_page(page, live_server):
    page.goto("/")
    assert _worker_ready(page) == f"{live_server.url}/sw.js"
    assert any(worker.url.endswith("/sw.js") for worker in page.context.service_workers)
    cached = page.evaluate("caches.keys()")
    assert len(cached) == 1 and cached[0].startswith("balai-shell-")

    page.context.set_offline(True)
    page.goto("/tentang/")
    assert page.locator("h1").inner_text() == "Koneksi internet terputus"
    assert page.title().startswith("Koneksi terputus")
    assert page.url == f"{live_server.url}/tentang/"  # "Coba lagi" reopens this address
    header = page.locator(".site-header").evaluate("e => getComputedStyle(e).backgroundColor")
    assert header == "rgb(0, 89, 79)"  # balai.css, from the cache

    page.context.set_offline(False)
    with page.expect_navigation():
        page.click("text=Coba lagi")
    assert page.locator("h1").inner_text() == "Tentang Balai"


def test_the_offline_page_comes_from_the_worker_not_the_http_cache(browser, live_server):
    # The worker stores no page: offline before it ever ran, the browser has nothing to show.
    context = browser.new_context(base_url=live_server.url, service_workers="block")
    try:
        page = context.new_page()
        page.goto("/")
        context.set_offline(True)
        with pytest.raises(Exception, match="ERR_INTERNET_DISCONNECTED"):
            page.goto("/tentang/")
    finally:
        context.close()
