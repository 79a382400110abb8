/**
 * Issue 19's "done when" for the review inbox: a person walks a review of 10 documents with the
 * keyboard only (production build, real PostgreSQL, Redis and worker): corrects a merchant, a
 * total and a line item, changes a document's type, undoes a change, and after a reload sees the
 * history; axe finds nothing serious on the inbox and a result with the keys' help open; phone
 * screenshots of the inbox and of a multi-page result go in the report.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { makeTextPdf, renderTextImage } from "@docvault/core/testing";
import { chooseFiles, type TFilePayload } from "../support/pwa";
import { signUp } from "../support/sign-up";

const PHONE = { width: 390, height: 844 };
const SHOPS = [
  "CORNER BAKERY",
  "HARBOUR FISH MARKET",
  "GREEN LEAF GROCER",
  "CITY HARDWARE",
  "BLUE DOOR CAFE",
  "RIVERSIDE PHARMACY",
  "OLD TOWN BOOKS",
  "SUNNY NOODLE HOUSE",
  "MAPLE FLORIST",
];

/** Receipts without a date (a required field), so each one waits in the review inbox. */
async function receipts(): Promise<TFilePayload[]> {
  const files: TFilePayload[] = [];
  for (const [i, shop] of SHOPS.entries()) {
    const lines = [
      `${shop} SDN BHD`,
      `${10 + i} JALAN BUKIT BINTANG`,
      `COFFEE            4.50`,
      `CHEESE CAKE       ${(7 + i / 100).toFixed(2)}`,
      `TOTAL            ${(11.5 + i / 100).toFixed(2)}`,
      "THANK YOU",
    ];
    files.push({ name: `${shop.toLowerCase().replace(/ /g, "-")}.png`, mimeType: "image/png", buffer: await renderTextImage(lines) });
  }
  // Two pages: the result shows both, each with its own image.
  const pdf = await makeTextPdf([
    ["NORTH STAR TRADING SDN BHD", "88 JALAN AMPANG", "INVOICE-LIKE STATEMENT OF PURCHASES", "WIDGET A            10.00"],
    ["WIDGET B             5.00", "TOTAL               15.00", "THANK YOU"],
  ]);
  files.push({ name: "north-star-two-pages.pdf", mimeType: "application/pdf", buffer: Buffer.from(pdf) });
  return files;
}

// In-page code as text: the tests' TypeScript program has no DOM typings (see support/pwa.ts).
const active = (page: Page) => page.evaluate<string | null>(`document.activeElement?.closest("[data-field]")?.getAttribute("data-field") ?? null`);
const activeTag = (page: Page) => page.evaluate<string>(`(document.activeElement?.tagName ?? "") + "#" + (document.activeElement?.id ?? "")`);

/** Moves the focus to a field with j and k only; fails if the keys cannot reach it. */
async function toField(page: Page, key: string): Promise<void> {
  const order = await page.getByTestId("field").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-field")));
  expect(order, `the document has a ${key} field`).toContain(key);
  if ((await active(page)) === null) await page.keyboard.press("j");
  for (let i = 0; i < order.length * 2 && (await active(page)) !== key; i++) {
    const at = order.indexOf(await active(page));
    await page.keyboard.press(at < order.indexOf(key) ? "j" : "k");
  }
  expect(await active(page)).toBe(key);
  // Focus follows the field: its row is selected, and its box (where it has one) is marked.
  await expect(page.locator(`[data-testid="field"][data-field="${key}"]`)).toHaveClass(/selected/);
}

const fieldValue = (page: Page, key: string) => page.locator(`[data-testid="field"][data-field="${key}"] [data-testid="field-value"]`);

/** Edits the focused field with e, types the new value over the old one, Enter saves. */
async function editField(page: Page, key: string, value: string): Promise<void> {
  await toField(page, key);
  await page.keyboard.press("e");
  await expect(page.getByLabel(new RegExp(`^Correct value of `))).toBeFocused();
  await page.keyboard.press("Control+A");
  await page.keyboard.type(value);
  await page.keyboard.press("Enter");
  await expect(fieldValue(page, key)).toHaveText(value);
}

async function phoneShot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const size = page.viewportSize();
  await page.setViewportSize(PHONE);
  await testInfo.attach(`${name} (phone ${PHONE.width}x${PHONE.height})`, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
  if (size) await page.setViewportSize(size);
}

