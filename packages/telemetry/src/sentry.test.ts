// Error reports reach a Sentry ingest (a fake one on 127.0.0.1) without personal data or document
// content, even when the code reporting them attached some.
import { createServer, type Server } from "node:http";
import { gunzipSync } from "node:zlib";
import * as Sentry from "@sentry/node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashUserId } from "./hash-user-id";
import { closeSentry, flushErrors, initSentry, reportError } from "./sentry";

const envelopes: { path: string; body: string }[] = [];
let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const body = req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw;
      envelopes.push({ path: req.url ?? "", body: body.toString("utf8") });
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  port = typeof address === "object" && address ? address.port : 0;
});

afterAll(async () => {
  await closeSentry();
  await new Promise((r) => server.close(r));
});

it("is off without a DSN", () => {
  expect(initSentry({ dsn: undefined, service: "test" })).toBe(false);
});

it("sends an error event scrubbed of emails, document text, fields and file names, with the user id hashed", async () => {
  expect(initSentry({ dsn: `http://publickey@127.0.0.1:${port}/42`, service: "worker" })).toBe(true);
  const userId = "6f7a1b2c-0000-4000-8000-00000000beef";
  Sentry.withScope((scope) => {
    // What careless reporting code might attach: all of it must be gone from what is sent.
    scope.setUser({ id: userId, email: "alice@example.com", username: "alice" });
    scope.setContext("document", { text: "ALICE SMITH P<GBRSMITH<<ALICE 1990-01-01", filename: "passport-alice.jpg" });
    scope.setExtra("fields", { surname: { value: "SMITH" } });
    scope.setExtra("note", "owner alice@example.com asked");
    reportError(new Error("Engine crashed while reading the upload of alice@example.com"), { jobId: "job-77", code: "ENGINE_FAILED" });
  });
  expect(await flushErrors(5_000)).toBe(true);

  const events = envelopes.filter((e) => e.path.startsWith("/api/42/envelope/") && e.body.includes('"type":"event"'));
  expect(events).toHaveLength(1);
  const body = events[0]?.body ?? "";
  for (const secret of ["alice@example.com", "ALICE SMITH", "SMITH", "1990-01-01", "passport-alice", userId, '"username"']) {
    expect(body).not.toContain(secret);
  }
  // The header line and the item header come first; the event is the last line.
  const event = JSON.parse(body.trim().split("\n").at(-1) ?? "{}") as {
    exception?: { values?: { type?: string; value?: string }[] };
    user?: { id?: string };
    tags?: Record<string, string>;
  };
  expect(event.exception?.values?.[0]).toMatchObject({ type: "Error", value: "Engine crashed while reading the upload of [email]" });
  expect(event.user).toEqual({ id: hashUserId(userId) });
  expect(event.tags).toMatchObject({ jobId: "job-77", code: "ENGINE_FAILED", service: "worker" });
});
