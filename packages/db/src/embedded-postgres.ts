import { randomBytes } from "node:crypto";
import { chmod, mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { startAuthProxy } from "./embedded-auth-proxy";
import { guardProtocolBatches } from "./pglite-batch-guard";

export type TEmbeddedPostgres = { url: string; stop(): Promise<void> };

/** A TCP port nothing listens on at the moment, on host (for embedded mode, and for tests that start servers). */
export async function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * PostgreSQL with nothing installed: PGlite (PostgreSQL in wasm) keeping its data in dataDir,
 * served over the wire protocol on loopback so the web app and the worker connect to it like to
 * any PostgreSQL. Only with the password: a front door (embedded-auth-proxy.ts) asks for it with
 * SCRAM-SHA-256 before a client reaches PGlite, which itself listens on a Unix socket in a private
 * directory. For one machine; set DATABASE_URL to scale out.
 */
export async function startEmbeddedPostgres(opts: {
  /** Unset: in memory, gone on stop (tests). */
  dataDir?: string;
  port?: number;
  maxConnections?: number;
  /** The password clients must give (`pnpm start` keeps one in .docvault/db-password); unset: a random one, in the URL. */
  password?: string;
}): Promise<TEmbeddedPostgres> {
  if (opts.dataDir) {
    await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
    await chmod(opts.dataDir, 0o700);
  }
  const db = opts.dataDir ? await PGlite.create(opts.dataDir) : await PGlite.create();
  const host = "127.0.0.1";
  const port = opts.port ?? (await freePort(host));
  const password = opts.password ?? randomBytes(24).toString("base64url");
  // mkdtemp makes the directory 0700: only this OS user reaches the socket without the password.
  const socketDir = await mkdtemp(join(tmpdir(), "docvault-pg-"));
  const innerPath = join(socketDir, ".s.PGSQL");
  // The default of one connection makes every pool fail (P1017): web, worker and BullMQ each hold
  // several (a worker in mode "all" alone opens up to ~35: Prisma, six BullMQ queues and workers at 4
  // each, the progress publisher). Connections are cheap here: PGlite runs one statement at a time.
  const server = new PGLiteSocketServer({ db: guardProtocolBatches(db), path: innerPath, maxConnections: opts.maxConnections ?? 100 });
  await server.start();
  const proxy = await startAuthProxy({ host, port, innerPath, password });
  return {
    url: `postgresql://postgres:${encodeURIComponent(password)}@${host}:${proxy.port}/postgres?sslmode=disable`,
    async stop() {
      await proxy.close();
      await server.stop();
      await db.close();
      await rm(socketDir, { recursive: true, force: true });
    },
  };
}