async function axe(page: Page, findings: string[]): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  for (const v of violations) findings.push(`${page.url()} ${v.impact ?? "?"} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
}

test("a review of 10 documents walked with the keyboard only: corrections, type, undo, history after a reload", async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  await signUp(page);
  // Set-up (not the review): the ten files go in through the capture page and are read by the worker.
  const files = await receipts();
  await page.goto("/");
  await chooseFiles(page, files);
  for (const file of files) {
    await expect(page.getByTestId("capture-row").filter({ hasText: file.name }).getByTestId("upload-state")).toHaveAttribute("data-state", "done", {
      timeout: 200_000,
    });
  }

  // From here on: only the keyboard.
  await page.goto("/review");
  const items = page.getByTestId("review-item");
  await expect(items).toHaveCount(10);
  await phoneShot(page, testInfo, "review inbox");
  await page.keyboard.press("?");
  await expect(page.getByTestId("review-keys-help")).toBeVisible();
  const findings: string[] = [];
  await axe(page, findings);
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("review-keys-help")).toBeHidden();
  await page.keyboard.press("j");
  await expect(items.first().locator("a")).toBeFocused();
  await page.keyboard.press("Enter");

  const seen: string[] = [];
  const ids: Record<string, string> = {};
  for (let n = 0; n < 10; n++) {
    const result = page.getByTestId("result");
    await expect(result).toHaveAttribute("data-status", "completed");
    // The fields as the server has them (a result kept on this device shows first, read-only).
    await expect(page.getByTestId("field").first().locator('button[data-action="edit"]')).toBeVisible();
    const name = (await page.locator("h1.filename").textContent()) ?? "";
    expect(seen, "each document is visited once").not.toContain(name);
    seen.push(name);
    ids[name] = (await result.getAttribute("data-document-id")) ?? "";

    if (name === "corner-bakery.png") {
      await editField(page, "merchant", "Corner Bakery (Bukit Bintang)");
      await editField(page, "total", "11.52");
      // The line items: i opens the table at its first cell; Enter in a cell saves the table.
      await page.keyboard.press("i");
      await expect(page.getByLabel("Item 1 description")).toBeFocused();
      await page.keyboard.press("Control+A");
      await page.keyboard.type("Flat white");
      await page.keyboard.press("Enter");
      await expect(page.locator('[data-testid="field"][data-field="lineItems"] [data-testid="field-value"]')).toContainText("Flat white");
    } else if (name === "city-hardware.png") {
      // The type: t focuses the choice, a letter picks "Invoice", Tab and Enter read the document again as one.
      await page.keyboard.press("t");
      expect(await activeTag(page)).toBe("SELECT#document-type");
      await page.keyboard.press("i");
      await expect(page.locator("#document-type")).toHaveValue("invoice");
      await page.keyboard.press("Tab");
      await page.keyboard.press("Enter");
      await expect(page.locator("#document-type")).toHaveValue("invoice");
      await expect(page.getByText(/looks like a invoice/)).toBeVisible();
    } else if (name === "blue-door-cafe.png") {
      // A wrong correction, undone: the field is back to what was read, and the history says both.
      const before = (await fieldValue(page, "merchant").textContent()) ?? "";
      await editField(page, "merchant", "Wrong Cafe");
      await toField(page, "merchant");
      await page.keyboard.press("u");
      await expect(fieldValue(page, "merchant")).toHaveText(before);
    } else if (name === "north-star-two-pages.pdf") {
      await phoneShot(page, testInfo, "multi-page result");
    } else if (n % 2 === 0) {
      // Confirm a field with c; the focus goes on to the next field to check.
      await page.keyboard.press("j");
      const first = await active(page);
      expect(first).not.toBeNull();
      const row = page.locator(`[data-testid="field"][data-field="${first}"]`);
      if (await row.locator('button[data-action="confirm"]').count()) {
        await page.keyboard.press("c");
        await expect(row.getByText("Checked by a person")).toBeVisible();
      }
    }
    if (n === 9) break;
    // Alternately skip (n) and confirm everything still to check, then next (a).
    const url = page.url();
    await page.keyboard.press(n % 3 === 1 ? "a" : "n");
    await expect(page).not.toHaveURL(url);
  }
  expect(seen).toHaveLength(10);
  await page.keyboard.press("n");
  await expect(page.getByTestId("review-keys-notice")).toHaveText("No more documents wait for review.");
  await page.keyboard.press("?");
  await expect(page.getByTestId("review-keys-help")).toBeVisible();
  await axe(page, findings);
  await page.keyboard.press("Escape");

  // After a reload the history is there: who changed what, from what to what, and the undo.
  await page.goto(`/result?id=${ids["corner-bakery.png"]}`);
  const merchantHistory = page.locator('[data-testid="field"][data-field="merchant"] [data-testid="field-history"]');
  await expect(merchantHistory).toContainText("Corrected");
  await expect(merchantHistory).toContainText("Corner Bakery (Bukit Bintang)");
  await expect(page.locator('[data-testid="field"][data-field="total"] [data-testid="field-history"]')).toContainText("11.52");
  await expect(page.locator('[data-testid="field"][data-field="lineItems"] [data-testid="field-history"]')).toContainText("Corrected");
  await page.goto(`/result?id=${ids["blue-door-cafe.png"]}`);
  const undone = page.locator('[data-testid="field"][data-field="merchant"] [data-testid="field-history"]');
  await expect(undone).toContainText("Wrong Cafe");
  await expect(undone).toContainText("Undo");
  await page.goto(`/result?id=${ids["city-hardware.png"]}`);
  await expect(page.locator("#document-type")).toHaveValue("invoice");

  testInfo.annotations.push({ type: "axe findings (all impacts)", description: findings.join("\n") || "none" });
  expect(findings.filter((f) => / (serious|critical) /.test(f))).toEqual([]);
});
