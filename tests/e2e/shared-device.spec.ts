/**
 * Issue 15, "shared devices": two people take turns on one browser (one profile: the same
 * IndexedDB, service worker, Cache Storage and HTTP cache). What the first one read, queued or
 * viewed must not show to the second, and a file the first one queued must never be sent into the
 * second one's account; it waits for its owner.
 */
import { expect, test, type Page } from "@playwright/test";
import { renderTextImage } from "@docvault/core/testing";
import { chooseFiles, keptInCaches, keptResultDocuments, serverDocuments, signedInUserId, storedUploads, waitForServiceWorker } from "../support/pwa";
import { signIn, signUp } from "../support/sign-up";

const stateOf = (page: Page, name: string) => page.getByTestId("capture-row").filter({ hasText: name }).getByTestId("upload-state");

/** The CSRF header a page of the app would send, read from the context's cookie. */
async function csrfHeader(page: Page): Promise<Record<string, string>> {
  const cookie = (await page.context().cookies()).find((c) => c.name === "docvault-csrf");
  expect(cookie, "the app set its CSRF cookie").toBeTruthy();
  return { "x-csrf-token": cookie?.value ?? "" };
}

/** Opens `paths` once online and waits until the service worker keeps them for the signed-in user, so they open offline. */
async function keptForOffline(page: Page, paths: string[]): Promise<void> {
  await waitForServiceWorker(page);
  for (const path of paths) await page.goto(path);
  await expect.poll(async () => (await keptInCaches(page)).flatMap((kept) => kept.paths)).toEqual(expect.arrayContaining(paths));
}

