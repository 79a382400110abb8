// Direct-to-S3 uploads from the page (issue 21 part 6) in Chromium: the pages' CSP lets the page
// reach the bucket, the bucket's CORS rule lets it PUT and read the ETag, and the file never goes
// through /api/upload. Runs in the "s3" project (playwright.config.ts), against a second app whose
// files are in s3rver (support/serve-app.ts with E2E_STORAGE=s3).
import { expect, test } from "@playwright/test";
import { makeLargeTextPdf } from "@docvault/core/testing";
import { chooseFiles } from "../support/pwa";
import { signUp } from "../support/sign-up";

test("a 9 MiB PDF goes from the page to the bucket in parts, not through /api/upload, and is read", async ({ page, context }) => {
  await signUp(page);
  const appOrigin = new URL(page.url()).origin;
  const sent: string[] = [];
  context.on("request", (request) => {
    const url = new URL(request.url());
    sent.push(`${request.method()} ${url.origin === appOrigin ? url.pathname : "store"}`);
  });
  const refused: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|CORS|Refused to/i.test(message.text())) refused.push(message.text());
  });
  const pdf = await makeLargeTextPdf(["DIRECT FROM THE PAGE DV-9000"], 9 * 1024 * 1024);
  await page.goto("/");
  await chooseFiles(page, [{ name: "direct.pdf", mimeType: "application/pdf", buffer: pdf }]);
  const row = page.getByTestId("capture-row").filter({ hasText: "direct.pdf" });
  await expect(row.getByTestId("upload-state")).toHaveAttribute("data-state", "done");
  expect(refused).toEqual([]);
  expect(sent).toContain("POST /api/v1/uploads/direct");
  expect(sent.filter((line) => line === "PUT store")).toHaveLength(2);
  expect(sent.filter((line) => line.startsWith("POST /api/v1/uploads/direct/") && line.endsWith("/finish"))).toHaveLength(1);
  expect(sent).not.toContain("POST /api/upload");
  await row.getByRole("link", { name: "Open the result" }).click();
  await expect(page.getByTestId("extracted-text")).toContainText("DV-9000");
});
