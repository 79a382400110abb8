"use client";
/**
 * What runs once per page load, whatever the page: the service worker is registered, expired
 * results are dropped, result-cache lookups not yet reported are sent, waiting uploads are handed to Background Sync (or sent from here where the
 * browser has none), and documents being read are followed until their result is kept.
 */
import { useEffect } from "react";
import { sendCacheLookups } from "~/lib/report-cache-lookups";
import { removeExpiredResults } from "~/lib/result-cache";
import { hasQueuedUploads, replayQueue, SYNC_TAG } from "~/lib/upload-queue";
import { QueueWatcher } from "./queue-watcher";

/** The app's pages, kept by the service worker at start so any of them opens offline. */
const APP_PAGES = ["/", "/queue", "/documents", "/result", "/review", "/settings"];

type TSyncRegistration = ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } };

/** Background Sync where the browser has it; otherwise a replay from this page (claims keep it to one sender). */
export async function kickUploads(): Promise<void> {
  if (!(await hasQueuedUploads())) return;
  if ("serviceWorker" in navigator && "SyncManager" in window && navigator.serviceWorker.controller) {
    const registration = (await navigator.serviceWorker.ready) as TSyncRegistration;
    if (registration.sync) return registration.sync.register(SYNC_TAG);
  }
  if (navigator.onLine) await replayQueue();
}

export function AppStart() {
  useEffect(() => {
    // public/sw.js exists only after a production build (scripts/build-sw.mjs); in `next dev` this logs a 404.
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker
        .register("/sw.js", { scope: "/" })
        .then(() => navigator.serviceWorker.ready)
        .then((registration) => registration.active?.postMessage({ type: "keep-pages", paths: APP_PAGES }))
        .catch((error: unknown) => console.error("service worker not registered", error));
    }
    removeExpiredResults().catch((error: unknown) => console.error("could not clean the result cache", error));
    const kick = () => {
      void kickUploads().catch((error: unknown) => console.error("could not replay the upload queue", error));
      // Result-cache lookups counted while offline or before a reload.
      void sendCacheLookups();
    };
    kick();
    window.addEventListener("online", kick);
    // An upload cut off by a closed tab is free again once its lease runs out.
    const timer = window.setInterval(kick, 60_000);
    return () => {
      window.removeEventListener("online", kick);
      window.clearInterval(timer);
    };
  }, []);
  return <QueueWatcher />;
}
