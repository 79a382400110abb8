/**
 * Issue 20, part 6: a new version of the app is noticed and taken when the person chooses, never
 * while a file is being sent. The new version is the built service worker with a byte changed on
 * disk (put back afterwards), which is what the browser's update check compares.
 */
import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { renderTextImage } from "@docvault/core/testing";
import { chooseFiles, storedUploads, waitForServiceWorker } from "../support/pwa";
import { signUp } from "../support/sign-up";

const SW = resolve(fileURLToPath(new URL("../../apps/web/public/sw.js", import.meta.url)));

test("a waiting version is offered, and the reload the person asks for waits for the upload being sent", async ({ page, context }) => {
  await signUp(page);
  await page.goto("/");
  await waitForServiceWorker(page);
  await expect(page.getByTestId("update-notice")).toHaveCount(0);

  // An upload held on its way to the server: the page must not reload under it.
  let release: () => void = () => {};
  const held = new Promise<void>((r) => (release = r));
  await context.route("**/api/upload**", async (route) => {
    await held;
    await route.continue();
  });
  await chooseFiles(page, [{ name: "on-its-way.png", mimeType: "image/png", buffer: await renderTextImage(["ON ITS WAY", `TOTAL ${Date.now() % 100}.00`]) }]);
  const row = page.getByTestId("capture-row").filter({ hasText: "on-its-way.png" });
  await expect(row.getByTestId("upload-state")).toHaveAttribute("data-state", "uploading");

  const original = await readFile(SW, "utf8");
  try {
    await writeFile(SW, `${original}\n// a new version ${Date.now()}\n`);
    await page.evaluate(`navigator.serviceWorker.getRegistration().then((r) => r.update())`);
    const notice = page.getByTestId("update-notice");
    await expect(notice).toContainText("A new version of docvault is ready.");
    await notice.getByRole("button", { name: "Reload" }).click();
    await expect(notice).toContainText("Reloading once the upload being sent finishes");
    // Still the same page and the same worker while the upload is held.
    await page.waitForTimeout(1_500);
    await expect(row.getByTestId("upload-state")).toHaveAttribute("data-state", "uploading");

    const reloaded = page.waitForEvent("load");
    release();
    await reloaded;
    await expect(page.getByTestId("update-notice")).toHaveCount(0);
    // The new worker controls the page, and nothing waits any more.
    expect(await page.evaluate<string>(`navigator.serviceWorker.getRegistration().then((r) => (r.waiting ? "waiting" : "none") + " " + r.active.state)`)).toBe(
      "none activated",
    );
    // The upload was not cut off: the server has it.
    const upload = (await storedUploads(page)).find((u) => u.name === "on-its-way.png");
    expect(["processing", "done"]).toContain(upload?.state);
  } finally {
    await writeFile(SW, original);
    await context.unroute("**/api/upload**");
  }
});
