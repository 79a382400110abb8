import { mkdir } from "node:fs/promises";
import { createServer } from "node:net";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { guardProtocolBatches } from "./pglite-batch-guard";

export type TEmbeddedPostgres = { url: string; stop(): Promise<void> };

async function freePort(host: string): Promise<number> {
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
 * any PostgreSQL. For one machine; set DATABASE_URL to scale out.
 */
export async function startEmbeddedPostgres(opts: {
  /** Unset: in memory, gone on stop (tests). */
  dataDir?: string;
  port?: number;
  maxConnections?: number;
}): Promise<TEmbeddedPostgres> {
  if (opts.dataDir) await mkdir(opts.dataDir, { recursive: true });
  const db = opts.dataDir ? await PGlite.create(opts.dataDir) : await PGlite.create();
  const host = "127.0.0.1";
  const port = opts.port ?? (await freePort(host));
  // The default of one connection makes every pool fail (P1017): web, worker and BullMQ each hold
  // several (a worker in mode "all" alone opens up to ~35: Prisma, six BullMQ queues and workers at 4
  // each, the progress publisher). Connections are cheap here: PGlite runs one statement at a time.
  const server = new PGLiteSocketServer({ db: guardProtocolBatches(db), host, port, maxConnections: opts.maxConnections ?? 100 });
  await server.start();
  return {
    url: `postgresql://postgres:postgres@${host}:${port}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
