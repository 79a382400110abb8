/// <reference lib="webworker" />
/**
 * docvault's service worker, bundled by scripts/build-sw.mjs (esbuild, then workbox-build's
 * injectManifest fills in the precache list). It keeps the app shell for offline use, answers
 * navigations from the cache when the network is gone, receives files shared from other apps,
 * and replays queued uploads when Background Sync says the network is back.
 */
import { clientsClaim } from "workbox-core";
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute, type PrecacheEntry } from "workbox-precaching";
import { registerRoute } from "workbox-routing";
import { clientDb } from "../lib/client-db";
import { adoptUser, askServer, recordedUser } from "../lib/device-user";
import { pagesCacheName, PAGES_CACHE_PREFIX } from "../lib/forget-device-user";
import { hasQueuedUploads, replayQueue, SYNC_TAG } from "../lib/upload-queue";

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (PrecacheEntry | string)[] };

const OFFLINE_URL = "/offline";
/** Caches of earlier versions: pages kept for whoever was signed in, and page images served without asking the server. */
const OLD_CACHES = ["docvault-pages", "docvault-files"];
/** The capture worker's large tools, kept on first use. */
const CAPTURE_TOOLS_CACHE = "docvault-capture-tools";
/** At most this many files are taken from one share; the capture page says how many were left out. */
const MAX_SHARED_FILES = 20;

/** A page worth keeping: not an error, not the sign-in page a redirect led to. */
function isPage(response: Response): boolean {
  return response.ok && !response.redirected && (response.headers.get("content-type") ?? "").includes("text/html");
}

/** The kept pages of the user signed in now (see lib/device-user.ts); none while nobody is. */
async function pagesCache(): Promise<Cache | null> {
  const userId = await recordedUser();
  return userId ? caches.open(pagesCacheName(userId)) : null;
}

/** Keeps a copy of a page for the user signed in now; none while nobody is. */
async function keepPage(key: string, response: Response): Promise<void> {
  const userId = await recordedUser();
  if (!userId) return;
  const name = pagesCacheName(userId);
  await (await caches.open(name)).put(key, response);
  // Someone else signed in while it was stored (device-user.ts records them first): the cache is
  // the person before's, and goes.
  if ((await recordedUser()) !== userId) await caches.delete(name);
}

/** A rule of the Static Routing API: requests it matches go to the network without starting this worker. */
type TRouterRule = { condition: { urlPattern: string }; source: "network" };
type TInstallEvent = ExtendableEvent & { addRoutes?: (rules: TRouterRule[]) => Promise<void> };

// The API and page images are never answered here (see below), so where the browser has the
// Static Routing API they do not pass through this worker at all: a request costs no worker start,
// and a long-lived one (the progress feed, server-sent events) leaves no old version of this worker
// busy, which in Chromium holds a waiting version's take-over for as long as the page stays open.
self.addEventListener("install", (event) => {
  const install = event as TInstallEvent;
  if (!install.addRoutes) return;
  const direct = ["/api/*", "/files/*"].map((urlPattern): TRouterRule => ({ condition: { urlPattern }, source: "network" }));
  install.waitUntil(install.addRoutes(direct).catch(() => undefined));
});

// A first install serves the open pages at once; a new version waits until the person chooses to
// reload (lib/app-update.ts asks with SKIP_WAITING once no upload is being sent), so no open page
// has its files swapped under it.
clientsClaim();

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Pages: the network first so a person sees the newest app; offline, the last copy of each path
// kept for the person signed in (keyed without the query, so /result?id=… for any document opens
// from one cached shell).
registerRoute(
  ({ request }) => request.mode === "navigate",
  async ({ request, url }) => {
    const key = `${url.origin}${url.pathname}`;
    try {
      const response = await fetch(request);
      if (isPage(response)) await keepPage(key, response.clone());
      return response;
    } catch {
      return (await (await pagesCache())?.match(key)) ?? (await matchPrecache(OFFLINE_URL)) ?? Response.error();
    }
  },
);

// The capture worker's large tools (OpenCV.js, the HEIC decoder; not precached, see
// scripts/build-capture.mjs) are kept the first time they are fetched, so straightening a photo or
// reading an iPhone photo works offline after that. Their names carry their content's hash.
registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname.startsWith("/capture/chunk-"),
  async ({ request }) => {
    const cache = await caches.open(CAPTURE_TOOLS_CACHE);
    const kept = await cache.match(request);
    if (kept) return kept;
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  },
);

// Page images (/files/<id>) are not handled here: each request goes to the server, which checks
// the owner (it answers 304 when the browser's copy is current), so a file is never shown to
// another person from a cache.

