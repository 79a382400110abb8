// The client's own behaviour, against a small HTTP server on loopback that answers as the API does
// (the whole path against the real app is tests/int/api-client.int.test.ts): what an upload sends,
// how polling ends, and how the server's problems reach the caller.
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDocvaultClient, DocvaultError } from "./docvault-client";

type TSeen = { method: string; url: string; headers: IncomingMessage["headers"]; body: Buffer };

const JOB_ID = "11111111-1111-4111-8111-111111111111";
const DOC_ID = "22222222-2222-4222-8222-222222222222";
const seen: TSeen[] = [];
/** Bytes the fake server's user has already. */
const KNOWN_BYTES = new TextEncoder().encode("%PDF-1.7 kept last week");
const KNOWN_SHA256 = createHash("sha256").update(KNOWN_BYTES).digest("hex");
/** What GET /api/v1/jobs/{id} answers, one status per poll (the last one repeats). */
let statuses: string[] = [];
let polls = 0;
let server: Server;
let base: string;

const job = (status: string) => ({
  id: JOB_ID,
  documentId: DOC_ID,
  status,
  step: status === "completed" ? "done" : "reading",
  attempts: 1,
  lastError: status === "failed" ? "The PDF is encrypted." : null,
  queuedAt: "2026-12-05T10:00:00.000Z",
  startedAt: null,
  finishedAt: null,
  extractionId: null,
});

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) });
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== "Bearer dvt_test") return reply(401, { error: { code: "UNAUTHORIZED", message: "Sign in first." } });
      if (req.url === "/api/upload") return reply(202, { status: "accepted", documentId: DOC_ID, jobId: JOB_ID, jobStatus: "pending" });
      if (req.url?.startsWith("/api/v1/documents/by-hash/")) {
        const known = req.url.endsWith(KNOWN_SHA256);
        if (req.headers["x-test-read-scope"] === "none")
          return reply(403, { error: { code: "FORBIDDEN", message: "This API token lacks the documents:read scope." } });
        return reply(
          200,
          known ? { known, documentId: DOC_ID, jobId: JOB_ID, jobStatus: "completed" } : { known, documentId: null, jobId: null, jobStatus: null },
        );
      }
      if (req.url === `/api/v1/jobs/${JOB_ID}`) return reply(200, job(statuses[Math.min(polls++, statuses.length - 1)] ?? "pending"));
      if (req.url === `/api/v1/documents/${DOC_ID}/result`) return reply(200, { documentId: DOC_ID, fields: [{ name: "total", value: "13.50" }] });
      return reply(404, { error: { code: "NOT_FOUND", message: "No such job." } });
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/`;
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

const client = () => createDocvaultClient({ baseUrl: base, token: "dvt_test" });

describe("createDocvaultClient", () => {
  it("uploads the bytes with their SHA-256, a fresh upload id and the encoded file name", async () => {
    seen.length = 0;
    const bytes = new TextEncoder().encode("%PDF-1.7 not really");
    const answer = await client().upload(bytes, "invoice 42 (€).pdf");
    expect(answer).toEqual({ status: "accepted", documentId: DOC_ID, jobId: JOB_ID, jobStatus: "pending" });
    // Asked first whether the account has these bytes; it has not, so they were sent.
    const [question, request] = seen;
    expect(question).toMatchObject({ method: "GET", url: `/api/v1/documents/by-hash/${createHash("sha256").update(bytes).digest("hex")}` });
    expect(request?.method).toBe("POST");
    expect(request?.body.equals(Buffer.from(bytes))).toBe(true);
    expect(request?.headers["x-content-sha256"]).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(request?.headers["x-upload-id"]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(decodeURIComponent(String(request?.headers["x-filename"]))).toBe("invoice 42 (€).pdf");
    // No Content-Type unless given: the server takes the type from the file name.
    expect(request?.headers["content-type"]).toBeUndefined();

    await client().upload(bytes, "a.pdf", { uploadId: JOB_ID, contentType: "application/pdf", priority: 2 });
    expect(seen[3]?.headers).toMatchObject({ "x-upload-id": JOB_ID, "content-type": "application/pdf", "x-priority": "2" });
  });

  it("answers a file the account has already without sending a byte of it", async () => {
    seen.length = 0;
    const answer = await client().upload(KNOWN_BYTES, "again.pdf");
    expect(answer).toEqual({ status: "known", documentId: DOC_ID, jobId: JOB_ID, jobStatus: "completed" });
    expect(seen.map((r) => r.method)).toEqual(["GET"]);
    expect(await client().lookupByHash(createHash("sha256").update("other bytes").digest("hex"))).toBeNull();
    // check: false sends the bytes all the same (the server then answers for itself).
    seen.length = 0;
    await client().upload(KNOWN_BYTES, "again.pdf", { check: false });
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual(["POST /api/upload"]);
  });

  it("sends the bytes when its token may not ask (no documents:read scope)", async () => {
    seen.length = 0;
    const writeOnly = createDocvaultClient({
      baseUrl: base,
      token: "dvt_test",
      fetch: (input, init) => {
        const request = new Request(input, init);
        request.headers.set("x-test-read-scope", "none");
        return fetch(request);
      },
    });
    const answer = await writeOnly.upload(KNOWN_BYTES, "again.pdf");
    expect(answer.status).toBe("accepted");
    expect(seen.map((r) => `${r.method} ${r.url.split("/by-hash/")[0]}`)).toEqual(["GET /api/v1/documents", "POST /api/upload"]);
  });

  it("polls the job until it is completed, then fetches its document's result", async () => {
    [statuses, polls] = [["pending", "processing", "completed"], 0];
    const result = await client().waitForResult(JOB_ID, { intervalMs: 10 });
    expect(polls).toBe(3);
    expect(result).toMatchObject({ documentId: DOC_ID, fields: [{ name: "total", value: "13.50" }] });
  });

  it("ends a failed job with its reason, and a wait past its time with WAIT_TIMEOUT", async () => {
    [statuses, polls] = [["processing", "failed"], 0];
    await expect(client().waitForResult(JOB_ID, { intervalMs: 10 })).rejects.toMatchObject({ code: "JOB_FAILED", message: "The PDF is encrypted." });
    [statuses, polls] = [["processing"], 0];
    await expect(client().waitForJob(JOB_ID, { intervalMs: 20, timeoutMs: 50 })).rejects.toMatchObject({ code: "WAIT_TIMEOUT" });
  });

  it("turns the server's problem body into a DocvaultError with its code and status", async () => {
    const missing = await client()
      .getJob("33333333-3333-4333-8333-333333333333")
      .catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(DocvaultError);
    expect(missing).toMatchObject({ code: "NOT_FOUND", status: 404, message: "No such job." });
    const stranger = createDocvaultClient({ baseUrl: base, token: "dvt_wrong" });
    await expect(stranger.upload(new Uint8Array([1]), "x.png")).rejects.toMatchObject({ code: "UNAUTHORIZED", status: 401 });
  });
});
