/**
 * Issue 6's "done when" for the result view: documents read through the page show their fields and
 * the boxes where each was read; a correction survives a reload; phone screenshots of the main
 * pages; axe on every page; Lighthouse (mobile) on the capture page.
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { chromium, expect, test, type Page, type TestInfo } from "@playwright/test";
import lighthouse from "lighthouse";
import { renderLicenceBarcode, renderTextImage } from "@docvault/core/testing";
import { CHROMIUM_ARGS } from "../playwright.config";
import { chooseFiles, storedUploads, type TFilePayload } from "../support/pwa";
import { signUp } from "../support/sign-up";

const repo = resolve(fileURLToPath(new URL("../..", import.meta.url)));
/** The shared corpus sits next to the repository; a fresh clone has none. */
const CORPUS = resolve(repo, "../shared/corpus");
const PHONE = { width: 390, height: 844 };

const RECEIPT_LINES = [
  "CORNER BAKERY SDN BHD",
  "12 JALAN BUKIT BINTANG",
  "DATE: 14/03/2024",
  "COFFEE            4.50",
  "CHEESE CAKE       7.84",
  "TOTAL            12.34",
  "THANK YOU",
];

/** Chooses a file on the capture page, waits until the server has read it, and returns its document id. */
async function readThroughPage(page: Page, file: TFilePayload): Promise<string> {
  await page.goto("/");
  await chooseFiles(page, [file]);
  const row = page.getByTestId("capture-row").filter({ hasText: file.name });
  await expect(row.getByTestId("upload-state")).toHaveAttribute("data-state", "done", { timeout: 110_000 });
  const upload = (await storedUploads(page)).find((u) => u.name === file.name);
  expect(upload?.documentId, `${file.name} has a document id`).toBeTruthy();
  return upload?.documentId ?? "";
}

type TBoxCheck = { boxed: string[] };

/**
 * Opens the result page and checks it shows the fields and that every field's box lies on the page
 * image (so it was scaled from the page's size, not drawn in raw pixels over the layout).
 */
async function expectFieldsAndBoxes(page: Page, documentId: string, minFields: number): Promise<TBoxCheck> {
  await page.goto(`/result?id=${documentId}`);
  const result = page.getByTestId("result");
  await expect(result).toHaveAttribute("data-status", "completed");
  const fields = page.getByTestId("field");
  await expect(fields.first()).toBeVisible();
  expect(await fields.count()).toBeGreaterThanOrEqual(minFields);
  // Each field shows a confidence, and the low ones are marked for a person.
  for (const field of await fields.all()) {
    await expect(field.getByTestId("field-confidence")).toHaveText(/^\d{1,3}%$/);
    if ((await field.getAttribute("data-low")) === "true") await expect(field.getByText("Check this")).toBeVisible();
  }
  const image = page.getByTestId("page-image").locator("img");
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
  const boxes = page.getByTestId("field-box");
  await expect(boxes.first()).toBeVisible();
  const frame = await image.boundingBox();
  expect(frame).not.toBeNull();
  const boxed: string[] = [];
  for (const box of await boxes.all()) {
    const at = await box.boundingBox();
    expect(at).not.toBeNull();
    if (!at || !frame) continue;
    expect(at.width).toBeGreaterThan(0);
    expect(at.height).toBeGreaterThan(0);
    expect(at.x).toBeGreaterThanOrEqual(frame.x - 1);
    expect(at.y).toBeGreaterThanOrEqual(frame.y - 1);
    expect(at.x + at.width).toBeLessThanOrEqual(frame.x + frame.width + 1);
    expect(at.y + at.height).toBeLessThanOrEqual(frame.y + frame.height + 1);
    boxed.push((await box.getAttribute("data-field")) ?? "");
  }
  // Every boxed field is one of the listed fields.
  const listed = await fields.evaluateAll((els) => els.map((el) => el.getAttribute("data-field")));
  for (const key of boxed) expect(listed).toContain(key);
  return { boxed };
}

const fieldValue = (page: Page, key: string) => page.locator(`[data-testid="field"][data-field="${key}"] [data-testid="field-value"]`);

async function phoneShot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.setViewportSize(PHONE);
  await testInfo.attach(`${name} (phone ${PHONE.width}x${PHONE.height})`, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
}

