// A script's whole path through @docvault/client, against the production build of the web app and
// the worker as separate processes on loopback, with the real PostgreSQL and Redis: a person makes
// an API token in their session, the script uploads a PDF it made, polls the job until done and
// reads the result. The served /api/openapi.json is valid OpenAPI 3.1 and gives exactly the
// client's committed types.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDocvaultClient, DocvaultError, type TDocvaultClient } from "@docvault/client";
import { schemaSource } from "@docvault/client/generate";
import { makeTextPdf } from "@docvault/core/testing";
import { deleteKeysWithPrefix } from "@docvault/queue";
import type {} from "@docvault/db/testing/global-setup";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once("exit", () => done());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
  });
}

/** A person signs up and in (the browser's CSRF dance), then makes a read-and-write API token in their session. */
async function tokenFromSettings(base: string): Promise<string> {
  const page = await fetch(`${base}/sign-up`);
  const csrf = /docvault-csrf=([^;]+)/.exec(page.headers.getSetCookie().join("; "))?.[1] ?? "";
  const headers = { "content-type": "application/json", origin: base, cookie: `docvault-csrf=${csrf}`, "x-csrf-token": csrf };
  const credentials = { email: "script-owner@example.test", password: "a long enough password" };
  expect((await fetch(`${base}/api/auth/sign-up/email`, { method: "POST", headers, body: JSON.stringify({ ...credentials, name: "Script" }) })).status).toBe(200);
  const signedIn = await fetch(`${base}/api/auth/sign-in/email`, { method: "POST", headers, body: JSON.stringify(credentials) });
  expect(signedIn.status).toBe(200);
  const cookie = `docvault-csrf=${csrf}; ${signedIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ")}`;
  const created = await fetch(`${base}/api/trpc/account.tokens.create`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, "x-csrf-token": csrf },
    body: JSON.stringify({ json: { name: "nightly import", scopes: ["documents:read", "documents:write"] } }),
  });
  expect(created.status).toBe(200);
  return ((await created.json()) as { result: { data: { json: { token: string } } } }).result.data.json.token;
}

