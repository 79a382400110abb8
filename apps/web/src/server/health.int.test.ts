// GET /api/healthz as a probe sees it, against the real PostgreSQL and Redis of the test run, and
// with each part unreachable in turn (a closed port): 200 when both answer, 503 naming the one that
// does not, within the bound, and nothing in the answer but the parts' names.
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@docvault/db";
import { createExtractQueue, queueConnectionFrom } from "@docvault/queue";
import { createTestServices } from "./testing/test-services";

const { services, close } = await createTestServices("h");
const route = await import("~/app/api/healthz/route");
const { checkHealth } = await import("./health");

const silent = { warn: () => undefined };

describe("GET /api/healthz", () => {
  afterAll(close);

  it("answers 200 when PostgreSQL and the queue answer, never cached", async () => {
    const response = await route.GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok", database: "ok", queue: "ok", queueKind: "redis" });
  });

  it("answers 503 naming the database when PostgreSQL does not answer (nothing listens on its port)", async () => {
    const down = createDb("postgresql://docvault@127.0.0.1:1/docvault");
    const started = Date.now();
    const health = await checkHealth({ db: down, queue: services().queue, log: silent });
    expect(health).toEqual({ ok: false, body: { status: "unavailable", database: "unavailable", queue: "ok", queueKind: "redis" } });
    expect(Date.now() - started).toBeLessThan(5_000);
    await down.$disconnect();
  });

  it("answers 503 naming the queue when Redis does not answer, within its bound instead of waiting for ever", async () => {
    const queue = createExtractQueue(queueConnectionFrom({ REDIS_URL: "redis://127.0.0.1:1", DATABASE_URL: "", QUEUE_PREFIX: "dvhealth" }));
    const started = Date.now();
    const health = await checkHealth({ db: services().db, queue, log: silent, timeoutMs: 1_000 });
    expect(health.body).toEqual({ status: "unavailable", database: "ok", queue: "unavailable", queueKind: "redis" });
    expect(Date.now() - started).toBeLessThan(3_000);
    await Promise.race([queue.close(), new Promise((resolve) => setTimeout(resolve, 1000))]);
  });
});