test("a receipt made by the test shows its fields and boxes; a corrected field survives a reload", async ({ page }, testInfo) => {
  await signUp(page);
  const png = await renderTextImage(RECEIPT_LINES);
  const documentId = await readThroughPage(page, { name: "bakery.png", mimeType: "image/png", buffer: png });
  const { boxed } = await expectFieldsAndBoxes(page, documentId, 2);
  await expect(fieldValue(page, "total")).toHaveText("12.34");
  expect(boxed).toContain("total");

  // Correct the merchant's name; the server keeps it, so a reload shows it.
  const merchant = page.locator('[data-testid="field"][data-field="merchant"]');
  await merchant.getByRole("button", { name: /Correct/ }).click();
  await merchant.getByLabel("Correct value of Merchant").fill("Corner Bakery (Bukit Bintang)");
  await merchant.getByRole("button", { name: "Save" }).click();
  await expect(fieldValue(page, "merchant")).toHaveText("Corner Bakery (Bukit Bintang)");
  await expect(merchant.getByText("Checked by a person")).toBeVisible();
  await page.reload();
  await expect(fieldValue(page, "merchant")).toHaveText("Corner Bakery (Bukit Bintang)");
  await expect(merchant.getByText("Checked by a person")).toBeVisible();

  // Confirming a field marks it checked too, and that also survives a reload.
  const total = page.locator('[data-testid="field"][data-field="total"]');
  if (await total.getByRole("button", { name: /Confirm/ }).isVisible()) {
    await total.getByRole("button", { name: /Confirm/ }).click();
    await expect(total.getByText("Checked by a person")).toBeVisible();
    await page.reload();
    await expect(total.getByText("Checked by a person")).toBeVisible();
  }
  await phoneShot(page, testInfo, "result");
});

test("a driver's licence barcode made by the test shows its fields and the barcode's box", async ({ page }) => {
  await signUp(page);
  const png = await renderLicenceBarcode();
  const documentId = await readThroughPage(page, { name: "licence-back.png", mimeType: "image/png", buffer: png });
  const { boxed } = await expectFieldsAndBoxes(page, documentId, 5);
  await expect(fieldValue(page, "lastName")).toHaveText("LOPEZ");
  await expect(fieldValue(page, "firstName")).toHaveText("MARIA");
  await expect(fieldValue(page, "licenseNumber")).toHaveText("D1234562");
  await expect(fieldValue(page, "dateOfBirth")).toHaveText("1985-07-04");
  // Every field read from the barcode is marked where the barcode is.
  expect(boxed).toEqual(expect.arrayContaining(["lastName", "firstName", "licenseNumber", "dateOfBirth"]));
});

const CORPUS_CASES = [
  { file: "receipts/sroie_006.jpg", minFields: 2 },
  { file: "dl_pdf417/aamva_ca_dmv_specimen_back.jpg", minFields: 5 },
].map((c) => ({ ...c, path: resolve(CORPUS, c.file) }));

test("the corpus's receipt and licence back show their fields and boxes (where the corpus is present)", async ({ page }, testInfo) => {
  const present = CORPUS_CASES.filter((c) => existsSync(c.path));
  const absent = CORPUS_CASES.filter((c) => !existsSync(c.path));
  testInfo.annotations.push({
    type: "corpus",
    description:
      `${CORPUS}: checked ${present.map((c) => c.file).join(", ") || "nothing"}` +
      (absent.length ? `; not present, so nothing is asserted about: ${absent.map((c) => c.file).join(", ")}` : ""),
  });
  if (present.length === 0) return;
  await signUp(page);
  for (const c of present) {
    const documentId = await readThroughPage(page, { name: basename(c.path), mimeType: "image/jpeg", buffer: await readFile(c.path) });
    const { boxed } = await expectFieldsAndBoxes(page, documentId, c.minFields);
    testInfo.annotations.push({ type: `corpus ${c.file}`, description: `boxes drawn for: ${boxed.join(", ")}` });
  }
});

