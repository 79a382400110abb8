/**
 * `pnpm test:load [--short] [--soak minutes [--rate uploads/s]]`: autocannon uploads documents (10 KB to 20 MB, every
 * one different) through the production build with 200 concurrent clients, while a worker reads
 * them. Passes when no answer is a 5xx and none is lost (documents in the database = uploads
 * accepted, every job finished); prints the accept latency percentiles. --soak runs a moderate load (--rate, 5 uploads/s)
 * for that many minutes and prints the web and worker memory over time, which must stay flat.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { createDb } from "@docvault/db";
import { percentile } from "../bench/bench-row";
import { startBenchStack } from "../bench/support/bench-stack";
import { uploadHeaders } from "../bench/support/bench-user";
import { treeRssMb } from "../bench/support/process-memory";
import { uniquePngMaker } from "../bench/support/unique-png";

const { values } = parseArgs({
  options: { short: { type: "boolean", default: false }, soak: { type: "string" }, rate: { type: "string" }, json: { type: "string" } },
});
const short = values.short ?? false;
const soakMinutes = values.soak === undefined ? 0 : Number(values.soak || 30);
/** Soak: uploads a second across all clients; moderate, well under what one worker process drains. */
const soakRate = Number(values.rate ?? 5);

const MB = 1024 * 1024;
/** Mostly receipts and small scans, some large PDFs' worth of bytes, a few at the 20 MB top. */
function sizeOf(serial: number, largest: number): number {
  if (serial % 100 === 7) return largest;
  if (serial % 20 === 3) return Math.min(largest, 2 * MB);
  return 10 * 1024 + ((serial * 7919) % (190 * 1024));
}

async function main() {
  const stack = await startBenchStack({ backend: "redis", web: true, env: { UPLOAD_RATE_PER_MINUTE: "100000000", MAX_FILE_BYTES: String(25 * MB) } });
  const db = createDb(stack.databaseUrl);
  let failed = false;
  try {
    const workers = await stack.startWorkers(1, { WORKER_ENGINE: "stub", WORKER_CONCURRENCY: "16" });
    const auth = await uploadHeaders(stack.databaseUrl);
    const makePng = await uniquePngMaker();
    const soak = soakMinutes > 0;
    const total = soak ? 0 : short ? 200 : 2000;
    const connections = soak ? 20 : short ? 50 : 200;
    const largest = short ? 5 * MB : 20 * MB;
    let next = 0;
    const times: number[] = [];
    const statuses = new Map<number, number>();
    const memory: { minute: number; webMb: number; workerMb: number }[] = [];
    const started = Date.now();
    const sampler = setInterval(
      () => {
        memory.push({ minute: (Date.now() - started) / 60_000, webMb: treeRssMb(stack.webPid ?? 0), workerMb: treeRssMb(workers[0]?.pid ?? 0) });
      },
      soak ? 30_000 : 2_000,
    );
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: `${stack.webUrl}/api/upload`,
          connections,
          ...(soak ? { duration: soakMinutes * 60, overallRate: soakRate } : { amount: total }),
          timeout: 120,
          requests: [
            {
              method: "POST",
              setupRequest: (request) => {
                const i = next++;
                // Every upload different bytes, so each is a new document and a new job.
                const body = makePng(i, sizeOf(i, soak ? 200 * 1024 : largest));
                return {
                  ...request,
                  body,
                  headers: { ...request.headers, ...auth, "content-type": "image/png", "x-filename": `load-${i}.png` },
                };
              },
            },
          ],
        },
        (error, done) => (error ? reject(error) : resolve(done)),
      );
      instance.on("response", (_client, statusCode, _bytes, responseTime) => {
        times.push(responseTime);
        statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
      });
    });
    clearInterval(sampler);
    const accepted = (statuses.get(202) ?? 0) + (statuses.get(200) ?? 0);
    const serverErrors = [...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
    // Every accepted upload is a document; then every job finishes.
    const deadline = Date.now() + 300_000;
    let open = -1;
    while (Date.now() < deadline) {
      open = await db.extractionJob.count({ where: { status: { in: ["pending", "processing"] } } });
      if (open === 0) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const documents = await db.document.count();
    const completed = await db.extractionJob.count({ where: { status: "completed" } });
    const lost = accepted - documents;
    const summary = {
      mode: soak ? `soak ${soakMinutes} min at ${soakRate} uploads/s` : short ? "short" : "full",
      clients: connections,
      requests: result.requests.total,
      accepted,
      statuses: Object.fromEntries(statuses),
      serverErrors,
      errors: result.errors,
      timeouts: result.timeouts,
      documents,
      completed,
      lost,
      stillOpen: open,
      acceptMs: { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99) },
      memory,
    };
    console.log(`\n=== load (${summary.mode})`);
    console.log(
      `clients ${connections}, requests ${summary.requests}, accepted ${accepted}, 5xx ${serverErrors}, connection errors ${result.errors}, timeouts ${result.timeouts}`,
    );
    console.log(`documents in the database ${documents}, jobs completed ${completed}, still open ${open}, lost ${lost}`);
    console.log(
      `accept latency p50 ${Math.round(summary.acceptMs.p50)} ms, p95 ${Math.round(summary.acceptMs.p95)} ms, p99 ${Math.round(summary.acceptMs.p99)} ms`,
    );
    if (memory.length) {
      const first = memory[0];
      const last = memory.at(-1);
      console.log(
        `memory (RSS MB) web ${first?.webMb.toFixed(0)} -> ${last?.webMb.toFixed(0)} (max ${Math.max(...memory.map((m) => m.webMb)).toFixed(0)}), worker ${first?.workerMb.toFixed(0)} -> ${last?.workerMb.toFixed(0)} (max ${Math.max(...memory.map((m) => m.workerMb)).toFixed(0)})`,
      );
    }
    failed = serverErrors > 0 || lost !== 0 || open !== 0 || result.errors > 0 || (!soak && accepted !== total);
    if (soak && memory.length >= 4) {
      // Flat: the last quarter's average RSS within 15% of the second quarter's (after warm-up), web and worker.
      const quarter = Math.floor(memory.length / 4);
      for (const key of ["webMb", "workerMb"] as const) {
        const avg = (xs: typeof memory) => xs.reduce((n, m) => n + m[key], 0) / xs.length;
        const early = avg(memory.slice(quarter, 2 * quarter));
        const late = avg(memory.slice(3 * quarter));
        const flat = late <= early * 1.15;
        console.log(
          `${key === "webMb" ? "web" : "worker"} memory: second quarter ${early.toFixed(0)} MB, last quarter ${late.toFixed(0)} MB: ${flat ? "flat" : "GROWING"}`,
        );
        if (!flat) failed = true;
      }
    }
    console.log(failed ? "BROKEN" : "holds");
    if (values.json) writeFileSync(values.json, JSON.stringify(summary, null, 2));
  } finally {
    await db.$disconnect();
    await stack.stop();
  }
  process.exit(failed ? 1 : 0);
}

await main();
