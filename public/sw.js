// Samskab's service worker: precaches the app shell (the hashed .wasm/.js/.css that the
// build writes into PRECACHE below) and serves it offline. A new version waits until
// the app asks it to take over ("Ny version — genindlæs").
const VERSION = "__SAMSKAB_VERSION__";
const PRECACHE = __SAMSKAB_PRECACHE__;
const CACHE = `samskab-${VERSION}`;

self.addEventListener("install", (event) => {
  // Installation succeeds only once every file is in the cache.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((n) => n.startsWith("samskab-") && n !== CACHE).map((n) => caches.delete(n)));
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "skipWaiting") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate") {
    // Every route is the same app shell.
    event.respondWith(caches.match("/index.html", { cacheName: CACHE }).then((hit) => hit || fetch(request)));
    return;
  }
  event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit || fetch(request)));
});
