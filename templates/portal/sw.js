{% autoescape off %}/* Balai's service worker (balai/portal/offline.py). It keeps the shell and the offline page,
   shows the offline page when a navigation fails, and never stores a page: personal pages
   stay out of every cache. */
"use strict";

const CACHE = "balai-shell-{{ version }}";
const OFFLINE_URL = {{ offline_url_json }};
const SHELL = {{ shell_json }};

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(SHELL.map((url) =>
        // Anonymous and fresh: the offline page must not carry anyone's session.
        new Request(url, {credentials: "omit", cache: "reload"}))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys
        .filter((key) => key.startsWith("balai-") && key !== CACHE)
        .map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate") {
    // Pages always come from the network; only a failed one is answered, by the offline page.
    event.respondWith(fetch(request).catch(() =>
      caches.open(CACHE).then((cache) => cache.match(OFFLINE_URL))
        .then((page) => page || Response.error())));
    return;
  }
  if (request.method === "GET" && SHELL.includes(url.pathname)) {
    event.respondWith(caches.open(CACHE)
      .then((cache) => cache.match(request))
      .then((hit) => hit || fetch(request)));
  }
});
{% endautoescape %}
