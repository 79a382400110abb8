/**
 * capacity: what one document costs each part of the system, measured, for the README's capacity
 * model (issue 21 part 8). The production web server and one worker (stub engine, so the engine's
 * own cost is measured apart) reach PostgreSQL through a real PgBouncer, whose SHOW STATS counts every
 * statement, transaction and byte; Redis's INFO commandstats counts its commands; /proc gives each
 * process's CPU time. Then the engine's CPU per receipt page (PP-OCR, structuring, the second reading
 * when unsure) in this process, and, as ceilings in the same run, what this machine's PostgreSQL
 * (pgbench) and Redis (redis-benchmark) sustain. Each row says how many documents a second one unit
 * of that part carries; the README turns them into replicas per day's volume. Quiet machine only:
 * Redis's counters are server-wide.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { configureLocalOcr, stopLocalOcr } from "@docvault/core/engines";
import { analyzeDocument } from "@docvault/core/pipeline";
import { renderTextImage } from "@docvault/core/testing";
import { createDb } from "@docvault/db";
import { DEFAULT_TEST_DATABASE_URL } from "@docvault/db/testing";
import { createRedis } from "@docvault/queue";
import { startPgBouncer } from "../support/pgbouncer";
import { row, type TBenchOptions, type TBenchRow } from "./bench-row";
import { uploadMany, waitForJobs } from "./pipeline";
import { startBenchStack } from "./support/bench-stack";
import { treeCpuSeconds } from "./support/process-memory";

const BASE_URL = process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

type TPgCounts = { queries: number; transactions: number; bytes: number };

async function redisCommands(): Promise<number> {
  const redis = createRedis(REDIS_URL);
  try {
    const info = await redis.info("commandstats");
    return [...info.matchAll(/calls=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
  } finally {
    redis.disconnect();
  }
}

/** pgbench's TPC-B-like load without the contended branch/teller updates (-N), 8 clients, on a database of its own. */
function pgbenchTps(seconds: number): number {
  const name = `dv_pgbench_${randomBytes(4).toString("hex")}`;
  const admin = new URL(BASE_URL);
  const args = ["-h", admin.hostname, "-p", admin.port || "5432", "-U", decodeURIComponent(admin.username) || "postgres"];
  execFileSync("createdb", [...args, name]);
  try {
    execFileSync("pgbench", [...args, "-i", "-s", "4", "-q", name], { stdio: "ignore" });
    const out = execFileSync("pgbench", [...args, "-N", "-c", "8", "-j", "2", "-T", String(seconds), name], { encoding: "utf8" });
    return Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? 0);
  } finally {
    execFileSync("dropdb", [...args, "--force", name]);
  }
}

/** redis-benchmark's SET and LPUSH (what BullMQ's commands are made of), 50 clients: requests per second, the lower. */
function redisOpsPerSecond(requests: number): number {
  const url = new URL(REDIS_URL);
  const out = execFileSync("redis-benchmark", ["-h", url.hostname, "-p", url.port || "6379", "-q", "-n", String(requests), "-c", "50", "-t", "set,lpush"], {
    encoding: "utf8",
  });
  const rates = [...out.matchAll(/([\d.]+) requests per second/g)].map((m) => Number(m[1]));
  return Math.min(...rates);
}

function receiptImages(corpus: string, count: number): Promise<Buffer[]> | Buffer[] {
  const dir = join(corpus, "receipts");
  if (existsSync(dir)) {
    return readdirSync(dir)
      .filter((f) => f.endsWith(".jpg"))
      .sort()
      .slice(0, count)
      .map((f) => readFileSync(join(dir, f)));
  }
  return Promise.all(Array.from({ length: count }, (_, i) => renderTextImage([`SHOP ${i}`, "ITEM 12.50", "TOTAL 12.50"], { format: "jpeg" })));
}

