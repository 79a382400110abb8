/**
 * The pages of a scan being made on the capture page: photos taken one after another, kept in
 * IndexedDB until the person makes them one document (or discards them), so a page reload, or a
 * phone that drops the tab while the camera is open, loses none. Each page belongs to the user who
 * took it, like the upload queue. A database of its own ("docvault-scan"): the queue's database is
 * shared with the service worker, whose version must not change under it.
 */
import { openDB, type DBSchema, type IDBPDatabase } from "idb";

/** The most photos one scan takes, so the work per upload stays bounded (a 50-page scan is about 25 MB). */
export const MAX_SCAN_PAGES = 50;

export type TScanPage = {
  id: string;
  ownerId: string;
  /** The photo (a JPEG when it came as HEIC). */
  blob: Blob;
  name: string;
  /** 0, 1, 2…: the page's place in the document. */
  position: number;
  /** What the quality gate said of it (blurred, dark…), shown beside the page; null when fine. */
  warning: string | null;
};

type TScanSchema = DBSchema & { pages: { key: string; value: TScanPage; indexes: { "by-owner": string } } };

export const SCAN_DB_NAME = "docvault-scan";
let opening: Promise<IDBPDatabase<TScanSchema>> | undefined;

function scanDb(): Promise<IDBPDatabase<TScanSchema>> {
  opening ??= openDB<TScanSchema>(SCAN_DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore("pages", { keyPath: "id" }).createIndex("by-owner", "ownerId");
    },
    terminated() {
      opening = undefined;
    },
  });
  return opening;
}

/** The user's pages, in order. */
export async function scanPages(ownerId: string): Promise<TScanPage[]> {
  const pages = await (await scanDb()).getAllFromIndex("pages", "by-owner", ownerId);
  return pages.sort((a, b) => a.position - b.position);
}

/** Adds a photo as the last page; false when the scan already holds MAX_SCAN_PAGES. */
export async function addScanPage(ownerId: string, page: { blob: Blob; name: string; warning: string | null }): Promise<boolean> {
  const tx = (await scanDb()).transaction("pages", "readwrite");
  const count = await tx.store.index("by-owner").count(ownerId);
  if (count >= MAX_SCAN_PAGES) {
    await tx.done;
    return false;
  }
  const last = (await tx.store.index("by-owner").getAll(ownerId)).reduce((max, p) => Math.max(max, p.position), -1);
  await tx.store.put({ id: crypto.randomUUID(), ownerId, ...page, position: last + 1 });
  await tx.done;
  return true;
}

/** Moves a page one place earlier (-1) or later (+1). */
export async function moveScanPage(ownerId: string, id: string, by: -1 | 1): Promise<void> {
  await rewrite(ownerId, (pages) => {
    const from = pages.findIndex((page) => page.id === id);
    const to = from + by;
    if (from < 0 || to < 0 || to >= pages.length) return pages;
    const moved = pages.filter((page) => page.id !== id);
    moved.splice(to, 0, ...pages.slice(from, from + 1));
    return moved;
  });
}

export async function removeScanPage(ownerId: string, id: string): Promise<void> {
  await rewrite(ownerId, (pages) => pages.filter((page) => page.id !== id));
}

/** Forgets the user's pages (made into a document, or discarded). */
export async function clearScan(ownerId: string): Promise<void> {
  await rewrite(ownerId, () => []);
}

/** At a sign-out or a change of user: pages of anyone but `keep` go (they are nobody's document yet). */
export async function forgetScanPagesBut(keep: string | null): Promise<void> {
  const tx = (await scanDb()).transaction("pages", "readwrite");
  for (let cursor = await tx.store.openCursor(); cursor; cursor = await cursor.continue()) {
    if (cursor.value.ownerId !== keep) await cursor.delete();
  }
  await tx.done;
}

/** Writes the user's pages in the order `change` gives, in one transaction. */
async function rewrite(ownerId: string, change: (pages: TScanPage[]) => TScanPage[]): Promise<void> {
  const tx = (await scanDb()).transaction("pages", "readwrite");
  const pages = (await tx.store.index("by-owner").getAll(ownerId)).sort((a, b) => a.position - b.position);
  const kept = change(pages);
  const keptIds = new Set(kept.map((page) => page.id));
  for (const page of pages) if (!keptIds.has(page.id)) await tx.store.delete(page.id);
  for (const [position, page] of kept.entries()) if (page.position !== position) await tx.store.put({ ...page, position });
  await tx.done;
}
