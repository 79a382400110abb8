/**
 * What runs once per page load, whatever the page (the React pages through components/app-start.tsx,
 * the capture page from its island): the service worker is registered and its new versions offered
 * (app-update.ts), the signed-in user is checked against whose data this browser holds
 * (device-user.ts), expired results are dropped, result-cache lookups not yet reported are sent,
 * waiting uploads are handed to Background Sync (or sent from here where the browser has none), and
 * documents being read are followed until their result is kept. Nothing here imports a UI framework.
 */
import { registerWithUpdates } from "./app-update";
import type { TQueuedUpload } from "./client-db";
import { CONTEXT_ID, currentUser, USER_CHANNEL, type TUserChange } from "./device-user";
import { sendCacheLookups } from "./report-cache-lookups";
import { removeExpiredResults } from "./result-cache";
import { hasQueuedUploads, replayQueue, SYNC_TAG, watchUploads } from "./upload-queue";

/** The app's pages, kept by the service worker at start so any of them opens offline. */
const APP_PAGES = ["/", "/queue", "/documents", "/result", "/review", "/settings"];

type TSyncRegistration = ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } };

/**
 * Sends the signed-in user's waiting uploads: Background Sync where the browser has it (it sends
 * them even if this page closes first), and from this page at once when online. A sync that
 * failed (offline, or an upload cut off) is put off by Chromium for minutes, and another person's
 * failed sync must not hold this one's files; claims keep each item to one sender, and the
 * server answers a repeated upload id as the first time.
 */
export async function kickUploads(): Promise<void> {
  const userId = await currentUser();
  if (!(await hasQueuedUploads(userId))) return;
  if ("serviceWorker" in navigator && "SyncManager" in window && navigator.serviceWorker.controller) {
    const registration = (await navigator.serviceWorker.ready) as TSyncRegistration;
    await registration.sync?.register(SYNC_TAG).catch((error: unknown) => console.warn("Background Sync not registered", error));
  }
  if (navigator.onLine) await replayQueue({ userId });
}

function registerServiceWorker(): void {
  // public/sw.js exists only after a production build (scripts/build-sw.mjs); in `next dev` this logs a 404.
  registerWithUpdates((registration) => {
    // After the user check: the worker keeps the pages in the signed-in user's cache.
    void currentUser().then(() => registration.active?.postMessage({ type: "keep-pages", paths: APP_PAGES }));
  }).catch((error: unknown) => console.error("service worker not registered", error));
}

/**
 * Follows every upload the server is reading (pushed progress, see follow-uploads.ts) until it is
 * done or failed. The follower and its tRPC client load only while something is being read; the
 * streams restart only when the set of uploads being read changes, not on each progress step.
 */
function followProcessingUploads(): () => void {
  let uploads: TQueuedUpload[] = [];
  let following = "";
  let stop: (() => void) | undefined;
  let generation = 0;
  const update = () => {
    const processing = navigator.onLine ? uploads.filter((u) => u.state === "processing" && u.jobId && u.documentId) : [];
    const ids = processing.map((u) => u.uploadId).join(",");
    if (ids === following) return;
    following = ids;
    stop?.();
    stop = undefined;
    const current = ++generation;
    if (processing.length === 0) return;
    import("./follow-uploads")
      .then(({ followUploads }) => {
        if (current === generation) stop = followUploads(processing);
      })
      .catch((error: unknown) => console.error("could not load the upload follower", error));
  };
  const unwatch = watchUploads((next) => {
    uploads = next;
    update();
  });
  window.addEventListener("online", update);
  window.addEventListener("offline", update);
  return () => {
    generation += 1;
    unwatch();
    stop?.();
    window.removeEventListener("online", update);
    window.removeEventListener("offline", update);
  };
}

/** Another tab signed out, or someone else signed in: this page shows the person before, so it loads again. */
function reloadWhenTheUserChanges(): () => void {
  const channel = new BroadcastChannel(USER_CHANNEL);
  channel.onmessage = (event: MessageEvent<TUserChange>) => {
    if (event.data.from === CONTEXT_ID) return;
    void currentUser().then((userId) => {
      if (userId !== event.data.userId) window.location.reload();
    });
  };
  return () => channel.close();
}

/** Starts the app's background work for this page; the returned function stops it. */
export function startApp(): () => void {
  if ("serviceWorker" in navigator) {
    // After the load event: the worker's precache downloads never compete with the page's own.
    if (document.readyState === "complete") registerServiceWorker();
    else window.addEventListener("load", registerServiceWorker, { once: true });
  }
  // Asked now, before anything is read from IndexedDB or sent: it decides what this page may show.
  const signedIn = currentUser();
  removeExpiredResults().catch((error: unknown) => console.error("could not clean the result cache", error));
  const kick = () => {
    void kickUploads().catch((error: unknown) => console.error("could not replay the upload queue", error));
    // Result-cache lookups counted while offline or before a reload (after the user check, which drops another user's).
    void signedIn.then(sendCacheLookups, () => undefined);
  };
  kick();
  window.addEventListener("online", kick);
  // An upload cut off by a closed tab is free again once its lease runs out.
  const timer = window.setInterval(kick, 60_000);
  const stopFollowing = followProcessingUploads();
  const stopListening = reloadWhenTheUserChanges();
  return () => {
    window.removeEventListener("load", registerServiceWorker);
    window.removeEventListener("online", kick);
    window.clearInterval(timer);
    stopFollowing();
    stopListening();
  };
}
