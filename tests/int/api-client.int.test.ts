// A script's whole path through @docvault/client, against the production build of the web app and
// the worker as separate processes on loopback (the benchmarks' stack), with the real PostgreSQL and Redis: a person makes
// an API token in their session, the script uploads a PDF it made, polls the job until done and
// reads the result. The served /api/openapi.json is valid OpenAPI 3.1 and gives exactly the
// client's committed types.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDocvaultClient, DocvaultError, type TDocvaultClient } from "@docvault/client";
import { schemaSource } from "@docvault/client/generate";
import { makeTextPdf } from "@docvault/core/testing";
import { ROOT, startBenchStack, type TBenchStack } from "../bench/support/bench-stack";
import { tokenFromSettings } from "../support/api-token";

describe("@docvault/client against the running app", () => {
  let stack: TBenchStack;
  let base: string;
  let token: string;
  let client: TDocvaultClient;

  beforeAll(async () => {
    // A database and Redis prefix of its own, `serve.ts` on the production build, one worker.
    stack = await startBenchStack({ backend: "redis", web: true, env: { AUTH_SECRET: randomBytes(32).toString("base64url") } });
    await stack.startWorkers(1);
    base = stack.webUrl ?? "";
    token = await tokenFromSettings(base, { email: "script-owner@example.test", password: "a long enough password", name: "Script" });
    client = createDocvaultClient({ baseUrl: base, token });
  }, 180_000);

  afterAll(() => stack.stop());

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
    const file = join(stack.home, "invoice 7.pdf");
    await writeFile(
      file,
      await makeTextPdf([["INVOICE", "Invoice number: EX-2026-7", "Invoice date: 2026-10-01", "Example Trading GmbH", "Total: 99.00 EUR"]]),
    );
    const example = join(ROOT, "packages/client/examples/read-document.ts");
    const run = spawnSync(process.execPath, ["--import", "tsx", example, file], {
      cwd: join(ROOT, "packages/client"),
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
