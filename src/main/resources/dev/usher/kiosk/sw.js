// The kiosk's service worker (served by KioskServiceWorker at /kiosk/sw.js, which writes in the
// build id and the app shell). Cache-first for the shell, so the page, its modules, the decoders
// and the .wasm load with no network; everything else (the API above all) goes to the network
// untouched. A new build is a new script: it installs the new shell, takes over at once
// (skipWaiting, clients.claim) and the page offers a reload when the door is idle.
const BUILD = '__BUILD__';
const CACHE = `usher-kiosk-${BUILD}`;
const SHELL = ['__SHELL__'];
const PAGE = '/kiosk/';
const IN_SHELL = new Set(SHELL);

self.addEventListener('install', (event) => {
    event.waitUntil((async () => {
        const cache = await caches.open(CACHE);
        // 'reload': the files as this build serves them, never an older copy from the HTTP cache.
        await cache.addAll(SHELL.map((path) => new Request(path, {cache: 'reload'})));
        await self.skipWaiting();
    })());
});

self.addEventListener('activate', (event) => {
    event.waitUntil((async () => {
        for (const name of await caches.keys()) {
            if (name.startsWith('usher-kiosk-') && name !== CACHE) {
                await caches.delete(name);
            }
        }
        await self.clients.claim();
    })());
});

self.addEventListener('fetch', (event) => {
    const request = event.request;
    const url = new URL(request.url);
    if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) {
        return;
    }
    if (request.mode === 'navigate' && url.pathname === PAGE) {
        event.respondWith(fromCache(PAGE, request));
    } else if (IN_SHELL.has(url.pathname)) {
        event.respondWith(fromCache(url.pathname, request));
    }
});

async function fromCache(path, request) {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(path);
    return hit || fetch(request);
}

/** The page asks which build is running: {type: 'build'} on a MessageChannel port. */
self.addEventListener('message', (event) => {
    if (event.data && event.data.type === 'build' && event.ports[0]) {
        event.ports[0].postMessage({build: BUILD});
    }
});
