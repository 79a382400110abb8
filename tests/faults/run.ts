/**
 * `pnpm test:faults [--short]`: real processes on this machine (the production web build, worker
 * processes, a PostgreSQL and a Redis of the suite's own), one fault each, while a client keeps
 * uploading as the app does (sending again after a 503's Retry-After). After each fault every
 * accepted upload must end completed or failed with its reason, exactly once, with one extraction
 * per completed job, no file without a document, nothing left processing, and no 5xx without
 * Retry-After. Prints one table; exits 1 when a fault breaks the promise.
 */
import { spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startFakeMistral, type TFakeMistral } from "@docvault/core/testing/fake-mistral";
import { migrate } from "@docvault/db/migrate";
import { uploadHeaders } from "../bench/support/bench-user";
import { startApp } from "./support/app";
import { settleAndCheck, type TOutcome } from "./support/checks";
import { startOwnPostgres, startOwnRedis } from "./support/own-services";
import { startUploader } from "./support/uploader";

const { values } = parseArgs({ options: { short: { type: "boolean", default: false }, json: { type: "string" }, only: { type: "string" } } });
const short = values.short ?? false;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type TFaultContext = {
  webUrl: string;
  startWorker(extra?: NodeJS.ProcessEnv): Promise<ChildProcess>;
  postgres: Awaited<ReturnType<typeof startOwnPostgres>>;
  redis: Awaited<ReturnType<typeof startOwnRedis>>;
  storageDir: string;
  mistral: TFakeMistral;
};

type TFault = {
  name: string;
  /** Extra worker environment for this fault. */
  workerEnv?: NodeJS.ProcessEnv;
  uploads: number;
  /** Runs while the uploads go on; resolves once the fault is over. */
  inject(ctx: TFaultContext, firstWorker: ChildProcess): Promise<void>;
  /** A dependency is down during this fault: the web app must have answered 503 + Retry-After. */
  expectUnavailable?: boolean;
  /** Only an optional dependency fails: every job must complete, some with the local reading and its reason. */
  expectAllCompletedKeptLocal?: boolean;
};

const faults: TFault[] = [
  {
    name: "kill -9 of a worker mid-job",
    workerEnv: { DOCVAULT_TEST_STEP_DELAY_MS: "400" },
    uploads: short ? 8 : 30,
    async inject(ctx, worker) {
      await sleep(2500);
      worker.kill("SIGKILL");
      await sleep(1000);
      await ctx.startWorker({ DOCVAULT_TEST_STEP_DELAY_MS: "400" });
    },
  },
  {
    name: "Redis restarted mid-run",
    uploads: short ? 10 : 40,
    async inject(ctx) {
      await sleep(1500);
      await ctx.redis.stop();
      await sleep(3000);
      await ctx.redis.start();
    },
  },
  {
    name: `PostgreSQL stopped for ${short ? 5 : 10} s`,
    uploads: short ? 10 : 40,
    expectUnavailable: true,
    async inject(ctx) {
      await sleep(1500);
      ctx.postgres.stop();
      await sleep(short ? 5000 : 10_000);
      ctx.postgres.start();
    },
  },
  {
    name: "storage writes failing",
    uploads: short ? 10 : 40,
    expectUnavailable: true,
    async inject(ctx) {
      await sleep(1500);
      const tmp = join(ctx.storageDir, "tmp");
      mkdirSync(tmp, { recursive: true });
      // As root, permissions do not stop writes: the immutable flag does (ext4, xfs).
      const root = process.getuid?.() === 0;
      spawnSync(root ? "chattr" : "chmod", root ? ["+i", tmp] : ["500", tmp]);
      await sleep(short ? 4000 : 8000);
      spawnSync(root ? "chattr" : "chmod", root ? ["-i", tmp] : ["700", tmp]);
    },
  },
  {
    name: `Mistral answering 500s and timeouts for ${short ? 10 : 60} s`,
    workerEnv: { MISTRAL_API_KEY: "test-key", MISTRAL_TIMEOUT_MS: "2000", MISTRAL_RETRIES: "0", MISTRAL_CONCURRENCY: "8", MISTRAL_RATE_MAX: "1000" },
    uploads: short ? 8 : 30,
    expectAllCompletedKeptLocal: true,
    async inject(ctx) {
      ctx.mistral.setBehaviour("ocr", { kind: "error", status: 500 }, { kind: "hang" }, { kind: "error", status: 503 }, { kind: "hang" });
      ctx.mistral.setBehaviour("chat", { kind: "error", status: 500 });
      await sleep(short ? 10_000 : 60_000);
      ctx.mistral.setBehaviour("ocr", { kind: "ok" });
      ctx.mistral.setBehaviour("chat", { kind: "ok" });
    },
  },
];

type TRow = TOutcome & { fault: string; unavailable: number; seconds: number };

