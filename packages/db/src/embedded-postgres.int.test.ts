import { execFile } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type TEmbeddedPostgres } from "./embedded-postgres";

// The embedded database serves many connections (web, worker, BullMQ) from one PGlite. Each
// parameterised query is a Parse/Bind/Execute/Sync sequence on the unnamed portal; before the
// pglite-socket patch (patches/), another connection's Bind could land in the middle of one and
// the first failed with "portal "" does not exist" under concurrent uploads.
describe("embedded PostgreSQL under concurrent connections", () => {
  let dir: string;
  let embedded: TEmbeddedPostgres;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "dv-pglite-"));
    embedded = await startEmbeddedPostgres({ dataDir: join(dir, "pgdata") });
  }, 60_000);
  afterAll(async () => {
    await embedded.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("answers 600 parameterised queries from 16 connections at once, each with its own result", async () => {
    const pool = new pg.Pool({ connectionString: embedded.url, max: 16 });
    try {
      await pool.query("CREATE TABLE IF NOT EXISTS t (id int PRIMARY KEY, label text)");
      const results = await Promise.all(
        Array.from({ length: 600 }, async (_, i) => {
          if (i % 3 === 0) await pool.query("INSERT INTO t (id, label) VALUES ($1, $2)", [i, `row ${i}`]);
          const { rows } = await pool.query<{ n: number; label: string }>("SELECT $1::int + 1 AS n, $2::text AS label", [i, `q${i}`]);
          return rows[0];
        }),
      );
      expect(results.map((r) => r?.n)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
      expect(results.every((r, i) => r?.label === `q${i}`)).toBe(true);
      const { rows } = await pool.query<{ count: string }>("SELECT count(*) FROM t");
      expect(Number(rows[0]?.count)).toBe(200);
    } finally {
      await pool.end();
    }
  }, 60_000);

  it("keeps a transaction's statements together while other connections query", async () => {
    const pool = new pg.Pool({ connectionString: embedded.url, max: 8 });
    try {
      await pool.query("CREATE TABLE IF NOT EXISTS counters (id int PRIMARY KEY, n int)");
      await pool.query("INSERT INTO counters VALUES (1, 0) ON CONFLICT DO NOTHING");
      await Promise.all(
        Array.from({ length: 40 }, async (_, i) => {
          if (i % 2) return pool.query("SELECT $1::int", [i]);
          const client = await pool.connect();
          try {
            await client.query("BEGIN");
            const { rows } = await client.query<{ n: number }>("SELECT n FROM counters WHERE id = $1 FOR UPDATE", [1]);
            await client.query("UPDATE counters SET n = $1 WHERE id = $2", [(rows[0]?.n ?? 0) + 1, 1]);
            await client.query("COMMIT");
          } finally {
            client.release();
          }
        }),
      );
      const { rows } = await pool.query<{ n: number }>("SELECT n FROM counters WHERE id = 1");
      expect(rows[0]?.n).toBe(20);
    } finally {
      await pool.end();
    }
  }, 60_000);
});

// Security table row #36 (apps/web/src/server/security.int.test.ts): the embedded database asks for
// its password (SCRAM-SHA-256), from pg and from psql alike; the data directory is the user's own.
describe("embedded PostgreSQL's password", () => {
  let dir: string;
  let embedded: TEmbeddedPostgres;
  const password = "embedded-test-password-0123456789";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "dv-pglite-auth-"));
    embedded = await startEmbeddedPostgres({ dataDir: join(dir, "pgdata"), password });
  }, 60_000);
  afterAll(async () => {
    await embedded.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const withPassword = (value: string) => {
    const url = new URL(embedded.url);
    url.password = value;
    return url.toString();
  };

  it("#36 refuses a wrong or missing password and lets the right one in", async () => {
    expect(embedded.url).toContain(`:${password}@`);
    for (const wrong of ["postgres", "wrong", "embedded-test-password-012345678"]) {
      const client = new pg.Client({ connectionString: withPassword(wrong), password: wrong });
      await expect(client.connect(), `password "${wrong}"`).rejects.toMatchObject({ code: "28P01" });
      await client.end().catch(() => undefined);
    }
    const client = new pg.Client({ connectionString: embedded.url });
    await client.connect();
    try {
      expect((await client.query<{ ok: number }>("SELECT 1 AS ok")).rows[0]?.ok).toBe(1);
    } finally {
      await client.end();
    }
    expect((await stat(join(dir, "pgdata"))).mode & 0o777).toBe(0o700);
  });

  it("#36 refuses psql with any other password, as a person would try it", async () => {
    const url = new URL(embedded.url);
    // Asynchronously: the server answering psql runs in this process.
    const psql = (pass: string) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          "psql",
          ["-h", url.hostname, "-p", url.port, "-U", "postgres", "-d", "postgres", "-w", "-tAc", "SELECT 42"],
          { env: { ...process.env, PGPASSWORD: pass, PGCONNECT_TIMEOUT: "10" }, timeout: 30_000 },
          (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout, stderr }),
        );
      });
    const refused = await psql("anything");
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/password authentication failed for user "postgres"/);
    const allowed = await psql(password);
    expect(allowed.stderr).toBe("");
    expect(allowed.stdout.trim()).toBe("42");
  });
});
