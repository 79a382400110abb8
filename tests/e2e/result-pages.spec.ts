/**
 * Issue 19's "evidence everywhere" for a PDF (production build, real PostgreSQL, Redis and worker):
 * the result shows every page, each drawn by the server, with the boxes of the fields read on that
 * page and none on the others; selecting a field in the list brings its box into view (beside the
 * list; on a phone, where the pages sit above it, the page stays where the person is); axe finds
 * nothing serious on it.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { makeTextPdf } from "@docvault/core/testing";
import { chooseFiles, storedUploads } from "../support/pwa";
import { signUp } from "../support/sign-up";

const FILE = "three-page-receipt.pdf";

/** Chooses the file on the capture page and waits until the server has read it; its document id. */
async function readThroughPage(page: Page, name: string, buffer: Buffer): Promise<string> {
  await page.goto("/");
  await chooseFiles(page, [{ name, mimeType: "application/pdf", buffer }]);
  const row = page.getByTestId("capture-row").filter({ hasText: name });
  await expect(row.getByTestId("upload-state")).toHaveAttribute("data-state", "done", { timeout: 110_000 });
  const documentId = (await storedUploads(page)).find((u) => u.name === name)?.documentId ?? "";
  expect(documentId, `${name} has a document id`).not.toBe("");
  return documentId;
}

// The tests' TypeScript program has no DOM typings (see support/pwa.ts).
const naturalWidth = (image: Locator) => image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth);

test("a three-page PDF shows each page drawn, with the total's box on page 2 only", async ({ page }) => {
  await signUp(page);
  const pdf = await makeTextPdf([
    ["COVER SHEET", "PAPERS KEPT FOR THE YEAR"],
    ["CORNER BAKERY SDN BHD", "12 JALAN BUKIT BINTANG", "DATE: 14/03/2024", "COFFEE            4.50", "CHEESE CAKE       7.84", "TOTAL            12.34"],
    ["NOTES", "NOTHING MORE TO SEE HERE"],
  ]);
  const documentId = await readThroughPage(page, FILE, Buffer.from(pdf));

  await page.goto(`/result?id=${documentId}`);
  await expect(page.getByTestId("result")).toHaveAttribute("data-status", "completed");
  const figures = page.getByTestId("page-image");
  await expect(figures).toHaveCount(3);
  for (const n of [1, 2, 3]) {
    const figure = page.locator(`[data-testid="page-image"][data-page="${n}"]`);
    const image = figure.locator("img");
    await expect(image).toHaveAttribute("alt", `Page ${n} of ${FILE}`);
    await expect(image).toHaveAttribute("src", `/files/${documentId}/pages/${n}`);
    // Pages after the first load when scrolled near.
    await image.scrollIntoViewIfNeeded();
    await expect.poll(() => naturalWidth(image), { message: `page ${n} is drawn` }).toBeGreaterThan(1000);
    await expect(figure.getByTestId("page-image-missing")).toHaveCount(0);
  }

  // The total was read on page 2: its box is there, on the page's image, and on no other page.
  const second = page.locator('[data-testid="page-image"][data-page="2"]');
  const totalBox = second.locator('[data-testid="field-box"][data-field="total"]');
  await expect(totalBox).toHaveCount(1);
  await expect(page.locator('[data-testid="field-box"][data-field="total"]')).toHaveCount(1);
  const frame = await second.locator("img").boundingBox();
  const box = await totalBox.boundingBox();
  expect(frame && box).toBeTruthy();
  if (frame && box) {
    expect(box.width).toBeGreaterThan(0);
    expect(box.x).toBeGreaterThanOrEqual(frame.x - 1);
    expect(box.x + box.width).toBeLessThanOrEqual(frame.x + frame.width + 1);
    // In the lower part of the page's top half, where the sixth line of text is (not on page 1's area).
    expect(box.y).toBeGreaterThan(frame.y + frame.height * 0.05);
    expect(box.y + box.height).toBeLessThan(frame.y + frame.height * 0.5);
  }
  // The box says how the total was read and how sure, as the field list does.
  const totalRow = page.locator('[data-testid="field"][data-field="total"]');
  const evidence = `Total: ${await totalRow.getByTestId("field-method").innerText()}, ${await totalRow.getByTestId("field-confidence").innerText()}`;
  await expect(totalBox).toHaveAttribute("aria-label", `${evidence}, where it was read`);
  // Page 3 has nothing read on it.
  await expect(page.locator('[data-testid="page-image"][data-page="3"] [data-testid="field-box"]')).toHaveCount(0);

  // Focus on the field in the list brings its box into view, marked as selected, with what was read and how.
  await page.locator('[data-testid="page-image"][data-page="3"] img').scrollIntoViewIfNeeded();
  await expect(totalBox).not.toBeInViewport();
  await totalRow.focus();
  await expect(totalBox).toHaveAttribute("data-selected", "true");
  await expect(totalBox).toBeInViewport();
  await expect(totalBox.getByTestId("box-tag")).toHaveText(evidence);
  await expect(page.locator('[data-testid="field-box"][data-selected="true"]')).toHaveCount(1);

  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(
    violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`),
  ).toEqual([]);

  // On a phone the pages come before the fields: touching a field leaves the view on the field.
  await page.setViewportSize({ width: 390, height: 844 });
  const dateRow = page.locator('[data-testid="field"][data-field="date"]');
  await dateRow.scrollIntoViewIfNeeded();
  await dateRow.focus();
  await expect(page.locator('[data-testid="field-box"][data-field="date"]')).toHaveAttribute("data-selected", "true");
  await expect(dateRow).toBeInViewport();
  await expect(page.locator('[data-testid="field-box"][data-field="date"]')).not.toBeInViewport();
});
