/**
 * New versions of the app. The service worker is registered through workbox-window; a new worker
 * installed beside the one serving the page waits (it no longer takes over at once, which swapped
 * the app's files under an open page), the page says so, and when the person chooses, the waiting
 * worker takes over and the page loads again: once no upload is being sent from this browser, so
 * an update never cuts one off. Plain DOM, so the capture page and the React pages show the same
 * notice without a UI framework.
 */
import type { Workbox } from "workbox-window";
import type { TQueuedUpload } from "./client-db";
import { watchUploads } from "./upload-queue";

/** Long-lived tabs (an installed app left open) ask for a new version this often; browsers also ask on every navigation. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;
/** How long the page lets the end of its last upload settle before asking the new version to take over. */
const SETTLE_MS = 1_500;
/** How long a page that asked for the new version waits for it to take over before loading again itself. */
const TAKE_OVER_WAIT_MS = 5_000;

/** An upload some page or the service worker is sending now (its lease not run out). */
export function isBeingSent(upload: TQueuedUpload, now: number): boolean {
  return upload.state === "uploading" && upload.leaseUntil > now;
}

/**
 * Resolves once no upload of this browser's signed-in user is being sent. The queue says when it
 * changes; the clock is read again every second too, since a lease that runs out (a sender closed
 * mid-upload) changes nothing in the queue.
 */
export function noUploadBeingSent(): Promise<void> {
  return new Promise((resolve) => {
    let uploads: TQueuedUpload[] | null = null;
    let stop: () => void = () => undefined;
    const timer = setInterval(() => check(), 1_000);
    const check = () => {
      if (uploads === null || uploads.some((u) => isBeingSent(u, Date.now()))) return;
      clearInterval(timer);
      stop();
      resolve();
    };
    stop = watchUploads((next) => {
      uploads = next;
      check();
    });
  });
}

type TBanner = { element: HTMLElement; text: HTMLParagraphElement; reload: HTMLButtonElement; later: HTMLButtonElement };

function makeBanner(): TBanner {
  const element = document.createElement("div");
  element.className = "update-banner";
  element.setAttribute("role", "status");
  element.dataset.testid = "update-banner";
  const text = document.createElement("p");
  text.textContent = "A new version of docvault is ready.";
  const reload = document.createElement("button");
  reload.type = "button";
  reload.className = "button";
  reload.textContent = "Reload to update";
  const later = document.createElement("button");
  later.type = "button";
  later.className = "button secondary";
  later.textContent = "Not now";
  element.append(text, reload, later);
  return { element, text, reload, later };
}

/**
 * Registers the service worker and offers each new version it finds; `onActive` runs once a
 * worker serves the page (at once when one already does).
 */
export async function registerWithUpdates(onActive: (registration: ServiceWorkerRegistration) => void): Promise<void> {
  const { Workbox } = await import("workbox-window");
  const wb = new Workbox("/sw.js", { scope: "/" });
  let banner: TBanner | null = null;
  let updating = false;

  const offer = () => {
    if (banner || updating) return;
    banner = makeBanner();
    const shown = banner;
    shown.later.addEventListener("click", () => {
      shown.element.remove();
      banner = null;
    });
    shown.reload.addEventListener("click", () => void update(wb, shown));
    document.body.append(shown.element);
  };
  const update = async (worker: Workbox, shown: TBanner) => {
    updating = true;
    shown.reload.disabled = true;
    shown.later.remove();
    shown.text.textContent = "Updating once the uploads being sent are through…";
    await noUploadBeingSent();
    // A moment for what the page does as an upload ends (it loads the result's code through the
    // old worker): a request reaching that worker while the browser swaps it out holds the swap.
    await new Promise((resolve) => window.setTimeout(resolve, SETTLE_MS));
    shown.text.textContent = "Updating…";
    // This page asked: it loads again when the new worker serves it. Another tab's page only offers it.
    worker.addEventListener("controlling", () => window.location.reload());
    worker.messageSkipWaiting();
    // Seen in Chromium: a request of this page reaching the old worker while the browser stops it
    // to swap it out starts it again, and the new one then stays waiting (the page said "Updating…"
    // for ever). A navigation makes the browser try the swap again, and waits for it: so the page
    // loads again anyway after a moment, as the person asked.
    window.setTimeout(() => window.location.reload(), TAKE_OVER_WAIT_MS);
  };

  // A new worker installed and waiting (found now or at registration: a tab left open on the old version).
  wb.addEventListener("waiting", offer);
  // Another tab applied the update: this page's files are the old version's; it offers a reload.
  wb.addEventListener("controlling", (event) => {
    if (event.isUpdate && !updating) offer();
  });
  const registration = await wb.register();
  if (!registration) return;
  onActive(await navigator.serviceWorker.ready);
  window.setInterval(() => void wb.update().catch(() => undefined), UPDATE_CHECK_MS);
}
