// /api/v1 as a script sees it: the procedures over plain REST with an API token, through the real
// route and a real PostgreSQL and Redis; failures in the one problem body of the other HTTP routes.
import { afterAll, describe, expect, it } from "vitest";
import { PIPELINE_VERSION, type TExtractionResult } from "@docvault/core";
import { aCompletedExtraction, aDocument, aUser } from "@docvault/db/testing/factories";
import { createTestServices } from "../testing/test-services";

const { services, close } = await createTestServices("r");
const route = await import("~/app/api/v1/[...path]/route");
const openapi = await import("~/app/api/openapi.json/route");
const { createTestToken } = await import("../testing/test-token");

const db = services().db;
const owner = await aUser(db);
const { token } = await createTestToken(db, owner.id);
const { token: readOnly } = await createTestToken(db, owner.id, ["documents:read"]);
const { token: othersToken } = await createTestToken(db, (await aUser(db)).id);
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

async function pendingJob() {
  const { document, job } = await aDocument(db, owner.id, { filename: "scan.png" });
  return { documentId: document.id, jobId: job.id };
}

const call = (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) =>
  route[method as "GET" | "POST" | "DELETE"](
    new Request(`http://localhost/api/v1${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );

type TProblem = { error: { code: string; message: string } };

describe("REST under /api/v1", () => {
  afterAll(close);

  it("GET /jobs/{jobId} answers the job as plain JSON, dates as ISO strings", async () => {
    const { jobId, documentId } = await pendingJob();
    const response = await call("GET", `/jobs/${jobId}`, bearer(token));
    expect(response.status).toBe(200);
    const job = (await response.json()) as { id: string; documentId: string; status: string; step: string; queuedAt: string };
    expect(job).toMatchObject({ id: jobId, documentId, status: "pending", step: "queued" });
    expect(new Date(job.queuedAt).toISOString()).toBe(job.queuedAt);
  });

  it("GET /documents/by-hash/{sha256} says whether the caller has a file already, before any byte is sent", async () => {
    const { document, job } = await aDocument(db, owner.id, { filename: "known.png" });
    // Upper-case hex is the same hash.
    const known = await call("GET", `/documents/by-hash/${document.sha256.toUpperCase()}`, bearer(readOnly));
    expect(known.status).toBe(200);
    expect(await known.json()).toEqual({ known: true, documentId: document.id, jobId: job.id, jobStatus: "pending" });
    // Another user with the same question hears "not known": the answer never tells who else holds a file.
    const others = await call("GET", `/documents/by-hash/${document.sha256}`, bearer(othersToken));
    expect(await others.json()).toEqual({ known: false, documentId: null, jobId: null, jobStatus: null });
    // A device that queued the file for someone else is told so, as the upload would be.
    const wrongAccount = await call("GET", `/documents/by-hash/${document.sha256}?queuedFor=${crypto.randomUUID()}`, bearer(token));
    expect(wrongAccount.status).toBe(409);
    expect(((await wrongAccount.json()) as TProblem).error.code).toBe("WRONG_ACCOUNT");
    const forOwner = await call("GET", `/documents/by-hash/${document.sha256}?queuedFor=${owner.id}`, bearer(token));
    expect(((await forOwner.json()) as { known: boolean }).known).toBe(true);
    // Not a SHA-256: 400 with the sentence that says what is expected.
    const malformed = await call("GET", "/documents/by-hash/not-a-hash", bearer(token));
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as TProblem).error.message).toMatch(/64 hexadecimal characters/);
  });

  it("POST /jobs/{jobId}/cancel with a token needs no CSRF header; a read-only token is refused", async () => {
    const { jobId } = await pendingJob();
    const refused = await call("POST", `/jobs/${jobId}/cancel`, bearer(readOnly), {});
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as TProblem).error).toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/documents:write/) });
    const response = await call("POST", `/jobs/${jobId}/cancel`, bearer(token), {});
    expect(response.status).toBe(200);
    expect(((await response.json()) as { status: string }).status).toBe("cancelled");
  });

  it("POST /documents/{documentId}/fields/{field} corrects a field (path ids, JSON body) and the result shows it", async () => {
    const box = { page: 0, bbox: { x0: 10, y0: 20, x1: 110, y1: 40 } };
    const field = (value: unknown) => ({ value, confidence: 0.6, source: box, method: "ocr-rules" });
    const result = {
      pipelineVersion: `${PIPELINE_VERSION}-rest-test`,
      engines: ["tesseract"],
      pages: [{ index: 0, width: 800, height: 1200, text: "CAFE total 12.50", confidence: 0.9, words: [] }],
      text: "CAFE total 12.50",
      confidence: 0.9,
      classification: { type: "receipt" },
      document: { type: "receipt", fields: { merchant: field("CAFE"), date: field("2026-11-01"), total: field("12.50"), currency: field("EUR") } },
    } as TExtractionResult & { classification: { type: string } };
    const { document } = await aCompletedExtraction(db, owner.id, result, { filename: "lunch.png" });
    const corrected = await call("POST", `/documents/${document.id}/fields/total`, bearer(token), { action: "correct", value: "13.50" });
    expect(corrected.status).toBe(200);
    expect(await corrected.json()).toMatchObject({
      name: "total",
      value: "13.50",
      extractedValue: "12.50",
      method: "human",
      correction: { action: "corrected" },
    });
    const refused = await call("POST", `/documents/${document.id}/fields/total`, bearer(token), { action: "correct", value: "thirteen" });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as TProblem).error.message).toMatch(/not a valid total/);
    const view = (await (await call("GET", `/documents/${document.id}/result`, bearer(token))).json()) as {
      documentType: string;
      fields: { name: string; value: unknown; source: unknown }[];
    };
    expect(view.documentType).toBe("receipt");
    expect(view.fields.find((f) => f.name === "total")).toMatchObject({ value: "13.50" });
    expect(view.fields.find((f) => f.name === "merchant")).toMatchObject({ value: "CAFE", source: box });
  });

  it("GET /search and /documents take their query parameters as strings", async () => {
    const { documentId } = await pendingJob();
    const search = await call("GET", "/search?q=scan&limit=5&status=pending", bearer(token));
    expect(search.status).toBe(200);
    const found = (await search.json()) as { items: { documentId: string }[]; nextCursor: number | null };
    expect(found.items.map((hit) => hit.documentId)).toContain(documentId);
    const list = await call("GET", "/documents?limit=100", bearer(token));
    expect(((await list.json()) as { id: string }[]).map((doc) => doc.id)).toContain(documentId);
  });

  it("answers failures with { error: { code, message } } and the code's status", async () => {
    const { jobId } = await pendingJob();
    const anonymous = await call("GET", `/jobs/${jobId}`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(((await anonymous.json()) as TProblem).error.code).toBe("UNAUTHORIZED");

    // Another user's job answers exactly like a missing one.
    const others = await call("GET", `/jobs/${jobId}`, bearer(othersToken));
    expect(others.status).toBe(404);
    expect(((await others.json()) as TProblem).error).toEqual({ code: "NOT_FOUND", message: "No such job." });

    const badId = await call("GET", "/jobs/not-a-uuid", bearer(token));
    expect(badId.status).toBe(400);
    expect(((await badId.json()) as TProblem).error).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^Bad input: jobId/) });

    const unknownPath = await call("GET", "/no-such-thing", bearer(token));
    expect(unknownPath.status).toBe(404);
    expect(((await unknownPath.json()) as TProblem).error.message).toMatch(/openapi\.json/);

    const notJson = await route.POST(
      new Request("http://localhost/api/v1/webhooks", { method: "POST", headers: { ...bearer(token), "content-type": "text/plain" }, body: "x" }),
    );
    expect(notJson.status).toBe(415);
  });

  it("refuses a browser session's write without the CSRF header, as /api/trpc does", async () => {
    const { jobId } = await pendingJob();
    const response = await call("POST", `/jobs/${jobId}/cancel`, { cookie: "docvault.session_token=whatever" }, {});
    expect(response.status).toBe(403);
    expect(((await response.json()) as TProblem).error.code).toBe("CSRF");
  });

  it("answers every operation the document lists under /api/v1 (401 without a token, never 404)", async () => {
    const document = (await openapi.GET().json()) as { paths: Record<string, Record<string, unknown>> };
    const uuid = "00000000-0000-4000-8000-000000000000";
    let checked = 0;
    for (const [path, item] of Object.entries(document.paths)) {
      if (!path.startsWith("/api/v1/")) continue;
      for (const method of Object.keys(item)) {
        const concrete = path
          .slice("/api/v1".length)
          .replace(/\{field\}/g, "total")
          .replace(/\{\w+\}/g, uuid);
        const response = await call(method.toUpperCase(), concrete, {}, method === "get" || method === "delete" ? undefined : {});
        expect(response.status, `${method} ${path}`).toBe(401);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(14);
  });
});
