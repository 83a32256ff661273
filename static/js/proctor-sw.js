// Service worker of the proctor pages: the page and its assets stay on the device, so a
// proctor who opened the session page once can lose the network, reload and keep marking
// (marks wait in localStorage; see proctor/queue.js).
//
// - The page asks the worker, once it is active, to keep the page itself and the assets it
//   loaded: the first visit is enough (its own requests went out before the worker ran).
// - Pages: the network first, else the kept copy. Static assets: the kept copy first.
// - The cache's name carries a version the server derives from this script and the
//   assets (attendance_views.service_worker): a deploy installs a new worker, which drops
//   the caches of the old one when it activates.
// - Signing out deletes every cache (signout.js); pages are served `no-store`, which keeps
//   them off the HTTP cache; Cache Storage is this worker's own, cleared by signing out.
const PREFIX = "cact-proctor-";
const CACHE = PREFIX + "__CACHE_VERSION__";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.startsWith(PREFIX) && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("message", function (event) {
  const data = event.data || {};
  if (data.type !== "keep" || !Array.isArray(data.urls)) return;
  const reply = event.ports && event.ports[0];
  event.waitUntil(keep(data.urls).then(function (kept) {
    if (reply) reply.postMessage({ kept: kept });
  }));
});

// True when every URL answered and was stored.
function keep(urls) {
  return caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.map(function (url) {
      const request = new Request(url, { credentials: "same-origin" });
      if (new URL(request.url).origin !== self.location.origin) return false;
      return fetch(request).then(function (response) {
        if (!keepable(response)) return false;
        return cache.put(request, response).then(function () { return true; });
      }).catch(function () { return false; });
    }));
  }).then(function (results) { return results.length > 0 && results.every(Boolean); });
}

// A page that came back redirected (to the sign-in page, once signed out) is not the page
// that was asked for, and must not be shown in its place.
function keepable(response) {
  return response.ok && !response.redirected && response.type === "basic";
}

function store(request, response) {
  if (!keepable(response)) return;
  const copy = response.clone();
  caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(
      caches.match(request, { ignoreVary: true }).then(function (hit) {
        return hit || fetch(request).then(function (response) {
          store(request, response);
          return response;
        });
      })
    );
    return;
  }
  // Only pages: the list's refresh (htmx) fails while offline and the page keeps its rows.
  if (request.mode !== "navigate") return;
  event.respondWith(
    fetch(request).then(function (response) {
      store(request, response);
      return response;
    }).catch(function () {
      return caches.match(request, { ignoreVary: true }).then(function (hit) {
        return hit || offlinePage();
      });
    })
  );
});

function offlinePage() {
  const body = "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\">" +
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
    "<title>Luring · CACT Admin</title></head><body><main>" +
    "<h1>Tidak ada koneksi</h1>" +
    "<p>Halaman ini belum tersimpan di perangkat ini. Halaman sesi yang pernah Anda buka " +
    "tetap bisa dibuka tanpa koneksi; halaman lain menunggu koneksi kembali.</p>" +
    "<p><a href=\"" + self.registration.scope + "\">Sesi saya</a></p></main></body></html>";
  return new Response(body, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}
