// Security table rows #41-#43, #47 and #49 (see security.int.test.ts): bounded tRPC batches,
// browser-cache reports and retries per user, 404 for the progress of an unknown job over HTTP,
// and the web app's logs redacted as the worker's. Real PostgreSQL and Redis.
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { failJob, claimJob } from "@docvault/db";
import { aDocument, aUser } from "@docvault/db/testing/factories";
import { createTestServices } from "../testing/test-services";

const { services, callerFor, close } = await createTestServices("tl", { env: { RETRY_RATE_PER_HOUR: "2" } });

const { env } = await import("~/env");
const { createServices } = await import("../services");
const { createTestToken } = await import("../testing/test-token");
const route = await import("~/app/api/trpc/[trpc]/route");

const svc = services();
const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error as { code?: string; message?: string },
  );

async function newUser() {
  const user = await aUser(svc.db);
  return { user, caller: callerFor(user) };
}

describe("bounded tRPC work per request and per user", () => {
  afterAll(close);

  it("#41 refuses a batch of more than 20 calls with 400 and a sentence; 20 run", async () => {
    const { user } = await newUser();
    const { token } = await createTestToken(svc.db, user.id);
    const batch = (n: number) => {
      const paths = Array.from({ length: n }, () => "account.me").join(",");
      const input = Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i), {}]));
      return route.GET(
        new Request(`http://localhost/api/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`, {
          headers: { authorization: `Bearer ${token}` },
        }),
      );
    };
    const ok = await batch(20);
    expect(ok.status).toBe(200);
    const refused = await batch(21);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(
      "A batch may hold at most 20 calls; this one has 21. Send them in smaller batches.",
    );
  });

  it("#42 stops counting one user's browser-cache reports once the day's budget is spent; others still count", async () => {
    const greedy = await newUser();
    const other = await newUser();
    expect(await greedy.caller.telemetry.reportBrowserCache({ hits: 1000, misses: 1000 })).toEqual({ counted: 2000 });
    const refused = await errorOf(greedy.caller.telemetry.reportBrowserCache({ hits: 1, misses: 0 }));
    expect(refused).toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.stringMatching(/Too many browser cache lookups reported today/) });
    expect(await other.caller.telemetry.reportBrowserCache({ hits: 3, misses: 1 })).toEqual({ counted: 4 });
  });

  it("#49 limits job retries per user (RETRY_RATE_PER_HOUR), with TOO_MANY_REQUESTS", async () => {
    const { user, caller } = await newUser();
    const { job } = await aDocument(svc.db, user.id, { filename: "r.png", sizeBytes: 1 });
    const fail = async () => {
      await claimJob(svc.db, job.id);
      await failJob(svc.db, job.id, "engine crashed", true);
    };
    for (let i = 0; i < 2; i++) {
      await fail();
      expect((await caller.jobs.retry({ jobId: job.id })).status).toBe("pending");
    }
    await fail();
    expect(await errorOf(caller.jobs.retry({ jobId: job.id }))).toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.stringMatching(/job retries/) });
    expect((await svc.db.extractionJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("failed");
  });

  it("#47 answers 404 (not 500) for the progress of an unknown job over HTTP", async () => {
    const { user } = await newUser();
    const { token } = await createTestToken(svc.db, user.id);
    const input = encodeURIComponent(JSON.stringify({ json: { jobId: "00000000-0000-4000-8000-000000000000" } }));
    const response = await route.GET(
      new Request(`http://localhost/api/trpc/jobs.onProgress?input=${input}`, { headers: { authorization: `Bearer ${token}` } }),
    );
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { json: { message: string; data: { code: string } } } };
    expect(body.error.json).toMatchObject({ message: "No such job.", data: { code: "NOT_FOUND" } });
  });

  it("#43 logs through the worker's redaction: no email, file name or token in the web app's log lines", async () => {
    const lines = new PassThrough();
    let out = "";
    lines.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const logged = createServices({ ...env(), LOG_LEVEL: "info" }, { logDestination: lines });
    try {
      logged.log.info(
        { email: "someone@example.test", filename: "passport-john.pdf", req: { headers: { authorization: "Bearer dvt_secret" } }, userId: "user-1" },
        "upload refused",
      );
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      await logged.shutdown();
    }
    expect(out).toContain("upload refused");
    for (const secret of ["someone@example.test", "passport-john.pdf", "dvt_secret", '"user-1"']) expect(out).not.toContain(secret);
    expect(out).toContain("[redacted]");
  });
});
