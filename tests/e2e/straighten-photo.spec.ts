/**
 * (Named to run after dashboard.spec.ts, whose totals count every user's documents.)
 * Issue 20, part 1: a photo of a receipt lying on a table is straightened on the device. The
 * capture page's Web Worker finds the page's corners (OpenCV.js, loaded only now), shows them on
 * the photo, the person nudges one with the keyboard, and the page is warped flat, cropped, sent and
 * read; the original is kept too when the person asks. A clean scan (the page is the whole image)
 * is sent as it is, without the step.
 */
import { expect, test } from "@playwright/test";
import { renderTextImage } from "@docvault/core/testing";
import { makeWarpedPhoto } from "@docvault/core/testing/warped-photos";
import { chooseFiles, storedUploads } from "../support/pwa";
import { signUp } from "../support/sign-up";

const RECEIPT = ["GREEN LEAF GROCER", "4 JALAN KEBUN", "DATE: 09/10/2024", "RICE 5KG          21.90", "EGGS              8.40", "TOTAL             30.30"];

test("a receipt photographed on a wooden table is straightened, sent and read; the original is kept when asked", async ({ page }) => {
  await signUp(page);
  await page.goto("/");
  const photo = await makeWarpedPhoto(await renderTextImage(RECEIPT, { width: 900 }), 7, { background: "wood" });
  await chooseFiles(page, [{ name: "table.jpg", mimeType: "image/jpeg", buffer: photo.bytes }]);

  const row = page.getByTestId("capture-row").filter({ hasText: "table.jpg" });
  await expect(row).toHaveAttribute("data-phase", "straighten", { timeout: 60_000 });
  const handles = row.getByTestId("corner-handle");
  await expect(handles).toHaveCount(4);
  // The corners found are where the page truly is (within 3% of the photo each way).
  for (const [index, truth] of photo.corners.entries()) {
    const handle = handles.nth(index);
    expect(Math.abs(Number(await handle.getAttribute("data-x")) - truth.x), `corner ${index} x`).toBeLessThan(0.03);
    expect(Math.abs(Number(await handle.getAttribute("data-y")) - truth.y), `corner ${index} y`).toBeLessThan(0.03);
  }
  // Nudged with the keyboard: two steps right, then back.
  const topLeft = row.getByRole("button", { name: "Top-left corner of the page" });
  const x = Number(await topLeft.getAttribute("data-x"));
  await topLeft.focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(topLeft).toHaveAttribute("data-x", (x + 0.01).toFixed(3));
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await expect(topLeft).toHaveAttribute("data-x", x.toFixed(3));

  await row.getByLabel("Also keep the original photo").check();
  await row.getByRole("button", { name: "Straighten and send" }).click();
  const flat = page.getByTestId("capture-row").filter({ hasText: "table-flat.jpg" });
  await expect(flat.getByTestId("upload-state")).toHaveAttribute("data-state", "done", { timeout: 110_000 });
  const original = page.getByTestId("capture-row").filter({ hasText: /^table\.jpg/ });
  await expect(original.getByTestId("upload-state")).toHaveAttribute("data-state", "done", { timeout: 110_000 });

  const uploads = await storedUploads(page);
  expect(uploads.map((u) => u.name).sort()).toEqual(["table-flat.jpg", "table.jpg"]);
  await page.goto(`/result?id=${uploads.find((u) => u.name === "table-flat.jpg")?.documentId ?? ""}`);
  await expect(page.getByTestId("result")).toHaveAttribute("data-status", "completed");
  await expect(page.getByTestId("extracted-text")).toContainText("GREEN LEAF GROCER");
  await expect(page.locator('[data-testid="field"][data-field="total"] [data-testid="field-value"]')).toContainText("30.30");
});

test("a clean scan, the page filling the image, is sent without the straightening step", async ({ page }) => {
  await signUp(page);
  await page.goto("/");
  await chooseFiles(page, [{ name: "scan.png", mimeType: "image/png", buffer: await renderTextImage(RECEIPT) }]);
  const row = page.getByTestId("capture-row").filter({ hasText: "scan.png" });
  await expect(row.getByTestId("upload-state")).toHaveAttribute("data-state", "done", { timeout: 110_000 });
  await expect(row.getByTestId("straighten")).toHaveCount(0);
});
