// The connection budget against a real PostgreSQL that is full: a role allowed 3 connections stands
// in for a server at max_connections (PostgreSQL refuses both with the same 53300, "too many
// connections"), so the test fills nothing the other test runs share.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, PatientPool } from "./client";
import type {} from "./testing/global-setup";

const databaseUrl = inject("databaseUrl");
const role = `dv_pool_${randomBytes(4).toString("hex")}`;
let limitedUrl = "";
const admin = new PatientPool({ connectionString: databaseUrl, max: 1 });

beforeAll(async () => {
  await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'pool-test' CONNECTION LIMIT 3`);
  const url = new URL(databaseUrl);
  url.username = role;
  url.password = "pool-test";
  limitedUrl = url.toString();
});
afterAll(async () => {
  await admin.query(`DROP ROLE IF EXISTS ${role}`);
  await admin.end();
});

/** Holds all three of the role's connections, as other busy processes would: for `ms`, or until release(). */
async function holdEveryConnection(ms?: number): Promise<{ released: Promise<void>; release(): void }> {
  const other = new PatientPool({ connectionString: limitedUrl, max: 3 });
  const clients = await Promise.all([other.connect(), other.connect(), other.connect()]);
  let release = () => undefined as void;
  const letGo = new Promise<void>((resolve) => {
    release = resolve;
    if (ms !== undefined) setTimeout(resolve, ms);
  });
  const released = (async () => {
    await letGo;
    for (const client of clients) client.release();
    await other.end();
  })();
  return { released, release };
}

describe("a process whose pool finds PostgreSQL full", () => {
  it("waits for a connection to free up and then answers, instead of failing the request or the job", async () => {
    const { released } = await holdEveryConnection(1200);
    const pool = new PatientPool({ connectionString: limitedUrl, max: 2 });
    const started = Date.now();
    const { rows } = await pool.query<{ answer: number }>("SELECT 42 AS answer");
    expect(rows).toEqual([{ answer: 42 }]);
    // It was refused at first and asked again: it answered only once the others let go.
    expect(pool.fullServerRetries).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    await released;
    await pool.end();
  });

  it("does the same through Prisma (createDb): a query and a transaction both wait", async () => {
    // Held until let go (not for a set time): Prisma's first query in a process loads its query
    // compiler, which took longer than a timed hold on a busy CI machine.
    const { released, release } = await holdEveryConnection();
    // Without the wait, Prisma fails the query with PostgreSQL's refusal (P2037 in Prisma's words).
    const impatient = createDb(limitedUrl, { max: 1, fullServerWaitMs: 0 });
    await expect(impatient.$queryRaw`SELECT 1`).rejects.toThrow(/too many/i);
    await impatient.$disconnect();
    const db = createDb(limitedUrl, { max: 2 });
    const answers = Promise.all([
      db.$queryRaw<{ n: number }[]>`SELECT 1::int AS n`,
      db.$transaction(async (tx) => tx.$queryRaw<{ n: number }[]>`SELECT 2::int AS n`),
    ]);
    setTimeout(release, 800);
    const [one, two] = await answers;
    expect([one, two]).toEqual([[{ n: 1 }], [{ n: 2 }]]);
    await released;
    await db.$disconnect();
  });

  it("fails with PostgreSQL's own reason once its wait is spent", async () => {
    const { released } = await holdEveryConnection(1500);
    const pool = new PatientPool({ connectionString: limitedUrl, max: 1, fullServerWaitMs: 300 });
    await expect(pool.query("SELECT 1")).rejects.toMatchObject({ code: "53300", message: expect.stringMatching(/too many connections/) });
    await released;
    await pool.end();
  });

  it("does not wait on what waiting cannot mend: a role that does not exist fails at once", async () => {
    const url = new URL(limitedUrl);
    url.username = `${role}_gone`;
    const pool = new PatientPool({ connectionString: url.toString(), max: 1 });
    await expect(pool.query("SELECT 1")).rejects.toMatchObject({ code: "28000", message: expect.stringMatching(/does not exist/) });
    expect(pool.fullServerRetries).toBe(0);
    await pool.end();
  });
});
