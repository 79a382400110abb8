// After a known set of requests, the web's /api/metrics shows exactly their counts: two uploads
// accepted and one refused by the upload limit, one sign-in refused by the per-email limit, and
// three browser cache hits plus one miss reported by the page; the per-day counters the dashboard
// reads in PostgreSQL move by as much. Real PostgreSQL and Redis, the real route handlers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderTextImage } from "@docvault/core/testing";
import { metricSample as sample } from "@docvault/telemetry/testing";
import { createTestServices } from "./testing/test-services";

const TOKEN = "web-metrics-token-0123456789";
const { services, callerFor, close } = await createTestServices("m", {
  env: { METRICS_TOKEN: TOKEN, UPLOAD_RATE_PER_MINUTE: "2", SIGN_IN_RATE_PER_EMAIL: "1" },
});

const { POST: upload } = await import("~/app/api/upload/route");
const { GET: metricsRoute } = await import("~/app/api/metrics/route");
const { handleAuthRequest } = await import("./auth/handle-auth-request");
const { authPost } = await import("./testing/auth-http");
const { createTestToken } = await import("./testing/test-token");

async function scrape(): Promise<string> {
  const response = await metricsRoute(new Request("http://localhost/api/metrics", { headers: { authorization: `Bearer ${TOKEN}` } }));
  expect(response.status).toBe(200);
  return response.text();
}

/** Today's per-layer rows of the table the dashboard charts (this process's lookups written first, as the dashboard does). */
async function persisted(): Promise<Record<string, { hits: number; misses: number }>> {
  await services().cache.flushCounts();
  const rows = await services().db.cacheLookupDay.findMany({ where: { day: new Date(new Date().toISOString().slice(0, 10)) } });
  return Object.fromEntries(rows.map((r) => [r.layer, { hits: r.hits, misses: r.misses }]));
}

const SERIES = [
  ["docvault_cache_lookups_total", { layer: "browser", outcome: "hit" }],
  ["docvault_cache_lookups_total", { layer: "browser", outcome: "miss" }],
  ["docvault_cache_lookups_total", { layer: "redis", outcome: "hit" }],
  ["docvault_cache_lookups_total", { layer: "redis", outcome: "miss" }],
  ["docvault_cache_lookups_total", { layer: "postgres", outcome: "hit" }],
  ["docvault_cache_lookups_total", { layer: "postgres", outcome: "miss" }],
  ["docvault_rate_limit_rejections_total", { limit: "upload" }],
  ["docvault_rate_limit_rejections_total", { limit: "signin-email" }],
  ["docvault_rate_limit_rejections_total", { limit: "signin-ip" }],
  ["docvault_uploaded_bytes_total", {}],
] as const;

const key = (name: string, labels: Record<string, string>) => `${name}${JSON.stringify(labels)}`;
const figures = (text: string) => Object.fromEntries(SERIES.map(([name, labels]) => [key(name, labels), sample(text, name, labels)]));

