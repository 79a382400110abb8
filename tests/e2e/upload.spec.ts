import { expect, test } from "@playwright/test";
import { renderTextImage } from "@docvault/core/testing";
import { chooseFiles } from "../support/pwa";
import { signUp } from "../support/sign-up";

test.beforeEach(async ({ page }) => {
  await signUp(page);
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
    // Over the server's limit (2 MB in the e2e server) but under the device's: the server refuses it.
    {
      what: "a file over the size limit",
      name: "huge.pdf",
      mimeType: "application/pdf",
      bytes: () => Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(3 * 1024 * 1024), Buffer.from("\n%%EOF\n")]),
      says: /over the 2 MB limit/,
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