/** The origin of the page that posted a form to us, when that is another site; null from the share sheet or the app itself. */
function foreignOrigin(referrer: string): string | null {
  try {
    const origin = new URL(referrer).origin;
    return origin !== self.location.origin && /^https?:/.test(origin) ? origin : null;
  } catch {
    return null; // No referrer: the system share sheet, or a site that sends none.
  }
}

// Web Share Target: another app shares photos or PDFs; they wait in IndexedDB until the person
// confirms them on the capture page. Any website can post a form here too, so nothing is sent
// from here, and the capture page names the site when the browser says which one it was.
registerRoute(
  ({ url }) => url.pathname === "/share-target",
  async ({ request }) => {
    const form = await request.formData().catch(() => null);
    const files = (form?.getAll("files") ?? []).filter((entry): entry is File => entry instanceof File && entry.size > 0);
    const kept = files.slice(0, MAX_SHARED_FILES);
    const from = foreignOrigin(request.referrer);
    const tx = (await clientDb()).transaction("shared", "readwrite");
    for (const file of kept) {
      void tx.store.put({ id: crypto.randomUUID(), blob: file, name: file.name, type: file.type, size: file.size, sharedAt: Date.now(), from });
    }
    await tx.done;
    const params = new URLSearchParams({ shared: String(kept.length) });
    if (files.length > kept.length) params.set("left", String(files.length - kept.length));
    return Response.redirect(`/?${params.toString()}`, 303);
  },
  "POST",
);

/**
 * Sends the queued uploads of whoever the server says is signed in now, and only theirs: a replay
 * must never carry one person's file into another's account. Resolves to whether some of theirs still wait.
 */
async function replayForSignedInUser(): Promise<boolean> {
  const userId = await askServer();
  // No answer (offline): nothing could be sent anyway.
  if (userId === undefined) return true;
  await adoptUser(userId);
  // Nobody signed in: their uploads wait; signing in starts a sync again.
  if (userId === null) return false;
  await replayQueue({ userId });
  return hasQueuedUploads(userId);
}

type TSyncEvent = ExtendableEvent & { tag: string };

self.addEventListener("sync", (event) => {
  const sync = event as TSyncEvent;
  if (sync.tag !== SYNC_TAG) return;
  sync.waitUntil(
    (async () => {
      // Still waiting (offline again, or the server busy): failing the event makes the browser retry later.
      if (await replayForSignedInUser()) throw new Error("uploads still queued; the browser will retry the sync");
    })(),
  );
});

/** Keeps a copy of each app page not kept yet, fetched as the signed-in person sees it. */
async function keepPages(paths: string[]): Promise<void> {
  const cache = await pagesCache();
  if (!cache) return;
  for (const path of paths) {
    const key = new URL(path, self.location.origin).href;
    if (await cache.match(key)) continue;
    try {
      const response = await fetch(key, { credentials: "same-origin" });
      if (isPage(response)) await keepPage(key, response);
    } catch {
      return; // Offline: the pages are kept on a later start.
    }
  }
}

/**
 * A new version of the app has just taken over: the kept pages name the old version's scripts,
 * which the precache drops now. Each is fetched again; an old copy stays until its new one is in.
 * Caches of earlier versions, and pages kept for anyone but the signed-in user, go.
 */
async function refreshPages(): Promise<void> {
  const userId = await recordedUser();
  const keep = userId ? pagesCacheName(userId) : null;
  for (const name of await caches.keys()) {
    if (OLD_CACHES.includes(name) || (name.startsWith(PAGES_CACHE_PREFIX) && name !== keep)) await caches.delete(name);
  }
  if (!keep) return;
  const cache = await caches.open(keep);
  for (const request of await cache.keys()) {
    try {
      const response = await fetch(request.url, { credentials: "same-origin" });
      if (isPage(response)) await keepPage(request.url, response);
    } catch {
      return; // Offline: the next navigation online fetches them.
    }
  }
}

self.addEventListener("activate", (event) => event.waitUntil(refreshPages()));

type TMessage = { type?: string; paths?: unknown };

self.addEventListener("message", (event) => {
  const data = (event.data ?? {}) as TMessage;
  if (data.type === "SKIP_WAITING") event.waitUntil(self.skipWaiting());
  // Pages without Background Sync ask for a replay; the claim in IndexedDB keeps it to one sender.
  if (data.type === "replay-uploads") event.waitUntil(replayForSignedInUser());
  if (data.type === "keep-pages" && Array.isArray(data.paths)) {
    event.waitUntil(keepPages(data.paths.filter((p): p is string => typeof p === "string" && p.startsWith("/"))));
  }
});
