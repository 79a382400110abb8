// The fast lane answers exactly what the routes answer: the same request sent to both (a
// node:http server running the fast lane, as serve.ts does, and the /api/v1 route through tRPC or
// the upload route as Next calls it), for every kind of caller and input, with real PostgreSQL and
// Redis. Uploads stream through it: accepted, known again, refused before the body is read.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderTextImage } from "@docvault/core/testing";
import { aDocument, aUser } from "@docvault/db/testing/factories";
import { createTestServices } from "../testing/test-services";

const MAX_FILE_BYTES = 2 * 1024 * 1024;
const { services, close } = await createTestServices("fl", { env: { MAX_FILE_BYTES: String(MAX_FILE_BYTES), UPLOAD_RATE_PER_MINUTE: "1000" } });
const rest = await import("~/app/api/v1/[...path]/route");
const uploadRoute = await import("~/app/api/upload/route");
const { answerInFastLane, takenByFastLane } = await import("./fast-lane");
const { createTestToken } = await import("../testing/test-token");

const db = services().db;
const owner = await aUser(db);
const { token } = await createTestToken(db, owner.id);
const { token: writeOnly } = await createTestToken(db, owner.id, ["documents:write"]);
const { token: readOnly } = await createTestToken(db, owner.id, ["documents:read"]);
const { token: othersToken } = await createTestToken(db, (await aUser(db)).id);
const { document, job } = await aDocument(db, owner.id, { filename: "known.png" });

