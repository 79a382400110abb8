/**
 * Results kept in IndexedDB, keyed by the file's SHA-256, so a file already read shows its result
 * at once and past results can be browsed offline. Entries live 90 days from when they were stored.
 */
import { clientDb, type TCachedResult } from "./client-db";
import type { TResultView } from "./result-view";

export const RESULT_TTL_MS = 90 * 24 * 60 * 60 * 1000;

export type TResultCacheStats = { entries: number; bytes: number; oldest: number | null; newest: number | null };

const isFresh = (entry: TCachedResult, now: number) => now - entry.storedAt < RESULT_TTL_MS;

export async function cacheResult(sha256: string, result: TResultView, now = Date.now()): Promise<void> {
  const entry: TCachedResult = {
    sha256,
    documentId: result.documentId,
    filename: result.filename,
    result,
    storedAt: now,
    bytes: new Blob([JSON.stringify(result)]).size,
  };
  await (await clientDb()).put("results", entry);
}

/** The result for these bytes, if one was kept and has not expired. */
export async function cachedResultBySha(sha256: string, now = Date.now()): Promise<TCachedResult | null> {
  const entry = await (await clientDb()).get("results", sha256);
  return entry && isFresh(entry, now) ? entry : null;
}

export async function cachedResultByDocument(documentId: string, now = Date.now()): Promise<TCachedResult | null> {
  const entry = await (await clientDb()).getFromIndex("results", "by-document", documentId);
  return entry && isFresh(entry, now) ? entry : null;
}

/** Every fresh entry, newest first. */
export async function listCachedResults(now = Date.now()): Promise<TCachedResult[]> {
  const all = await (await clientDb()).getAllFromIndex("results", "by-stored");
  return all.filter((entry) => isFresh(entry, now)).reverse();
}

/** Drops entries older than the TTL; run at start. Returns how many went. */
export async function removeExpiredResults(now = Date.now()): Promise<number> {
  const db = await clientDb();
  const tx = db.transaction("results", "readwrite");
  const expired = await tx.store.index("by-stored").getAllKeys(IDBKeyRange.upperBound(now - RESULT_TTL_MS));
  await Promise.all(expired.map((key) => tx.store.delete(key)));
  await tx.done;
  return expired.length;
}

export async function forgetResultOfDocument(documentId: string): Promise<void> {
  const db = await clientDb();
  const key = await db.getKeyFromIndex("results", "by-document", documentId);
  if (key) await db.delete("results", key);
}

export async function resultCacheStats(): Promise<TResultCacheStats> {
  const all = await (await clientDb()).getAll("results");
  if (all.length === 0) return { entries: 0, bytes: 0, oldest: null, newest: null };
  const stored = all.map((entry) => entry.storedAt);
  return {
    entries: all.length,
    bytes: all.reduce((sum, entry) => sum + entry.bytes, 0),
    oldest: Math.min(...stored),
    newest: Math.max(...stored),
  };
}

export async function clearResultCache(): Promise<void> {
  await (await clientDb()).clear("results");
}
