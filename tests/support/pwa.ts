/** Helpers for the PWA end-to-end tests: choosing files, reading the app's IndexedDB, asking the server. */
import { expect, type APIRequestContext, type Page } from "@playwright/test";

export type TFilePayload = { name: string; mimeType: string; buffer: Buffer };

/** Chooses files with the capture page's "Choose files" picker. */
export async function chooseFiles(page: Page, files: TFilePayload[]): Promise<void> {
  await page.getByLabel("Choose files").setInputFiles(files);
}

export type TStoredUpload = { uploadId: string; name: string; state: string; documentId: string | null; hasBlob: boolean };

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
      resolve(get.result.map((u) => ({ uploadId: u.uploadId, name: u.name, state: u.state, documentId: u.documentId, hasBlob: u.blob !== null })));
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

/** Waits until the page is controlled by the app's service worker (installed and claimed). */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(`(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller) return;
    await new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", () => resolve(), { once: true }));
  })()`);
}
