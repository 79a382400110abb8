/**
 * The real app for benchmarks: a fresh database (a `dv_test_*` database on the local PostgreSQL,
 * or embedded PGlite), Redis under a key prefix of its own (or BullMQ's PostgreSQL backend), the
 * production build of the web app (`next start`) and any number of worker processes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { stopChild } from "@docvault/core/node";
import { freePort, startEmbeddedPostgres } from "@docvault/db/embedded";
import { migrate } from "@docvault/db/migrate";
import { createTestDatabase, DEFAULT_TEST_DATABASE_URL } from "@docvault/db/testing";
import { deleteKeysWithPrefix } from "@docvault/queue";

export const ROOT = resolve(fileURLToPath(new URL("../../..", import.meta.url)));
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export type TBackend = "redis" | "embedded";

export type TBenchStack = {
  databaseUrl: string;
  /** Set on the redis backend. */
  redisUrl: string | undefined;
  prefix: string;
  home: string;
  env: NodeJS.ProcessEnv;
  /** The web app's base URL, when started with `web: true`. */
  webUrl: string | undefined;
  webPid: number | undefined;
  startWorkers(count: number, extraEnv?: NodeJS.ProcessEnv): Promise<ChildProcess[]>;
  stopWorkers(): Promise<void>;
  stop(): Promise<void>;
};

export async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`a process exited (${child.exitCode}) before answering`);
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** The web build must exist; `pnpm bench` builds it when it is missing. */
export function ensureWebBuild(): void {
  if (!existsSync(join(ROOT, "apps/web/.next/BUILD_ID"))) {
    throw new Error("apps/web has no production build: run `pnpm build` first (pnpm bench does it for you)");
  }
}

/**
 * `through`: the DATABASE_URL the processes get for the run's database (PgBouncer in front of it,
 * say); the direct URL is then their DATABASE_DIRECT_URL.
 */
export async function startBenchStack(opts: {
  backend: TBackend;
  web?: boolean;
  env?: NodeJS.ProcessEnv;
  through?: (databaseUrl: string) => string;
}): Promise<TBenchStack> {
  const home = await mkdtemp(join(tmpdir(), "dv-bench-"));
  const prefix = `dvbench-${randomBytes(4).toString("hex")}`;
  let dropDatabase: () => Promise<void>;
  let databaseUrl: string;
  if (opts.backend === "embedded") {
    const embedded = await startEmbeddedPostgres({ dataDir: join(home, "pgdata") });
    databaseUrl = embedded.url;
    await migrate(databaseUrl);
    dropDatabase = () => embedded.stop();
  } else {
    const db = await createTestDatabase(process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL);
    databaseUrl = db.url;
    dropDatabase = () => db.drop();
  }
  const redisUrl = opts.backend === "redis" ? REDIS_URL : undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: opts.through ? opts.through(databaseUrl) : databaseUrl,
    ...(opts.through ? { DATABASE_DIRECT_URL: databaseUrl } : {}),
    REDIS_URL: redisUrl ?? "",
    QUEUE_PREFIX: prefix,
    DOCVAULT_HOME: home,
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: "warn",
    NODE_ENV: "production",
    AUTH_SECRET: "docvault-benchmark-secret-0123456789abcdef",
    ...opts.env,
  };
  const children: ChildProcess[] = [];
  let workers: ChildProcess[] = [];
  // BENCH_CPU_PROF=<dir>: the web and worker processes write V8 CPU profiles there when they exit
  // (what bounds a figure; Node refuses --cpu-prof in NODE_OPTIONS).
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  let webUrl: string | undefined;
  let webPid: number | undefined;
  if (opts.web) {
    ensureWebBuild();
    const port = await freePort();
    const web = join(ROOT, "apps/web");
    const child = spawn(process.execPath, [...profile, "--import", "tsx", join(web, "src/serve.ts"), "-p", String(port), "-H", "127.0.0.1"], {
      cwd: web,
      env,
      stdio: ["ignore", "inherit", "inherit"],
    });
    children.push(child);
    webUrl = `http://127.0.0.1:${port}`;
    webPid = child.pid;
    await waitForHttp(`${webUrl}/`, child, 60_000);
  }
  const stack: TBenchStack = {
    databaseUrl,
    redisUrl,
    prefix,
    home,
    env,
    webUrl,
    webPid,
    async startWorkers(count, extraEnv = {}) {
      const started = await Promise.all(
        Array.from({ length: count }, async () => {
          const healthPort = await freePort();
          const child = spawn(process.execPath, [...profile, "--import", "tsx", join(ROOT, "apps/worker/src/main.ts")], {
            cwd: join(ROOT, "apps/worker"),
            env: { ...env, WORKER_HEALTH_PORT: String(healthPort), ...extraEnv },
            stdio: ["ignore", "inherit", "inherit"],
          });
          workers.push(child);
          // Ready when its health endpoint answers: the queue connection is up by then.
          await waitForHttp(`http://127.0.0.1:${healthPort}/healthz`, child, 60_000);
          return child;
        }),
      );
      return started;
    },
    async stopWorkers() {
      await Promise.all(workers.map(stopChild));
      workers = [];
    },
    async stop() {
      await stack.stopWorkers();
      await Promise.all(children.map(stopChild));
      await dropDatabase().catch((error: unknown) => console.error("could not drop the bench database", error));
      if (redisUrl) await deleteKeysWithPrefix(redisUrl, prefix).catch(() => undefined);
      await rm(home, { recursive: true, force: true });
    },
  };
  return stack;
}
