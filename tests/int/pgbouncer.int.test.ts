// The whole app through a real PgBouncer in transaction pooling mode (Debian's pgbouncer, started on
// loopback by the test): the production web server and two worker processes get DATABASE_URL through
// PgBouncer with 4 server connections for all of them, while each process's own pool holds up to 10;
// migrations and, on the PostgreSQL queue backend, LISTEN use DATABASE_DIRECT_URL. Tried: 40 uploads
// at once and their results, on Redis and on the PostgreSQL queue backend; a document deleted (a
// transaction of several statements); PgBouncer's own figures say the traffic went through it and
// never used more than its 4 server connections.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type TDb } from "@docvault/db";
import { startPgBouncer, type TPgBouncer } from "../support/pgbouncer";
import { DEFAULT_TEST_DATABASE_URL } from "@docvault/db/testing";
import { startBenchStack, type TBackend, type TBenchStack } from "../bench/support/bench-stack";
import { uploadHeaders } from "../bench/support/bench-user";
import { uniquePngMaker } from "../bench/support/unique-png";
import { upload } from "../bench/support/upload";

const SERVER_CONNECTIONS = 4;
const UPLOADS = 40;

let bouncer: TPgBouncer;
beforeAll(async () => {
  bouncer = await startPgBouncer({ upstream: process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL, poolSize: SERVER_CONNECTIONS });
}, 30_000);
afterAll(async () => {
  await bouncer?.stop();
});

type TPool = {
  database: string;
  cl_active: number;
  cl_waiting: number;
  sv_active: number;
  sv_idle: number;
  sv_used: number;
  sv_tested: number;
  sv_login: number;
};

/** The pools PgBouncer keeps for this database (one per user). */
async function poolsOf(database: string): Promise<TPool[]> {
  return (await bouncer.show("SHOW POOLS")).filter((row) => row.database === database) as unknown as TPool[];
}

const serverConnections = (pool: TPool) =>
  Number(pool.sv_active) + Number(pool.sv_idle) + Number(pool.sv_used) + Number(pool.sv_tested) + Number(pool.sv_login);

async function getJson(url: string, headers: Record<string, string>): Promise<unknown> {
  const response = await fetch(url, { headers });
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

describe.each<TBackend>(["redis", "embedded"])("the app through PgBouncer (transaction pooling), queue on %s", (queue) => {
  let stack: TBenchStack;
  let db: TDb;
  let database = "";

  beforeAll(async () => {
    // "embedded" here: no Redis, so the queue runs on the database (through DATABASE_DIRECT_URL); the
    // database itself is the tests' PostgreSQL either way.
    stack = await startBenchStack({
      backend: "redis",
      web: true,
      through: (url) => bouncer.through(url),
      env: { UPLOAD_RATE_PER_MINUTE: "100000", ...(queue === "embedded" ? { REDIS_URL: "" } : {}) },
    });
    database = new URL(stack.databaseUrl).pathname.slice(1);
    await stack.startWorkers(2, { WORKER_ENGINE: "stub", WORKER_CONCURRENCY: "8" });
    db = createDb(stack.databaseUrl, { max: 2 });
  }, 120_000);
  afterAll(async () => {
    await db?.$disconnect();
    await stack?.stop();
  }, 60_000);

  it(`takes ${UPLOADS} uploads at once and reads every one, on ${SERVER_CONNECTIONS} server connections`, async () => {
    expect(stack.env.DATABASE_URL).toContain(`:${new URL(bouncer.through(stack.databaseUrl)).port}/`);
    const auth = await uploadHeaders(stack.databaseUrl);
    const makePng = await uniquePngMaker();
    const base = stack.webUrl ?? "";
    let mostServerConnections = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        for (const pool of await poolsOf(database)) mostServerConnections = Math.max(mostServerConnections, serverConnections(pool));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const answers = await Promise.all(
      Array.from({ length: UPLOADS }, (_, i) => upload(base, makePng(i), { filename: `bounced-${i}.png`, type: "image/png", headers: auth })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(UPLOADS).fill(202));
    const jobIds = answers.map((a) => a.json.jobId ?? "");

    const deadline = Date.now() + 90_000;
    for (;;) {
      const finished = await db.extractionJob.groupBy({ by: ["status"], where: { id: { in: jobIds } }, _count: true });
      const count = (status: string) => finished.find((row) => row.status === status)?._count ?? 0;
      expect(count("failed")).toBe(0);
      if (count("completed") === UPLOADS) break;
      if (Date.now() > deadline) throw new Error(`${count("completed")} of ${UPLOADS} jobs completed in 90 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    sampling = false;
    await sampler;

    // Same bytes, same document: the stored hash is the upload's (checked before the delete below,
    // which takes whichever document is listed first, bounced-1 among them).
    const stored = await db.document.findFirst({ where: { originalFilename: "bounced-1.png" } });
    expect(stored?.sha256).toBe(createHash("sha256").update(makePng(1)).digest("hex"));

    // Read back through the API (web -> PgBouncer): the list, one result, then a delete.
    const listed = (await getJson(`${base}/api/v1/documents?limit=100`, auth)) as { id: string; status: string }[];
    expect(listed).toHaveLength(UPLOADS);
    expect(new Set(listed.map((d) => d.status))).toEqual(new Set(["completed"]));
    const first = listed[0];
    if (!first) throw new Error("no document listed");
    const view = (await getJson(`${base}/api/v1/documents/${first.id}`, auth)) as { id: string; extraction: { text: string } | null };
    expect(view.id).toBe(first.id);
    expect(view.extraction).not.toBeNull();
    const deleted = await fetch(`${base}/api/v1/documents/${first.id}`, { method: "DELETE", headers: auth });
    expect(deleted.status).toBe(200);
    expect(await db.document.count({ where: { id: first.id } })).toBe(0);

    // PgBouncer carried it: transactions counted for this database, never more than its server
    // connections. The statements a process makes together are batched (batchCalls), so their
    // count depends on timing; each job's "structuring" step is still written on its own on this
    // queue backend (every step reaches the row), so there are more transactions than uploads.
    const stats = (await bouncer.show("SHOW STATS")).find((row) => row.database === database);
    expect(Number(stats?.total_xact_count)).toBeGreaterThan(UPLOADS);
    expect(mostServerConnections).toBeGreaterThan(0);
    expect(mostServerConnections).toBeLessThanOrEqual(SERVER_CONNECTIONS);
  }, 150_000);
});
