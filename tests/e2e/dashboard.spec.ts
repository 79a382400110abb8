/**
 * Issue 7's dashboard, end to end on the production build with web and worker: a user reads a
 * receipt, a licence barcode and a damaged PDF through the capture page and picks the receipt again
 * (an IndexedDB hit, reported to the server); an administrator uploads the same receipt (a server
 * cache hit) and opens /admin: every chart is drawn with data, axe finds nothing serious, and a
 * screenshot goes into the report. A user who is not an administrator is refused.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { renderLicenceBarcode, renderTextImage } from "@docvault/core/testing";
import { E2E_ADMIN_EMAIL } from "../support/e2e-admin";
import { chooseFiles, type TFilePayload } from "../support/pwa";
import { signUp } from "../support/sign-up";

const CHARTS = [
  "duration-by-type",
  "duration-by-engine",
  "cache-hit-rate",
  "cache-hit-rate-daily",
  "error-rate",
  "documents-users",
  "cost-per-extraction",
  "cost-saved",
  "queue-depth",
];

/** Chooses a file on the capture page and waits until its upload reaches `state`. */
async function readThroughPage(page: Page, file: TFilePayload, state: "done" | "failed" = "done"): Promise<void> {
  await page.goto("/");
  await chooseFiles(page, [file]);
  const row = page.getByTestId("capture-row").filter({ hasText: file.name });
  await expect(row.getByTestId("upload-state")).toHaveAttribute("data-state", state, { timeout: 110_000 });
}

type TFigures = { documents: number; users: number; completed: number; failed: number; hits: Record<"browser" | "redis", number> };

/** The dashboard's totals and cache hits as the administrator's page would get them (tRPC, as the page asks). */
async function dashboardFigures(admin: Page): Promise<TFigures> {
  const response = await admin.request.get(`/api/trpc/admin.dashboard?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`);
  expect(response.ok(), await response.text()).toBe(true);
  const { totals, cache } = ((await response.json()) as { result: { data: { json: TDashboardAnswer } } }).result.data.json;
  const hits = (layer: string) => cache.layers.find((l) => l.layer === layer)?.hits ?? 0;
  return {
    documents: totals.documents,
    users: totals.users,
    completed: totals.completed,
    failed: totals.failed,
    hits: { browser: hits("browser"), redis: hits("redis") },
  };
}

type TDashboardAnswer = {
  totals: { documents: number; users: number; completed: number; failed: number };
  cache: { layers: { layer: string; hits: number }[] };
};

async function seriousAxeFindings(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact ?? "?"} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
}

test("the admin dashboard charts the documents processed; a user who is not an administrator is refused", async ({ browser }, testInfo) => {
  test.setTimeout(300_000);
  const receipt: TFilePayload = {
    name: "bakery.png",
    mimeType: "image/png",
    buffer: await renderTextImage(["CORNER BAKERY SDN BHD", "DATE: 14/03/2024", "COFFEE            4.50", "TOTAL            12.34", `REF ${Date.now()}`]),
  };
  const licence: TFilePayload = { name: "licence-back.png", mimeType: "image/png", buffer: await renderLicenceBarcode() };
  // Passes the checks on the device and at upload (PDF header and %%EOF), fails in the worker.
  const damaged: TFilePayload = {
    name: "damaged.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from(`%PDF-1.7\nthis is not a PDF body ${Date.now()}\n%%EOF\n`),
  };

  // Other tests of the run read documents too (the dashboard counts every user's): the figures
  // below are checked against what the dashboard said before this test's documents.
  const adminContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const admin = await adminContext.newPage();
  await signUp(admin, { email: E2E_ADMIN_EMAIL });
  const before = await dashboardFigures(admin);

  const userContext = await browser.newContext();
  const page = await userContext.newPage();
  await signUp(page);
  await readThroughPage(page, receipt);
  await readThroughPage(page, licence);
  await readThroughPage(page, damaged, "failed");

  // The same receipt again: its result comes from IndexedDB, and the page reports the hit.
  await page.goto("/");
  const reported = page.waitForResponse((r) => r.url().includes("/api/trpc/telemetry.reportBrowserCache"));
  await chooseFiles(page, [{ ...receipt, name: "bakery-again.png" }]);
  await expect(page.getByTestId("capture-row").filter({ hasText: "bakery-again.png" })).toHaveAttribute("data-phase", "cached");
  expect((await reported).status()).toBe(200);

  // Not an administrator: no Admin link, and the page says why instead of showing figures.
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);
  await page.goto("/admin");
  await expect(page.getByTestId("admin-refused")).toContainText("403: for administrators only");
  await expect(page.getByTestId("admin-refused")).toContainText("not an administrator");
  await expect(page.getByTestId("chart")).toHaveCount(0);
  expect(await seriousAxeFindings(page)).toEqual([]);
  await userContext.close();

  // The administrator uploads the same receipt: the server has its result already (a Redis hit).
  await readThroughPage(admin, receipt);
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  await expect(admin).toHaveURL((url) => url.pathname === "/admin");
  await expect(admin.getByRole("heading", { level: 1, name: "Admin" })).toBeVisible();
  await testInfo.attach("admin dashboard", { body: await admin.screenshot({ fullPage: true }), contentType: "image/png" });

  for (const id of CHARTS) {
    const chart = admin.locator(`[data-chart="${id}"]`);
    await expect(chart, id).toHaveAttribute("data-empty", "false");
    await expect(chart.locator('svg[role="img"]'), id).toHaveAccessibleName(/.+/);
    expect(await chart.locator("svg [data-mark]").count(), `${id} has marks`).toBeGreaterThan(0);
  }
  await expect(admin.getByTestId("chart")).toHaveCount(CHARTS.length);

  // Labels and numbers that only the documents above can have put there.
  await expect(admin.locator('[data-chart="duration-by-type"] svg[role=img]')).toContainText("receipt");
  await expect(admin.locator('[data-chart="duration-by-engine"] svg[role=img]')).toContainText("paddle");
  await expect(admin.locator('[data-chart="duration-by-engine"] svg[role=img]')).toContainText("pdf417");
  await expect(admin.locator('[data-chart="cache-hit-rate"] svg[role=img]')).toContainText("Browser (IndexedDB)");
  const totals = admin.getByTestId("dashboard-totals");
  // Four documents from two users; the receipt, the licence and the administrator's copy
  // completed, the damaged PDF failed.
  const completed = before.completed + 3;
  const failed = before.failed + 1;
  await expect(totals).toContainText(`Documents${before.documents + 4}`);
  await expect(totals).toContainText(`Users who uploaded${before.users + 2}`);
  await expect(totals).toContainText(`Completed / failed${completed} / ${failed}`);
  const errorRate = failed / (completed + failed);
  // As the page writes a share (one decimal under 10%).
  await expect(totals).toContainText(`Error rate${(errorRate * 100).toFixed(errorRate < 0.1 ? 1 : 0)}%`);

  // The numbers behind the charts, opened: the browser hit, and the Redis hit of the copy.
  await admin.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })");
  const cacheRows = admin.locator('[data-chart="cache-hit-rate"] tbody tr');
  await expect(cacheRows.filter({ hasText: "Browser (IndexedDB)" }).locator("td").first()).toHaveText(String(before.hits.browser + 1));
  await expect(cacheRows.filter({ hasText: "Redis" }).locator("td").first()).toHaveText(String(before.hits.redis + 1));
  expect(await seriousAxeFindings(admin)).toEqual([]);
  await adminContext.close();
});
