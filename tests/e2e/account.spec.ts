import { expect, test } from "@playwright/test";
import { signUp } from "../support/sign-up";

// What a person does with their account on the settings page: make an API token for a script (it
// is shown once and works as a Bearer token), revoke it (the script is refused from then on), and
// sign out (the app sends them to sign in again).
test("settings: an API token is made, works, is revoked; sign out ends the session", async ({ page, playwright, baseURL }) => {
  const user = await signUp(page);
  await page.goto("/settings");
  await expect(page.getByTestId("signed-in-as")).toHaveText(`Signed in as ${user.email}`);

  await page.getByLabel("Name").fill("nightly import");
  await page.getByLabel("Upload, correct and delete documents").check();
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").locator("code").textContent()) ?? "";
  expect(token).toMatch(/^dvt_/);
  await expect(page.getByTestId("token-row")).toHaveCount(1);
  await expect(page.getByTestId("token-row")).toContainText("documents:read, documents:write");

  // A script with the token and no cookies.
  const script = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  const me = await script.get("/api/trpc/account.me");
  expect(me.status()).toBe(200);
  expect(JSON.stringify(await me.json())).toContain(user.email);

  // Shown once: after a reload only its prefix is listed.
  await page.reload();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  await expect(page.getByTestId("token-row")).toContainText(token.slice(0, 8));
  await page.getByRole("button", { name: "Revoke nightly import" }).click();
  await expect(page.getByText("No API tokens.")).toBeVisible();
  expect((await script.get("/api/trpc/account.me")).status()).toBe(401);
  await script.dispose();

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/sign-in/);
  expect((await page.request.get("/api/trpc/account.me")).status()).toBe(401);
});
