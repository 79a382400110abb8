/**
 * Issue 20 part 5 in Chromium on the production build: a large file goes to the server in
 * resumable chunks (tus), a cut network and a reload go on from the offset the server holds, and
 * where the browser has no Background Sync (Safari, Firefox) the queue is sent by the page on its
 * next start, once. The page sends its files itself here (SyncManager removed): Playwright's routes
 * and request events see a page's requests, not the service worker's.
 */
import { expect, test } from "@playwright/test";
import { makeLargeTextPdf, renderTextImage } from "@docvault/core/testing";
import { chooseFiles, serverDocuments, storedUploads, waitForServiceWorker } from "../support/pwa";
import { signUp } from "../support/sign-up";

const MiB = 1024 * 1024;
const CHUNK = 5 * MiB;
const NO_BACKGROUND_SYNC = "delete window.SyncManager";

test("a 20 MB upload cut at half goes on from the half after a reload, and the server holds one document", async ({ page, context }) => {
  test.setTimeout(240_000);
  await page.addInitScript(NO_BACKGROUND_SYNC);
  await signUp(page);
  await page.goto("/");
  await waitForServiceWorker(page);
  const pdf = await makeLargeTextPdf(["RESUMED AFTER A CUT", `REF ${Date.now()}`], 20 * MiB);
  const chunks = Math.ceil(pdf.length / CHUNK);

  // The network goes at the third chunk: the server has the first two (10 MiB, half the file).
  let patches = 0;
  await page.route("**/api/uploads/tus/*", async (route) => {
    if (route.request().method() !== "PATCH" || ++patches !== 3) return route.continue();
    await context.setOffline(true);
    return route.abort("internetdisconnected");
  });
  await chooseFiles(page, [{ name: "resumed.pdf", mimeType: "application/pdf", buffer: pdf }]);
  const state = page.getByTestId("capture-row").filter({ hasText: "resumed.pdf" }).getByTestId("upload-state");
  await expect.poll(() => patches).toBe(3);
  // Back in the queue, with where it was left kept beside the bytes.
  await expect(state).toHaveAttribute("data-state", "queued");
  // The person sees how far it got, and that it goes on from there.
  await expect(state).toContainText(/10\.0 MB of 20\.\d MB sent; it goes on from there, once you are back online/);
  const kept = await page.evaluate<{ bytesSent: number; resumeUrl: string | null }>(`new Promise((resolve, reject) => {
    const open = indexedDB.open("docvault");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const all = open.result.transaction("uploads").objectStore("uploads").getAll();
      all.onsuccess = () => {
        const item = all.result.find((u) => u.name === "resumed.pdf");
        resolve({ bytesSent: item.bytesSent, resumeUrl: item.resumeUrl });
      };
    };
  })`);
  expect(kept.bytesSent).toBe(2 * CHUNK);
  expect(kept.resumeUrl).toMatch(/\/api\/uploads\/tus\/\w+$/);
  expect((await serverDocuments(page.request)).filter((d) => d.filename === "resumed.pdf")).toHaveLength(0);

  // The person reloads the app (offline: from the service worker), and the network comes back.
  await page.unroute("**/api/uploads/tus/*");
  const after: string[] = [];
  page.on("request", (request) => {
    if (!request.url().includes("/api/uploads/tus")) return;
    after.push(`${request.method()} ${request.headers()["upload-offset"] ?? "-"}`);
  });
  await page.reload();
  await expect(page.getByRole("heading", { name: "Capture" })).toBeVisible();
  await context.setOffline(false);
  await expect.poll(async () => (await storedUploads(page)).find((u) => u.name === "resumed.pdf")?.state, { timeout: 120_000 }).toMatch(/processing|done/);
  // The offset asked of the server, then only the chunks from the half on: no new upload, no byte sent twice.
  const rest = Array.from({ length: chunks - 2 }, (_, i) => `PATCH ${(2 + i) * CHUNK}`);
  expect(after).toEqual(["HEAD -", ...rest]);
  await expect.poll(async () => (await serverDocuments(page.request)).filter((d) => d.filename === "resumed.pdf").length).toBe(1);
});

test("without Background Sync, a file queued offline is sent by the page on the app's next start, once", async ({ context }) => {
  await context.addInitScript(NO_BACKGROUND_SYNC);
  const first = await context.newPage();
  await signUp(first);
  await first.goto("/");
  await waitForServiceWorker(first);
  await context.setOffline(true);
  const png = await renderTextImage(["NEXT START RECEIPT", "TOTAL 5.55"]);
  await chooseFiles(first, [{ name: "next-start.png", mimeType: "image/png", buffer: png }]);
  await expect(first.getByTestId("capture-row").filter({ hasText: "next-start.png" }).getByTestId("upload-state")).toHaveAttribute("data-state", "queued");
  // The app is closed while offline; later it is opened again, online.
  await first.close();
  await context.setOffline(false);
  const sent: string[] = [];
  context.on("request", (request) => {
    if (request.method() === "POST" && new URL(request.url()).pathname === "/api/upload") sent.push(request.url());
  });
  const next = await context.newPage();
  await next.goto("/queue");
  await expect(next.getByTestId("queue-item").filter({ hasText: "next-start.png" })).toHaveAttribute("data-state", /processing|done/);
  // Another start (a second tab) sends nothing more.
  const other = await context.newPage();
  await other.goto("/queue");
  await expect(other.getByTestId("queue-item").filter({ hasText: "next-start.png" })).toHaveAttribute("data-state", /processing|done/);
  expect(sent).toHaveLength(1);
  expect((await serverDocuments(next.request)).filter((d) => d.filename === "next-start.png")).toHaveLength(1);
});
