/**
 * Issue 19, part 7 for photos (production build, real PostgreSQL, Redis and worker): three
 * receipts photographed together on a dark table are split into three documents from the result
 * page. The server finds the receipts, the person removes a wrong box and draws it again with the
 * mouse, and each box becomes a document of its own, read on its own.
 */
import { createCanvas, loadImage } from "@napi-rs/canvas";
import { expect, test } from "@playwright/test";
import { renderTextImage } from "@docvault/core/testing";
import { chooseFiles, storedUploads } from "../support/pwa";
import { signUp } from "../support/sign-up";

const FILE = "three-receipts-on-a-table.png";
// Where each receipt lies, as fractions of the photo.
const RECEIPTS = [
  { x: 0.04, y: 0.08, width: 0.27, height: 0.84, lines: ["KEDAI KOPI MAJU", "TEH TARIK     2.50", "ROTI CANAI    1.80", "TOTAL         4.30"] },
  { x: 0.37, y: 0.12, width: 0.27, height: 0.76, lines: ["PASAR BESAR", "IKAN BILIS    6.00", "BAWANG        3.20", "TOTAL         9.20"] },
  { x: 0.7, y: 0.05, width: 0.27, height: 0.7, lines: ["BUKU & PENA", "PEN BLUE      3.90", "NOTEBOOK      7.50", "TOTAL        11.40"] },
];

/** Three white receipts with printed lines on a dark table: sharp enough for the capture page's quality gate. */
async function photo(): Promise<Buffer> {
  const width = 1200;
  const height = 800;
  const canvas = createCanvas(width, height);
  const g = canvas.getContext("2d");
  g.fillStyle = "#3a3530";
  g.fillRect(0, 0, width, height);
  for (const receipt of RECEIPTS) {
    const left = receipt.x * width;
    const top = receipt.y * height;
    g.fillStyle = "#ffffff";
    g.fillRect(left, top, receipt.width * width, receipt.height * height);
    // The printed lines (the test font), fitted to the receipt's width at its top.
    const text = await loadImage(await renderTextImage(receipt.lines, { fontSize: 40 }));
    const scale = (receipt.width * width) / text.width;
    g.drawImage(text, left, top, text.width * scale, text.height * scale);
  }
  return canvas.toBuffer("image/png");
}

test("a photo of three receipts is split into three documents: found by the server, one box drawn again by hand", async ({ page }) => {
  await signUp(page);
  await page.goto("/");
  await chooseFiles(page, [{ name: FILE, mimeType: "image/png", buffer: await photo() }]);
  const row = page.getByTestId("capture-row").filter({ hasText: FILE });
  await expect(row.getByTestId("upload-state")).toHaveAttribute("data-state", "done", { timeout: 110_000 });
  const documentId = (await storedUploads(page)).find((u) => u.name === FILE)?.documentId ?? "";
  expect(documentId, "the photo has a document id").not.toBe("");

  await page.goto(`/result?id=${documentId}`);
  await expect(page.getByTestId("result")).toHaveAttribute("data-status", "completed", { timeout: 110_000 });
  const split = page.getByTestId("split-photo");
  await split.getByText("Split into several documents").click();
  const frame = split.getByTestId("split-photo-frame");
  await expect.poll(() => frame.locator("img").evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(1200);

  await split.getByRole("button", { name: "Find receipts" }).click();
  await expect(split.getByRole("status")).toContainText("Found 3 receipts");
  await expect(split.getByTestId("split-box")).toHaveCount(3);

  // The third box removed, then drawn again by dragging across the third receipt.
  await split.getByRole("button", { name: "Remove box 3" }).click();
  await expect(split.getByTestId("split-box")).toHaveCount(2);
  await frame.scrollIntoViewIfNeeded();
  const image = await frame.locator("img").boundingBox();
  expect(image).toBeTruthy();
  if (!image) return;
  const third = RECEIPTS[2] as (typeof RECEIPTS)[number];
  await page.mouse.move(image.x + (third.x - 0.01) * image.width, image.y + (third.y - 0.01) * image.height);
  await page.mouse.down();
  await page.mouse.move(image.x + (third.x + third.width / 2) * image.width, image.y + (third.y + third.height / 2) * image.height, { steps: 5 });
  await page.mouse.move(image.x + (third.x + third.width + 0.01) * image.width, image.y + (third.y + third.height + 0.01) * image.height, { steps: 5 });
  await page.mouse.up();
  await expect(split.getByTestId("split-box")).toHaveCount(3);
  await expect(split.getByRole("status")).toHaveText("Box 3 added.");

  await split.getByRole("button", { name: "Split into 3 documents" }).click();
  const parts = split.getByTestId("split-part");
  await expect(parts).toHaveCount(3);
  const names = await parts.getByRole("link").allInnerTexts();
  expect(names).toEqual(["three-receipts-on-a-table (part 1).png", "three-receipts-on-a-table (part 2).png", "three-receipts-on-a-table (part 3).png"]);

  // A part is a document of its own: the drawn box's part holds the third receipt, read on its own.
  await parts.nth(2).getByRole("link").click();
  await expect(page.getByTestId("result")).toHaveAttribute("data-status", "completed", { timeout: 110_000 });
  await page.getByText("Text as read").click();
  const text = page.getByTestId("extracted-text");
  await expect(text).toContainText("NOTEBOOK");
  await expect(text).not.toContainText("IKAN BILIS");
});
