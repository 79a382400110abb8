import { expect, test } from "@playwright/test";
import { renderTextImage } from "@docvault/core/testing";
import { chooseFiles } from "../support/pwa";
import { signIn, signUp, type TTestUser } from "../support/sign-up";

let user: TTestUser;
test.beforeEach(async ({ page }) => {
  user = await signUp(page);
});

test("an image of printed text uploaded through the page shows its text", async ({ page }) => {
  const png = await renderTextImage(["DOCVAULT WALKING SKELETON", "INVOICE TOTAL 42.17"]);
  await page.goto("/");
  await chooseFiles(page, [{ name: "printed.png", mimeType: "image/png", buffer: png }]);
  const row = page.getByTestId("capture-row").filter({ hasText: "printed.png" });
  await expect(row.getByTestId("upload-state")).toHaveAttribute("data-state", "done");
  await row.getByRole("link", { name: "Open the result" }).click();
  await expect(page.getByTestId("job-status")).toHaveAttribute("data-status", "completed");
  const text = page.getByTestId("extracted-text");
  await expect(text).toContainText("DOCVAULT");
  await expect(text).toContainText("WALKING SKELETON");
  await expect(text).toContainText("42.17");
  await page.goto("/documents");
  await expect(page.getByTestId("document-row").filter({ hasText: "printed.png" })).toContainText("completed");
});

test("a file the account sent from another device is answered by the server without its bytes being sent again", async ({ page, browser }) => {
  const png = await renderTextImage(["SENT FROM THE LAPTOP", "TOTAL 12.80"]);
  await page.goto("/");
  await chooseFiles(page, [{ name: "laptop.png", mimeType: "image/png", buffer: png }]);
  await expect(page.getByTestId("capture-row").filter({ hasText: "laptop.png" }).getByTestId("upload-state")).toHaveAttribute("data-state", "done");

  // The phone: the same account, nothing of this file in its own cache.
  const phone = await browser.newContext();
  const sent: string[] = [];
  // The context sees the page's requests and its service worker's.
  phone.on("request", (request) => sent.push(`${request.method()} ${new URL(request.url()).pathname}`));
  const phonePage = await phone.newPage();
  await signIn(phonePage, user);
  await phonePage.goto("/");
  await chooseFiles(phonePage, [{ name: "phone.png", mimeType: "image/png", buffer: png }]);
  const row = phonePage.getByTestId("capture-row").filter({ hasText: "phone.png" });
  await expect(row.getByTestId("upload-state")).toHaveAttribute("data-state", "done");
  await row.getByRole("link", { name: "Open the result" }).click();
  await expect(phonePage.getByTestId("extracted-text")).toContainText("LAPTOP");
  expect(sent.filter((line) => line.startsWith("GET /api/v1/documents/by-hash/"))).toHaveLength(1);
  expect(sent.filter((line) => line === "POST /api/upload")).toEqual([]);
  await phone.close();
});

test.describe("bad input gets a sentence in the page and the app keeps working", () => {
  const cases = [
    // Refused on the device by the Web Worker's checks, before anything is sent.
    { what: "a 0-byte file", name: "empty.png", mimeType: "image/png", bytes: () => Buffer.alloc(0), says: /empty/, where: "device" },
    {
      what: "a text file renamed .png",
      name: "notes.png",
      mimeType: "image/png",
      bytes: () => Buffer.from("these are my notes, not a picture\n"),
      says: /claims to be a PNG image/,
      where: "device",
    },
    // Over the server's limit (24 MB in the e2e server) but under the device's: the server refuses
    // it (large files go resumably: the tus endpoint refuses it before a byte of it is sent).
    {
      what: "a file over the size limit",
      name: "huge.pdf",
      mimeType: "application/pdf",
      bytes: () => Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(25 * 1024 * 1024), Buffer.from("\n%%EOF\n")]),
      says: /over the 24 MB limit/,
      where: "server",
    },
  ];
  for (const c of cases) {
    test(`${c.what} is refused`, async ({ page }) => {
      await page.goto("/");
      await chooseFiles(page, [{ name: c.name, mimeType: c.mimeType, buffer: c.bytes() }]);
      const row = page.getByTestId("capture-row").filter({ hasText: c.name });
      if (c.where === "device") {
        await expect(row.getByTestId("capture-error")).toHaveText(c.says);
      } else {
        await expect(row.getByTestId("upload-state")).toHaveAttribute("data-state", "failed");
        await expect(row.getByTestId("upload-state")).toContainText(c.says);
      }
      await page.goto("/documents");
      await expect(page.getByTestId("documents").or(page.getByText("No documents match."))).toBeVisible();
      await expect(page.getByTestId("document-row").filter({ hasText: c.name })).toHaveCount(0);
      const health = await page.request.get("/");
      expect(health.status()).toBe(200);
    });
  }
});
