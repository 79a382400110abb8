/**
 * The offline-first upload queue in IndexedDB. The page and the service worker both send from it;
 * an item is claimed in a transaction before it is sent, so two senders never send the same one,
 * and the server is idempotent on X-Upload-Id should a sender die after sending. Each item belongs
 * to the user who added it: it is listed and sent only for that user, and says whose it is in
 * X-Upload-User, so the server refuses it under anyone else's session.
 */
import { clientDb, type TQueuedUpload, type TUploadProgress } from "./client-db";
import { CSRF_COOKIES, CSRF_HEADER, csrfHeaders } from "./csrf-client";
import { currentUser } from "./device-user";
import { announceQueueChange, QUEUE_CHANNEL } from "./queue-channel";
import { sendUpload, type TUploadAnswer } from "./send-upload";

export { announceQueueChange, QUEUE_CHANNEL };

/** The Background Sync tag the service worker replays the queue on. */
export const SYNC_TAG = "docvault-uploads";
/** How long a sender holds an item before another may take it over (a closed tab, a killed worker). */
const LEASE_MS = 2 * 60_000;

export type TNewUpload = { blob: Blob; name: string; type: string; sha256: string; ownerId: string };

/** Keeps a checked file in the queue, ready to send, for `ownerId`; returns the item. */
export async function enqueueUpload(input: TNewUpload): Promise<TQueuedUpload> {
  const now = Date.now();
  const item: TQueuedUpload = {
    uploadId: crypto.randomUUID(),
    ownerId: input.ownerId,
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

/** `userId`'s uploads, oldest first, with those kept from before uploads had owners (no bytes left); none for nobody. */
export async function listUploads(userId: string | null): Promise<TQueuedUpload[]> {
  if (userId === null) return [];
  const all = await (await clientDb()).getAllFromIndex("uploads", "by-created");
  return all.filter((item) => item.ownerId === userId || item.ownerId === null);
}

/** `userId`'s uploads not sent yet (queued, or cut off while sending). */
export async function pendingUploads(userId: string): Promise<TQueuedUpload[]> {
  const mine = await (await clientDb()).getAllFromIndex("uploads", "by-owner", userId);
  return mine.filter((item) => item.state === "queued" || item.state === "uploading").sort((a, b) => a.createdAt - b.createdAt);
}

/**
 * Calls `onChange` with the signed-in user's queue now and whenever any page or the service worker
 * changes it; returns a stop function.
 */
export function watchUploads(onChange: (uploads: TQueuedUpload[]) => void): () => void {
  let live = true;
  const refresh = () =>
    void currentUser()
      .then(listUploads)
      .then(
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
export async function updateUpload(uploadId: string, change: (item: TQueuedUpload) => Partial<TQueuedUpload> | null): Promise<TQueuedUpload | null> {
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

/** Removes every upload of `userId` not sent yet (the person chose so at sign-out). */
export async function discardPendingUploads(userId: string): Promise<void> {
  const db = await clientDb();
  for (const item of await pendingUploads(userId)) await db.delete("uploads", item.uploadId);
  announceQueueChange();
}

/** A failed item goes back to the queue when its bytes are still here. */
export async function retryUpload(uploadId: string): Promise<TQueuedUpload | null> {
  return updateUpload(uploadId, (item) => (item.state === "failed" && item.blob && item.ownerId ? { state: "queued", error: null, leaseUntil: 0 } : null));
}

export async function setUploadProgress(uploadId: string, progress: TUploadProgress | null): Promise<void> {
  await updateUpload(uploadId, (item) => (item.state === "processing" ? { progress } : null));
}

/** Takes an item of `userId` for sending if it is queued, or its sender's lease has run out. */
async function claim(uploadId: string, userId: string): Promise<TQueuedUpload | null> {
  const now = Date.now();
  return updateUpload(uploadId, (item) => {
    const free = item.state === "queued" || (item.state === "uploading" && item.leaseUntil < now);
    if (!free || !item.blob || item.ownerId !== userId) return null;
    return { state: "uploading", leaseUntil: now + LEASE_MS, attempts: item.attempts + 1 };
  });
}

export type TSendOutcome = "accepted" | "offline" | "retry-later" | "refused" | "not-claimed" | "not-signed-in";

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

export type TSendOptions = {
  /** Who is signed in: only their items are sent. Pages may leave it out (the page's user); the service worker asks the server. */
  userId?: string | null;
  headers?: () => Promise<Record<string, string>>;
};

/** Claims and sends one item of the signed-in user, recording what the server said. */
export async function sendQueued(uploadId: string, opts: TSendOptions = {}): Promise<TSendOutcome> {
  const userId = opts.userId === undefined ? await currentUser() : opts.userId;
  if (!userId) return "not-signed-in";
  const item = await claim(uploadId, userId);
  if (!item?.blob) return "not-claimed";
  const answer = await sendUpload({ ...item, blob: item.blob, ownerId: userId }, await (opts.headers ?? defaultHeaders)(), {
    resumeUrl: item.resumeUrl ?? null,
    // Each chunk the server took is kept with the item, and renews the sender's lease: a long upload
    // that is still moving stays this sender's.
    onProgress: async ({ resumeUrl, bytesAccepted }) => {
      await updateUpload(uploadId, (current) =>
        current.state === "uploading" ? { resumeUrl, bytesSent: bytesAccepted, leaseUntil: Date.now() + LEASE_MS } : null,
      );
    },
  });
  await updateUpload(uploadId, () => keptAfter(answer));
  return answer.kind;
}

/** What the queue keeps of the server's answer: on to processing, back in the queue (its lease released), or failed with the sentence. */
function keptAfter(answer: TUploadAnswer): Partial<TQueuedUpload> {
  switch (answer.kind) {
    case "accepted":
      return {
        state: "processing",
        blob: null,
        resumeUrl: null,
        error: null,
        documentId: answer.documentId,
        jobId: answer.jobId,
        progress: { step: answer.jobStatus === "completed" ? "done" : "queued" },
      };
    // Not signed in: the session ended (signed out, or another person signed in) while it was on
    // its way; it stays in the queue for its owner and goes when they are signed in again.
    case "offline":
    case "not-signed-in":
      return { state: "queued", leaseUntil: 0 };
    case "retry-later":
      return { state: "queued", leaseUntil: 0, error: answer.message };
    case "refused":
      return { state: "failed", leaseUntil: 0, resumeUrl: null, bytesSent: 0, error: answer.message };
  }
}

let replaying: Promise<number> | null = null;

/**
 * Sends every queued item of the signed-in user once; concurrent calls in one context share the
 * same run (single-flight), and claims keep other contexts off the items this one sends. Resolves
 * to the number accepted.
 */
export function replayQueue(opts: TSendOptions = {}): Promise<number> {
  replaying ??= (async () => {
    let accepted = 0;
    try {
      const userId = opts.userId === undefined ? await currentUser() : opts.userId;
      if (!userId) return 0;
      for (const item of await pendingUploads(userId)) {
        const outcome = await sendQueued(item.uploadId, { ...opts, userId });
        if (outcome === "accepted") accepted += 1;
        // Still offline, or no longer this user's session: the rest would fail the same way.
        if (outcome === "offline" || outcome === "not-signed-in") break;
      }
      return accepted;
    } finally {
      replaying = null;
    }
  })();
  return replaying;
}

/** True while items of `userId` wait to be sent (for Background Sync's "try again later"). */
export async function hasQueuedUploads(userId: string | null): Promise<boolean> {
  if (!userId) return false;
  return (await pendingUploads(userId)).some((item) => item.state === "queued");
}
