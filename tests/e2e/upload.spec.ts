import { expect, test } from "@playwright/test";
import { renderTextImage } from "@docvault/core/testing";
import { signUp } from "../support/sign-up";

test.beforeEach(async ({ page }) => {
  await signUp(page);
});

test("an image of printed text uploaded through the page shows its text", async ({ page }) => {
  const png = await renderTextImage(["DOCVAULT WALKING SKELETON", "INVOICE TOTAL 42.17"]);
  await page.goto("/");
  await page.getByLabel("Choose a document", { exact: true }).setInputFiles({ name: "printed.png", mimeType: "image/png", buffer: png });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByTestId("job-status")).toHaveAttribute("data-status", "completed");
  const text = page.getByTestId("extracted-text");
  await expect(text).toContainText("DOCVAULT");
  await expect(text).toContainText("WALKING SKELETON");
  await expect(text).toContainText("42.17");
  await expect(page.getByRole("listitem").filter({ hasText: "printed.png" })).toContainText("completed");
});

test.describe("bad input gets a sentence in the page and the app keeps working", () => {
  const cases = [
    { what: "a 0-byte file", name: "empty.png", mimeType: "image/png", bytes: () => Buffer.alloc(0), says: /empty/ },
    {
      what: "a text file renamed .png",
      name: "notes.png",
      mimeType: "image/png",
      bytes: () => Buffer.from("these are my notes, not a picture\n"),
      says: /claims to be a PNG image/,
    },
    {
      what: "a file over the size limit",
      name: "huge.pdf",
      mimeType: "application/pdf",
      bytes: () => Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(3 * 1024 * 1024)]),
      says: /over the 2 MB limit/,
    },
  ];
  for (const c of cases) {
    test(`${c.what} is refused`, async ({ page }) => {
      await page.goto("/");
      await page.getByLabel("Choose a document", { exact: true }).setInputFiles({ name: c.name, mimeType: c.mimeType, buffer: c.bytes() });
      await page.getByRole("button", { name: "Upload" }).click();
      await expect(page.getByTestId("upload-error")).toHaveText(c.says);
      await expect(page.getByRole("listitem").filter({ hasText: c.name })).toHaveCount(0);
      // The server still answers afterwards.
      const health = await page.request.get("/");
      expect(health.status()).toBe(200);
    });
  }
});