test("one browser, two people: B sees nothing of A's, A's queued upload never reaches B and goes through when A is back", async ({ page, context }) => {
  test.setTimeout(300_000);
  // A reads a document online: a kept result, its page image shown, the app's pages kept offline.
  const a = await signUp(page);
  const aId = await signedInUserId(page.request);
  await page.goto("/");
  await waitForServiceWorker(page);
  const readPng = await renderTextImage(["A READ THIS", "TOTAL 5.55"]);
  await chooseFiles(page, [{ name: "a-read.png", mimeType: "image/png", buffer: readPng }]);
  await expect(stateOf(page, "a-read.png")).toHaveAttribute("data-state", "done");
  const aDoc = (await storedUploads(page)).find((u) => u.name === "a-read.png")?.documentId ?? "";
  expect(aDoc).not.toBe("");
  expect(await keptResultDocuments(page)).toContain(aDoc);
  await page.goto(`/result?id=${aDoc}`);
  const image = page.getByTestId("page-image").locator("img");
  await expect.poll(() => image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
  await keptForOffline(page, ["/queue", "/documents", "/"]);

  // A adds a file while offline. The network comes back but the upload cannot get through (a link
  // that drops every upload), and A signs out before it is sent.
  await context.setOffline(true);
  await page.goto("/");
  await chooseFiles(page, [{ name: "a-offline.png", mimeType: "image/png", buffer: await renderTextImage(["A OFFLINE", "TOTAL 6.66"]) }]);
  await expect(stateOf(page, "a-offline.png")).toHaveAttribute("data-state", "queued");
  await context.route("**/api/upload", (route) => route.abort("internetdisconnected"));
  await context.setOffline(false);
  await page.goto("/settings");
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  // A is told what happens to the file not sent yet, and keeps it for later.
  const pending = page.getByTestId("sign-out-pending");
  await expect(pending).toContainText("a-offline.png");
  await expect(pending).toContainText("sent when you sign in here again");
  await pending.getByRole("button", { name: "Keep it and sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await context.unroute("**/api/upload");

  // Emptied at sign-out: no kept result, no kept page or file in the service worker's caches.
  expect(await keptResultDocuments(page)).toEqual([]);
  expect((await keptInCaches(page)).flatMap((kept) => kept.paths)).toEqual([]);

  // B signs up on the same browser.
  await signUp(page);
  const bId = await signedInUserId(page.request);
  expect(bId).not.toBe(aId);

  await page.goto("/queue");
  await expect(page.getByText("Nothing in the queue.")).toBeVisible();
  await expect(page.getByTestId("queue-item")).toHaveCount(0);

  await page.goto(`/result?id=${aDoc}`);
  await expect(page.getByText("No such document.")).toBeVisible();
  await expect(page.getByText("a-read.png")).toHaveCount(0);

  // A's page image: the server's owner check answers, through the service worker and as a navigation.
  expect(await page.evaluate<number>(`fetch("/files/${aDoc}").then((r) => r.status)`)).toBe(404);
  expect((await page.goto(`/files/${aDoc}`))?.status()).toBe(404);

  // The same bytes A read, chosen by B: not "already read" on this device, but B's own upload.
  await page.goto("/");
  await waitForServiceWorker(page);
  await chooseFiles(page, [{ name: "b-same.png", mimeType: "image/png", buffer: readPng }]);
  await expect(stateOf(page, "b-same.png")).toHaveAttribute("data-state", "done");
  await expect(page.getByTestId("cached-result")).toHaveCount(0);
  expect(await keptResultDocuments(page)).not.toContain(aDoc);

  // A's queued file is still on the device, kept for A only.
  expect((await storedUploads(page)).filter((u) => u.name === "a-offline.png")).toMatchObject([{ state: "queued", hasBlob: true, ownerId: aId }]);

  // B queues a file offline too; when the network is back the queue is replayed (oldest first,
  // so A's file comes before B's): B's goes through, A's is not sent.
  await keptForOffline(page, ["/documents", "/"]);
  await context.setOffline(true);
  await page.goto("/documents");
  await expect(page.getByTestId("document-row").filter({ hasText: "b-same.png" })).toBeVisible();
  await expect(page.getByTestId("document-row").filter({ hasText: "a-read.png" })).toHaveCount(0);
  await page.goto("/");
  await chooseFiles(page, [{ name: "b-offline.png", mimeType: "image/png", buffer: await renderTextImage(["B OFFLINE", "TOTAL 7.77"]) }]);
  await expect(stateOf(page, "b-offline.png")).toHaveAttribute("data-state", "queued");
  await context.setOffline(false);
  await expect(stateOf(page, "b-offline.png")).toHaveAttribute("data-state", /processing|done/);
  const bFiles = (await serverDocuments(page.request)).map((d) => d.filename);
  expect(bFiles).toContain("b-offline.png");
  expect(bFiles).not.toContain("a-offline.png");
  expect((await storedUploads(page)).filter((u) => u.name === "a-offline.png")).toMatchObject([{ state: "queued", hasBlob: true, ownerId: aId }]);

  // The server refuses, too, an upload queued for A and replayed with B's session.
  const replayed = await page.request.post("/api/upload", {
    headers: { ...(await csrfHeader(page)), "content-type": "image/png", "x-filename": "a-offline.png", "x-upload-user": aId },
    data: readPng,
  });
  expect(replayed.status()).toBe(409);
  expect(((await replayed.json()) as { error: { message: string } }).error.message).toContain("another account");
  expect((await serverDocuments(page.request)).map((d) => d.filename)).not.toContain("a-offline.png");

  // B signs out (nothing of B's waiting); A signs in again and A's file goes through, into A's account.
  await page.goto("/settings");
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, a);
  await expect.poll(async () => (await serverDocuments(page.request)).map((d) => d.filename), { timeout: 90_000 }).toContain("a-offline.png");
  await page.goto("/queue");
  await expect(page.getByTestId("queue-item").filter({ hasText: "a-offline.png" })).toHaveAttribute("data-state", /processing|done/);
  await expect(page.getByTestId("queue-item").filter({ hasText: "b-" })).toHaveCount(0);
});

test("signing out with a file not sent yet, the person may discard it: it is gone from the device and never sent", async ({ page, context }) => {
  const a = await signUp(page);
  await page.goto("/");
  await keptForOffline(page, ["/"]);
  await context.setOffline(true);
  await page.goto("/");
  await chooseFiles(page, [{ name: "dropped-later.png", mimeType: "image/png", buffer: await renderTextImage(["NEVER SENT", "TOTAL 1.11"]) }]);
  await expect(stateOf(page, "dropped-later.png")).toHaveAttribute("data-state", "queued");
  await context.route("**/api/upload", (route) => route.abort("internetdisconnected"));
  await context.setOffline(false);
  await page.goto("/settings");
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  const pending = page.getByTestId("sign-out-pending");
  await expect(pending).toContainText("dropped-later.png");
  await pending.getByRole("button", { name: "Discard it and sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await context.unroute("**/api/upload");
  expect(await storedUploads(page)).toEqual([]);

  await signIn(page, a);
  await page.goto("/queue");
  await expect(page.getByText("Nothing in the queue.")).toBeVisible();
  expect((await serverDocuments(page.request)).map((d) => d.filename)).not.toContain("dropped-later.png");
});
