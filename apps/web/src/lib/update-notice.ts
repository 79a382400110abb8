/**
 * A new version of the app, noticed and taken when the person chooses (issue 20, part 6). The
 * service worker is registered through workbox-window; a new one waits (the worker no longer skips
 * waiting by itself) and the page says so with a Reload button. Pressing it lets the new worker take
 * over and reloads this tab, but never while a file is on its way: the button then waits for the
 * uploads to finish. Another tab that is taken over by the new version without its person asking is
 * not reloaded under them: it says that a new version is active. Plain DOM, no UI framework: both
 * the capture page and the React pages run it (start-app.ts).
 */
import type { Workbox } from "workbox-window";
import type { TQueuedUpload } from "./client-db";
import { watchUploads } from "./upload-queue";

const NOTICE_ID = "update-notice";

/** A file is being sent from this browser now: reloading would cut it off. */
const sending = (uploads: TQueuedUpload[]) => uploads.filter((u) => u.state === "uploading").length;

function notice(text: string): { box: HTMLElement; button: HTMLButtonElement; label: HTMLSpanElement } {
  document.getElementById(NOTICE_ID)?.remove();
  const box = document.createElement("div");
  box.id = NOTICE_ID;
  box.className = "update-notice";
  box.setAttribute("role", "status");
  box.dataset.testid = NOTICE_ID;
  const label = document.createElement("span");
  label.textContent = text;
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = "Reload";
  box.append(label, " ", button);
  document.body.append(box);
  return { box, button, label };
}

/** Resolves once no upload is being sent, saying meanwhile how many are. */
async function uploadsFinished(label: HTMLSpanElement): Promise<void> {
  let stop = () => {};
  await new Promise<void>((resolve) => {
    stop = watchUploads((uploads) => {
      const count = sending(uploads);
      if (count === 0) resolve();
      else label.textContent = `Reloading once ${count === 1 ? "the upload being sent finishes" : `the ${count} uploads being sent finish`}…`;
    });
  });
  stop();
}

/** Listens for a waiting version and for a version taking over; call before `workbox.register()`. */
export function offerUpdates(workbox: Workbox): void {
  let chosen = false;
  workbox.addEventListener("waiting", () => {
    const { button, label } = notice("A new version of docvault is ready.");
    button.addEventListener("click", () => {
      button.disabled = true;
      chosen = true;
      void uploadsFinished(label).then(() => workbox.messageSkipWaiting());
    });
  });
  // Which worker controlled the page before: the first version taking over a new page is no update.
  // (workbox's own isUpdate says whether one did when this page registered, which on a first visit
  // is none even for a later update.)
  let previous = navigator.serviceWorker.controller;
  workbox.addEventListener("controlling", () => {
    const update = previous !== null;
    previous = navigator.serviceWorker.controller;
    if (!update) return;
    if (chosen) {
      window.location.reload();
      return;
    }
    const { button, label } = notice("docvault was updated in another tab: reload this page when you are ready.");
    button.addEventListener("click", () => {
      button.disabled = true;
      void uploadsFinished(label).then(() => window.location.reload());
    });
  });
}