describe("@docvault/client against the running app", () => {
  const prefix = `${inject("queuePrefix")}c`;
  const children: ChildProcess[] = [];
  let output = "";
  let home: string;
  let base: string;
  let client: TDocvaultClient;
  let token: string;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "dv-client-"));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: inject("databaseUrl"),
      REDIS_URL: inject("redisUrl"),
      QUEUE_PREFIX: prefix,
      DOCVAULT_HOME: home,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    };
    // vitest's "test" would put Next and the worker in a mode no user runs.
    delete env.NODE_ENV;
    const web = spawn(process.execPath, ["--import", "tsx", join(root, "apps/web/src/serve.ts"), "-p", String(port), "-H", "127.0.0.1"], { cwd: join(root, "apps/web"), env });
    const worker = spawn(process.execPath, ["--import", "tsx", join(root, "apps/worker/src/main.ts")], { cwd: join(root, "apps/worker"), env });
    for (const child of [web, worker]) {
      children.push(child);
      child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    }
    const deadline = Date.now() + 120_000;
    while (!(await fetch(`${base}/api/openapi.json`).then((r) => r.ok, () => false))) {
      if (Date.now() > deadline || web.exitCode !== null) throw new Error(`the web app did not answer\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    token = await tokenFromSettings(base);
    client = createDocvaultClient({ baseUrl: base, token });
  }, 180_000);

  afterAll(async () => {
    await Promise.all(children.map(stop));
    await deleteKeysWithPrefix(inject("redisUrl"), prefix);
    await rm(home, { recursive: true, force: true });
  });

  it("serves /api/openapi.json as valid OpenAPI 3.1 that gives the client's committed types", async () => {
    const response = await fetch(`${base}/api/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toMatch(/public/);
    const document = (await response.json()) as Record<string, unknown>;
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(validator.version).toBe("3.1");
    const committed = join(dirname(createRequire(import.meta.url).resolve("@docvault/client/generate")), "generated/schema.d.ts");
    expect(await schemaSource(document), "regenerate: see apps/web/src/server/openapi/client-schema.test.ts").toBe(await readFile(committed, "utf8"));
  });

  it("uploads a PDF, polls its job until done and fetches the result with its fields", async () => {
    const { data: me } = await client.api.GET("/api/v1/me");
    expect(me).toMatchObject({ email: "script-owner@example.test", via: "token", scopes: ["documents:read", "documents:write"] });

    const pdf = await makeTextPdf([["INVOICE", "Invoice number: INV-4711", "Invoice date: 2026-11-03", "Acme Supplies Ltd", "Total: 13.50 EUR"]]);
    const accepted = await client.upload(pdf, "invoice 4711.pdf");
    expect(accepted).toMatchObject({ status: "accepted", jobStatus: "pending" });

    const result = await client.waitForResult(accepted.jobId, { intervalMs: 250, timeoutMs: 90_000 });
    expect(result.documentId).toBe(accepted.documentId);
    expect(result.text).toContain("INV-4711");
    expect(result.engines.length).toBeGreaterThan(0);
    expect(result.documentType).toBe("invoice");
    const field = (name: string) => result.fields.find((f) => f.name === name);
    expect(field("invoiceNumber")).toMatchObject({ value: "INV-4711", required: true, correction: null });
    expect(field("date")?.value).toBe("2026-11-03");
    expect(field("total")?.value).toBe("13.50");
    for (const { confidence } of result.fields) expect(confidence >= 0 && confidence <= 1).toBe(true);
    // Where it was read: a page and a box on it, for a field that has a value.
    expect(field("invoiceNumber")?.source).toMatchObject({ page: 0, bbox: { x0: expect.any(Number), y0: expect.any(Number) } });
    const job = await client.getJob(accepted.jobId);
    expect(job).toMatchObject({ status: "completed", step: "done", documentId: accepted.documentId });
    expect(job.extractionId).toBe(result.extractionId);

    // The same bytes again: known, nothing new to read.
    expect(await client.upload(pdf, "again.pdf")).toMatchObject({ status: "known", documentId: accepted.documentId });
    const { data: found } = await client.api.GET("/api/v1/search", { params: { query: { q: "INV-4711" } } });
    expect(found?.items.map((hit) => hit.documentId)).toContain(accepted.documentId);
  });

  it("runs the README's example script (packages/client/examples/read-document.ts) to the fields", async () => {
    const file = join(home, "invoice 7.pdf");
    await writeFile(file, await makeTextPdf([["INVOICE", "Invoice number: EX-2026-7", "Invoice date: 2026-10-01", "Example Trading GmbH", "Total: 99.00 EUR"]]));
    const example = join(root, "packages/client/examples/read-document.ts");
    const run = spawnSync(process.execPath, ["--import", "tsx", example, file], {
      cwd: join(root, "packages/client"),
      env: { ...process.env, DOCVAULT_URL: base, DOCVAULT_TOKEN: token },
      encoding: "utf8",
      timeout: 90_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^accepted: document [0-9a-f-]{36}, job [0-9a-f-]{36}/);
    const printed = JSON.parse(run.stdout) as { type: string; fields: Record<string, { value: unknown; confidence: number }> };
    expect(printed.type).toBe("invoice");
    expect(printed.fields.invoiceNumber?.value).toBe("EX-2026-7");
  });

  it("turns the server's problems into DocvaultError with their code and status", async () => {
    const missing = await client.getResult("00000000-0000-4000-8000-000000000000").catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(DocvaultError);
    expect(missing).toMatchObject({ code: "NOT_FOUND", status: 404 });
    const stranger = createDocvaultClient({ baseUrl: base, token: "dvt_not-a-real-token" });
    await expect(stranger.upload(new Uint8Array([1, 2, 3]), "x.pdf")).rejects.toMatchObject({ code: "UNAUTHORIZED", status: 401 });
  });
});
