/**
 * PostgreSQL and Redis instances of the fault suite's own (Debian's binaries, on free ports, data
 * in a temporary directory), so the suite can stop and restart them without touching the shared
 * services other tests and developers use.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { freePort } from "@docvault/db/embedded";

const isRoot = process.getuid?.() === 0;

function pgBin(name: string): string {
  const versions = existsSync("/usr/lib/postgresql") ? readdirSync("/usr/lib/postgresql").sort() : [];
  const latest = versions.at(-1);
  if (!latest) throw new Error("PostgreSQL's server binaries are not installed (Debian: apt-get install postgresql).");
  return join("/usr/lib/postgresql", latest, "bin", name);
}

/** Runs a PostgreSQL binary; as root it runs as the postgres user, which the server requires. */
function pgRun(args: string[], what: string): void {
  const [cmd, ...rest] = args;
  const result = isRoot
    ? spawnSync("runuser", ["-u", "postgres", "--", cmd ?? "", ...rest], { encoding: "utf8" })
    : spawnSync(cmd ?? "", rest, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${what} failed: ${result.stderr || result.stdout}`);
}

export type TOwnPostgres = { url: string; stop(): void; start(): void; destroy(): void };

export async function startOwnPostgres(dir: string): Promise<TOwnPostgres> {
  const data = join(dir, "pgdata");
  mkdirSync(data, { recursive: true });
  if (isRoot) {
    chownSync(dir, uidOf("postgres"), gidOf("postgres"));
    chownSync(data, uidOf("postgres"), gidOf("postgres"));
  }
  const port = await freePort();
  pgRun([pgBin("initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"], "initdb");
  const log = join(dir, "postgres.log");
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c max_connections=200`;
  const start = () => pgRun([pgBin("pg_ctl"), "-D", data, "-o", options, "-l", log, "-w", "start"], "pg_ctl start");
  const stop = () => pgRun([pgBin("pg_ctl"), "-D", data, "-m", "fast", "-w", "stop"], "pg_ctl stop");
  start();
  const admin = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query("CREATE DATABASE docvault");
  await admin.end();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/docvault`,
    start,
    stop,
    destroy() {
      try {
        stop();
      } catch {
        // already stopped
      }
    },
  };
}

function uidOf(user: string): number {
  return Number(spawnSync("id", ["-u", user], { encoding: "utf8" }).stdout.trim());
}
function gidOf(user: string): number {
  return Number(spawnSync("id", ["-g", user], { encoding: "utf8" }).stdout.trim());
}

export type TOwnRedis = { url: string; stop(): Promise<void>; start(): Promise<void> };

export async function startOwnRedis(): Promise<TOwnRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction"], {
      stdio: "ignore",
    });
    for (let i = 0; i < 100; i++) {
      if (spawnSync("redis-cli", ["-p", String(port), "ping"], { encoding: "utf8" }).stdout.trim() === "PONG") return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("redis-server did not start");
  };
  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((done) => {
      running.once("exit", () => done());
      running.kill("SIGKILL");
    });
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, start, stop };
}
