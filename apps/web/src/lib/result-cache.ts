/**
 * Results kept in IndexedDB, keyed by the user they were kept for and the file's SHA-256, so a file
 * already read shows its result at once and past results can be browsed offline; one person's
 * lookups never find another's entries (and those are removed when the user changes, see
 * device-user.ts). Entries live 90 days from when they were stored. Reads are for the page's
 * signed-in user (currentUser); nobody signed in finds nothing.
 */
import { clientDb, type TCachedResult } from "./client-db";
import { currentUser } from "./device-user";
import type { TResultView } from "./result-view";

export const RESULT_TTL_MS = 90 * 24 * 60 * 60 * 1000;

export type TResultCacheStats = { entries: number; bytes: number; oldest: number | null; newest: number | null };

const isFresh = (entry: TCachedResult, now: number) => now - entry.storedAt < RESULT_TTL_MS;

/** Keeps `result` for `ownerId` (the user who uploaded it), unless someone else is signed in on this page by now. */
export async function cacheResult(ownerId: string, sha256: string, result: TResultView, now = Date.now()): Promise<void> {
  if ((await currentUser()) !== ownerId) return;
  const entry: TCachedResult = {
    ownerId,
    sha256,
    documentId: result.documentId,
    filename: result.filename,
    result,
    storedAt: now,
    bytes: new Blob([JSON.stringify(result)]).size,
  };
  await (await clientDb()).put("results", entry);
}

/** The result for these bytes kept for the signed-in user, if one was kept and has not expired. */
export async function cachedResultBySha(sha256: string, now = Date.now()): Promise<TCachedResult | null> {
  const owner = await currentUser();
  if (!owner) return null;
  const entry = await (await clientDb()).get("results", [owner, sha256]);
  return entry && isFresh(entry, now) ? entry : null;
}

export async function cachedResultByDocument(documentId: string, now = Date.now()): Promise<TCachedResult | null> {
  const owner = await currentUser();
  if (!owner) return null;
  const entry = await (await clientDb()).getFromIndex("results", "by-owner-document", [owner, documentId]);
  return entry && isFresh(entry, now) ? entry : null;
}

/** The signed-in user's entries, oldest first. */
async function ownEntries(): Promise<TCachedResult[]> {
  const owner = await currentUser();
  if (!owner) return [];
  return (await clientDb()).getAllFromIndex("results", "by-owner-stored", IDBKeyRange.bound([owner, -Infinity], [owner, Infinity]));
}

/** Every fresh entry of the signed-in user, newest first. */
export async function listCachedResults(now = Date.now()): Promise<TCachedResult[]> {
  return (await ownEntries()).filter((entry) => isFresh(entry, now)).reverse();
}

/** Drops entries older than the TTL, whoever they were kept for; run at start. Returns how many went. */
export async function removeExpiredResults(now = Date.now()): Promise<number> {
  const db = await clientDb();
  const tx = db.transaction("results", "readwrite");
  const expired = await tx.store.index("by-stored").getAllKeys(IDBKeyRange.upperBound(now - RESULT_TTL_MS));
  await Promise.all(expired.map((key) => tx.store.delete(key)));
  await tx.done;
  return expired.length;
}

export async function forgetResultOfDocument(documentId: string): Promise<void> {
  const owner = await currentUser();
  if (!owner) return;
  const db = await clientDb();
  const key = await db.getKeyFromIndex("results", "by-owner-document", [owner, documentId]);
  if (key) await db.delete("results", key);
}

export async function resultCacheStats(): Promise<TResultCacheStats> {
  const all = await ownEntries();
  if (all.length === 0) return { entries: 0, bytes: 0, oldest: null, newest: null };
  const stored = all.map((entry) => entry.storedAt);
  return {
    entries: all.length,
    bytes: all.reduce((sum, entry) => sum + entry.bytes, 0),
    oldest: Math.min(...stored),
    newest: Math.max(...stored),
  };
}

/** Removes the signed-in user's kept results (the settings page's "Clear kept results"). */
export async function clearResultCache(): Promise<void> {
  const entries = await ownEntries();
  const tx = (await clientDb()).transaction("results", "readwrite");
  await Promise.all(entries.map((entry) => tx.store.delete([entry.ownerId, entry.sha256])));
  await tx.done;
}
