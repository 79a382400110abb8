// Integration: migrate() and the drift check against a real PostgreSQL server. Each test works in
// scratch databases named dv_mig_test_*, dropped at the end.
import { createHash, randomBytes } from "node:crypto";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngineAdapterFactory, withDatabase } from "../scripts/lib/engine-adapter";
import { findDrift } from "../scripts/lib/find-drift";
import { loadSchemaEngine } from "../scripts/lib/load-schema-engine";
import { loadMigrationsList, SCHEMA_PATH } from "../scripts/lib/schema-diff";
import { migrate, MigrationError, MIGRATIONS_DIR, readMigrations } from "./migrate";

const SERVER_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
// Every table the committed migrations create, one per line (helpers adding tables merge cleanly).
const APP_TABLES = [
  "accounts",
  "api_tokens",
  "cache_lookup_days",
  "direct_uploads",
  "documents",
  "extraction_jobs",
  "extractions",
  "field_corrections",
  "invitations",
  "llm_spend_days",
  "mistral_batch_items",
  "mistral_batches",
  "queue_depth_samples",
  "sender_memories",
  "sessions",
  "uploads",
  "users",
  "verifications",
  "webhooks",
];

const scratchDatabases: string[] = [];
const tempDirs: string[] = [];
let initName = "";
/** Every committed migration, in order: a fresh database gets all of them. */
let allNames: string[] = [];

async function onServer<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function scratchDatabase(): Promise<string> {
  const name = `dv_mig_test_${randomBytes(5).toString("hex")}`;
  await onServer(SERVER_URL, (client) => client.query(`CREATE DATABASE "${name}"`));
  scratchDatabases.push(name);
  return withDatabase(SERVER_URL, name);
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "dv-mig-"));
  tempDirs.push(dir);
  return dir;
}

/** A copy of the committed migrations folder that a test may edit. */
async function copyOfMigrations(): Promise<string> {
  const dir = path.join(await tempDir(), "migrations");
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

async function tablesIn(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
  );
  return rows.map((row) => row.table_name);
}

type TRow = {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
  applied_steps_count: number;
};

async function migrationRows(client: pg.Client): Promise<TRow[]> {
  const { rows } = await client.query<TRow>('SELECT * FROM "_prisma_migrations" ORDER BY "started_at"');
  return rows;
}

beforeAll(async () => {
  const migrations = await readMigrations();
  expect(migrations.length).toBeGreaterThan(0);
  initName = migrations[0]?.name ?? "";
  allNames = migrations.map((m) => m.name);
  expect(initName).toMatch(/^\d{14}_init$/);
});

