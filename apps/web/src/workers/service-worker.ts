/// <reference lib="webworker" />
/**
 * docvault's service worker, bundled by scripts/build-sw.mjs (esbuild, then workbox-build's
 * injectManifest fills in the precache list). It keeps the app shell for offline use, answers
 * navigations from the cache when the network is gone, receives files shared from other apps,
 * and replays queued uploads when Background Sync says the network is back.
 */
import { clientsClaim } from "workbox-core";
import { ExpirationPlugin } from "workbox-expiration";
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute, type PrecacheEntry } from "workbox-precaching";
import { registerRoute } from "workbox-routing";
import { CacheFirst } from "workbox-strategies";
import { clientDb } from "../lib/client-db";
import { hasQueuedUploads, replayQueue, SYNC_TAG } from "../lib/upload-queue";

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (PrecacheEntry | string)[] };

const PAGES_CACHE = "docvault-pages";
const FILES_CACHE = "docvault-files";
const OFFLINE_URL = "/offline";

/** A page worth keeping: not an error, not the sign-in page a redirect led to. */
function isPage(response: Response): boolean {
  return response.ok && !response.redirected && (response.headers.get("content-type") ?? "").includes("text/html");
}

self.skipWaiting();
clientsClaim();

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Pages: the network first so a person sees the newest app; the last copy of each path when offline
// (keyed without the query, so /result?id=… for any document opens from one cached shell).
registerRoute(
  ({ request }) => request.mode === "navigate",
  async ({ request, url }) => {
    const cache = await caches.open(PAGES_CACHE);
    const key = `${url.origin}${url.pathname}`;
    try {
      const response = await fetch(request);
      if (isPage(response)) await cache.put(key, response.clone());
      return response;
    } catch {
      return (await cache.match(key)) ?? (await matchPrecache(OFFLINE_URL)) ?? Response.error();
    }
  },
);

// Page images of past documents, for browsing results offline. Owner-checked by the server when fetched.
registerRoute(
  ({ url, request }) => request.method === "GET" && url.origin === self.location.origin && url.pathname.startsWith("/files/"),
  new CacheFirst({
    cacheName: FILES_CACHE,
    plugins: [new ExpirationPlugin({ maxEntries: 200, maxAgeSeconds: 90 * 24 * 60 * 60, purgeOnQuotaError: true })],
  }),
);

// Web Share Target: another app shares photos or PDFs; they wait in IndexedDB for the capture page.
registerRoute(
  ({ url }) => url.pathname === "/share-target",
  async ({ request }) => {
    const form = await request.formData();
    const files = form.getAll("files").filter((entry): entry is File => entry instanceof File && entry.size > 0);
    const db = await clientDb();
    for (const file of files) {
      await db.put("shared", { id: crypto.randomUUID(), blob: file, name: file.name, type: file.type, sharedAt: Date.now() });
    }
    return Response.redirect(`/?shared=${files.length}`, 303);
  },
  "POST",
);

type TSyncEvent = ExtendableEvent & { tag: string };

self.addEventListener("sync", (event) => {
  const sync = event as TSyncEvent;
  if (sync.tag !== SYNC_TAG) return;
  sync.waitUntil(
    (async () => {
      await replayQueue();
      // Still waiting (offline again, or the server busy): failing the event makes the browser retry later.
      if (await hasQueuedUploads()) throw new Error("uploads still queued; the browser will retry the sync");
    })(),
  );
});

/** Keeps a copy of each app page not kept yet, fetched as the signed-in person sees it. */
async function keepPages(paths: string[]): Promise<void> {
  const cache = await caches.open(PAGES_CACHE);
  for (const path of paths) {
    const key = new URL(path, self.location.origin).href;
    if (await cache.match(key)) continue;
    try {
      const response = await fetch(key, { credentials: "same-origin" });
      if (isPage(response)) await cache.put(key, response);
    } catch {
      return; // Offline: the pages are kept on a later start.
    }
  }
}

/**
 * A new version of the app has just taken over: the kept pages name the old version's scripts,
 * which the precache drops now. Each is fetched again; an old copy stays until its new one is in.
 */
async function refreshPages(): Promise<void> {
  const cache = await caches.open(PAGES_CACHE);
  for (const request of await cache.keys()) {
    try {
      const response = await fetch(request.url, { credentials: "same-origin" });
      if (isPage(response)) await cache.put(request, response);
    } catch {
      return; // Offline: the next navigation online fetches them.
    }
  }
}

self.addEventListener("activate", (event) => event.waitUntil(refreshPages()));

type TMessage = { type?: string; paths?: unknown };

self.addEventListener("message", (event) => {
  const data = (event.data ?? {}) as TMessage;
  // Pages without Background Sync ask for a replay; the claim in IndexedDB keeps it to one sender.
  if (data.type === "replay-uploads") event.waitUntil(replayQueue());
  if (data.type === "keep-pages" && Array.isArray(data.paths)) {
    event.waitUntil(keepPages(data.paths.filter((p): p is string => typeof p === "string" && p.startsWith("/"))));
  }
});