describe("web metrics after a known set of requests", () => {
  let user: { id: string; email: string };
  let token = "";
  beforeAll(async () => {
    const { db } = services();
    user = await db.user.create({ data: { email: "metrics-count@example.test" } });
    token = (await createTestToken(db, user.id)).token;
  });
  afterAll(close);

  it("refuses /api/metrics without the token", async () => {
    expect((await metricsRoute(new Request("http://localhost/api/metrics"))).status).toBe(401);
    expect((await metricsRoute(new Request("http://localhost/api/metrics", { headers: { authorization: "Bearer not-the-token-0123456" } }))).status).toBe(401);
  });

  it("counts exactly the uploads, refusals and browser cache lookups that happened", async () => {
    const before = figures(await scrape());
    const storedBefore = await persisted();

    const images = [await renderTextImage(["METRICS COUNT ONE", String(Date.now())]), await renderTextImage(["METRICS COUNT TWO", String(Date.now())])];
    const send = (bytes: Uint8Array, name: string) =>
      upload(
        new Request("http://localhost/api/upload", {
          method: "POST",
          body: new Uint8Array(bytes),
          headers: { authorization: `Bearer ${token}`, "content-type": "image/png", "x-filename": name },
        }),
      );
    expect((await send(images[0] ?? new Uint8Array(), "one.png")).status).toBe(202);
    expect((await send(images[1] ?? new Uint8Array(), "two.png")).status).toBe(202);
    const refused = await send(images[0] ?? new Uint8Array(), "three.png");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);

    // Two sign-ins for one email: the limit is 1 per 15 minutes, so the second answers 429.
    const signIn = () => authPost(handleAuthRequest, "/sign-in/email", { email: "nobody-metrics@example.test", password: "wrong-password-123" });
    expect((await signIn()).status).not.toBe(429);
    expect((await signIn()).status).toBe(429);

    // The page reports its IndexedDB lookups: three hits and one miss, in two batches.
    const page = callerFor(user);
    expect(await page.telemetry.reportBrowserCache({ hits: 2, misses: 1 })).toEqual({ counted: 3 });
    expect(await page.telemetry.reportBrowserCache({ hits: 1, misses: 0 })).toEqual({ counted: 1 });

    const after = figures(await scrape());
    const delta = Object.fromEntries(Object.keys(after).map((k) => [k, (after[k] ?? 0) - (before[k] ?? 0)]));
    expect(delta).toEqual({
      [key("docvault_cache_lookups_total", { layer: "browser", outcome: "hit" })]: 3,
      [key("docvault_cache_lookups_total", { layer: "browser", outcome: "miss" })]: 1,
      // Each accepted upload of new bytes asked Redis, then PostgreSQL, and found nothing.
      [key("docvault_cache_lookups_total", { layer: "redis", outcome: "hit" })]: 0,
      [key("docvault_cache_lookups_total", { layer: "redis", outcome: "miss" })]: 2,
      [key("docvault_cache_lookups_total", { layer: "postgres", outcome: "hit" })]: 0,
      [key("docvault_cache_lookups_total", { layer: "postgres", outcome: "miss" })]: 2,
      [key("docvault_rate_limit_rejections_total", { limit: "upload" })]: 1,
      [key("docvault_rate_limit_rejections_total", { limit: "signin-email" })]: 1,
      [key("docvault_rate_limit_rejections_total", { limit: "signin-ip" })]: 0,
      [key("docvault_uploaded_bytes_total", {})]: (images[0]?.length ?? 0) + (images[1]?.length ?? 0),
    });

    // The same lookups in the per-day table (integration tests run one file at a time, so nothing else moved it).
    const stored = await persisted();
    const moved = (layer: string) => ({
      hits: (stored[layer]?.hits ?? 0) - (storedBefore[layer]?.hits ?? 0),
      misses: (stored[layer]?.misses ?? 0) - (storedBefore[layer]?.misses ?? 0),
    });
    expect({ browser: moved("browser"), redis: moved("redis"), postgres: moved("postgres") }).toEqual({
      browser: { hits: 3, misses: 1 },
      redis: { hits: 0, misses: 2 },
      postgres: { hits: 0, misses: 2 },
    });
  });

  it("refuses a bad browser report with a reason, and counts nothing for it", async () => {
    const before = figures(await scrape());
    const page = callerFor(user);
    await expect(page.telemetry.reportBrowserCache({ hits: 1001, misses: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(page.telemetry.reportBrowserCache({ hits: 0, misses: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(page.telemetry.reportBrowserCache({ hits: -1, misses: 2 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(page.telemetry.reportBrowserCache({ hits: 1.5, misses: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // A script with an API token is not the page: only browser sessions report.
    const script = callerFor(user, { token: { id: "t", scopes: ["documents:read", "documents:write"] } });
    await expect(script.telemetry.reportBrowserCache({ hits: 1, misses: 0 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const anonymous = callerFor(null);
    await expect(anonymous.telemetry.reportBrowserCache({ hits: 1, misses: 0 })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(figures(await scrape())).toEqual(before);
  });
});
