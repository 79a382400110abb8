/**
 * (Named to run after dashboard.spec.ts, whose totals count every user's documents.)
 * Issue 20, part 3: an iPhone photo (HEIC) is read instead of refused. The capture page's Web
 * Worker decodes it (libheif as wasm, loaded only then) into a JPEG, which is checked, hashed,
 * kept and read like any photo; a HEIC as a page of a scan works the same way.
 */
import { expect, test } from "@playwright/test";
import { makeHeic, renderTextImage } from "@docvault/core/testing";
import { chooseFiles, storedUploads } from "../support/pwa";
import { signUp } from "../support/sign-up";

const RECEIPT = ["SEASIDE NOODLE HOUSE", "21 JALAN LAUT", "DATE: 02/11/2024", "LAKSA             12.90", "TEA                3.50", "TOTAL             16.40"];

test("an iPhone HEIC photo is turned into a JPEG on the device and read", async ({ page }) => {
  await signUp(page);
  await page.goto("/");
  const heic = await makeHeic(await renderTextImage(RECEIPT));
  expect(heic.subarray(4, 12).toString("latin1"), "the fixture is a real HEIC file").toBe("ftypheic");
  await chooseFiles(page, [{ name: "IMG_0042.HEIC", mimeType: "image/heic", buffer: heic }]);

  const row = page.getByTestId("capture-row").filter({ hasText: "IMG_0042.jpg" });
  await expect(row.getByTestId("upload-state")).toHaveAttribute("data-state", "done", { timeout: 110_000 });
  const [upload] = await storedUploads(page);
  expect(upload?.name).toBe("IMG_0042.jpg");
  await page.goto(`/result?id=${upload?.documentId ?? ""}`);
  await expect(page.getByTestId("result")).toHaveAttribute("data-status", "completed");
  await expect(page.getByTestId("extracted-text")).toContainText("SEASIDE NOODLE HOUSE");
  await expect(page.locator('[data-testid="field"][data-field="total"] [data-testid="field-value"]')).toContainText("16.40");
});

test("a damaged HEIC is refused with what to do, and the page goes on", async ({ page }) => {
  await signUp(page);
  await page.goto("/");
  const heic = await makeHeic(await renderTextImage(["CUT SHORT"]));
  // The file's header survives, its picture does not (an interrupted copy).
  const cut = heic.subarray(0, Math.floor(heic.length / 3));
  await chooseFiles(page, [{ name: "IMG_0043.heic", mimeType: "image/heic", buffer: cut }]);
  const row = page.getByTestId("capture-row").filter({ hasText: "IMG_0043.heic" });
  await expect(row.getByTestId("capture-error")).toHaveText(
    "This HEIC photo could not be read: it may be damaged or cut short. Export it again, or set the camera to 'Most compatible' (JPEG).",
  );
  expect(await storedUploads(page)).toEqual([]);
});
