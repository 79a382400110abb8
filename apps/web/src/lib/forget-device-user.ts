/**
 * Removes from this browser what was kept for anyone but the user signed in now: run by
 * device-user.ts at a sign-out and when another user signs in (loaded only then). Uploads not
 * sent yet are the exception: they stay, for their owner alone, and go when that person signs in
 * again (or are discarded when they say so at sign-out).
 */
import { clientDb, type TQueuedUpload } from "./client-db";
import { announceQueueChange } from "./queue-channel";
import { LOOKUP_COUNTS_KEY } from "./report-cache-lookups";
import { forgetScanPagesBut } from "./scan-pages";

/** The service worker keeps each user's pages in a cache of their own, named by this and the user id. */
export const PAGES_CACHE_PREFIX = "docvault-pages-";
/** Caches of earlier versions, kept for whoever was signed in: removed whenever the user changes. */
const OLD_CACHES = new Set(["docvault-pages", "docvault-files"]);

export const pagesCacheName = (userId: string) => `${PAGES_CACHE_PREFIX}${userId}`;

const isPending = (item: TQueuedUpload) => item.state === "queued" || item.state === "uploading";

export async function forgetAllBut(keep: string | null, opts: { previous: string | null; discardPendingOf: string | null }): Promise<void> {
  const db = await clientDb();
  const tx = db.transaction(["results", "uploads", "shared"], "readwrite");
  for (let cursor = await tx.objectStore("results").openCursor(); cursor; cursor = await cursor.continue()) {
    if (cursor.value.ownerId !== keep) await cursor.delete();
  }
  for (let cursor = await tx.objectStore("uploads").openCursor(); cursor; cursor = await cursor.continue()) {
    const item = cursor.value;
    // Kept from before uploads had owners: no bytes, only the line saying why it was not sent.
    if (item.ownerId === null || item.ownerId === keep) continue;
    if (isPending(item) && item.ownerId !== opts.discardPendingOf) {
      // Its sender (a page of the person who left) is gone: free for the owner's next sign-in.
      if (item.state === "uploading") await cursor.update({ ...item, state: "queued", leaseUntil: 0 });
      continue;
    }
    await cursor.delete();
  }
  // Files shared into the app while the person before was signed in are theirs to send or not.
  if (opts.previous !== null && opts.previous !== keep) await tx.objectStore("shared").clear();
  await tx.done;
  announceQueueChange();
  // Pages of a scan not made into a document yet are nobody's upload: they go with their person.
  await forgetScanPagesBut(keep);

  if (typeof caches !== "undefined") {
    const keepCache = keep ? pagesCacheName(keep) : null;
    for (const name of await caches.keys()) {
      if ((name.startsWith(PAGES_CACHE_PREFIX) && name !== keepCache) || OLD_CACHES.has(name)) await caches.delete(name);
    }
  }
  if (typeof localStorage !== "undefined" && opts.previous !== keep) localStorage.removeItem(LOOKUP_COUNTS_KEY);
}
