/** Helpers for the PWA end-to-end tests: choosing files, reading the app's IndexedDB, asking the server. */
import { expect, type APIRequestContext, type Page } from "@playwright/test";

export type TFilePayload = { name: string; mimeType: string; buffer: Buffer };

/** Chooses files with the capture page's "Choose files" picker. */
export async function chooseFiles(page: Page, files: TFilePayload[]): Promise<void> {
  await page.getByLabel("Choose files").setInputFiles(files);
}

export type TStoredUpload = {
  uploadId: string;
  name: string;
  state: string;
  documentId: string | null;
  hasBlob: boolean;
  /** The user the upload was added for (null for items kept before uploads were tied to a user). */
  ownerId: string | null;
};

/** The upload queue as the app keeps it in IndexedDB. */
// In-page code is passed as text: the tests' TypeScript program has no DOM typings (adding them
// would change fetch's types for the Node-side tests).
const READ_UPLOADS = `new Promise((resolve, reject) => {
  const open = indexedDB.open("docvault");
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains("uploads")) return resolve([]);
    const get = db.transaction("uploads").objectStore("uploads").getAll();
    get.onerror = () => reject(get.error);
    get.onsuccess = () => {
      db.close();
      resolve(get.result.map((u) => ({ uploadId: u.uploadId, name: u.name, state: u.state, documentId: u.documentId, hasBlob: u.blob !== null, ownerId: u.ownerId ?? null })));
    };
  };
})`;

export async function storedUploads(page: Page): Promise<TStoredUpload[]> {
  return page.evaluate<TStoredUpload[]>(READ_UPLOADS);
}

type TListed = { id: string; filename: string; status: string | null };

/** The documents the server holds for this user, through the same tRPC endpoint the page uses. */
export async function serverDocuments(request: APIRequestContext): Promise<TListed[]> {
  const input = encodeURIComponent(JSON.stringify({ json: { limit: 100 } }));
  const response = await request.get(`/api/trpc/documents.list?input=${input}`);
  expect(response.ok(), await response.text()).toBe(true);
  const body = (await response.json()) as { result: { data: { json: TListed[] } } };
  return body.result.data.json;
}

// Resolves "controlled" once the page is controlled, or after `ms` with what the registration holds.
const CONTROLLED_WITHIN = (ms: number) => `(async () => {
  const controlled = (async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", () => resolve(), { once: true }));
    }
    return "controlled";
  })();
  const late = new Promise((resolve) => setTimeout(async () => {
    const r = await navigator.serviceWorker.getRegistration();
    resolve(r ? "registration: installing " + (r.installing?.state ?? "-") + ", waiting " + (r.waiting?.state ?? "-") + ", active " + (r.active?.state ?? "-") : "no registration");
  }, ${ms}));
  return Promise.race([controlled, late]);
})()`;

/**
 * Waits until the page is controlled by the app's service worker (installed and claimed). A worker
 * whose install failed on the way (a precache download cut off on a loaded machine) is tried again
 * once by loading the page again, as a person's next visit would; a second failure says what the
 * registration held.
 */
export async function waitForServiceWorker(page: Page): Promise<void> {
  if ((await page.evaluate<string>(CONTROLLED_WITHIN(30_000))) === "controlled") return;
  await page.reload();
  const state = await page.evaluate<string>(CONTROLLED_WITHIN(60_000));
  if (state !== "controlled") throw new Error(`The service worker never took control of the page (${state}).`);
}

/** The document ids of every result kept in the app's IndexedDB result cache, whoever it was kept for. */
export async function keptResultDocuments(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`new Promise((resolve, reject) => {
    const open = indexedDB.open("docvault");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains("results")) return resolve([]);
      const get = db.transaction("results").objectStore("results").getAll();
      get.onerror = () => reject(get.error);
      get.onsuccess = () => {
        db.close();
        resolve(get.result.map((entry) => entry.documentId));
      };
    };
  })`);
}

/** What the app's Cache Storage holds outside the precache: each cache's name and the paths kept in it. */
export async function keptInCaches(page: Page): Promise<{ cache: string; paths: string[] }[]> {
  return page.evaluate<{ cache: string; paths: string[] }[]>(`(async () => {
    const kept = [];
    for (const name of await caches.keys()) {
      if (name.startsWith("workbox-precache")) continue;
      const requests = await (await caches.open(name)).keys();
      kept.push({ cache: name, paths: requests.map((r) => new URL(r.url).pathname) });
    }
    return kept;
  })()`);
}

/** The signed-in user's id, as the server says (account.me). */
export async function signedInUserId(request: APIRequestContext): Promise<string> {
  const response = await request.get("/api/trpc/account.me");
  expect(response.ok(), await response.text()).toBe(true);
  const body = (await response.json()) as { result: { data: { json: { id: string } } } };
  return body.result.data.json.id;
}
