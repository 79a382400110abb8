// The tRPC HTTP endpoint as a script sees it (the shapes the README documents): a query with
// superjson input in the URL, a mutation with a JSON body, and job progress as server-sent events.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createDocumentWithJob } from "@docvault/db";
import { createProgressPublisher, deleteKeysWithPrefix } from "@docvault/queue";
import type {} from "@docvault/db/testing/global-setup";

const storageDir = await mkdtemp(join(tmpdir(), "dv-trpc-http-"));
const prefix = `${inject("queuePrefix")}h`;
process.env.DATABASE_URL = inject("databaseUrl");
process.env.REDIS_URL = inject("redisUrl");
process.env.QUEUE_PREFIX = prefix;
process.env.STORAGE_DIR = storageDir;
process.env.LOG_LEVEL = "silent";

const route = await import("./[trpc]/route");
const { services } = await import("~/server/services");
const { createTestToken } = await import("~/server/testing/test-token");

const url = (path: string, input: unknown) => `http://localhost/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;

// A script authenticates with a personal API token, as the README shows.
const svc = services();
const scriptUser = await svc.db.user.create({ data: { email: `script-${prefix}@example.test` } });
const { token } = await createTestToken(svc.db, scriptUser.id);
const bearer = { authorization: `Bearer ${token}` };

let nextHash = 0;
async function localJob() {
  const sha256 = (nextHash++).toString(16).padStart(64, "c");
  const { document, job } = await createDocumentWithJob(svc.db, {
    ownerId: scriptUser.id,
    sha256,
    originalFilename: "a.png",
    mimeType: "image/png",
    sizeBytes: 1,
    storageKey: `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`,
  });
  return { documentId: document.id, jobId: job.id };
}

describe("tRPC over HTTP", () => {
  afterAll(async () => {
    await services().shutdown();
    await deleteKeysWithPrefix(inject("redisUrl"), prefix);
    await rm(storageDir, { recursive: true, force: true });
  });

  it("GET /api/trpc/jobs.get?input={json:{jobId}} answers {result:{data:{json:{...}}}}", async () => {
    const { jobId, documentId } = await localJob();
    const response = await route.GET(new Request(url("jobs.get", { jobId }), { headers: bearer }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { result: { data: { json: { id: string; documentId: string; status: string } } } };
    expect(body.result.data.json).toMatchObject({ id: jobId, documentId, status: "pending" });

    const missing = await route.GET(new Request(url("jobs.get", { jobId: "00000000-0000-4000-8000-000000000000" }), { headers: bearer }));
    expect(missing.status).toBe(404);
    const bad = await route.GET(new Request(url("jobs.get", { jobId: "not-a-uuid" }), { headers: bearer }));
    expect(bad.status).toBe(400);
  });

  it("POST /api/trpc/jobs.cancel with body {json:{jobId}} cancels", async () => {
    const { jobId } = await localJob();
    const response = await route.POST(
      new Request("http://localhost/api/trpc/jobs.cancel", {
        method: "POST",
        headers: { "content-type": "application/json", ...bearer },
        body: JSON.stringify({ json: { jobId } }),
      }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { result: { data: { json: { status: string } } } };
    expect(body.result.data.json.status).toBe("cancelled");
  });

  it("GET /api/trpc/jobs.onProgress streams text/event-stream until the job is done", async () => {
    const { jobId, documentId } = await localJob();
    await services().db.extractionJob.update({ where: { id: jobId }, data: { status: "pending", finishedAt: null, progress: { step: "queued" } } });
    const response = await route.GET(new Request(url("jobs.onProgress", { jobId }), { headers: bearer }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const body = response.body;
    if (!body) throw new Error("no body");
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { done, value } = await reader.read();
        if (done) return;
        text += value;
      }
    };
    await readUntil('"step":"queued"');
    const publisher = createProgressPublisher(services().connection);
    await publisher.publishProgress({ jobId, documentId, step: "reading", page: 1, pages: 1 });
    await publisher.publishProgress({ jobId, documentId, step: "done" });
    await publisher.close();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += value;
    }
    const data = text
      .split("\n")
      .filter((line) => line.startsWith('data: {"json"'))
      .map((line) => JSON.parse(line.slice(6)) as { json?: { step?: string } })
      .map((payload) => payload.json?.step)
      .filter(Boolean);
    expect(data).toEqual(["queued", "reading", "done"]);
    // The server ends the stream itself once the job is finished.
    expect(text).toContain("event: return");
  });
});
