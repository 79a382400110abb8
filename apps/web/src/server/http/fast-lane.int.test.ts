// The fast lane answers exactly what the REST route answers: the same request sent to both (a
// node:http server running the fast lane, as serve.ts does, and the /api/v1 route through tRPC),
// for every kind of caller and input, with real PostgreSQL and Redis.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aDocument, aUser } from "@docvault/db/testing/factories";
import { createTestServices } from "../testing/test-services";

const { services, close } = await createTestServices("fl");
const rest = await import("~/app/api/v1/[...path]/route");
const { answerInFastLane, takenByFastLane } = await import("./fast-lane");
const { createTestToken } = await import("../testing/test-token");

const db = services().db;
const owner = await aUser(db);
const { token } = await createTestToken(db, owner.id);
const { token: writeOnly } = await createTestToken(db, owner.id, ["documents:write"]);
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