export async function capacityBench(options: TBenchOptions): Promise<TBenchRow[]> {
  const docs = options.smoke ? 20 : 300;
  const bouncer = await startPgBouncer({ upstream: BASE_URL, poolSize: 20 });
  const stack = await startBenchStack({ backend: "redis", web: true, through: (url) => bouncer.through(url), env: { UPLOAD_RATE_PER_MINUTE: "100000000" } });
  const database = new URL(stack.databaseUrl).pathname.slice(1);
  const pgCounts = async (): Promise<TPgCounts> => {
    const stats = (await bouncer.show("SHOW STATS")).find((r) => r.database === database) ?? {};
    return {
      queries: Number(stats.total_query_count ?? 0),
      transactions: Number(stats.total_xact_count ?? 0),
      bytes: Number(stats.total_received ?? 0) + Number(stats.total_sent ?? 0),
    };
  };
  const db = createDb(stack.databaseUrl, { max: 2 });
  let perDoc: { queries: number; transactions: number; kb: number; redis: number; webMs: number; workerMs: number };
  try {
    const [worker] = await stack.startWorkers(1, { WORKER_ENGINE: "stub", WORKER_CONCURRENCY: "8" });
    const cpu = () => ({ web: treeCpuSeconds(stack.webPid ?? 0), worker: treeCpuSeconds(worker?.pid ?? 0) });
    await waitForJobs(db, await uploadMany(stack, 20, 0)); // warm-up: routes compiled, pools open
    const [pg0, redis0, cpu0] = [await pgCounts(), await redisCommands(), cpu()];
    await waitForJobs(db, await uploadMany(stack, docs, 1_000));
    // The worker's last writes (progress, outbox) settle a moment after the job row says completed.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const [pg1, redis1, cpu1] = [await pgCounts(), await redisCommands(), cpu()];
    perDoc = {
      queries: (pg1.queries - pg0.queries) / docs,
      transactions: (pg1.transactions - pg0.transactions) / docs,
      kb: (pg1.bytes - pg0.bytes) / docs / 1024,
      redis: (redis1 - redis0 - 1) / docs,
      webMs: ((cpu1.web - cpu0.web) * 1000) / docs,
      workerMs: ((cpu1.worker - cpu0.worker) * 1000) / docs,
    };
  } finally {
    await db.$disconnect();
    await stack.stop();
    await bouncer.stop();
  }

  // The engine's own cost: receipts read one after another on one thread, CPU time per page.
  const images = await receiptImages(options.corpus, options.smoke ? 1 : 8);
  configureLocalOcr({ threads: 1 });
  await analyzeDocument({ bytes: images[0] ?? Buffer.alloc(0), type: "image/jpeg" }); // models load
  const before = process.cpuUsage();
  for (const bytes of images) await analyzeDocument({ bytes, type: "image/jpeg" });
  const used = process.cpuUsage(before);
  await stopLocalOcr();
  const engineMsPerPage = (used.user + used.system) / 1000 / images.length;

  const tps = pgbenchTps(options.smoke ? 2 : 15);
  const redisOps = redisOpsPerSecond(options.smoke ? 5_000 : 200_000);
  const costs = `${perDoc.queries.toFixed(1)} SQL statements in ${perDoc.transactions.toFixed(1)} transactions, ${perDoc.kb.toFixed(1)} KB to and from PostgreSQL, ${perDoc.redis.toFixed(0)} Redis commands, web ${perDoc.webMs.toFixed(1)} ms CPU, worker ${perDoc.workerMs.toFixed(1)} ms CPU around the engine`;
  return [
    row({
      bench: "capacity",
      figure: "per document (upload to stored result, stub engine, via PgBouncer)",
      value: perDoc.queries,
      unit: "SQL stmts",
      note: costs,
    }),
    row({
      bench: "capacity",
      figure: "documents/s one PostgreSQL node carries",
      value: tps / perDoc.transactions,
      unit: "docs/s",
      ceiling: { label: "pgbench -N, 8 clients (tps)", value: tps },
      note: `this machine's PostgreSQL: ${tps.toFixed(0)} pgbench transactions/s over ${perDoc.transactions.toFixed(1)} transactions per document`,
    }),
    row({
      bench: "capacity",
      figure: "documents/s one Redis carries",
      value: redisOps / perDoc.redis,
      unit: "docs/s",
      ceiling: { label: "redis-benchmark SET/LPUSH, 50 clients (ops/s)", value: redisOps },
      note: `${perDoc.redis.toFixed(0)} Redis commands per document`,
    }),
    row({
      bench: "capacity",
      figure: "uploads/s one web CPU core accepts",
      value: 1000 / perDoc.webMs,
      unit: "docs/s",
      note: `${perDoc.webMs.toFixed(1)} ms CPU per upload`,
    }),
    row({
      bench: "capacity",
      figure: "documents/s one worker core carries around the engine",
      value: 1000 / perDoc.workerMs,
      unit: "docs/s",
      note: `${perDoc.workerMs.toFixed(1)} ms CPU per document (claim, progress, result, cache, stub engine)`,
    }),
    row({
      bench: "capacity",
      figure: "receipt pages/s one worker core reads (PP-OCR, structuring)",
      value: 1000 / engineMsPerPage,
      unit: "pages/s",
      note: `${engineMsPerPage.toFixed(0)} ms CPU per page, ${images.length} ${existsSync(join(options.corpus, "receipts")) ? "corpus" : "rendered"} receipts on one thread`,
    }),
  ];
}