test("phone screenshots of capture, queue and review; the review page lists the server's review queue", async ({ page }, testInfo) => {
  await signUp(page);
  // A faint, partial receipt: read with low confidence or missing fields, so it waits for review.
  const png = await renderTextImage(["SOME SHOP", "TOTAL 3.10"], { fontSize: 22 });
  const documentId = await readThroughPage(page, { name: "faint.png", mimeType: "image/png", buffer: png });
  await page.setViewportSize(PHONE);
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Capture" })).toBeVisible();
  await phoneShot(page, testInfo, "capture");
  await page.goto("/queue");
  await expect(page.getByTestId("queue-item").first()).toBeVisible();
  await phoneShot(page, testInfo, "queue");

  const input = encodeURIComponent(JSON.stringify({ json: { limit: 100 } }));
  const response = await page.request.get(`/api/trpc/extractions.reviewQueue?input=${input}`);
  expect(response.ok(), await response.text()).toBe(true);
  const queue = ((await response.json()) as { result: { data: { json: { documentId: string }[] } } }).result.data.json;
  await page.goto("/review");
  if (queue.length === 0) {
    await expect(page.getByTestId("review-empty")).toBeVisible();
  } else {
    await expect(page.getByTestId("review-item")).toHaveCount(queue.length);
    await expect(page.locator(`[data-testid="review-item"][data-document-id="${documentId}"]`)).toHaveCount(
      queue.some((q) => q.documentId === documentId) ? 1 : 0,
    );
  }
  testInfo.annotations.push({ type: "review queue", description: `${queue.length} document(s) wait for review` });
  await phoneShot(page, testInfo, "review");
});

test("documents are searched on the server with filters", async ({ page }) => {
  await signUp(page);
  await readThroughPage(page, { name: "bakery-search.png", mimeType: "image/png", buffer: await renderTextImage(RECEIPT_LINES) });
  await readThroughPage(page, { name: "licence-search.png", mimeType: "image/png", buffer: await renderLicenceBarcode() });
  await page.goto("/documents");
  await expect(page.getByTestId("document-row")).toHaveCount(2);
  await page.getByLabel("Type").selectOption("drivers_license");
  await expect(page.getByTestId("document-row")).toHaveCount(1);
  await expect(page.getByTestId("document-row")).toContainText("licence-search.png");
  await page.getByLabel("Type").selectOption("");
  // Full text: a word only the receipt's text holds.
  await page.getByLabel("Search").fill("bakery");
  await expect(page.getByTestId("document-row")).toHaveCount(1);
  await expect(page.getByTestId("document-row")).toContainText("bakery-search.png");
  await page.getByLabel("Search").fill("");
  await page.getByLabel("Status").selectOption("failed");
  await expect(page.getByText("No documents match.")).toBeVisible();
});

