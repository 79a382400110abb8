import { randomBytes } from "node:crypto";
import { expect, type Page } from "@playwright/test";

export type TTestUser = { email: string; password: string; name: string };

/**
 * Signs a fresh user up through the sign-up page, leaving `page` (and its context) signed in
 * on the home page. Each call makes a new user, so tests never see each other's documents.
 */
export async function signUp(page: Page, user: Partial<TTestUser> = {}): Promise<TTestUser> {
  const id = randomBytes(5).toString("hex");
  const full: TTestUser = {
    email: user.email ?? `e2e-${id}@example.test`,
    password: user.password ?? `pass-${randomBytes(8).toString("hex")}`,
    name: user.name ?? `E2E ${id}`,
  };
  await page.goto("/sign-up");
  await page.getByLabel("Name (optional)").fill(full.name);
  await page.getByLabel("Email").fill(full.email);
  await page.getByLabel("Password").fill(full.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL((url) => url.pathname === "/");
  return full;
}

/** Signs an existing user in through the sign-in page. */
export async function signIn(page: Page, user: Pick<TTestUser, "email" | "password">): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL((url) => url.pathname === "/");
}