afterAll(async () => {
  await onServer(SERVER_URL, async (client) => {
    for (const name of scratchDatabases) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
  for (const dir of tempDirs) await rm(dir, { recursive: true, force: true });
});

describe("migrate", () => {
  it("applies the init migration to an empty database and records it as Prisma does", async () => {
    const url = await scratchDatabase();
    const logs: string[] = [];

    const { applied } = await migrate(url, { log: (msg) => logs.push(msg) });

    expect(applied).toEqual(allNames);
    expect(logs).toContain(`Applying migration ${initName}`);
    await onServer(url, async (client) => {
      expect(await tablesIn(client)).toEqual(["_prisma_migrations", ...APP_TABLES]);
      const labels = await client.query<{ enumlabel: string }>(
        "SELECT e.enumlabel FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid WHERE t.typname = 'job_status' ORDER BY e.enumsortorder",
      );
      expect(labels.rows.map((row) => row.enumlabel)).toEqual(["pending", "processing", "completed", "failed", "cancelled"]);

      const file = await readFile(path.join(MIGRATIONS_DIR, initName, "migration.sql"));
      const rows = await migrationRows(client);
      expect(rows.map((r) => r.migration_name)).toEqual(allNames);
      const row = rows[0];
      expect(row).toMatchObject({
        migration_name: initName,
        checksum: createHash("sha256").update(file).digest("hex"),
        logs: null,
        rolled_back_at: null,
        applied_steps_count: 1,
      });
      expect(row?.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row?.finished_at).toBeInstanceOf(Date);
    });

    // Running it again finds nothing to do.
    expect(await migrate(url)).toEqual({ applied: [] });
    await onServer(url, async (client) => expect(await migrationRows(client)).toHaveLength(allNames.length));
  });

  it("lets two concurrent runs both succeed while applying each migration once", async () => {
    const url = await scratchDatabase();

    const [first, second] = await Promise.all([migrate(url), migrate(url)]);

    expect([...first.applied, ...second.applied]).toEqual(allNames);
    await onServer(url, async (client) => {
      expect(await migrationRows(client)).toHaveLength(allNames.length);
      expect(await tablesIn(client)).toEqual(["_prisma_migrations", ...APP_TABLES]);
    });
  });

  it("refuses to run when an applied migration's file was changed", async () => {
    const url = await scratchDatabase();
    const dir = await copyOfMigrations();
    await migrate(url, { migrationsDir: dir });
    const file = path.join(dir, initName, "migration.sql");
    await writeFile(file, `${await readFile(file, "utf8")}\nALTER TABLE "users" ADD COLUMN "sneaky" TEXT;\n`);

    const run = migrate(url, { migrationsDir: dir });

    await expect(run).rejects.toBeInstanceOf(MigrationError);
    await expect(run).rejects.toMatchObject({ code: "CHECKSUM_MISMATCH" });
    await expect(run).rejects.toThrow(new RegExp(`already-applied migration\\(s\\) were modified.*${initName}`));
    await onServer(url, async (client) => {
      const columns = await client.query("SELECT 1 FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'sneaky'");
      expect(columns.rowCount).toBe(0);
    });
  });

  it("applies later migrations in order and rolls a failing one back entirely", async () => {
    const url = await scratchDatabase();
    const dir = await copyOfMigrations();
    await mkdir(path.join(dir, "20990101000000_add_nickname"));
    await writeFile(path.join(dir, "20990101000000_add_nickname", "migration.sql"), 'ALTER TABLE "users" ADD COLUMN "nickname" TEXT;\n');
    await mkdir(path.join(dir, "20990102000000_broken"));
    await writeFile(
      path.join(dir, "20990102000000_broken", "migration.sql"),
      'CREATE TABLE "half_done" ("id" INTEGER);\nALTER TABLE "no_such_table" ADD COLUMN "x" TEXT;\n',
    );

    const run = migrate(url, { migrationsDir: dir });

    await expect(run).rejects.toMatchObject({ code: "MIGRATION_FAILED" });
    await expect(run).rejects.toThrow(/20990102000000_broken failed and was rolled back: .*no_such_table/);
    await onServer(url, async (client) => {
      expect((await migrationRows(client)).map((row) => row.migration_name)).toEqual([...allNames, "20990101000000_add_nickname"]);
      expect(await tablesIn(client)).not.toContain("half_done");
      const nickname = await client.query("SELECT 1 FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'nickname'");
      expect(nickname.rowCount).toBe(1);
    });
  });
});

describe("compatibility with Prisma's schema engine (what `prisma migrate deploy` runs)", () => {
  async function withEngine<T>(url: string, fn: (engine: Awaited<ReturnType<typeof newEngine>>) => Promise<T>): Promise<T> {
    const factory = createEngineAdapterFactory(url);
    const engine = await newEngine(factory);
    try {
      return await fn(engine);
    } finally {
      engine.free();
      await factory.close();
    }
  }
  async function newEngine(factory: ReturnType<typeof createEngineAdapterFactory>) {
    const { SchemaEngine } = await loadSchemaEngine();
    return SchemaEngine.new({ datamodels: [[SCHEMA_PATH, await readFile(SCHEMA_PATH, "utf8")]] }, () => undefined, factory);
  }
  const noFilter = { externalTables: [], externalEnums: [] };

  it("sees a database migrated by migrate() as up to date", async () => {
    const url = await scratchDatabase();
    await migrate(url);
    const migrationsList = await loadMigrationsList();

    const diagnosis = await withEngine(url, (engine) => engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: noFilter }));
    const deploy = await withEngine(url, (engine) => engine.applyMigrations({ migrationsList, filters: noFilter }));

    expect(diagnosis).toMatchObject({ history: null, editedMigrationNames: [], failedMigrationNames: [], hasMigrationsTable: true });
    expect(deploy.appliedMigrationNames).toEqual([]);
  });

  it("and migrate() accepts a database migrated by the engine", async () => {
    const url = await scratchDatabase();
    const migrationsList = await loadMigrationsList();
    const deploy = await withEngine(url, (engine) => engine.applyMigrations({ migrationsList, filters: noFilter }));
    expect(deploy.appliedMigrationNames).toEqual(allNames);

    expect(await migrate(url)).toEqual({ applied: [] });
  });
});

describe("PGlite served through pglite-socket", () => {
  it("is migrated, once, by concurrent runs", async () => {
    const db = await PGlite.create();
    const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 10 });
    await server.start();
    try {
      const url = `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`;

      const [first, second] = await Promise.all([migrate(url), migrate(url)]);

      expect([...first.applied, ...second.applied]).toEqual(allNames);
      expect(await migrate(url)).toEqual({ applied: [] });
      await onServer(url, async (client) => {
        expect(await tablesIn(client)).toEqual(["_prisma_migrations", ...APP_TABLES]);
        expect(await migrationRows(client)).toHaveLength(allNames.length);
      });
    } finally {
      await server.stop();
      await db.close();
    }
  });
});

describe("drift check", () => {
  it("passes on the committed schema and migrations", async () => {
    expect(await findDrift({ databaseUrl: SERVER_URL })).toEqual([]);
  });

  it("fails when the schema gains a field the migrations lack", async () => {
    const schema = await readFile(SCHEMA_PATH, "utf8");
    const edited = schema.replace(/(model User \{\n)/, "$1  nickname String?\n");
    expect(edited).not.toBe(schema);
    const schemaPath = path.join(await tempDir(), "schema.prisma");
    await writeFile(schemaPath, edited);

    const drift = await findDrift({ schemaPath, databaseUrl: SERVER_URL });

    expect(drift).toContain("[*] Changed the `users` table");
    expect(drift).toContain("  [+] Added column `nickname`");
  });
});
