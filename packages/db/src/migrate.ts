// Applies the SQL migrations in prisma/migrations with plain `pg`: no Prisma schema engine is
// needed at run time. It keeps Prisma's bookkeeping exactly (the `_prisma_migrations` table, its
// DDL, a sha256 checksum per script, the advisory lock key), so `prisma migrate deploy` and
// this function can take turns on the same database. Two differences, both on purpose: each
// migration runs in one transaction with its bookkeeping row, so a failed migration leaves
// neither a half-applied schema nor a "failed" row behind; and a migration whose file changed
// after it was applied stops the run instead of being ignored.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

/** The committed migrations, located from this file so the cwd does not matter. */
export const MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations", import.meta.url));

/** Prisma Migrate's advisory lock key on PostgreSQL, so this and `prisma migrate` exclude each other. */
export const MIGRATION_LOCK_KEY = 72707369;

// Verbatim the statement Prisma's schema engine runs when the table is missing.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);
`;

export type TMigrationErrorCode =
  "MISSING_SCRIPT" | "PROVIDER_MISMATCH" | "LOCK_TIMEOUT" | "FAILED_MIGRATION_IN_DATABASE" | "CHECKSUM_MISMATCH" | "MIGRATION_FAILED";

export class MigrationError extends Error {
  readonly code: TMigrationErrorCode;

  constructor(code: TMigrationErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MigrationError";
    this.code = code;
  }
}

export type TMigration = { name: string; script: string; checksum: string };

export type TMigrateOptions = {
  log?: (msg: string) => void;
  /** Defaults to MIGRATIONS_DIR. */
  migrationsDir?: string;
  /** How long to wait for another migrator to finish. Default 120 s. */
  lockTimeoutMs?: number;
};

type TMigrationRow = {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
};

function sha256(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * Whether `script` is the one that was recorded with `checksum`. Like Prisma, a script whose line
 * endings were converted (git autocrlf) still matches.
 */
export function checksumMatches(script: string, checksum: string): boolean {
  const lf = script.replace(/\r\n/g, "\n");
  return [script, lf, lf.replace(/\n/g, "\r\n")].some((variant) => sha256(variant) === checksum);
}

/** The migration folders of `dir`, in the order Prisma applies them (by name). */
export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<TMigration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b)); // the order Prisma's CLI lists them in
  const migrations: TMigration[] = [];
  for (const name of names) {
    const file = path.join(dir, name, "migration.sql");
    const bytes = await readFile(file).catch((error: unknown) => {
      throw new MigrationError("MISSING_SCRIPT", `Migration folder ${name} has no readable migration.sql (${file})`, {
        cause: error,
      });
    });
    migrations.push({ name, script: bytes.toString("utf8"), checksum: sha256(bytes) });
  }
  return migrations;
}

async function checkLockfile(dir: string): Promise<void> {
  const lockfile = await readFile(path.join(dir, "migration_lock.toml"), "utf8").catch(() => null);
  if (lockfile === null) return;
  const provider = /^\s*provider\s*=\s*"([^"]*)"/m.exec(lockfile)?.[1];
  if (provider !== undefined && provider !== "postgresql") {
    throw new MigrationError("PROVIDER_MISMATCH", `${path.join(dir, "migration_lock.toml")} says the migrations are for "${provider}", not "postgresql"`);
  }
}

async function acquireLock(client: pg.Client, timeoutMs: number, log: (msg: string) => void): Promise<void> {
  // Polling pg_try_advisory_lock instead of blocking in pg_advisory_lock keeps a single-backend
  // server (PGlite) responsive, and gives a clear error instead of a hang.
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${MIGRATION_LOCK_KEY}) AS locked`);
    if (rows[0]?.locked) return;
    if (Date.now() > deadline) {
      throw new MigrationError("LOCK_TIMEOUT", `Another migration run held the advisory lock ${MIGRATION_LOCK_KEY} for more than ${timeoutMs} ms`);
    }
    if (!announced) log("Waiting for another migration run to finish...");
    announced = true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function ensureMigrationsTable(client: pg.Client): Promise<void> {
  // Checked inside a transaction: on PGlite every connection shares one session (so the advisory
  // lock does not exclude), but transactions are serialized.
  await client.query("BEGIN");
  try {
    const { rowCount } = await client.query(
      "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '_prisma_migrations'",
    );
    if (rowCount === 0) await client.query(CREATE_MIGRATIONS_TABLE);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}

function checkHistory(rows: TMigrationRow[], local: TMigration[], log: (msg: string) => void): Set<string> {
  const failed = rows.filter((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed.length > 0) {
    const names = failed.map((row) => row.migration_name).join(", ");
    throw new MigrationError(
      "FAILED_MIGRATION_IN_DATABASE",
      `_prisma_migrations records unfinished migration(s) ${names} (left by an earlier failed run). ` +
        `Repair the database by hand, then set rolled_back_at (or finished_at if you completed it) on those rows.`,
    );
  }
  const applied = rows.filter((row) => row.finished_at !== null && row.rolled_back_at === null);
  const localByName = new Map(local.map((migration) => [migration.name, migration]));
  const edited = applied.filter((row) => {
    const migration = localByName.get(row.migration_name);
    return migration !== undefined && !checksumMatches(migration.script, row.checksum);
  });
  if (edited.length > 0) {
    const details = edited.map((row) => `${row.migration_name} (applied ${row.checksum}, now ${localByName.get(row.migration_name)?.checksum})`);
    throw new MigrationError(
      "CHECKSUM_MISMATCH",
      `Refusing to migrate: already-applied migration(s) were modified after being applied: ${details.join("; ")}. ` +
        `Restore the original file(s) and put the change in a new migration.`,
    );
  }
  for (const row of applied) {
    if (!localByName.has(row.migration_name)) {
      log(`Warning: applied migration ${row.migration_name} is not in the migrations folder`);
    }
  }
  return new Set(applied.map((row) => row.migration_name));
}

/** Applies one migration and its bookkeeping row atomically; false if someone else already did. */
async function applyMigration(client: pg.Client, migration: TMigration): Promise<boolean> {
  await client.query("BEGIN");
  try {
    const done = await client.query("SELECT 1 FROM _prisma_migrations WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL", [
      migration.name,
    ]);
    if ((done.rowCount ?? 0) > 0) {
      await client.query("ROLLBACK");
      return false;
    }
    const id = randomUUID();
    // The same statements, in the same order, as Prisma's engine records a migration.
    await client.query('INSERT INTO "_prisma_migrations" ("id","checksum","started_at","migration_name") VALUES ($1,$2,$3,$4)', [
      id,
      migration.checksum,
      new Date(),
      migration.name,
    ]);
    // No parameters: pg sends the script as one simple query, so multi-statement scripts work.
    await client.query(migration.script);
    await client.query('UPDATE "_prisma_migrations" SET "applied_steps_count" = ("applied_steps_count" + $1) WHERE "id" = $2', [1, id]);
    await client.query('UPDATE "_prisma_migrations" SET "finished_at" = $1 WHERE "id" = $2', [new Date(), id]);
    await client.query("COMMIT");
    return true;
  } catch (error) {
    // The rollback's own failure (a dead connection) matters less than the error that caused it.
    await client.query("ROLLBACK").catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError("MIGRATION_FAILED", `Migration ${migration.name} failed and was rolled back: ${reason}`, { cause: error });
  }
}

/** Applies the pending migrations to the database at `databaseUrl`, in name order; returns their names. */
export async function migrate(databaseUrl: string, opts: TMigrateOptions = {}): Promise<{ applied: string[] }> {
  const log = opts.log ?? (() => undefined);
  const dir = opts.migrationsDir ?? MIGRATIONS_DIR;
  await checkLockfile(dir);
  const local = await readMigrations(dir);

  const client = new pg.Client({ connectionString: databaseUrl });
  // A dropped connection rejects the pending query; this only keeps the event from crashing the process.
  client.on("error", (error) => log(`Database connection error: ${error.message}`));
  await client.connect();
  try {
    await acquireLock(client, opts.lockTimeoutMs ?? 120_000, log);
    try {
      await ensureMigrationsTable(client);
      const { rows } = await client.query<TMigrationRow>(
        'SELECT "migration_name", "checksum", "finished_at", "rolled_back_at" FROM "_prisma_migrations" ORDER BY "started_at" ASC',
      );
      const alreadyApplied = checkHistory(rows, local, log);
      const applied: string[] = [];
      for (const migration of local.filter((m) => !alreadyApplied.has(m.name))) {
        log(`Applying migration ${migration.name}`);
        if (await applyMigration(client, migration)) applied.push(migration.name);
        else log(`Migration ${migration.name} was applied concurrently; skipped`);
      }
      return { applied };
    } finally {
      // Closing the session below releases the lock anyway; a failed unlock must not hide the real error.
      await client
        .query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`)
        .catch((error: unknown) => log(`Could not release the advisory lock: ${String(error)}`));
    }
  } finally {
    await client.end();
  }
}
