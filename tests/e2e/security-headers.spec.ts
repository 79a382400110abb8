import { expect, test } from "@playwright/test";
import { renderTextImage } from "@docvault/core/testing";
import { signUp } from "../support/sign-up";

test("a visitor without a session is sent to sign in, and the API refuses them", async ({ page, request }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  const list = await request.get("/api/trpc/documents.list");
  expect(list.status()).toBe(401);
  const upload = await request.post("/api/upload", { data: Buffer.from("x"), headers: { "x-filename": "a.png" } });
  expect(upload.status()).toBe(401);
});

test("pages carry a nonce CSP without unsafe-eval and the hardening headers; the app runs under it", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
  });
  const response = await page.goto("/sign-up");
  const headers = response?.headers() ?? {};
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9_-]+' 'strict-dynamic'/);
  expect(csp).not.toContain("unsafe-eval");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("worker-src 'self' blob:");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"]).toContain("camera=(self)");
  // Plain http here: no HSTS.
  expect(headers["strict-transport-security"]).toBeUndefined();

  await signUp(page);
  const png = await renderTextImage(["CSP CHECK"]);
  const hostile = `<img src=x onerror="document.title='pwned'">.png`;
  let dialogs = 0;
  page.on("dialog", (d) => {
    dialogs += 1;
    void d.dismiss();
  });
  await page.getByLabel("Choose files").setInputFiles({ name: hostile, mimeType: "image/png", buffer: png });
  // The name shows as text; nothing in it ran.
  const row = page.getByTestId("capture-row").filter({ hasText: hostile });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("upload-state")).toHaveAttribute("data-state", /processing|done/);
  expect(await page.title()).not.toBe("pwned");
  expect(await page.locator("img[src=x]").count()).toBe(0);
  expect(dialogs).toBe(0);
  expect(violations).toEqual([]);
});

test("API answers carry a deny-all CSP and nosniff", async ({ request }) => {
  const response = await request.get("/api/trpc/documents.list");
  expect(response.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");
});