let server: Server;
let base = "";
beforeAll(async () => {
  server = createServer((req, res) => {
    if (!takenByFastLane(req)) return void res.writeHead(404).end("not the fast lane");
    void answerInFastLane(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await close();
});

type TAnswer = { status: number; body: unknown };

async function both(path: string, headers: Record<string, string>): Promise<{ fast: TAnswer; rest: TAnswer; fastHeaders: Headers }> {
  const fast = await fetch(`${base}/api/v1${path}`, { headers });
  const viaRest = await rest.GET(new Request(`http://localhost/api/v1${path}`, { headers }));
  return {
    fast: { status: fast.status, body: await fast.json() },
    rest: { status: viaRest.status, body: await viaRest.json() },
    fastHeaders: fast.headers,
  };
}

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

describe("the known-file check's fast lane", () => {
  it("takes only GET and HEAD of the check's path", () => {
    expect(takenByFastLane({ method: "GET", url: `/api/v1/documents/by-hash/${document.sha256}?queuedFor=x` })).toBe(true);
    expect(takenByFastLane({ method: "POST", url: `/api/v1/documents/by-hash/${document.sha256}` })).toBe(false);
    expect(takenByFastLane({ method: "GET", url: `/api/v1/documents/${document.id}` })).toBe(false);
    expect(takenByFastLane({ method: "GET", url: `/api/v1/documents/by-hash/${document.sha256}/more` })).toBe(false);
  });

  const cases: [string, () => string, () => Record<string, string>, number][] = [
    ["a known file", () => `/documents/by-hash/${document.sha256}`, () => bearer(token), 200],
    ["upper-case hex", () => `/documents/by-hash/${document.sha256.toUpperCase()}`, () => bearer(token), 200],
    ["another user's file", () => `/documents/by-hash/${document.sha256}`, () => bearer(othersToken), 200],
    ["a file nobody has", () => `/documents/by-hash/${"ab".repeat(32)}`, () => bearer(token), 200],
    ["queued for another account", () => `/documents/by-hash/${document.sha256}?queuedFor=${crypto.randomUUID()}`, () => bearer(token), 409],
    ["queued for the caller", () => `/documents/by-hash/${document.sha256}?queuedFor=${owner.id}`, () => bearer(token), 200],
    ["not a SHA-256", () => "/documents/by-hash/not-a-hash", () => bearer(token), 400],
    ["no credentials", () => `/documents/by-hash/${document.sha256}`, () => ({}), 401],
    ["a made-up token", () => `/documents/by-hash/${document.sha256}`, () => bearer(`dvt_${"x".repeat(43)}`), 401],
    ["a token without documents:read", () => `/documents/by-hash/${document.sha256}`, () => bearer(writeOnly), 403],
  ];
  for (const [what, path, headers, status] of cases) {
    it(`answers ${what} as the REST route does (${status})`, async () => {
      const { fast, rest: viaRest } = await both(path(), headers());
      expect(fast).toEqual(viaRest);
      expect(fast.status).toBe(status);
    });
  }

  it("answers the owner's document, with the app's security headers and no caching", async () => {
    const { fast, fastHeaders } = await both(`/documents/by-hash/${document.sha256}`, bearer(token));
    expect(fast.body).toEqual({ known: true, documentId: document.id, jobId: job.id, jobStatus: "pending" });
    expect(fastHeaders.get("x-content-type-options")).toBe("nosniff");
    expect(fastHeaders.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(fastHeaders.get("cache-control")).toBe("no-store");
  });
});

describe("uploads in the fast lane", () => {
  const upload = (body: Uint8Array<ArrayBuffer>, headers: Record<string, string>) =>
    fetch(`${base}/api/upload`, { method: "POST", body, headers: { "content-type": "image/png", "x-filename": "lane.png", ...headers } });
  const viaRoute = (body: Uint8Array<ArrayBuffer>, headers: Record<string, string>) =>
    uploadRoute.POST(
      new Request("http://localhost/api/upload", { method: "POST", body, headers: { "content-type": "image/png", "x-filename": "lane.png", ...headers } }),
    );

  it("takes POST /api/upload and nothing else of the upload paths", () => {
    expect(takenByFastLane({ method: "POST", url: "/api/upload" })).toBe(true);
    expect(takenByFastLane({ method: "POST", url: "/api/upload?x=1" })).toBe(true);
    expect(takenByFastLane({ method: "GET", url: "/api/upload" })).toBe(false);
    expect(takenByFastLane({ method: "POST", url: "/api/uploads/tus" })).toBe(false);
    expect(takenByFastLane({ method: "POST", url: "/api/upload/more" })).toBe(false);
  });

  it("accepts a file as the route does, stores it once, and answers the same bytes again as known", async () => {
    const png = new Uint8Array(await renderTextImage(["FAST LANE", `TOTAL ${Date.now() % 1000}.00`]));
    const first = await upload(png, bearer(token));
    expect(first.status).toBe(202);
    const accepted = (await first.json()) as { documentId: string; jobId: string };
    expect(accepted).toEqual({ status: "accepted", documentId: expect.any(String), jobId: expect.any(String), jobStatus: "pending" });
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    const stored = await db.document.findUniqueOrThrow({ where: { id: accepted.documentId } });
    expect(stored).toMatchObject({ ownerId: owner.id, originalFilename: "lane.png", mimeType: "image/png", sizeBytes: BigInt(png.length) });

    const again = await upload(png, bearer(token));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: "known", documentId: accepted.documentId, jobId: accepted.jobId, jobStatus: "pending" });
    // The route as Next calls it gives the same answer for the same bytes.
    const routed = await viaRoute(png, bearer(token));
    expect({ status: routed.status, body: await routed.json() }).toEqual({
      status: 200,
      body: { status: "known", documentId: accepted.documentId, jobId: accepted.jobId, jobStatus: "pending" },
    });
    expect(await db.document.count({ where: { ownerId: owner.id, sha256: stored.sha256 } })).toBe(1);
  });

  const refusals: [string, () => Uint8Array<ArrayBuffer>, () => Record<string, string>, number][] = [
    ["no credentials", () => new Uint8Array(100), () => ({}), 401],
    ["a token without documents:write", () => new Uint8Array(100), () => bearer(readOnly), 403],
    ["a file over the size limit", () => new Uint8Array(MAX_FILE_BYTES + 1024 * 1024), () => bearer(token), 413],
    ["a malformed X-Upload-Id", () => new Uint8Array(100), () => ({ ...bearer(token), "x-upload-id": "not-a-uuid" }), 400],
    ["bytes that are no document", () => new Uint8Array(new TextEncoder().encode("plain text, not a PNG")), () => bearer(token), 415],
  ];
  for (const [what, body, headers, status] of refusals) {
    it(`refuses ${what} as the route does (${status}), and goes on serving`, async () => {
      const fast = await upload(body(), headers());
      const routed = await viaRoute(body(), headers());
      const answer = { status: fast.status, body: await fast.json() };
      expect(answer).toEqual({ status: routed.status, body: await routed.json() });
      expect(answer.status).toBe(status);
      // The next request (on the same keep-alive pool) is served.
      expect((await fetch(`${base}/api/v1/documents/by-hash/${document.sha256}`, { headers: bearer(token) })).status).toBe(200);
    });
  }
});