test("axe finds no serious or critical violation on any page", async ({ page }, testInfo) => {
  const findings: string[] = [];
  const check = async (path: string) => {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    const { violations } = await new AxeBuilder({ page }).analyze();
    for (const v of violations) findings.push(`${path} ${v.impact ?? "?"} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
  };
  await check("/sign-in");
  await check("/sign-up");
  await signUp(page);
  const documentId = await readThroughPage(page, { name: "axe.png", mimeType: "image/png", buffer: await renderTextImage(RECEIPT_LINES) });
  for (const path of ["/", "/queue", "/documents", `/result?id=${documentId}`, "/review", "/settings", "/offline"]) await check(path);
  testInfo.annotations.push({ type: "axe findings (all impacts)", description: findings.join("\n") || "none" });
  expect(findings.filter((f) => / (serious|critical) /.test(f))).toEqual([]);
});

type TLighthouseRun = { scores: Record<string, number>; benchmarkIndex: number; multiplier: number; metrics: string; below: string[]; lhr: unknown };

/**
 * The runtime errors Lighthouse itself words "Something went wrong with recording the trace over your
 * page load. Please run Lighthouse again." (lh-error.js, badTraceRecording): the trace, not the page,
 * failed. A run that ends in one of them is run again, at most twice; any other runtime error fails.
 */
const BAD_TRACE_RECORDING = new Set(["NO_TRACING_STARTED", "NO_RESOURCE_REQUEST", "NO_NAVSTART", "NO_DCL", "NO_FMP"]);

/** One Lighthouse run: its default mobile settings (Moto G Power, simulated Slow 4G, 4x CPU slowdown). */
async function runLighthouse(url: string, cookie: string, retraced: string[]): Promise<TLighthouseRun> {
  for (;;) {
    const run = await lighthouseOnce(url, cookie, retraced);
    if (run) return run;
  }
}

/** One Lighthouse run, or null when its trace failed to record and it may be run again. */
async function lighthouseOnce(url: string, cookie: string, retraced: string[]): Promise<TLighthouseRun | null> {
  const port = 9300 + Math.floor(Math.random() * 500);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [...CHROMIUM_ARGS, `--remote-debugging-port=${port}`],
  });
  try {
    const run = await lighthouse(
      url,
      { port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility", "best-practices"] },
      { extends: "lighthouse:default", settings: { formFactor: "mobile", extraHeaders: { Cookie: cookie } } },
    );
    const lhr = run?.lhr;
    expect(lhr, "Lighthouse returned a report").toBeTruthy();
    if (!lhr) throw new Error("no Lighthouse report");
    const code = lhr.runtimeError?.code;
    if (code && BAD_TRACE_RECORDING.has(code) && retraced.length < 2) {
      retraced.push(code);
      return null;
    }
    expect(lhr.runtimeError, JSON.stringify(lhr.runtimeError)).toBeUndefined();
    // The session worked: Lighthouse measured the capture page, not the sign-in page it redirects to.
    expect(lhr.finalDisplayedUrl).toBe(url);
    const audit = (id: string) => Math.round(lhr.audits[id]?.numericValue ?? Number.NaN);
    return {
      scores: Object.fromEntries(Object.entries(lhr.categories).map(([id, c]) => [id, Math.round((c.score ?? 0) * 100)])),
      benchmarkIndex: Math.round(lhr.environment.benchmarkIndex),
      multiplier: lhr.configSettings.throttling.cpuSlowdownMultiplier ?? 4,
      metrics: `FCP ${audit("first-contentful-paint")} ms, LCP ${audit("largest-contentful-paint")} ms, TBT ${audit("total-blocking-time")} ms, SI ${audit("speed-index")} ms, CLS ${lhr.audits["cumulative-layout-shift"]?.numericValue ?? "?"}`,
      below: Object.values(lhr.audits)
        .filter((a) => a.score !== null && a.score < 0.9 && !["informative", "notApplicable", "manual"].includes(a.scoreDisplayMode))
        .map((a) => `${a.id} ${a.score} ${a.displayValue ?? ""}`),
      lhr,
    };
  } finally {
    await browser.close();
  }
}

test("Lighthouse (mobile) on the capture page: performance, accessibility and best practices >= 95", async ({ page, baseURL }, testInfo) => {
  test.setTimeout(300_000);
  // The capture page is behind sign-in: Lighthouse loads it with a real session's cookie.
  await signUp(page);
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const url = `${baseURL}/`;

  // Lighthouse's own advice on variability (docs/variability.md): judge the median of several runs.
  // On this shared machine a busy moment costs a run some points of Total Blocking Time, so a run
  // under the bar is followed by two more and the median of the three is the one judged.
  const retraced: string[] = [];
  const runs = [await runLighthouse(url, cookie, retraced)];
  if ((runs[0]?.scores.performance ?? 0) < 95) runs.push(await runLighthouse(url, cookie, retraced), await runLighthouse(url, cookie, retraced));
  if (retraced.length > 0) testInfo.annotations.push({ type: "lighthouse, trace not recorded, run again", description: retraced.join(", ") });
  const run = [...runs].sort((a, b) => (a.scores.performance ?? 0) - (b.scores.performance ?? 0))[Math.floor(runs.length / 2)];
  if (!run) throw new Error("no Lighthouse run");
  if (runs.length > 1) {
    testInfo.annotations.push({ type: "lighthouse, runs", description: runs.map((r) => `${r.scores.performance} (${r.metrics})`).join("; ") });
  }
  const reportPath = testInfo.outputPath("lighthouse-mobile.json");
  await writeFile(reportPath, JSON.stringify(run.lhr));
  await testInfo.attach("lighthouse-mobile.json", { path: reportPath, contentType: "application/json" });
  testInfo.annotations.push({
    type: `lighthouse, mobile, ${run.multiplier}x CPU slowdown`,
    description: `${JSON.stringify(run.scores)} on BenchmarkIndex ${run.benchmarkIndex}; ${run.metrics}; below 0.9: ${run.below.join("; ") || "none"}`,
  });
  expect(run.multiplier, "Lighthouse's default mobile CPU slowdown").toBe(4);
  expect(run.scores.performance, run.metrics).toBeGreaterThanOrEqual(95);
  expect(run.scores.accessibility).toBeGreaterThanOrEqual(95);
  expect(run.scores["best-practices"]).toBeGreaterThanOrEqual(95);
});
