/**
 * The offline-first upload queue in IndexedDB. The page and the service worker both send from it;
 * an item is claimed in a transaction before it is sent, so two senders never send the same one,
 * and the server is idempotent on X-Upload-Id should a sender die after sending.
 */
import { clientDb, type TQueuedUpload, type TUploadProgress } from "./client-db";
import { CSRF_COOKIES, CSRF_HEADER, csrfHeaders } from "./csrf-client";
import { sendUpload } from "./send-upload";

/** The Background Sync tag the service worker replays the queue on. */
export const SYNC_TAG = "docvault-uploads";
/** BroadcastChannel the queue's changes are announced on, to every page and the service worker. */
export const QUEUE_CHANNEL = "docvault-queue";
/** How long a sender holds an item before another may take it over (a closed tab, a killed worker). */
const LEASE_MS = 2 * 60_000;

export function announceQueueChange(): void {
  if (typeof BroadcastChannel === "undefined") return;
  const channel = new BroadcastChannel(QUEUE_CHANNEL);
  channel.postMessage({ type: "changed" });
  channel.close();
}

export type TNewUpload = { blob: Blob; name: string; type: string; sha256: string };

/** Keeps a checked file in the queue, ready to send; returns its upload id. */
export async function enqueueUpload(input: TNewUpload): Promise<TQueuedUpload> {
  const now = Date.now();
  const item: TQueuedUpload = {
    uploadId: crypto.randomUUID(),
    name: input.name,
    type: input.type,
    size: input.blob.size,
    sha256: input.sha256,
    blob: input.blob,
    state: "queued",
    error: null,
    documentId: null,
    jobId: null,
    progress: null,
    createdAt: now,
    updatedAt: now,
    leaseUntil: 0,
    attempts: 0,
  };
  await (await clientDb()).put("uploads", item);
  announceQueueChange();
  return item;
}

export async function listUploads(): Promise<TQueuedUpload[]> {
  return (await clientDb()).getAllFromIndex("uploads", "by-created");
}

/** Calls `onChange` with the queue now and whenever any page or the service worker changes it; returns a stop function. */
export function watchUploads(onChange: (uploads: TQueuedUpload[]) => void): () => void {
  let live = true;
  const refresh = () =>
    void listUploads().then(
      (uploads) => live && onChange(uploads),
      (error: unknown) => console.error("could not read the upload queue", error),
    );
  refresh();
  const channel = new BroadcastChannel(QUEUE_CHANNEL);
  channel.onmessage = refresh;
  return () => {
    live = false;
    channel.close();
  };
}

export async function getUpload(uploadId: string): Promise<TQueuedUpload | undefined> {
  return (await clientDb()).get("uploads", uploadId);
}

/** Changes an item inside one transaction, so concurrent writers never lose each other's fields. */
export async function updateUpload(
  uploadId: string,
  change: (item: TQueuedUpload) => Partial<TQueuedUpload> | null,
): Promise<TQueuedUpload | null> {
  const db = await clientDb();
  const tx = db.transaction("uploads", "readwrite");
  const item = await tx.store.get(uploadId);
  const patch = item ? change(item) : null;
  if (!item || !patch) {
    await tx.done;
    return null;
  }
  const next = { ...item, ...patch, updatedAt: Date.now() };
  await tx.store.put(next);
  await tx.done;
  announceQueueChange();
  return next;
}

export async function removeUpload(uploadId: string): Promise<void> {
  await (await clientDb()).delete("uploads", uploadId);
  announceQueueChange();
}

/** A failed item goes back to the queue when its bytes are still here. */
export async function retryUpload(uploadId: string): Promise<TQueuedUpload | null> {
  return updateUpload(uploadId, (item) =>
    item.state === "failed" && item.blob ? { state: "queued", error: null, leaseUntil: 0 } : null,
  );
}

export async function setUploadProgress(uploadId: string, progress: TUploadProgress | null): Promise<void> {
  await updateUpload(uploadId, (item) => (item.state === "processing" ? { progress } : null));
}

/** Takes an item for sending if it is queued, or its sender's lease has run out. */
async function claim(uploadId: string): Promise<TQueuedUpload | null> {
  const now = Date.now();
  return updateUpload(uploadId, (item) => {
    const free = item.state === "queued" || (item.state === "uploading" && item.leaseUntil < now);
    if (!free || !item.blob) return null;
    return { state: "uploading", leaseUntil: now + LEASE_MS, attempts: item.attempts + 1 };
  });
}

export type TSendOutcome = "accepted" | "offline" | "retry-later" | "refused" | "not-claimed";

/** Claims and sends one item, recording what the server said. */
/** The CSRF header: from document.cookie in a page, from the Cookie Store API in the service worker. */
async function defaultHeaders(): Promise<Record<string, string>> {
  if (typeof document !== "undefined") return csrfHeaders();
  const store = (globalThis as { cookieStore?: { get(name: string): Promise<{ value: string } | null> } }).cookieStore;
  if (!store) return {};
  for (const name of CSRF_COOKIES) {
    const cookie = await store.get(name).catch(() => null);
    if (cookie) return { [CSRF_HEADER]: cookie.value };
  }
  return {};
}

export async function sendQueued(uploadId: string, headers: () => Promise<Record<string, string>> = defaultHeaders): Promise<TSendOutcome> {
  const item = await claim(uploadId);
  if (!item?.blob) return "not-claimed";
  const answer = await sendUpload({ ...item, blob: item.blob }, await headers());
  switch (answer.kind) {
    case "accepted":
      await updateUpload(uploadId, () => ({
        state: "processing",
        blob: null,
        error: null,
        documentId: answer.documentId,
        jobId: answer.jobId,
        progress: { step: answer.jobStatus === "completed" ? "done" : "queued" },
      }));
      return "accepted";
    case "offline":
      await updateUpload(uploadId, () => ({ state: "queued", leaseUntil: 0 }));
      return "offline";
    case "retry-later":
      await updateUpload(uploadId, () => ({ state: "queued", leaseUntil: 0, error: answer.message }));
      return "retry-later";
    case "refused":
      await updateUpload(uploadId, () => ({ state: "failed", leaseUntil: 0, error: answer.message }));
      return "refused";
  }
}

let replaying: Promise<number> | null = null;

/**
 * Sends every queued item once; concurrent calls in one context share the same run (single-flight),
 * and claims keep other contexts off the items this one sends. Resolves to the number accepted.
 */
export function replayQueue(headers?: () => Promise<Record<string, string>>): Promise<number> {
  replaying ??= (async () => {
    let accepted = 0;
    try {
      const items = await listUploads();
      for (const item of items) {
        if (item.state !== "queued" && item.state !== "uploading") continue;
        const outcome = await sendQueued(item.uploadId, headers);
        if (outcome === "accepted") accepted += 1;
        // Still offline: the rest would fail the same way; the next sync or start tries again.
        if (outcome === "offline") break;
      }
      return accepted;
    } finally {
      replaying = null;
    }
  })();
  return replaying;
}

/** True while items wait to be sent (for Background Sync's "try again later"). */
export async function hasQueuedUploads(): Promise<boolean> {
  const db = await clientDb();
  return (await db.countFromIndex("uploads", "by-state", "queued")) > 0;
}
