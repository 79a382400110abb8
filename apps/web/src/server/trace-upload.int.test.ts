// One upload followed across processes: the upload runs here (the web side, spans in an in-memory
// exporter), the real worker process runs the job and exports its spans over OTLP/HTTP to a fake
// collector on 127.0.0.1. Both sides must carry one trace id: the job payload carries the context.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, expect, it } from "vitest";
import { inSpan, startTracing } from "@docvault/telemetry";

// Tracing first, so pg is patched when the services load it.
const webSpans = new InMemorySpanExporter();
const tracing = startTracing({ serviceName: "docvault-web", spanProcessors: [new SimpleSpanProcessor(webSpans)] });

// Imported here, not above: the set-up loads pg, which tracing must patch first.
const { createTestServices } = await import("./testing/test-services");
const { services, databaseUrl, redisUrl, prefix, storageDir, close } = await createTestServices("t");
const { acceptUpload } = await import("./accept-upload");
const { makeTextPdf } = await import("@docvault/core/testing");

type TOtlpSpan = { traceId: string; spanId: string; parentSpanId?: string; name: string };
type TOtlpBody = { resourceSpans?: { scopeSpans?: { spans?: TOtlpSpan[] }[] }[] };
const collected: TOtlpSpan[] = [];
let collector: Server;
let collectorUrl = "";
let worker: ChildProcess | undefined;

beforeAll(async () => {
  collector = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.url === "/v1/traces") {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as TOtlpBody;
        for (const rs of body.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) collected.push(...(ss.spans ?? []));
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
  const address = collector.address();
  collectorUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});

afterAll(async () => {
  worker?.kill("SIGKILL");
  await close();
  await tracing.shutdown();
  await new Promise((r) => collector.close(r));
});

it("finds one trace id in the upload's spans and the worker's spans", async () => {
  const svc = services();
  const ownerId = (await svc.db.user.create({ data: { email: `trace-${Date.now()}@example.test` } })).id;
  const pdf = await makeTextPdf([[`Traced invoice ${Date.now()}`]]);
  async function* body() {
    yield pdf;
  }
  // Stands for Next's request span, which wraps the route handler in production.
  const accepted = await inSpan("POST /api/upload", { "http.route": "/api/upload" }, () =>
    acceptUpload(svc, body(), { filename: "traced.pdf", declaredType: "application/pdf", ownerId }),
  );
  expect(accepted.status).toBe("accepted");
  const webRoot = webSpans.getFinishedSpans().find((s) => s.name === "POST /api/upload");
  const traceId = webRoot?.spanContext().traceId ?? "";
  expect(traceId).toMatch(/^[0-9a-f]{32}$/);
  // The web side's database work joined the request's trace (pg instrumentation).
  expect(webSpans.getFinishedSpans().some((s) => s.spanContext().traceId === traceId && s.name.startsWith("pg."))).toBe(true);

  worker = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: join(import.meta.dirname, "../../../worker"),
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      STORAGE_DIR: storageDir,
      LOG_LEVEL: "silent",
      OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl,
    },
    stdio: "ignore",
  });
  // A worker process starts (tsx, the engines) and reads one PDF: seconds on a quiet machine, but
  // over a minute was seen when the machine's two cores were shared with other suites.
  const deadline = Date.now() + 150_000;
  let status = "pending";
  while (status !== "completed" && status !== "failed" && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    status = (await svc.db.extractionJob.findUniqueOrThrow({ where: { id: accepted.jobId } })).status;
  }
  expect(status).toBe("completed");
  // SIGTERM: the worker finishes, flushes its spans to the collector and exits.
  const exited = new Promise((r) => worker?.once("exit", r));
  worker.kill("SIGTERM");
  await exited;

  const job = collected.find((s) => s.name === "extract job");
  expect(job?.traceId).toBe(traceId);
  const inTrace = collected.filter((s) => s.traceId === traceId).map((s) => s.name);
  expect(inTrace).toContain("engine pdf-text");
  expect(inTrace.some((name) => name.startsWith("pg."))).toBe(true);
}, 240_000);