async function runFault(fault: TFault, serial: number): Promise<TRow> {
  const started = Date.now();
  const dir = await mkdtemp(join(tmpdir(), "dv-fault-"));
  const postgres = await startOwnPostgres(dir);
  const redis = await startOwnRedis();
  const mistral = await startFakeMistral();
  const home = join(dir, "home");
  const storageDir = join(home, "files");
  await migrate(postgres.url);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    AUTH_SECRET: "docvault-fault-suite-secret-0123456789abcdef",
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: "dvfault",
    DOCVAULT_HOME: home,
    LOG_LEVEL: "error",
    NEXT_TELEMETRY_DISABLED: "1",
    UPLOAD_RATE_PER_MINUTE: "100000",
    WORKER_ENGINE: "stub",
    WORKER_CONCURRENCY: "4",
    // A dead worker's job is taken back within seconds, the outbox sweeps often.
    WORKER_LOCK_DURATION_MS: "4000",
    WORKER_STALLED_INTERVAL_MS: "2000",
    OUTBOX_SWEEP_MS: "1000",
    OUTBOX_STALE_MS: "3000",
    MISTRAL_SERVER_URL: mistral.url,
  };
  const app = await startApp(env);
  try {
    const ctx: TFaultContext = {
      webUrl: app.webUrl,
      startWorker: (extra = {}) => app.startWorker({ ...fault.workerEnv, ...extra }),
      postgres,
      redis,
      storageDir,
      mistral,
    };
    const worker = await ctx.startWorker();
    const uploader = startUploader({
      webUrl: app.webUrl,
      headers: await uploadHeaders(postgres.url),
      count: fault.uploads,
      intervalMs: 250,
      firstSerial: serial * 1000,
    });
    await fault.inject(ctx, worker);
    const log = await uploader.done;
    const outcome = await settleAndCheck({ databaseUrl: postgres.url, storageDir, log, timeoutMs: short ? 90_000 : 180_000 });
    if (log.otherServerErrors.length) outcome.problems.push(...app.webErrors.map((line) => `web: ${line}`));
    if (fault.expectUnavailable && log.unavailableWithRetryAfter === 0) {
      outcome.problems.push("no 503 with Retry-After while the dependency was down");
    }
    if (fault.expectAllCompletedKeptLocal) {
      if (outcome.completed !== outcome.accepted)
        outcome.problems.push(
          `${outcome.accepted - outcome.completed} of ${outcome.accepted} jobs did not complete while only Mistral was down (${outcome.failedReasons.join("; ") || "no reason"})`,
        );
      // In the long run (60 s down) some job surely spends its three attempts in the outage; in the short one, its
      // last attempt may already meet a Mistral that is back.
      if (!short && outcome.keptLocal === 0) outcome.problems.push("no job records that it kept the local reading while Mistral was down");
    }
    return { fault: fault.name, ...outcome, unavailable: log.unavailableWithRetryAfter, seconds: Math.round((Date.now() - started) / 1000) };
  } finally {
    await app.stop();
    await mistral.close();
    await redis.stop();
    postgres.destroy();
    spawnSync("chattr", ["-i", join(storageDir, "tmp")]);
    rmSync(dir, { recursive: true, force: true });
  }
}

const selected = values.only ? faults.filter((f) => f.name.toLowerCase().includes((values.only ?? "").toLowerCase())) : faults;
const rows: TRow[] = [];
for (const [i, fault] of selected.entries()) {
  console.log(`\n=== fault: ${fault.name}`);
  try {
    rows.push(await runFault(fault, i + 1));
  } catch (error) {
    rows.push({
      fault: fault.name,
      accepted: 0,
      completed: 0,
      failedWithReason: 0,
      failedReasons: [],
      keptLocal: 0,
      lost: 0,
      unavailable: 0,
      seconds: 0,
      problems: [`the run broke: ${error instanceof Error ? error.stack : String(error)}`],
    });
  }
  const last = rows.at(-1);
  console.log(last?.problems.length ? `problems:\n  ${last.problems.join("\n  ")}` : "holds");
}

const header = ["fault", "accepted", "completed", "kept local (reason)", "failed (reason)", "lost", "503 + Retry-After", "s", "result"];
const lines = rows.map((r) => [
  r.fault,
  String(r.accepted),
  String(r.completed),
  String(r.keptLocal),
  String(r.failedWithReason),
  String(r.lost),
  String(r.unavailable),
  String(r.seconds),
  r.problems.length ? "BROKEN" : "holds",
]);
const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
const render = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ");
console.log(`\n=== faults${short ? " (short)" : ""}\n${render(header)}\n${render(widths.map((w) => "-".repeat(w)))}\n${lines.map(render).join("\n")}`);
if (values.json) writeFileSync(values.json, JSON.stringify({ short, rows }, null, 2));
process.exit(rows.some((r) => r.problems.length) ? 1 : 0);
