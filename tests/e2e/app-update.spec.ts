import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { expect, test, type Page } from "@playwright/test";
import { renderTextImage } from "@docvault/core/testing";
import { chooseFiles, serverDocuments, signedInUserId, waitForServiceWorker } from "../support/pwa";
import { signUp } from "../support/sign-up";

// The app under test serves its service worker from the build's public/sw.js, read at each request.
const SW_FILE = fileURLToPath(new URL("../../apps/web/public/sw.js", import.meta.url));

/**
 * Deploys the next version of the service worker: the built script with a byte changed (browsers
 * compare the bytes), written where the server reads it, and asks the page's registration to look
 * for it, as a browser does on its own at the next navigation. Undone by `restore`.
 */
async function deployNextWorker(page: Page, mark: string): Promise<{ restore: () => Promise<void> }> {
  // The app settled first: the worker has kept the app's six pages for offline use. A worker busy
  // with that (on the run's first, cold pages) holds a new version's take-over until it is done.
  const pages = `docvault-pages-${await signedInUserId(page.request)}`;
  await expect.poll(() => page.evaluate<number>(`caches.open("${pages}").then((cache) => cache.keys()).then((keys) => keys.length)`)).toBe(6);
  const built = await readFile(SW_FILE, "utf8");
  await writeFile(SW_FILE, `${built}\n// ${mark}\n`);
  await page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())");
  return { restore: () => writeFile(SW_FILE, built) };
}

/** The registration's workers as the page sees them: which one serves it, which one waits. */
const WORKERS = `navigator.serviceWorker.getRegistration().then((r) => ({
  controlled: Boolean(navigator.serviceWorker.controller),
  waiting: Boolean(r && r.waiting),
  active: Boolean(r && r.active),
}))`;

test("a new version waits for the person: offered on the page, held while a file is sent, then the page reloads on it", async ({ page }) => {
  // The page sends its files itself (as in Safari and Firefox), so the upload held below is the
  // page's request and not the service worker's, which no route here can hold.
  await page.addInitScript("delete window.SyncManager");
  await signUp(page);
  await page.goto("/");
  await waitForServiceWorker(page);

  const next = await deployNextWorker(page, "the next version");
  try {
    await offeredThenApplied(page);
  } finally {
    await next.restore();
  }
});

async function offeredThenApplied(page: Page): Promise<void> {
  const banner = page.getByTestId("update-banner");
  await expect(banner).toContainText("A new version of docvault is ready.");
  // It waits for the person: the old worker still serves the page, the new one is installed beside it.
  await expect.poll(() => page.evaluate(WORKERS)).toEqual({ controlled: true, waiting: true, active: true });
  await expect(banner.getByRole("button", { name: "Reload to update" })).toBeVisible();
  await expect(banner.getByRole("button", { name: "Not now" })).toBeVisible();

  // A file is being sent (its request held here): asked to update now, the page waits for it.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api/upload", async (route) => {
    await held;
    await route.continue();
  });
  const png = await renderTextImage(["UPDATE RECEIPT", "TOTAL 7.70"]);
  await chooseFiles(page, [{ name: "during-update.png", mimeType: "image/png", buffer: png }]);
  const state = page.getByTestId("capture-row").filter({ hasText: "during-update.png" }).getByTestId("upload-state");
  await expect(state).toHaveAttribute("data-state", "uploading");
  await page.evaluate("window.dvBeforeUpdate = true");
  await banner.getByRole("button", { name: "Reload to update" }).click();
  await expect(banner).toContainText("Updating once the uploads being sent are through");
  await expect(banner.getByRole("button", { name: "Reload to update" })).toBeDisabled();
  // Still the same page, still the old worker, after a while of sending.
  await page.waitForTimeout(1_500);
  expect(await page.evaluate("window.dvBeforeUpdate === true")).toBe(true);
  expect(await page.evaluate(WORKERS)).toEqual({ controlled: true, waiting: true, active: true });

  // The file goes through; then the new worker takes over and the page loads again on it.
  const reloaded = page.waitForEvent("load", { timeout: 60_000 });
  release();
  await reloaded;
  expect(await page.evaluate("window.dvBeforeUpdate === undefined")).toBe(true);
  await expect(page.getByRole("heading", { name: "Capture" })).toBeVisible();
  await expect.poll(() => page.evaluate(WORKERS)).toEqual({ controlled: true, waiting: false, active: true });
  await expect(page.getByTestId("update-banner")).toHaveCount(0);
  // The file sent during the update was kept once.
  await expect.poll(async () => (await serverDocuments(page.request)).filter((d) => d.filename === "during-update.png").length).toBe(1);
}

test("'Not now' puts the notice away for this page; the next page load offers the waiting version again", async ({ page }) => {
  await signUp(page);
  await page.goto("/");
  await waitForServiceWorker(page);
  const next = await deployNextWorker(page, "another version");
  try {
    const banner = page.getByTestId("update-banner");
    await banner.getByRole("button", { name: "Not now" }).click();
    await expect(banner).toHaveCount(0);
    // A reload alone does not apply it (the old worker still serves this tab), but it is offered again.
    await page.reload();
    await expect(page.getByTestId("update-banner")).toContainText("A new version of docvault is ready.");
    expect(await page.evaluate(WORKERS)).toEqual({ controlled: true, waiting: true, active: true });
  } finally {
    await next.restore();
  }
});
