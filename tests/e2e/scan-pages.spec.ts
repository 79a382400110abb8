/**
 * (Named to run after dashboard.spec.ts, whose totals count every user's documents.)
 * Issue 20, part 4: several photos taken one after another become one document. Four photos are
 * taken with "Scan pages"; the person moves one up, deletes one, reloads (the pages were kept on
 * the device, in order), then makes them one PDF on the device; the server holds one document of
 * three pages whose text runs in the order the person chose, without the deleted page.
 */
import { expect, test, type Page } from "@playwright/test";
import { renderTextImage } from "@docvault/core/testing";
import { storedUploads } from "../support/pwa";
import { signUp } from "../support/sign-up";

const photo = async (name: string, lines: string[]) => ({ name, mimeType: "image/png", buffer: await renderTextImage(lines, { width: 900 }) });
const pageNames = (page: Page) => page.getByTestId("scan-page").evaluateAll((items) => items.map((item) => item.getAttribute("data-name")));

test("three photos, reordered and one deleted, become one three-page document", async ({ page }) => {
  await signUp(page);
  await page.goto("/");
  await page
    .getByLabel("Scan pages")
    .setInputFiles([
      await photo("second.png", ["LEASE AGREEMENT PAGE TWO", "BRAVO CLAUSES FOLLOW"]),
      await photo("first.png", ["LEASE AGREEMENT PAGE ONE", "ALPHA PARTIES NAMED"]),
      await photo("third.png", ["LEASE AGREEMENT PAGE THREE", "CHARLIE SIGNATURES"]),
      await photo("blurred-retake.png", ["LEASE AGREEMENT DUPLICATE", "ZULU DISCARD ME"]),
    ]);
  const tray = page.getByTestId("scan-tray");
  await expect(tray.getByRole("heading")).toHaveText("Pages of one document (4 pages)");
  expect(await pageNames(page)).toEqual(["second.png", "first.png", "third.png", "blurred-retake.png"]);

  await tray.getByRole("button", { name: "Move up page 2" }).click();
  await expect.poll(() => pageNames(page)).toEqual(["first.png", "second.png", "third.png", "blurred-retake.png"]);
  await tray.getByRole("button", { name: "Delete page 4" }).click();
  await expect.poll(() => pageNames(page)).toEqual(["first.png", "second.png", "third.png"]);
  // Nothing was sent while the pages wait.
  expect(await storedUploads(page)).toEqual([]);

  // A reload (or a phone dropping the tab while the camera is open) keeps them, in order.
  await page.reload();
  await expect(tray.getByRole("heading")).toHaveText("Pages of one document (3 pages)");
  expect(await pageNames(page)).toEqual(["first.png", "second.png", "third.png"]);

  await tray.getByRole("button", { name: "Make one document of 3 pages" }).click();
  await expect(tray).toHaveCount(0);
  const row = page.getByTestId("capture-row").filter({ hasText: /^Scan \d{4}-\d\d-\d\d \d\d\.\d\d\.pdf/ });
  await expect(row.getByTestId("upload-state")).toHaveAttribute("data-state", "done", { timeout: 110_000 });
  const uploads = await storedUploads(page);
  expect(uploads, "one upload: the PDF, not the photos").toHaveLength(1);
  const documentId = uploads[0]?.documentId ?? "";

  await page.goto(`/result?id=${documentId}`);
  await expect(page.getByTestId("result")).toHaveAttribute("data-status", "completed");
  await expect(page.getByTestId("page-image")).toHaveCount(3);
  const text = (await page.getByTestId("extracted-text").textContent()) ?? "";
  const at = (word: string) => text.indexOf(word);
  expect(at("ALPHA"), text).toBeGreaterThanOrEqual(0);
  expect(at("ALPHA")).toBeLessThan(at("BRAVO"));
  expect(at("BRAVO")).toBeLessThan(at("CHARLIE"));
  expect(text).not.toContain("ZULU");
});

test("a PDF is not taken as a page of a scan: the person is told to add it on its own", async ({ page }) => {
  await signUp(page);
  await page.goto("/");
  const { makeTextPdf } = await import("@docvault/core/testing");
  await page
    .getByLabel("Scan pages")
    .setInputFiles([
      { name: "letter.pdf", mimeType: "application/pdf", buffer: Buffer.from(await makeTextPdf([["A LETTER"]])) },
      await photo("page.png", ["ONLY PAGE"]),
    ]);
  const tray = page.getByTestId("scan-tray");
  await expect(tray.getByTestId("scan-problem")).toHaveText(
    "letter.pdf is not a photo: add PDFs and TIFF scans with Choose files, each as a document of its own.",
  );
  expect(await pageNames(page)).toEqual(["page.png"]);
  await tray.getByRole("button", { name: "Discard these pages" }).click();
  await expect(tray).toHaveCount(0);
});
