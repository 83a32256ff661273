// Service worker of the proctor pages: the page and its assets stay available when the
// network drops, so reloading the page offline still shows the list and keeps marking
// (marks wait in localStorage; see proctor.js). Pages: network first, else the last copy.
// Static assets: the cached copy first.
const CACHE = "cact-proctor-v1";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", function (event) {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(
      caches.match(request).then(function (hit) {
        return hit || fetch(request).then(function (response) {
          const copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
          return response;
        });
      })
    );
    return;
  }
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok) {
        const copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request).then(function (hit) {
        return hit || new Response("Luring: halaman ini belum tersimpan di perangkat.", {
          status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" },
        });
      });
    })
  );
});
