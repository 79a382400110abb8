// A real PgBouncer (Debian's package) on a loopback port of its own in front of the tests'
// PostgreSQL, started through deploy/pgbouncer/entrypoint.sh: the configuration the image runs
// (transaction pooling, SCRAM against its user list), so the test runs what is deployed.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { stopChild } from "@docvault/core/node";
import { freePort } from "@docvault/db/embedded";

const ENTRYPOINT = resolve(fileURLToPath(new URL("../../deploy/pgbouncer/entrypoint.sh", import.meta.url)));
/** The password clients give PgBouncer (checked by SCRAM against its user list); the tests' server trusts loopback. */
const PASSWORD = "bouncer-test-password";

export type TPgBouncer = {
  /** `databaseUrl` (a URL on the upstream server) as reached through PgBouncer. */
  through(databaseUrl: string): string;
  /** An admin console command (`SHOW POOLS`, `SHOW STATS`): its rows. */
  show(command: string): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
};

export async function startPgBouncer(opts: { upstream: string; poolSize: number }): Promise<TPgBouncer> {
  const upstream = new URL(opts.upstream);
  const user = decodeURIComponent(upstream.username) || "postgres";
  const dir = mkdtempSync(join(tmpdir(), "dv-pgbouncer-"));
  const port = await freePort();
  const child = spawn("sh", [ENTRYPOINT], {
    env: {
      PATH: `${process.env.PATH ?? ""}:/usr/sbin`,
      DB_HOST: upstream.hostname,
      DB_PORT: upstream.port || "5432",
      DB_USER: user,
      DB_PASSWORD: PASSWORD,
      LISTEN_ADDR: "127.0.0.1",
      LISTEN_PORT: String(port),
      POOL_SIZE: String(opts.poolSize),
      PGBOUNCER_CONFIG_DIR: dir,
      // PgBouncer will not run as root.
      ...(process.getuid?.() === 0 ? { PGBOUNCER_RUN_AS: "postgres" } : {}),
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const urlOn = (database: string) => `postgresql://${encodeURIComponent(user)}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = new pg.Client({ connectionString: urlOn("pgbouncer") });
    try {
      await client.connect();
      await client.query("SHOW VERSION");
      break;
    } catch (error) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill();
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`PgBouncer did not start: ${stderr.trim() || (error as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return {
    through(databaseUrl) {
      return urlOn(new URL(databaseUrl).pathname.slice(1));
    },
    async show(command) {
      // The admin console speaks only the simple query protocol: what pg uses for a query without values.
      const client = new pg.Client({ connectionString: urlOn("pgbouncer") });
      await client.connect();
      try {
        return (await client.query(command)).rows as Record<string, unknown>[];
      } finally {
        await client.end();
      }
    },
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
